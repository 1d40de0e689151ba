"""Report-wide passes over the figures once every unit is read: what a heading, a title or a later sentence says
again, breaks down or says more precisely ("7 of 8 abgewehrt" then "the drones were shot down"), and the outage
claims a heading restates. Each pass takes the figures in report order and returns them with the decision made.
"""

from __future__ import annotations

from dataclasses import replace

from etl.extract.entirety import all_stopped
from etl.extract.figure import (
    DEFAULT,
    DOCUMENT,
    ENTIRETY,
    RESTATED,
    ROUNDING,
    Cue,
    Figure,
    Role,
)
from etl.extract.view import UnitView
from etl.model import DEFENSIVE, OutageClaim

__all__ = ["restated_headings", "restated_earlier", "breakdowns_of_totals", "said_how", "loose_headline",
           "launched_when_all_stopped", "fired_then_stopped",
           "restated_outages"]

HEADING_REACH = 4  # sentences below a heading in which its figures are looked for


def restated_outages(outages: list[OutageClaim], headings: dict[int, tuple[bool, bool]]) -> list[OutageClaim]:
    """A heading's outage that the body restates with its own date is the body's claim ("a day after a
    strike left Kharkiv without heating" over "That attack ... left parts of the city without heating")."""
    body = [o for o in outages if id(o) not in headings]
    out = []
    for o in outages:
        same = next((b for b in body if (b.region, b.kind) == (o.region, o.kind) and b.date != o.date), None)
        if id(o) in headings and not headings[id(o)][0] and same is not None:
            same.evidence = sorted(set(same.evidence) | set(o.evidence))
            if o.region_from is None:
                same.region_from = None  # the heading names the region itself
            continue
        if id(o) in headings and headings[id(o)][1] and _body_says_otherwise(o, body):
            continue  # "Kiew und Saporischschja: Wasser und Strom fallen aus" over "In Kiew fiel ... das Wasser aus"
        out.append(o)
    return out


def _body_says_otherwise(heading: OutageClaim, body: list[OutageClaim]) -> bool:
    """True when the body tells which utilities a heading's region lost, and this kind is not one of them: a
    headline pairs every place it names with every utility, the body says which went where."""
    kinds = {b.kind for b in body if b.region == heading.region}
    return bool(kinds) and heading.kind not in kinds


def restated_headings(figures: list[Figure], headings: dict[int, bool], title: int | None) -> list[Figure]:
    """A heading's figure that the lines below restate is their claim: it takes their date ("07:10 Uhr – 27
    Gleitbomben auf Kostjantyniwka" over "... haben am Samstag 27 Gleitbomben abgeworfen"; "Лютий у цифрах:
    170 ракет" over "У лютому ... 170 ракет"), their finer figure when it rounds theirs, and, when the heading
    names no side, their attacker. A section heading's lines are the few below it; the title's are the whole
    report ("More than 200 drones were launched against us yesterday" over a quote five paragraphs down: "Last
    night, more than 200 unmanned aerial vehicles were launched against us")."""
    out = list(figures)
    by_unit: dict[int, list[Figure]] = {}
    for fig in figures:
        by_unit.setdefault(fig.unit, []).append(fig)
    for n, fig in enumerate(figures):
        if fig.unit not in headings:
            continue
        own_attacker = headings[fig.unit]
        reach = max(by_unit) if fig.unit == title else fig.unit + HEADING_REACH
        below = [f for u in range(fig.unit + 1, reach + 1) for f in by_unit.get(u, ())]
        if fig.measure_cue.kind == DEFAULT:  # "17 Drohnen" over "Insgesamt seien 17 Drohnen zerstört worden"
            said = next((o for o in below if o.weapon == fig.weapon and o.value == fig.value
                         and o.measure_cue.kind != DEFAULT), None)
            if said is not None:
                out[n] = fig = replace(fig, measure=said.measure, measure_cue=Cue(RESTATED))
        for other in below:
            if (other.unit not in headings
                    and (other.weapon, other.measure) == (fig.weapon, fig.measure)
                    and (other.attacker == fig.attacker or not own_attacker) and _restates(fig, other)
                    and (other.when.stated or other.when.night or other.attacker != fig.attacker)):
                # the body's figure is the finer one: "fast 500 Drohnen" over "knapp 480 Drohnen" is 480; and so is
                # its date, said by its own words ("last night" below "yesterday" in the title: the night's)
                own_date = other.when.stated or other.when.night
                when, cue = (other.when, Cue(RESTATED)) if own_date else (fig.when, fig.date_cue)
                out[n] = replace(fig, attacker=other.attacker, value=other.value, qualifier=other.qualifier,
                                 when=when, date_cue=cue)
                break
    return out


