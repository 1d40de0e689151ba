"""What each date phrase of a unit says: "night to Friday", "since 1 March", "im Januar", "overnight".

The phrases are read against the published date only; dates.py resolves what depends on the rest of
the document ("overnight", "during the month") and picks the one that dates a unit's figures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from etl.extract.datewords import day_at, demoted, month_at, skip_article, weekday_day
from etl.extract.daydates import calendar_day, explicit_date, year_at
from etl.extract.nightstart import (
    attack_start,
    early_next_day,
    evening_start,
    range_to_next_day,
    second_day,
    window_start,
)
from etl.extract.when import EXPLICIT, NIGHT, PERIOD, SPEECH, VAGUE, DateState, Expr, When

__all__ = ["expressions"]


FULL_SCALE_INVASION = date(2022, 2, 24)  # what "since the start of the full-scale invasion" counts from
WAR_START_REACH = 7  # tokens after it in which the invasion's date may be said again ("in February 2022")
FEW_DAYS = 3  # "in recent days", "in den vergangenen Tagen", "за останні дні": the days a vague "few" is taken as

_DATE_TAGS = ("attack_start", "evening_start", "window_start", "night_of", "day_of", "since", "month_in", "period", "date_anaphora", "overnight",
              "relday", "weekday", "named_night", "vague_past", "part_of_month", "since_then")


def expressions(view, state: DateState) -> list[Expr]:
    """The date expressions of a unit, in order."""
    out: list[Expr] = []
    consumed: set[int] = set()
    dated = {id(m): m for kind in _DATE_TAGS for m in view.tagged(kind)}
    for m in sorted(dated.values(), key=lambda m: m.start):
        if m.start in consumed:
            continue
        out.extend(_read(view, m, state, consumed))
    starts = {i for i, tok in enumerate(view.tokens) if tok.kind in ("num", "date")}
    starts.update(m.start for m in view.tagged("month"))
    for i in sorted(starts - consumed):
        if i in consumed:
            continue
        d, end = explicit_date(view, i, state.published, view.lang.code)
        if end > i:
            consumed.update(range(i, end))
            out.append(Expr(demoted(view, i, EXPLICIT), When(day=d) if d else None, "explicit", i, d))
    out.sort(key=lambda e: e.index)
    return out


def _read(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    """The expressions of the date phrase m; marks the tokens it reads as consumed."""
    for tags, read in _READERS:
        if any(m.has(t) for t in tags):
            found = read(view, m, state, consumed)
            if found is not None:
                return found
    for tag, read in _SINGLE_READERS:
        if m.has(tag):
            return read(view, m, state, consumed)
    return []


def _night_or_day(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"in the night to Friday", "am 13. Dezember", "у ніч з 11 на 12 березня"."""
    j = skip_article(view, m.end)
    day, end = day_at(view, j, state)
    if end <= j and m.has("night_of"):
        day, end = _day_of_month(view, j, state.published)
    if end <= j:
        return None
    day, end = second_day(view, end, day, state)
    consumed.update(range(m.end, end))
    kind = "night" if m.has("night_of") else "day"
    priority = NIGHT if kind == "night" else demoted(view, m.start, EXPLICIT)
    return [Expr(priority, When(day=day) if day else None, kind, m.start, day)]


def _day_of_month(view, j: int, published: date | None) -> tuple[date | None, int]:
    """An ordinal day with no month after a night phrase ("in der Nacht vom 21. auf den 22.", "on the night of the
    22nd", "у ніч на 22-ге"): that day of the published month, or of the month before when the day is still to
    come; (None, j) when there is none."""
    toks = view.tokens
    if published is None or j >= len(toks):
        return None, j
    digits, ordinal = toks[j].text.lower(), False
    for suffix in view.lang.data["dates"].get("day_suffixes", ()):
        if digits.endswith(suffix) and digits[: -len(suffix)].isdigit():
            digits, ordinal = digits[: -len(suffix)], True
    end = j + 1
    if not ordinal and end + 1 < len(toks) and toks[end].norm == "." and toks[end + 1].text.islower():
        ordinal, end = True, end + 1  # "zum 22. wurden": a dot inside the sentence makes the number a day
    if not (ordinal and digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 31):
        return None, j  # "на 15 локаціях": a count, not a day
    month_start = published.replace(day=1)
    if int(digits) > published.day:
        month_start = (month_start - timedelta(days=1)).replace(day=1)
    try:
        return month_start.replace(day=int(digits)), end
    except ValueError:
        return None, j


