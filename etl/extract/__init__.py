"""Extraction: a report's text -> strike and outage claims with evidence spans.

Pure functions of the report; the language knowledge comes from etl/lexicon.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from etl.extract.attacker import unit_attacker
from etl.extract.claims import not_counts, strike_claims
from etl.extract.dates import DateState, clause_days, countable_day, document_day, unit_when
from etl.extract.figures import Figure, unit_figures, weapon_mentions
from etl.extract.language import detect_language, language
from etl.extract.outages import OutageState, unit_outages
from etl.extract.places import over_foreign_place
from etl.extract.text import segment
from etl.extract.view import UnitView
from etl.lexicon import available_languages
from etl.model import Extraction, OutageClaim, Report

__all__ = ["extract_report", "detect_language"]

DEFAULT_ATTACKER = "RU"
HEADING_REACH = 4  # sentences below a heading in which its figures are looked for
ROUNDING = 0.1  # a heading's approximate figure restates a body figure this close to it


def extract_report(report: Report) -> Extraction:
    """The claims of one report, with the problems met while reading it."""
    if not report.text or not report.text.strip():
        return Extraction(report, problems=["the report has no text"])
    code = report.language or detect_language(report.text)
    if code not in available_languages():
        what = f"language {code!r} has no lexicon" if code else "the language could not be detected"
        return Extraction(report, problems=[f"{what}; nothing was extracted"], detected_language=code)
    lang = language(code)
    views = [UnitView(u, report.text, lang) for u in segment(report.text, lang.abbreviations, lang.months)]
    published, undated = _published_day(report)
    dates = DateState(published=published, doc_day=document_day(views, published))
    items, outages = _read_units(views, dates)
    strikes, problems = strike_claims(items)
    problems = not_counts(report.text, [fig for fig, _, _ in items]) + problems
    if undated:
        problems.insert(0, undated)
    return Extraction(report, strikes=strikes, outages=_merge_outages(outages), problems=problems,
                      detected_language=None if report.language else code)


def _published_day(report: Report) -> tuple[date | None, str | None]:
    """The day relative dates are counted from, or None and why the report is read as undated."""
    day = report.published_date
    if day is None:
        return None, "no published date: dates relative to it cannot be resolved, claims are kept undated"
    if not countable_day(day):
        return None, (f"published date {day.isoformat()} is at the end of the calendar, so no day can be counted "
                      "from it: dates relative to it cannot be resolved, claims are kept undated")
    return day, None


def _read_units(views: list[UnitView], dates: DateState):
    """Walk the units in order, carrying the list header, the attacker and the last weapon named."""
    items: list[tuple[Figure, object, tuple[int, int]]] = []
    outages: list[OutageClaim] = []
    out_state = OutageState()
    header_measure = header_attacker = list_header = None
    carry_attacker = DEFAULT_ATTACKER
    last_weapon = None
    last_when: dict[tuple, object] = {}  # (attacker, weapon) -> when of the last figure
    main_attack = None  # the report's first Russian night attack: what an undated outage follows from
    headings: dict[int, bool] = {}  # headings with figures -> whether their attacker is in their own words
    heading_outages: set[int] = set()  # ids of the outage claims of such headings
    for index, view in enumerate(views):
        unit = view.unit
        when = unit_when(view, dates)
        if not unit.item and not unit.header:
            header_measure = header_attacker = list_header = None
        context = {
            "unit_index": index,
            "header_measure": header_measure if unit.item else None,
            "last_weapon": last_weapon,
        }
        figures = unit_figures(view, context)
        if figures and view.lang.revisions.find(view.words):
            for fig in figures:
                fig.extras["revision"] = True  # "the air force now says ...": it replaces the figures said before
        sentence_attacker = _attacker(view) if figures or unit.header else None
        if figures and _is_heading(view):
            headings[index] = sentence_attacker is not None
            if sentence_attacker is None:
                sentence_attacker = _attacker_below(views, index)
        fallback = sentence_attacker or (header_attacker if unit.item else None) or carry_attacker
        per_clause = clause_days(view, dates) if figures else []
        for fig in figures:
            fig.attacker = fig.attacker or fallback
            if unit.item and list_header is not None:
                fig.extras["list"] = list_header  # an item of the list under that header: one part of a sum
            key = (fig.attacker, fig.weapon)
            # "5,812 of the drones" in a sentence without a date: the date of the drones it refers to
            fig_when = last_when.get(key, when) if fig.extras.get("refers") and not when.stated else when
            fig_when = _clause_when(view, fig, per_clause) or fig_when
            items.append((fig, fig_when, view.span))
            last_when[key] = fig_when
            if main_attack is None and fig.attacker == "RU" and fig_when.night and fig_when.day:
                main_attack = fig_when.day
        if figures:
            carry_attacker = figures[-1].attacker
            if when.period and when not in dates.used_periods:
                dates.used_periods.append(when)
        if unit.header:
            header_measure = _header_measure(view, figures, context)
            list_header = index
            header_attacker = fallback
            carry_attacker = fallback
        last_weapon = weapon_mentions(view) or last_weapon
        outage_day = when.day if when.stated or main_attack is None else main_attack
        if when.period:
            outage_day = dates.published  # "досі без тепла після удару ... минулого тижня": as of the report
        found = unit_outages(view, outage_day, out_state)
        if found and not when.stated and _is_heading(view):
            heading_outages.update(id(o) for o in found)
        outages.extend(found)
    return _restated_headings(items, headings), _restated_outages(outages, heading_outages)


def _clause_when(view: UnitView, fig: Figure, per_clause: list) -> object | None:
    """The day of the clause a figure stands in, when its sentence names a different day per clause."""
    first = next((k for k, t in enumerate(view.tokens) if t.start >= fig.span[0]), None)
    return next((w for lo, hi, w in per_clause if first is not None and lo <= first < hi), None)


def _restated_outages(outages: list[OutageClaim], headings: set[int]) -> list[OutageClaim]:
    """A heading's outage that the body restates with its own date is the body's claim ("a day after a
    strike left Kharkiv without heating" over "That attack ... left parts of the city without heating")."""
    body = [o for o in outages if id(o) not in headings]
    out = []
    for o in outages:
        same = next((b for b in body if (b.region, b.kind) == (o.region, o.kind) and b.date != o.date), None)
        if id(o) in headings and same is not None:
            same.evidence = sorted(set(same.evidence) | set(o.evidence))
            continue
        out.append(o)
    return out


def _restated_headings(items: list, headings: dict[int, bool]) -> list:
    """A heading's figure that the lines below restate is their claim: it takes their date ("07:10 Uhr – 27
    Gleitbomben auf Kostjantyniwka" over "... haben am Samstag 27 Gleitbomben abgeworfen"; "Лютий у цифрах:
    170 ракет" over "У лютому ... 170 ракет"), their finer figure when it rounds theirs, and, when the heading
    names no side, their attacker."""
    out = list(items)
    for n, (fig, when, span) in enumerate(items):
        if fig.unit not in headings:
            continue
        own_attacker = headings[fig.unit]
        for other, other_when, _ in items:
            if (fig.unit < other.unit <= fig.unit + HEADING_REACH and other.unit not in headings
                    and (other.weapon, other.measure) == (fig.weapon, fig.measure)
                    and (other.attacker == fig.attacker or not own_attacker) and _restates(fig, other)
                    and (other_when.stated or other.attacker != fig.attacker)):
                # the body's figure is the finer one: "fast 500 Drohnen" over "knapp 480 Drohnen" is 480
                out[n] = (replace(fig, attacker=other.attacker, value=other.value, qualifier=other.qualifier),
                          other_when if other_when.stated else when, span)
                break
    return out


def _restates(heading: Figure, body: Figure) -> bool:
    """True when a heading's figure says the body's, or rounds it ("понад 5 тисяч" over "5 120")."""
    if heading.value == body.value:
        return True
    return (heading.qualifier != "exact" and heading.value is not None and body.value is not None
            and abs(heading.value - body.value) <= ROUNDING * body.value)


def _attacker(view: UnitView) -> str | None:
    return unit_attacker(view, foreign_places=over_foreign_place(view))


def _is_heading(view: UnitView) -> bool:
    """A headline or a liveblog entry's heading: a short line of its own without a full stop."""
    if view.unit.title:
        return True
    text, start, end = view.text, view.unit.start, view.unit.end
    own_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] in "\r\n")
    line = text[start:end].rstrip()
    return own_line and not view.unit.item and len(line) < 120 and not line.endswith((".", "!", "?", ":", ";", ")"))


