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
from etl.extract.notcounts import attack_noun
from etl.extract.view import weaponish
from etl.extract.when import SPEECH, VAGUE, DateState, Expr, When

__all__ = ["When", "DateState", "unit_when", "says_overnight", "clause_days", "countable_day", "document_state"]

# Days are counted back and forth from the published day (the past week, a weekday, the night before, the
# start of the year): a published day this close to the ends of the calendar leaves no room for that.
CALENDAR_MARGIN = timedelta(days=366)
STATEMENT_REACH = timedelta(days=6)  # how far before its published day a report's statements may be dated


def unit_when(view, state: DateState, counts: bool = True) -> When:
    """The date or period the figures of one unit belong to; updates the document state. A unit that counts
    no weapons (`counts` False) passes on no date said about something else: in a relative clause ("buildings
    that were already hit on 9 January") or as a comparison's baseline ("the eleventh attack since October")."""
    if view.unit.paragraph != state.paragraph or view.heading and not view.unit.title:
        state.paragraph = view.unit.paragraph  # a heading opens a section of its own: "In der Ukraine wurden 52
        state.context = None  # russische Raketen abgeschossen" under "... seit Beginn der Invasion" is no period
    exprs = _resolved(view, state)
    referred: dict[int, date | None] = {}  # anaphora index -> the day said last before it ("Тоді" -> 27 грудня)
    for e in exprs:
        if e.kind in ("anaphora", "since_then"):
            referred[e.index] = state.last_point
        if e.point:
            state.last_point = e.point  # "the largest since 7 September. Then, ..." still refers to it
    exprs = [e for e in exprs if not _since_baseline(view, e, exprs)]
    if not counts:
        relative = clause_map(view).relative
        exprs = [e for e in exprs if e.index not in relative and not _baseline(view, e.index)]
    best = max(exprs, key=lambda e: (e.priority, -e.index), default=None)
    when: When | None = None
    if best is not None and best.priority >= VAGUE:
        when = best.when
        if best.kind == "anaphora":
            point = referred.get(best.index)
            when = When(day=point) if point else state.context
        elif best.kind == "since_then":  # "Since then, more than 420 missiles ...": from that day to the report's
            point = referred.get(best.index)
            when = When(start=point, end=state.published, period=True) if point and state.published else None
        if when is not None:
            when = replace(when, stated=best.kind != "overnight", night=best.kind in ("night", "overnight"))
            # "recently" / "last winter" dates its own sentence, not the ones after it; so does a period said in
            # passing once a day's figures were read ("The embassy warned last week of an attack. 15 drones were
            # downed over Kyiv": the week of the warning, not of the figures after it)
            in_passing = not counts and when.period and state.counted_day
            if not when.past and not in_passing:
                state.context = when
            return when
    if when is None:
        # no date of its own: the paragraph's, else the day its statement was made when that is before the published
        # day ("Die russischen Streitkräfte meldeten am späten Sonntag den Abschuss einer Drohne"), else the report's
        said = state.said.get(view.unit.paragraph)
        when = state.context or When(day=said if said is not None and state.doc_day == state.published
                                     else state.doc_day)
    return when


def says_overnight(view, state: DateState) -> bool:
    """True when the unit itself says its figures are of the report's night ("destroyed 88 of the drones
    overnight"), not only the sentences before it."""
    return any(e.kind == "overnight" and e.priority >= VAGUE for e in _resolved(view, state))


def clause_days(view, state: DateState) -> list[tuple[int, int, When]]:
    """(first token, end token, when) of the clauses of a sentence that names two different dates in different
    clauses ("... two ballistic missiles late Wednesday, ..., and 137 drones overnight into Thursday"; "last night
    more than 170 drones, and this whole week about 1,000 drones, almost 980 bombs ..."): a clause takes the date
    said in it, else the one said in the clause before it; the clauses before the first date keep the sentence's.
    Empty when the sentence has one date: then it dates all its figures."""
    said = [e for e in _resolved(view, state) if e.priority >= VAGUE and e.when is not None
            and (e.when.day or e.when.period) and e.kind in _CLAUSE_DATES and not _baseline(view, e.index)]
    if len({e.when for e in said}) < 2:
        return []
    out: list[tuple[int, int, When]] = []
    current: When | None = None
    for lo, hi in _dated_parts(view, said):
        inside = [e for e in said if lo <= e.index < hi]
        if inside:
            e = max(inside, key=lambda e: (e.priority, -e.index))
            current = replace(e.when, stated=e.kind != "overnight", night=e.kind in ("night", "overnight"))
        if current is not None:
            out.append((lo, hi, current))
    return out