def breakdowns_of_totals(figures: list[Figure]) -> list[Figure]:
    """A sentence with no date of its own whose counts of several classes add up to a total of all classes dated
    before it ("a total of 5,660 missiles and long-range drones ... last month", then "Russia had launched 5,445
    long-range drones and 215 missiles") breaks that total down: its counts take the total's date."""
    out = list(figures)
    totals = [f for f in figures if f.weapon is None and f.when.stated and f.value]
    by_unit: dict[int, list[int]] = {}
    for n, fig in enumerate(figures):
        if fig.date_cue.kind == DOCUMENT and fig.weapon is not None:
            by_unit.setdefault(fig.unit, []).append(n)
    for unit, members in by_unit.items():
        for measure in {figures[n].measure for n in members}:
            same = [n for n in members if figures[n].measure == measure and figures[n].value is not None]
            if len({figures[n].weapon for n in same}) < 2:
                continue
            total = next((t for t in totals if t.unit < unit and t.measure == measure
                          and t.value == sum(figures[n].value for n in same)), None)
            for n in same if total is not None else ():
                out[n] = replace(figures[n], when=total.when, date_cue=Cue(RESTATED))
    return out


def restated_earlier(figures: list[Figure]) -> list[Figure]:
    """A figure with no date of its own that says again a figure dated before it (same side, class and measure,
    the same count or its rounding) is that figure: it takes its date. The body restates its headline or lede
    ("за тиждень ... 800 КАБ" then "За його словами, росіяни випустили понад 800 керованих авіаційних бомб")."""
    out = list(figures)
    for n, fig in enumerate(figures):
        if fig.date_cue.kind != DOCUMENT:
            continue
        said = next((e for e in reversed(out[:n]) if e.unit < fig.unit and e.when.stated
                     and (e.attacker, e.weapon, e.measure) == (fig.attacker, fig.weapon, fig.measure)
                     and (_restates(e, fig) or _restates(fig, e))), None)
        if said is not None and said.when != fig.when:
            out[n] = replace(fig, when=said.when, date_cue=Cue(RESTATED))
    return out


def said_how(views: list[UnitView], figures: list[Figure]) -> list[Figure]:
    """"Die Luftwaffe hat sieben von acht Drohnen abgewehrt. Die Drohnen seien ... abgeschossen worden.": a count
    stopped by a verb that does not say how ("abgewehrt", "repelled", "відбили") takes the way of stopping the next
    sentence says of the same weapons, when that sentence counts nothing of its own."""
    counted = {f.unit for f in figures}
    out = list(figures)
    for n, fig in enumerate(figures):
        if fig.measure != "neutralized" or fig.measure_cue.at is None or fig.unit + 1 >= len(views):
            continue
        view, after = views[fig.unit], views[fig.unit + 1]
        said = " ".join(view.text[slice(*fig.measure_cue.at)].lower().split())
        if said not in view.lang.data["figures"].get("repel", ()) or fig.unit + 1 in counted:
            continue
        if not any(m.get("class") == fig.weapon for m in after.tagged("class")):
            continue
        how = next((v for m in after.tagged("measure") for v in m.values("measure") if v in DEFENSIVE), None)
        if how == "shot_down":
            out[n] = replace(fig, measure=how, measure_cue=Cue(RESTATED, after.span))
    return out