def _attacker_below(views: list[UnitView], index: int) -> str | None:
    """The attacker of the first following sentences that name one: what a headline summarises
    ("Moskau meldet 112 abgefangene Drohnen" above "... 112 ukrainische Drohnen abgefangen")."""
    for view in views[index + 1 : index + 4]:
        own = next((f.attacker for f in unit_figures(view, {}) if f.attacker), None)
        found = own or _attacker(view)
        if found:
            return found
    return None


def _header_measure(view: UnitView, figures: list[Figure], context: dict) -> str | None:
    """The measure a list header gives its items: its own figure's, its own predicate, or inherited."""
    if figures:
        return figures[-1].measure
    cues = [m for m in view.matches if m.has("measure") and "none" not in m.values("measure")]
    if cues:
        return cues[-1].values("measure")[0]
    return context.get("header_measure")


def _merge_outages(claims: list[OutageClaim]) -> list[OutageClaim]:
    """One outage claim per (date, region, kind), with all its evidence."""
    merged: dict[tuple, OutageClaim] = {}
    for c in claims:
        key = (c.date, c.region, c.kind)
        if key not in merged:
            merged[key] = c
            continue
        kept = merged[key]
        kept.evidence = sorted(set(kept.evidence) | set(c.evidence))
        kept.extent = kept.extent or c.extent
    return list(merged.values())
