"""What each date phrase of a unit says: "night to Friday", "since 1 March", "im Januar", "overnight".

The phrases are read against the published date only; dates.py resolves what depends on the rest of
the document ("overnight", "during the month") and picks the one that dates a unit's figures.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from etl.extract.daydates import calendar_day, day_value, explicit_date, year_at
from etl.extract.when import EXPLICIT, NIGHT, PERIOD, SPEECH, VAGUE, DateState, Expr, When

__all__ = ["expressions"]

SPEECH_REACH = 6  # words (names, "by", "on") between a speech verb and the date it gives
EVENING_HOUR = 12  # a reporting window opening at this hour or later is a night's

_DATE_TAGS = ("attack_start", "evening_start", "window_start", "night_of", "day_of", "since", "month_in", "period", "date_anaphora", "overnight",
              "relday", "weekday", "named_night", "vague_past")


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
            out.append(Expr(_demoted(view, i, EXPLICIT), When(day=d) if d else None, "explicit", i, d))
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


def _window_start(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"from 18:00 on 27 December": a reporting window that opens in the afternoon or evening is the night that
    ends the next morning (28 December); one that opens in the morning dates nothing of its own."""
    j = m.end
    if j >= len(view.tokens):
        return None
    if view.tokens[j].kind != "time":
        return _range(view, m, state, consumed)
    hour = _hour(view.tokens[j].text)
    d, end = None, j + 1
    for k in range(j + 1, min(j + 6, len(view.tokens))):  # "ab 23:00 Uhr am Freitag, 27. Dezember"
        d, end = explicit_date(view, k, state.published, view.lang.code)
        if end > k:
            consumed.update(range(j, end))
            break
        if view.tokens[k].kind in ("num", "time", "date"):
            break
    if d is not None and hour is not None and hour >= EVENING_HOUR:
        night = d + timedelta(days=1)
        return [Expr(NIGHT, When(day=night), "night", m.start, night)]
    return []