def fired_then_stopped(views: list[UnitView], figures: list[Figure]) -> list[Figure]:
    """German "abschießen" fires or shoots down: "dass die russischen Truppen 50 Drohnen ... abgeschossen haben.
    Davon konnten 41 zerstört werden." - a part of the count stopped in the next sentence makes the count what was
    fired (issue 12, wording 7)."""
    out = list(figures)
    parts: dict[int, list[Figure]] = {}  # each sentence's parts of a count ("Davon konnten 41 ...")
    counts = {(f.unit, f.weapon) for f in figures if not f.refers}  # sentences with a count of their own
    for f in figures:
        if f.refers and f.measure in DEFENSIVE and f.value is not None and (f.unit, f.weapon) not in counts:
            parts.setdefault(f.unit, []).append(f)
    for n, fig in enumerate(figures):
        if fig.measure != "shot_down" or fig.measure_cue.at is None or fig.refers or fig.value is None:
            continue
        if fig.unit + 1 not in parts:
            continue
        view = views[fig.unit]
        said = " ".join(view.text[slice(*fig.measure_cue.at)].lower().split())
        if said not in view.lang.data["figures"].get("fired_or_downed", ()):
            continue
        part = next((f for f in parts[fig.unit + 1] if f.weapon == fig.weapon and f.value < fig.value), None)
        if part is not None:
            out[n] = replace(fig, measure="launched", measure_cue=Cue(RESTATED, views[part.unit].span))
    return out


def launched_when_all_stopped(views: list[UnitView], figures: list[Figure]) -> list[Figure]:
    """A sentence saying all of a class were stopped, with no number ('Marschflugkörper ... "alle abgefangen"',
    "shot down all Russian drones"), makes the stopped count the body gives of that class also what was launched,
    when nothing else says how many were launched (spec decision 4: an implied complement the text states)."""
    said = {found for view in views if (found := all_stopped(view)) is not None}
    if not said:
        return figures
    launched = {(f.when.key, f.attacker, f.weapon) for f in figures if f.measure == "launched"}
    out: list[Figure] = []
    for fig in figures:
        out.append(fig)
        key = (fig.when.key, fig.attacker, fig.weapon)
        if (fig.weapon, fig.measure) in said and key not in launched and fig.role is not Role.DERIVED and not fig.refers:
            out.append(replace(fig, measure="launched", measure_cue=Cue(ENTIRETY, fig.unit_span), role=Role.DERIVED))
            launched.add(key)
    return out


def loose_headline(views: list[UnitView], figures: list[Figure]) -> list[Figure]:
    """A headline says "shot down" for what its body counts as shot down or suppressed: "Зі 101 дрона ... збито
    90." over "збито/подавлено 90 ворожих БПЛА", "Ukraine downs 90 of 101 drones" over "90 were shot down or
    jammed", "збила і перехопила понад 80" over "знешкодила 82". The headline's count (or its rounding) is the
    body's, and takes its measure. A headline is a heading (a short line of
    its own, below page clutter too), or the report's first line when it is a paragraph of its own."""
    first = [v for v in views if v.unit.paragraph == views[0].unit.paragraph] if views else []
    lines = {f.unit for f in figures if views[f.unit].heading}
    if len(first) == 1 and len(views) > 1:
        lines.add(0)
    body = [f for f in figures if f.measure == "neutralized" and f.unit not in lines]
    stopped: dict[tuple, dict[str, int]] = {}  # the body's shot-down and suppressed counts of each night and class
    for f in figures:
        if f.unit not in lines and f.measure in ("shot_down", "suppressed") and f.value and not f.model:
            ways = stopped.setdefault((f.when.key, f.attacker, f.weapon), {})
            ways[f.measure] = max(ways.get(f.measure, 0), f.value)
    both = {key: ways["shot_down"] + ways["suppressed"] for key, ways in stopped.items() if len(ways) == 2}
    # "Luftabwehr schießt 112 russische Drohnen ab" over "Zerstörung von 74 ... Weitere 38 ... durch Störsender"
    return [replace(f, measure="neutralized") if f.measure == "shot_down" and f.unit in lines
            and (any((b.attacker, b.weapon) == (f.attacker, f.weapon) and _restates(f, b) for b in body)
                 or both.get((f.when.key, f.attacker, f.weapon)) == f.value) else f
            for f in figures]


def _restates(heading: Figure, body: Figure) -> bool:
    """True when a heading's figure says the body's, or rounds it ("понад 5 тисяч" over "5 120")."""
    if heading.value == body.value:
        return True
    return (heading.qualifier != "exact" and heading.value is not None and body.value is not None
            and abs(heading.value - body.value) <= ROUNDING * body.value)