def _dated_parts(view, said: list) -> list[tuple[int, int]]:
    """The clauses of a sentence, a clause that names two different dates cut at its conjunctions ("im Februar
    3912 und im Januar 2567"; not "у вересні ... 5 638 запусків та 185 ракетних атак у нічний час")."""
    parts: list[tuple[int, int]] = []
    for c in clause_map(view).clauses():
        if parts and _list_item(view, c.lo, c.hi) and not any(parts[-1][0] <= e.index < parts[-1][1] for e in said):
            parts[-1] = (parts[-1][0], c.hi)  # "launching 280 glide bombs, nearly 370 drones, and 80 missiles in
            continue  # the past week": the list's date is every item's
        if len({e.when for e in said if c.lo <= e.index < c.hi and e.kind != "overnight"}) < 2:
            parts.append((c.lo, c.hi))
            continue
        lo = c.lo
        for m in view.tagged("conjunctions"):
            if lo < m.start < c.hi:
                parts.append((lo, m.start))
                lo = m.start
        parts.append((lo, c.hi))
    return parts


def _list_item(view, lo: int, hi: int) -> bool:
    """True for a clause that is one more count of a list ("nearly 370 attack drones", "and over 80 missiles in the
    past week"): a number first (after a conjunction and a qualifier), no verb of its own."""
    k = lo
    for tag in ("conjunctions", "qual"):
        m = view.match_at(k)
        if m is not None and m.has(tag):
            k = m.end
    return view.number_at(k) is not None and not view.tagged_in("measure", lo, hi)


_CLAUSE_DATES = ("night", "day", "explicit", "period", "since", "overnight")


def _since_baseline(view, e: Expr, exprs: list[Expr]) -> bool:
    """True for a superlative's "since" and the dates after it in its clause: a baseline even where the sentence
    counts ("the heaviest attack since the full-scale invasion began in February 2022", "der schwerste Angriff
    seit Kriegsbeginn im Februar 2022"), while "the record was set on Sept. 7, when ... 810 drones" dates them."""
    if not _baseline(view, e.index):
        return False
    start = clause_map(view).start_of(e.index)
    return any(s.kind == "since" and s.index <= e.index and clause_map(view).start_of(s.index) == start
               and _baseline(view, s.index) for s in exprs)


def _record_night(view, i: int) -> bool:
    """True for a night named below the lead as a comparison's baseline or as a record's night, the superlative
    before or after it ("In der Nacht zum Sonntag registrierte die Ukraine die Rekordzahl von 54 Drohnen")."""
    return _baseline(view, i) or any(m.start > i for m in view.tagged("comparison"))


def _baseline(view, i: int) -> bool:
    """True when a superlative stands before the date at token i in its clause: the date is what the figures are
    compared with ("one of the largest strikes since the invasion began in February 2022"), not theirs."""
    lo = clause_map(view).start_of(i)
    return any(lo <= m.start < i for m in view.tagged("comparison")) or any(
        _ordinal_attack(view, k) for k in range(lo, i))


def _ordinal_attack(view, k: int) -> bool:
    """True for an ordinal count of attacks at token k ("dem 17. Angriff im Mai", "the 17th attack in May",
    "17-й удар у травні"): the date after it frames the count, it dates no figure."""
    toks = view.tokens
    text = toks[k].text.lower()
    suffixes = view.lang.data["dates"].get("day_suffixes", ())
    if toks[k].kind == "num" and k + 2 < len(toks) and toks[k + 1].norm == "." and toks[k + 1].start == toks[k].end:
        after = k + 2  # "17. Angriff"
    elif any(text.endswith(x) and text[: -len(x)].isdigit() for x in suffixes):
        after = k + 1  # "17th attack", "17-й удар"
    else:
        return False
    return attack_noun(view, after)


def countable_day(day: date) -> bool:
    """True when days can be counted from this published day: it is not at the ends of the calendar."""
    return date.min + CALENDAR_MARGIN <= day <= date.max - CALENDAR_MARGIN


def document_state(views, published: date | None) -> DateState:
    """How a report's dates are read: from its published day, or a paragraph's statement day; figures with no
    date of their own belong to the night the report is about."""
    said = statement_days(views, published)
    return DateState(published=published, doc_day=document_day(views, published, said), said=said)


