"""When a unit's figures happened: an attack date, a period, or unknown.

Relative expressions ("night to Friday", "overnight", "past week", "im Januar") are resolved
against the report's published date by the rules in datephrases.py; this module decides which of a
sentence's phrases dates its figures, and carries the date from sentence to sentence. A spelled date
("13 грудня 2024", "Dec. 13") is built from the day, the lexicon's month name and the year; a numeric
date token ("13.12.2024", "2024-12-13") is read by dateparser, once per distinct token. A report without
a published date gets None for everything relative, never a guess.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from etl.extract.clauses import clause_map
from etl.extract.datephrases import expressions
from etl.extract.when import VAGUE, DateState, Expr, When

__all__ = ["When", "DateState", "unit_when", "clause_days", "countable_day", "document_day"]

# Days are counted back and forth from the published day (the past week, a weekday, the night before, the
# start of the year): a published day this close to the ends of the calendar leaves no room for that.
CALENDAR_MARGIN = timedelta(days=366)


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
    out = []
    for lo, hi in ((c.lo, c.hi) for c in clause_map(view).clauses()):
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


def _cached(view, published: date | None) -> list[Expr]:
    """The unit's expressions, parsed once (those that depend on the document are resolved later)."""
    cached = getattr(view, "_date_exprs", None)
    if cached is None or cached[0] != published:
        cached = (published, expressions(view, DateState(published=published, doc_day=None)))
        view._date_exprs = cached
    return cached[1]


def _resolved(view, state: DateState) -> list[Expr]:
    """The unit's expressions with "overnight" and "during the month" resolved against the document."""
    out = []
    forecast = _forecast_clauses(view)
    for e in _cached(view, state.published):
        if any(lo <= e.index < hi for lo, hi in forecast):
            continue  # "schedules will apply on Monday": a date to come, not the one reported
        if e.kind == "overnight":
            e = Expr(e.priority, When(day=state.doc_day), e.kind, e.index, e.point)
        elif e.kind == "month_anaphora":
            e = Expr(e.priority, state.used_periods[-1] if state.used_periods else None, e.kind, e.index)
        out.append(e)
    return out


def _forecast_clauses(view) -> list[tuple[int, int]]:
    """Token ranges of the clauses that announce or forecast (they hold an outage blocker word)."""
    blockers = view.tagged("blocker")
    if not blockers:
        return []
    return [(c.lo, c.hi) for c in clause_map(view).clauses() if any(c.lo <= m.start < c.hi for m in blockers)]