def _range(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"from Monday to today", "vom 1. bis zum 7. März", "з 1 по 7 березня": a period from its first day to its
    last (two days apart or more; two days in a row are a night, read by the night phrases)."""
    toks = view.tokens
    j = _skip_article(view, m.end)
    first, end = _day_at(view, j, state)
    bare_day = end <= j and j < len(toks) and toks[j].kind == "num" and day_value(toks[j])
    if bare_day:  # "vom 1. bis 7. März": the first day takes the month of the last
        end = j + 2 if j + 1 < len(toks) and toks[j + 1].norm == "." else j + 1
    if end <= j or end >= len(toks):
        return None
    link = view.match_at(end)
    if link is None or not link.has("range_to"):
        return None
    k = _skip_article(view, link.end)
    last, last_end = _day_at(view, k, state)
    if last is not None and bare_day:
        first = _same_month(last, int(toks[j].text))
    if first is None or last is None or (last - first).days < 2:
        return None
    consumed.update(range(m.end, last_end))
    return [Expr(PERIOD, When(start=first, end=last, period=True), "period", m.start)]


def _same_month(day: date, day_of_month: int) -> date | None:
    try:
        return day.replace(day=day_of_month)
    except ValueError:
        return None


def _evening_start(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"seit dem Abend des 15. November", "since the evening of Nov. 15", "з вечора 15 листопада": an attack that
    began that evening is the night that ends the next morning; without a day, the night before publication."""
    j = _skip_article(view, m.end)
    day, end = _day_at(view, j, state)
    if end > j:
        consumed.update(range(m.end, end))
    elif state.published is not None:
        day = state.published - timedelta(days=1)
    if day is None:
        return None
    night = day + timedelta(days=1)
    return [Expr(NIGHT, When(day=night), "night", m.start, night)]


START_REACH = 8  # tokens after a start verb in which its time and day are said
EVENING = 17  # a start at this hour or later begins the night that ends the next morning


def _attack_start(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"Ворог розпочав повітряну атаку о 21:00 1 лютого", "the attack began at 23:00 on 1 February": an attack
    that began in the evening of a day is the night that ends the next morning (after midnight: that morning)."""
    hour = None
    for j in range(m.end, min(len(view.tokens), m.end + START_REACH)):
        if view.tokens[j].kind == "time":
            hour = _hour(view.tokens[j].text)
            continue
        day, end = _day_at(view, j, state) if hour is not None else (None, j)
        if day is not None and end > j:
            consumed.update(range(j, end))
            night = day + timedelta(days=1) if hour >= EVENING else day
            return [Expr(NIGHT, When(day=night), "night", m.start, night)]
    return None


def _hour(text: str) -> int | None:
    """The hour of a time token ("18:00", "18.00")."""
    head = text.replace(".", ":").split(":")[0]
    return int(head) if head.isdigit() else None


def _night_or_day(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"in the night to Friday", "am 13. Dezember", "у ніч з 11 на 12 березня"."""
    j = _skip_article(view, m.end)
    day, end = _day_at(view, j, state)
    if end <= j:
        return None
    day, end = _second_day(view, end, day, state)
    consumed.update(range(m.end, end))
    kind = "night" if m.has("night_of") else "day"
    priority = NIGHT if kind == "night" else _demoted(view, m.start, EXPLICIT)
    return [Expr(priority, When(day=day) if day else None, kind, m.start, day)]


def _since(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"since 1 March", "seit Januar", "з початку 2025 року": a period up to the published day."""
    pub = state.published
    j = _skip_article(view, m.end)
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
    month = _month_at(view, k, pub)
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
    month = _month_at(view, m.end, state.published)
    if month is not None:
        when, end = month
        consumed.update(range(m.end, end))
        return [Expr(PERIOD, when, "period", m.start)]
    year = year_at(view, m.end)
    if year is None:
        return None
    consumed.add(m.end)
    return [Expr(PERIOD, When(start=date(year, 1, 1), end=date(year, 12, 31), period=True), "period", m.start)]


def _period_word(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    kind = "month_anaphora" if m.get("period") == "month_anaphora" else "period"
    return [Expr(PERIOD, _period(m.get("period"), state), kind, m.start)]


def _relative_day(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    pub = state.published
    day = pub + timedelta(days=m.get("relday")) if pub else None
    return [Expr(_demoted(view, m.start, VAGUE), When(day=day), "day", m.start, day)]


def _named_night(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    month, day_of_month = (int(x) for x in m.get("named_night").split("-"))
    day = calendar_day(day_of_month, month, None, state.published)
    return [Expr(NIGHT, When(day=day) if day else None, "night", m.start, day)]


def _weekday_phrase(view, m, state: DateState, consumed: set[int]) -> list[Expr]:
    """"Tuesday night" (the night into Wednesday), "late Sunday and early Monday", or plain "Friday"."""
    day = _weekday(m.get("weekday"), state.published)
    after = view.match_at(m.end)
    if after is not None and after.has("night_after"):
        consumed.update(range(m.end, after.end))
        night = day + timedelta(days=1) if day is not None and day < state.published else day
        return [Expr(NIGHT, When(day=night), "night", m.start, night)]
    morning, end = _early_next_day(view, m.end, day, state)
    if morning is None:
        morning, end = _range_to_next_day(view, m.end, day, state)
    if morning is not None:
        consumed.update(range(m.end, end))
        return [Expr(NIGHT, When(day=morning), "night", m.start, morning)]
    return [Expr(_demoted(view, m.start, VAGUE), When(day=day), "day", m.start, day)]


_Reader = Callable[..., "list[Expr] | None"]
# Readers that may find nothing after their phrase; the next one is tried then.
_READERS: tuple[tuple[tuple[str, ...], _Reader], ...] = (
    (("attack_start",), _attack_start),
    (("evening_start",), _evening_start),
    (("window_start",), _window_start),
    (("night_of", "day_of"), _night_or_day),
    (("since",), _since),
    (("month_in",), _month_in),
)
# Readers of phrases that say their date on their own: the first whose tag the phrase has.
_SINGLE_READERS: tuple[tuple[str, _Reader], ...] = (
    ("period", _period_word),
    ("date_anaphora", lambda view, m, state, consumed: [Expr(EXPLICIT, None, "anaphora", m.start)]),
    ("overnight", lambda view, m, state, consumed: [Expr(VAGUE, When(day=state.doc_day), "overnight", m.start)]),
    ("relday", _relative_day),
    ("named_night", _named_night),
    ("weekday", _weekday_phrase),
    ("vague_past", lambda view, m, state, consumed: [Expr(EXPLICIT, When(past=True), "past", m.start)]),
)
def _second_day(view, end: int, day: date | None, state: DateState) -> tuple[date | None, int]:
    """"between Saturday and Sunday", "з 11 на 12 березня", "vom 12. auf den 13.": the night ends on the second."""
    link = view.match_at(end)
    if link is not None and (link.has("conjunctions") or link.has("night_of")):
        link_end = link.end
    elif end < len(view.tokens) and view.words[end] in view.lang.data["dates"]["range_link"]:
        link_end = end + 1  # "June 8 to 9", "з 8 на 9 червня" (only here: "to" is no date word elsewhere)
    else:
        return day, end
    j = _skip_article(view, link_end)
    second, second_end = _day_at(view, j, state)
    if second_end > j:
        return second, second_end
    if day is not None and j < len(view.tokens) and view.tokens[j].kind == "num" and day_value(view.tokens[j]):
        following = day + timedelta(days=1)  # "June 8 to 9": the day after, in the first day's month
        if following.day == int(view.tokens[j].text):
            return following, j + 1
    return day, end


def _early_next_day(view, end: int, day: date | None, state: DateState) -> tuple[date | None, int]:
    """"... and early Monday" right after Sunday: (Monday, end index), else (None, end)."""
    link = view.match_at(end)
    if day is None or link is None or not link.has("conjunctions"):
        return None, end
    early = view.match_at(link.end)
    if early is None or not (early.has("start_of") or early.has("day_of")):
        return None, end
    second, second_end = _day_at(view, early.end, state)
    if second is not None and second == day + timedelta(days=1):
        return second, second_end
    return None, end


def _range_to_next_day(view, end: int, day: date | None, state: DateState) -> tuple[date | None, int]:
    """"Saturday into (early) Sunday", "Samstag auf Sonntag": (the second day, end index), else (None, end)."""
    if day is None or end >= len(view.tokens) or view.words[end] not in view.lang.data["dates"]["range_link"]:
        return None, end
    j = end + 1
    early = view.match_at(j)
    if early is not None and early.has("start_of"):
        j = early.end
    second, second_end = _day_at(view, j, state)
    if second is not None and second == day + timedelta(days=1):
        return second, second_end
    return None, end


def _period(kind: str, state: DateState) -> When | None:
    pub = state.published
    if kind == "month_anaphora":
        return state.used_periods[-1] if state.used_periods else None
    if pub is None:
        return When(period=True)
    if kind == "past_week":
        return When(start=pub - timedelta(days=6), end=pub, period=True)
    if kind == "week_to_date":
        return When(start=pub - timedelta(days=pub.weekday()), end=pub, period=True)
    if kind == "month_to_date":
        return When(start=pub.replace(day=1), end=pub, period=True)
    if kind == "last_month":
        end = pub.replace(day=1) - timedelta(days=1)
        return When(start=end.replace(day=1), end=end, period=True)
    if kind == "year_to_date":
        return When(start=date(pub.year, 1, 1), end=pub, period=True)
    return None


def _day_at(view, i: int, state: DateState) -> tuple[date | None, int]:
    """A day named at token i (date, weekday or "yesterday"): (day, end index)."""
    m = view.match_at(i)
    pub = state.published
    if m is not None and m.has("weekday"):
        return _weekday(m.get("weekday"), pub), m.end
    if m is not None and m.has("relday"):
        return (pub + timedelta(days=m.get("relday")) if pub else None), m.end
    return explicit_date(view, i, pub, view.lang.code)


def _month_at(view, i: int, published: date | None) -> tuple[When, int] | None:
    """A month name at token i (with an optional year): the calendar month as a period."""
    if i >= len(view.tokens):
        return None
    month = view.month_at(i)
    if month is None:
        return None
    end = view.match_at(i).end
    if end < len(view.tokens) and view.tokens[end].kind == "num" and day_value(view.tokens[end]):
        return None  # "July 4" is a day, not a month
    year = year_at(view, end)
    if year is not None:
        end += 1
    elif published is not None:
        year = published.year if month <= published.month else published.year - 1
    else:
        return When(period=True), end
    last = calendar.monthrange(year, month)[1]
    return When(start=date(year, month, 1), end=date(year, month, last), period=True), end


def _weekday(weekday: int, published: date | None) -> date | None:
    """The latest day with this weekday on or before the published date."""
    if published is None:
        return None
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _skip_article(view, i: int) -> int:
    """Skip one article ("the", "den") before a date."""
    if i < len(view.tokens) and view.tokens[i].norm in view.lang.data["text"]["articles"]:
        return i + 1
    return i


def _skip_small_word(view, i: int) -> int:
    if i < len(view.tokens) and view.tokens[i].kind == "word" and len(view.tokens[i].norm) <= 3:
        if view.match_at(i) is None or not view.match_at(i).has("month"):
            return i + 1
    return i


def _demoted(view, i: int, priority: int) -> int:
    """Lower the priority of a date that says when something was said ("said on Monday", "published by
    President Volodymyr Zelensky on Jan. 1"), or a dateline."""
    for k in range(i - 1, max(-1, i - SPEECH_REACH - 1), -1):
        m = view.match_covering(k)
        if m is not None and m.has("speech"):
            return SPEECH
        if view.tokens[k].kind == "punct" or (m is not None and not m.has("month_in")):
            break
    if i < view.dateline_end():
        return SPEECH  # dateline: "KYIV, Dec 13 (Agency) - ..."
    return priority

