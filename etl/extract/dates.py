"""When a unit's figures happened: an attack date, a period, or unknown.

Relative expressions ("night to Friday", "overnight", "past week", "im Januar") are resolved
against the report's published date by the rules below. A spelled date ("13 грудня 2024",
"Dec. 13") is built from the day, the lexicon's month name and the year; a numeric date token
("13.12.2024", "2024-12-13") is read by dateparser, once per distinct token. A report without a published date gets None for everything relative, never
a guess.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from etl.extract.daydates import calendar_day, day_value, explicit_date, year_at

__all__ = ["When", "DateState", "unit_when", "clause_days", "countable_day"]

# Priorities: which expression of a sentence decides its date.
NIGHT, EXPLICIT, PERIOD, VAGUE, SPEECH = 5, 4, 3, 2, 1
SPEECH_REACH = 6  # words (names, "by", "on") between a speech verb and the date it gives
# Days are counted back and forth from the published day (the past week, a weekday, the night before, the
# start of the year): a published day this close to the ends of the calendar leaves no room for that.
CALENDAR_MARGIN = timedelta(days=366)


@dataclass(frozen=True)
class When:
    """An attack date, or a period [start, end], or nothing known."""

    day: date | None = None
    start: date | None = None
    end: date | None = None
    period: bool = False
    stated: bool = field(default=False, compare=False)  # said in the unit or its paragraph, not defaulted
    night: bool = field(default=False, compare=False)  # an overnight attack ("night to ...", "overnight")

    @property
    def key(self) -> tuple:
        """What claims are grouped by."""
        return ("period", self.start, self.end) if self.period else ("day", self.day)


@dataclass
class DateState:
    """What the document has said so far about dates."""

    published: date | None
    doc_day: date | None
    paragraph: int = -1
    context: When | None = None
    last_point: date | None = None
    last_period: When | None = None
    used_periods: list[When] = field(default_factory=list)


@dataclass
class _Expr:
    priority: int
    when: When | None
    kind: str
    index: int
    point: date | None = None


def unit_when(view, state: DateState) -> When:
    """The date or period the figures of one unit belong to; updates the document state."""
    if view.unit.paragraph != state.paragraph:
        state.paragraph = view.unit.paragraph
        state.context = None
    exprs = _resolved(view, state)
    referred: dict[int, date | None] = {}  # anaphora index -> the day said last before it ("Тоді" -> 27 грудня)
    for e in exprs:
        if e.kind == "anaphora":
            referred[e.index] = state.last_point
        if e.point:
            state.last_point = e.point
    best = max(exprs, key=lambda e: (e.priority, -e.index), default=None)
    when: When | None = None
    if best is not None and best.priority >= VAGUE:
        when = best.when
        if best.kind == "anaphora":
            point = referred.get(best.index)
            when = When(day=point) if point else state.context
        if when is not None:
            when = replace(when, stated=best.kind != "overnight", night=best.kind in ("night", "overnight"))
            state.context = when
            return when
    if when is None:
        when = state.context or When(day=state.doc_day)
    return when


def clause_days(view, state: DateState) -> list[tuple[int, int, When]]:
    """(first token, end token, when) of the clauses that each name a day of their own, when a sentence
    names two different days in two clauses ("... two ballistic missiles late Wednesday, ..., and 137 drones
    overnight into Thursday"); else empty, and the sentence has one date."""
    days = [e for e in _resolved(view, state) if e.priority >= VAGUE and e.when is not None and e.when.day
            and not e.when.period and e.kind in ("night", "day", "explicit")]
    if len({e.when.day for e in days}) < 2:
        return []
    cuts = [k for k, t in enumerate(view.tokens) if t.norm in (",", ";") and t.depth == 0]
    bounds = list(zip([0, *[c + 1 for c in cuts]], [*cuts, len(view.tokens)], strict=True))
    out = []
    for lo, hi in bounds:
        inside = [e for e in days if lo <= e.index < hi]
        if len(inside) == 1:
            e = inside[0]
            out.append((lo, hi, replace(e.when, stated=True, night=e.kind == "night")))
    return out if len({w.day for _, _, w in out}) >= 2 else []


def countable_day(day: date) -> bool:
    """True when days can be counted from this published day: it is not at the ends of the calendar."""
    return date.min + CALENDAR_MARGIN <= day <= date.max - CALENDAR_MARGIN


def document_day(views, published: date | None) -> date | None:
    """The attack night a document is about: its first "night to ..." date, else its published date."""
    for view in views:
        for e in _cached(view, published):
            if e.kind == "night" and e.when and e.when.day:
                return e.when.day
    return published


def _cached(view, published: date | None) -> list[_Expr]:
    """The unit's expressions, parsed once (those that depend on the document are resolved later)."""
    cached = getattr(view, "_date_exprs", None)
    if cached is None or cached[0] != published:
        cached = (published, expressions(view, DateState(published=published, doc_day=None)))
        view._date_exprs = cached
    return cached[1]


def _resolved(view, state: DateState) -> list[_Expr]:
    """The unit's expressions with "overnight" and "during the month" resolved against the document."""
    out = []
    forecast = _forecast_clauses(view)
    for e in _cached(view, state.published):
        if any(lo <= e.index < hi for lo, hi in forecast):
            continue  # "schedules will apply on Monday": a date to come, not the one reported
        if e.kind == "overnight":
            e = _Expr(e.priority, When(day=state.doc_day), e.kind, e.index, e.point)
        elif e.kind == "month_anaphora":
            e = _Expr(e.priority, state.used_periods[-1] if state.used_periods else None, e.kind, e.index)
        out.append(e)
    return out


_DATE_TAGS = ("window_start", "night_of", "day_of", "since", "month_in", "period", "date_anaphora", "overnight",
              "relday", "weekday", "named_night")


def _forecast_clauses(view) -> list[tuple[int, int]]:
    """Token ranges of the clauses that announce or forecast (they hold an outage blocker word)."""
    blockers = view.tagged("blocker")
    if not blockers:
        return []
    cuts = [-1, *[k for k, t in enumerate(view.tokens) if t.norm in (",", ";")], len(view.tokens)]
    ranges = list(zip([c + 1 for c in cuts], cuts[1:], strict=False))
    return [(lo, hi) for lo, hi in ranges if any(lo <= m.start < hi for m in blockers)]


def expressions(view, state: DateState) -> list[_Expr]:
    """The date expressions of a unit, in order."""
    out: list[_Expr] = []
    consumed: set[int] = set()
    pub = state.published
    code = view.lang.code
    dated = {id(m): m for kind in _DATE_TAGS for m in view.tagged(kind)}
    for m in sorted(dated.values(), key=lambda m: m.start):
        if m.start in consumed:
            continue
        if m.has("window_start"):
            j = m.end
            if j < len(view.tokens) and view.tokens[j].kind == "time":
                j += 1
                j = _skip_small_word(view, j)
                d, end = explicit_date(view, j, pub, code)
                if d is not None or end > j:
                    consumed.update(range(j, end))
                continue
        if m.has("night_of") or m.has("day_of"):
            j = _skip_article(view, m.end)
            day, end = _day_at(view, j, state)
            if end > j:
                day, end = _second_day(view, end, day, state)
                consumed.update(range(m.end, end))
                kind = "night" if m.has("night_of") else "day"
                priority = NIGHT if kind == "night" else _demoted(view, m.start, EXPLICIT)
                out.append(_Expr(priority, When(day=day) if day else None, kind, m.start, day))
                continue
        if m.has("since"):
            j = _skip_article(view, m.end)
            d, end = explicit_date(view, j, pub, code)
            if end > j:
                consumed.update(range(m.end, end))
                when = When(start=d, end=pub, period=True) if d and pub else When(period=True)
                out.append(_Expr(PERIOD, when, "since", m.start, d))
                continue
            k = m.end if view.match_at(m.end) is not None and view.match_at(m.end).has("start_of") else j
            start_of = view.match_at(k)
            if start_of is not None and start_of.has("start_of"):
                k = start_of.end
            month = _month_at(view, k, pub)
            if month is not None:
                when, end = month
                consumed.update(range(m.end, end))
                out.append(_Expr(PERIOD, When(start=when.start, end=pub, period=True) if pub else when, "since", m.start))
                continue
            year = year_at(view, k) if start_of is not None and start_of.has("start_of") else None
            if year is not None:  # "з початку 2025 року", "since the start of 2025", "seit Anfang 2025"
                consumed.update(range(m.end, k + 1))
                end_day = pub if pub and pub.year == year else date(year, 12, 31)
                out.append(_Expr(PERIOD, When(start=date(year, 1, 1), end=end_day, period=True), "since", m.start))
                continue
        if m.has("month_in"):
            month = _month_at(view, m.end, pub)
            if month is not None:
                when, end = month
                consumed.update(range(m.end, end))
                out.append(_Expr(PERIOD, when, "period", m.start))
                continue
            year = year_at(view, m.end)
            if year is not None:
                consumed.add(m.end)
                out.append(_Expr(PERIOD, When(start=date(year, 1, 1), end=date(year, 12, 31), period=True),
                                 "period", m.start))
                continue
        if m.has("period"):
            kind = "month_anaphora" if m.get("period") == "month_anaphora" else "period"
            out.append(_Expr(PERIOD, _period(m.get("period"), state), kind, m.start))
        elif m.has("date_anaphora"):
            out.append(_Expr(EXPLICIT, None, "anaphora", m.start))
        elif m.has("overnight"):
            out.append(_Expr(VAGUE, When(day=state.doc_day), "overnight", m.start))
        elif m.has("relday"):
            day = pub + timedelta(days=m.get("relday")) if pub else None
            out.append(_Expr(_demoted(view, m.start, VAGUE), When(day=day), "day", m.start, day))
        elif m.has("named_night"):
            month, day_of_month = (int(x) for x in m.get("named_night").split("-"))
            day = calendar_day(day_of_month, month, None, pub)
            out.append(_Expr(NIGHT, When(day=day) if day else None, "night", m.start, day))
        elif m.has("weekday"):
            day = _weekday(m.get("weekday"), pub)
            after = view.match_at(m.end)
            if after is not None and after.has("night_after"):  # "Tuesday night": the night into Wednesday
                consumed.update(range(m.end, after.end))
                night = day + timedelta(days=1) if day is not None and day < pub else day
                out.append(_Expr(NIGHT, When(day=night), "night", m.start, night))
                continue
            morning, end = _early_next_day(view, m.end, day, state)
            if morning is not None:  # "late Sunday and early Monday": the night that ended on Monday
                consumed.update(range(m.end, end))
                out.append(_Expr(NIGHT, When(day=morning), "night", m.start, morning))
                continue
            out.append(_Expr(_demoted(view, m.start, VAGUE), When(day=day), "day", m.start, day))
    starts = {i for i, tok in enumerate(view.tokens) if tok.kind in ("num", "date")}
    starts.update(m.start for m in view.tagged("month"))
    for i in sorted(starts - consumed):
        if i in consumed:
            continue
        d, end = explicit_date(view, i, pub, code)
        if end > i:
            consumed.update(range(i, end))
            out.append(_Expr(_demoted(view, i, EXPLICIT), When(day=d) if d else None, "explicit", i, d))
    out.sort(key=lambda e: e.index)
    return out


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


def _period(kind: str, state: DateState) -> When | None:
    pub = state.published
    if kind == "month_anaphora":
        return state.used_periods[-1] if state.used_periods else None
    if pub is None:
        return When(period=True)
    if kind == "past_week":
        return When(start=pub - timedelta(days=6), end=pub, period=True)
    if kind == "month_to_date":
        return When(start=pub.replace(day=1), end=pub, period=True)
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
    """Skip one short function word ("the", "den", "dem") before a date."""
    if i < len(view.tokens) and view.tokens[i].norm in ("the", "den", "dem", "der", "die"):
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