def statement_days(views, published: date | None) -> dict[int, date]:
    """Paragraph -> the day its relative words count from (spec decision 1): a paragraph that dates what it
    retells only by an earlier day of the past week ("- написав він у телеграм-каналі у неділю", "schrieb der
    Präsident am Sonntag"), never by the published day, says "today" and "this week" as of that day (a Monday
    article quoting the president's Sunday post)."""
    if published is None:
        return {}
    said: dict[int, set[date]] = {}
    for view in views:
        for e in _cached(view, published):
            if e.priority == SPEECH and e.when is not None and e.when.day is not None and not e.when.period:
                said.setdefault(view.unit.paragraph, set()).add(e.when.day)
    out = {}
    for paragraph, days in said.items():
        earlier = [d for d in days if published - STATEMENT_REACH <= d < published]
        if earlier and published not in days:
            out[paragraph] = max(earlier)
    return out


def document_day(views, published: date | None, said: dict[int, date] | None = None) -> date | None:
    """The attack night a document is about: its first "night to ..." date in its lead (headline and first
    paragraph) or in a sentence that counts weapons, else its published date. A night named in passing further
    down ("the fire started in the night to Wednesday"), or a record's night below the lead ("Die bislang größte
    Attacke gab es in der Nacht auf Montag mit 479 Drohnen"), is not the night the report is about. With no such
    night, a lead that dates its statements by an earlier day is about that day's night ("authorities said
    Tuesday ... The overnight barrage ..." in a Wednesday article)."""
    lead = _lead_units(views)
    said = said or {}
    for n, view in enumerate(views):
        if n not in lead and not _counts_weapons(view):
            continue
        for e in _cached(view, published):
            if e.kind == "night" and e.when and e.when.day and not (n not in lead and _record_night(view, e.index)):
                return e.when.day
    lead_paragraph = _lead_paragraph(views)
    return said.get(lead_paragraph, published)


LEAD_UNITS = 4  # the most sentences of a lead: a page without blank lines is one long paragraph


def _lead_units(views) -> set[int]:
    """The indices of the report's lead: the headline and the first sentences of its first paragraph of body text."""
    lead = _lead_paragraph(views)
    body = [n for n, v in enumerate(views) if v.unit.paragraph == lead and not v.unit.title][:LEAD_UNITS]
    return {n for n, v in enumerate(views) if v.unit.paragraph < lead} | set(body)


def _lead_paragraph(views) -> int:
    """The paragraph number of the report's first paragraph of body text (after a headline)."""
    first = next((v.unit.paragraph for v in views if not v.unit.title), 0)
    return first + 1 if views and views[0].unit.title and first == views[0].unit.paragraph else first


def _counts_weapons(view) -> bool:
    """True when a number of the unit has a weapon word right after it, a word or two at most between (cheap:
    before its figures are read): "14 von 17 russischen Drohnen", not "mit Drohnen ..., sieben Menschen", nor "keine
    Angriffsdrohnen" (a night without any counts none)."""
    for n in view.numbers:
        if n.value == 0:
            continue
        for k in range(n.end, min(n.end + 3, len(view.tokens))):
            m = view.match_at(k)
            if m is not None and (m.has("class") or m.has("type") or m.has("model")):
                return True
            if view.number_at(k) is not None:
                break
    return False


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
    for e in _cached(view, state.now(view)):
        if any(lo <= e.index < hi for lo, hi in forecast):
            continue  # "schedules will apply on Monday": a date to come, not the one reported
        if _in_aside(view, e.index):
            continue  # "(a region annexed by Russia in 2014)", "(22:35 GMT on December 25)": an aside's date
        if e.kind == "overnight":
            e = Expr(e.priority, When(day=state.doc_day), e.kind, e.index, e.point)
        elif e.kind == "month_anaphora":
            e = Expr(e.priority, state.used_periods[-1] if state.used_periods else None, e.kind, e.index)
        out.append(e)
    return out


def _in_aside(view, i: int) -> bool:
    """True when token i stands in parentheses that name no weapon: an aside ("(a region annexed by Russia in
    2014)", "(22:35 GMT on December 25)") whose date is not that of the sentence's figures."""
    toks = view.tokens
    if i >= len(toks) or toks[i].depth == 0:
        return False
    lo, hi = i, i
    while lo > 0 and toks[lo - 1].depth > 0:
        lo -= 1
    while hi < len(toks) and toks[hi].depth > 0:
        hi += 1
    return not any(lo <= m.start < hi and weaponish(m) for m in view.matches)


def _forecast_clauses(view) -> list[tuple[int, int]]:
    """Token ranges of the clauses that announce or forecast (they hold an outage blocker word)."""
    blockers = view.tagged("blocker")
    if not blockers:
        return []
    return [(c.lo, c.hi) for c in clause_map(view).clauses() if any(c.lo <= m.start < c.hi for m in blockers)]