def _since(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"since 1 March", "seit Januar", "з початку 2025 року": a period up to the published day."""
    pub = state.published
    j = skip_article(view, m.end)
    d, end = explicit_date(view, j, pub, view.lang.code)
    if end > j:
        consumed.update(range(m.end, end))
        when = When(start=d, end=pub, period=True) if d and pub else When(period=True)
        return [Expr(PERIOD, when, "since", m.start, d)]
    after = view.match_at(m.end)
    k = m.end if after is not None and after.has("start_of") else j
    start_of = view.match_at(k)
    if start_of is not None and start_of.has("start_of"):
        k = start_of.end
    month = month_at(view, k, pub)
    if month is not None:
        when, end = month
        consumed.update(range(m.end, end))
        return [Expr(PERIOD, When(start=when.start, end=pub, period=True) if pub else when, "since", m.start)]
    year = year_at(view, k) if start_of is not None and start_of.has("start_of") else None
    if year is None:
        return None
    consumed.update(range(m.end, k + 1))
    end_day = pub if pub and pub.year == year else date(year, 12, 31)
    return [Expr(PERIOD, When(start=date(year, 1, 1), end=end_day, period=True), "since", m.start)]


def _month_in(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"in January", "im Jahr 2025": the calendar month or year."""
    month = month_at(view, m.end, state.published)
    if month is not None:
        when, end = month
        consumed.update(range(m.end, end))
        return [Expr(PERIOD, when, "period", m.start)]
    year = year_at(view, m.end)
    if year is None:
        return None
    consumed.add(m.end)
    return [Expr(PERIOD, When(start=date(year, 1, 1), end=date(year, 12, 31), period=True), "period", m.start)]


def _part_of_month(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"in late August", "Ende August", "наприкінці серпня" said after that month: a time with no day to pin, so
    its figures are no claims of a night (a part of the current month is left to the other readers)."""
    month = month_at(view, skip_article(view, m.end), state.published)
    if month is None or state.published is None or month[0].end is None or month[0].end >= state.published:
        return None
    consumed.update(range(m.end, month[1]))
    return [Expr(EXPLICIT, When(past=True), "past", m.start)]


def _period_word(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    kind = {"month_anaphora": "month_anaphora", "war_to_date": "since"}.get(m.get("period"), "period")
    if m.get("period") == "war_to_date":  # "since the full-scale invasion on Feb. 24, 2022": its start, said again
        year = next((k for k in range(m.end, min(m.end + WAR_START_REACH, len(view.tokens)))
                     if year_at(view, k) == FULL_SCALE_INVASION.year), None)
        if year is not None:
            consumed.update(range(m.end, year + 1))
    return [Expr(PERIOD, _period(m.get("period"), state), kind, m.start)]


def _relative_day(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    pub = state.published
    day = pub + timedelta(days=m.get("relday")) if pub else None
    return [Expr(demoted(view, m.start, VAGUE), When(day=day), "day", m.start, day)]


def _named_night(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    month, day_of_month = (int(x) for x in m.get("named_night").split("-"))
    day = calendar_day(day_of_month, month, None, state.published)
    return [Expr(NIGHT, When(day=day) if day else None, "night", m.start, day)]


def _weekday_phrase(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    """"Tuesday night" (the night into Wednesday), "late Sunday and early Monday", or plain "Friday"."""
    day = weekday_day(m.get("weekday"), state.published)
    after = view.match_at(m.end)
    if m.has("night_after"):  # "Freitagabend" says both in one word: the night only as a start ("seit Freitagabend"),
        before = view.match_covering(m.start - 1) if m.start else None  # not "am Montagabend ... abgefangen"
        after = m if before is not None and before.has("window_start") else None
    if after is not None and after.has("night_after"):
        consumed.update(range(m.end, after.end))
        if demoted(view, m.start, NIGHT) == SPEECH:  # "Zelensky said on Sunday evening": when it was said
            return [Expr(SPEECH, When(day=day), "day", m.start, day)]
        night = day + timedelta(days=1) if day is not None and day < state.published else day
        return [Expr(NIGHT, When(day=night), "night", m.start, night)]
    morning, end = early_next_day(view, m.end, day, state)
    if morning is None:
        morning, end = range_to_next_day(view, m.end, day, state)
    if morning is not None:
        consumed.update(range(m.end, end))
        return [Expr(NIGHT, When(day=morning), "night", m.start, morning)]
    return [Expr(demoted(view, m.start, VAGUE), When(day=day), "day", m.start, day)]


_Reader = Callable[..., "list[Expr] | None"]
# Readers that may find nothing after their phrase; the next one is tried then.
_READERS: tuple[tuple[tuple[str, ...], _Reader], ...] = (
    (("attack_start",), attack_start),
    (("evening_start",), evening_start),
    (("window_start",), window_start),
    (("night_of", "day_of"), _night_or_day),
    (("since",), _since),
    (("month_in",), _month_in),
    (("part_of_month",), _part_of_month),
)
# Readers of phrases that say their date on their own: the first whose tag the phrase has.
_SINGLE_READERS: tuple[tuple[str, _Reader], ...] = (
    ("period", _period_word),
    ("date_anaphora", lambda view, m, state, consumed: [Expr(EXPLICIT, None, "anaphora", m.start)]),
    ("overnight", lambda view, m, state, consumed: [Expr(VAGUE, When(day=state.doc_day), "overnight", m.start)]),
    ("relday", _relative_day),
    ("named_night", _named_night),
    ("weekday", _weekday_phrase),
    ("vague_past", lambda view, m, state, consumed: _vague_past(view, m)),
    ("since_then", lambda view, m, state, consumed: [Expr(PERIOD, None, "since_then", m.start)]),
)


def _vague_past(view, m) -> list[Expr]:
    """"in the past", "last winter": some time before the report's night; not when a count of time units follows
    ("in the past 24 hours", "in the past three hours": a span that ends now, the report's own day)."""
    if m.end < len(view.tokens) and (view.tokens[m.end].kind == "num" or view.number_at(m.end) is not None):
        return []
    return [Expr(EXPLICIT, When(past=True), "past", m.start)]
def _period(kind: str, state: DateState) -> When | None:
    pub = state.published
    if kind == "month_anaphora":
        return state.used_periods[-1] if state.used_periods else None
    if pub is None:
        return When(period=True)
    if kind == "past_two_days":
        return When(start=pub - timedelta(days=1), end=pub, period=True)
    if kind == "past_few_days":  # "in den vergangenen Tagen", "in recent days": a few days, taken as three
        return When(start=pub - timedelta(days=FEW_DAYS - 1), end=pub, period=True)
    if kind == "past_week":
        return When(start=pub - timedelta(days=6), end=pub, period=True)
    if kind == "past_two_weeks":
        return When(start=pub - timedelta(days=13), end=pub, period=True)
    if kind == "week_to_date":
        return When(start=pub - timedelta(days=pub.weekday()), end=pub, period=True)
    if kind == "month_to_date":
        return When(start=pub.replace(day=1), end=pub, period=True)
    if kind == "last_month":
        end = pub.replace(day=1) - timedelta(days=1)
        return When(start=end.replace(day=1), end=end, period=True)
    if kind == "year_to_date":
        return When(start=date(pub.year, 1, 1), end=pub, period=True)
    if kind == "war_to_date" and pub >= FULL_SCALE_INVASION:
        return When(start=FULL_SCALE_INVASION, end=pub, period=True)
    return None

