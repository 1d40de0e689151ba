"""The document reader: walks a report's units in order and gives each figure its attacker and date.

What one unit leaves to the next (the list header above it, the attacker and weapon said last, the date of
the figures said before, the report's main attack night, the headings read so far) is one object,
`DocumentState`; `read_document` runs its small steps unit by unit.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter, itemgetter

from etl.extract.attacker import unit_attacker
from etl.extract.clauses import clause_map
from etl.extract.dates import DateState, clause_days, unit_when
from etl.extract.figure import (
    BASE,
    CARRIED,
    CLAUSE,
    DEFAULT,
    DOCUMENT,
    ENTIRETY,
    HEADING_BELOW,
    LIST_HEADER,
    PARAGRAPH,
    PERSPECTIVE,
    REFERRED,
    RESTATED,
    ROUNDING,
    SAME,
    SENTENCE,
    STATED_DATE,
    Cue,
    Figure,
    Role,
)
from etl.extract.figures import UnitContext, unit_figures, weapon_mentions
from etl.extract.measures import entire_classes, entirety_sentence
from etl.extract.outages import OutageState, counted_before, unit_outages
from etl.extract.places import located_places, over_foreign_place, regions_with_index
from etl.extract.referring import counts_platforms_last
from etl.extract.view import UnitView
from etl.extract.when import When
from etl.model import DEFENSIVE, OutageClaim

__all__ = ["DocumentState", "read_document", "DEFAULT_ATTACKER"]

DEFAULT_ATTACKER = "RU"
HEADING_REACH = 4  # sentences below a heading in which its figures are looked for


@dataclass
class DocumentState:
    """What the units read so far leave to the next one."""

    dates: DateState
    outages: OutageState = field(default_factory=OutageState)
    header_measure: str | None = None  # the measure a list header gives its items
    header_attacker: str | None = None
    list_header: int | None = None  # the unit index of the list header the next items belong to
    attacker: str = DEFAULT_ATTACKER  # the side of the figures said last
    attacker_cue: Cue = Cue(DEFAULT)
    last_weapon: str | None = None  # the class named last (for the next unit's "of them")
    last_when: dict[tuple, When] = field(default_factory=dict)  # (attacker, weapon) -> date of its last figure
    main_attack: date | None = None  # the report's first Russian night: what an undated outage follows from
    headings: dict[int, bool] = field(default_factory=dict)  # heading units -> whether they name their side
    # outage claims of headings -> (dated in the heading, the heading pairs several places with several utilities)
    heading_outages: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    outage_claims: list[OutageClaim] = field(default_factory=list)


def read_document(views: list[UnitView], dates: DateState) -> tuple[list[Figure], list[OutageClaim]]:
    """The dated, attributed figures and the outage claims of a report's units."""
    state = DocumentState(dates=dates)
    for index, view in enumerate(views):
        _read_unit(views, index, view, state)
    title = next((i for i, v in enumerate(views) if v.unit.title), 0 if views and views[0].heading else None)
    figures = _restated_headings(state.figures, state.headings, title)
    figures = _restated_earlier(_breakdowns_of_totals(_said_how(views, figures)))
    figures = _regional_parts(views, _loose_headline(views, figures))
    return figures, _restated_outages(state.outage_claims, state.heading_outages)


def _read_unit(views: list[UnitView], index: int, view: UnitView, state: DocumentState) -> None:
    unit = view.unit
    if not unit.item and not unit.header:
        state.header_measure = state.header_attacker = state.list_header = None
    context = UnitContext(index, state.header_measure if unit.item else None, state.last_weapon,
                          same_as_before=bool(view.tagged("same_event")))
    figures = _same_as_before(view, index, unit_figures(view, context), state.figures)
    if not figures and not unit.item:
        state.figures.extend(_all_of_them(view, index, state.figures))
    when = unit_when(view, state.dates, counts=bool(figures))
    if figures and view.lang.revisions.find(view.words):
        figures = [replace(f, revision=True) for f in figures]  # "the air force now says ...": replaces earlier
    side, side_cue = _unit_side(views, index, view, figures, state)
    per_clause = clause_days(view, state.dates) if figures else []
    wholes = [f.span for f in figures if f.measure_cue.kind == BASE]
    figures = [_dated(view, _attributed(f, side, side_cue, unit.item, state), when, state, per_clause,
                      own_whole=any(f.span[0] < lo < f.span[1] for lo, _ in wholes))
               for f in figures]
    figures = [f for f in figures if not f.when.past]  # "the record ..., 122 missiles, was set last winter"
    state.figures.extend(figures)
    state.figures.extend(_all_of_class(view, index, state.figures))
    if figures:
        state.attacker, state.attacker_cue = figures[-1].attacker, Cue(CARRIED)
        if when.period and when not in state.dates.used_periods:
            state.dates.used_periods.append(when)
    if unit.header:
        state.header_measure = _header_measure(view, figures, context)
        state.list_header = index
        state.header_attacker = state.attacker = side
        state.attacker_cue = side_cue if side_cue.kind != CARRIED else Cue(CARRIED)
    state.last_weapon = None if counts_platforms_last(view) else weapon_mentions(view) or state.last_weapon
    _read_outages(view, when, state)


def _all_of_them(view: UnitView, index: int, earlier: list[Figure]) -> list[Figure]:
    """"Russia launched 10 drones. All of them were shot down.": the sentence right after a count of launches says
    what became of all of them; each launched figure of that sentence gets the same number with this measure."""
    before = [f for f in _tail(earlier, index - 1) if f.unit == index - 1 and f.role is not Role.DERIVED]
    if not before or any(f.measure != "launched" or f.refers or f.value is None for f in before):
        return []
    measure = entirety_sentence(view)
    if measure is None:
        return []
    return [replace(f, measure=measure, measure_cue=Cue(ENTIRETY, view.span), role=Role.DERIVED, unit=index)
            for f in before]


def _same_as_before(view: UnitView, index: int, figures: list[Figure], earlier: list[Figure]) -> list[Figure]:
    """"Von 23 Raketen seien 13 abgefangen worden. Dasselbe gelte für 40 von 109 Drohnen.": a sentence that says
    the same happened (lexicon outages.same_event, "the same goes for", "те саме") gives its counts with no
    predicate the way of stopping of the sentence before."""
    if not figures or not view.tagged("same_event"):
        return figures
    before = next((f for f in reversed(_tail(earlier, index - 1)) if f.measure in DEFENSIVE), None)
    if before is None:
        return figures
    return [replace(f, measure=before.measure, measure_cue=Cue(SAME, view.span))
            if f.measure_cue.kind == DEFAULT and f.refers else f for f in figures]


def _tail(figures: list[Figure], unit: int) -> list[Figure]:
    """The figures of units from `unit` on (figures are read in unit order): a look back without a scan."""
    k = len(figures)
    while k > 0 and figures[k - 1].unit >= unit:
        k -= 1
    return figures[k:]


def _all_of_class(view: UnitView, index: int, earlier: list[Figure]) -> list[Figure]:
    """"Russia launched nine cruise missiles and 355 drones. All missiles and 288 drones were shot down": the
    launched count of that class said last (in this sentence or the one before) is what was stopped of it."""
    out = []
    for weapon, measure in entire_classes(view):
        launched = next((f for f in reversed(_tail(earlier, index - 1)) if f.weapon == weapon
                         and f.measure == "launched" and f.role is not Role.DERIVED and not f.refers
                         and f.value is not None), None)
        if launched is not None and not any(f.unit == index and f.weapon == weapon and f.measure == measure
                                            for f in _tail(earlier, index)):
            out.append(replace(launched, measure=measure, measure_cue=Cue(ENTIRETY, view.span), role=Role.DERIVED,
                               unit=index))
    return out


def _unit_side(views, index: int, view: UnitView, figures: list[Figure], state: DocumentState) -> tuple[str, Cue]:
    """The side a unit's figures are attacked by when their own words do not say, and what decided it."""
    own = _attacker(view) if figures or view.unit.header else None
    if figures and view.heading:
        state.headings[index] = own is not None
    if own is not None:
        return own, Cue(SENTENCE, view.span)
    if figures and view.heading:
        below = _attacker_below(views, index)
        if below is not None:
            return below, Cue(HEADING_BELOW)
    if view.unit.item and state.header_attacker is not None:
        return state.header_attacker, Cue(LIST_HEADER)
    return state.attacker, state.attacker_cue


def _attributed(fig: Figure, side: str, cue: Cue, item: bool, state: DocumentState) -> Figure:
    """The figure with its attacker (its own words, else the unit's side) and, for a list item, its list."""
    if fig.attacker is None or fig.attacker_cue.kind == PERSPECTIVE and cue.kind == SENTENCE:
        fig = replace(fig, attacker=side, attacker_cue=cue)  # "a hostile drone ... as it approached Moscow": Ukraine's
    if item and state.list_header is not None:
        fig = replace(fig, list_header=state.list_header)  # an item of the list under that header: a part of a sum
    return fig


def _dated(view: UnitView, fig: Figure, when: When, state: DocumentState, per_clause: list,
           own_whole: bool = False) -> Figure:
    """The figure with its day or period and the cue that gave it. A part of weapons named before takes their
    date; a part of a whole it names itself ("50 von mehr als 70 Drohnen") is as new as its whole."""
    cue = Cue(STATED_DATE) if when.stated else Cue(PARAGRAPH if state.dates.context else DOCUMENT)
    key = (fig.attacker, fig.weapon)
    if fig.refers and not own_whole and not when.stated and key in state.last_when:
        when, cue = state.last_when[key], Cue(REFERRED)  # "5,812 of the drones": the date of those drones
    clause_when = _clause_when(view, fig, per_clause)
    if clause_when is not None:
        when, cue = clause_when, Cue(CLAUSE)
    state.last_when[key] = when
    if state.main_attack is None and fig.attacker == "RU" and when.night and when.day:
        state.main_attack = when.day
    return replace(fig, when=when, date_cue=cue)


def _read_outages(view: UnitView, when: When, state: DocumentState) -> None:
    dates = state.dates
    day = when.day if when.stated or state.main_attack is None else state.main_attack
    if when.period:
        day = dates.published  # "досі без тепла після удару ... минулого тижня": as of the report
    found = unit_outages(view, day, state.outages)
    if found and view.heading:
        crossed = len({o.region for o in found}) > 1 and len({o.kind for o in found}) > 1
        state.heading_outages.update({id(o): (when.stated, crossed) for o in found})
    state.outage_claims.extend(found)


def _clause_when(view: UnitView, fig: Figure, per_clause: list) -> When | None:
    """The day of the clause a figure stands in, when its sentence names a different day per clause."""
    if not per_clause:
        return None
    first = view.token_at_char(fig.span[0])
    return next((w for lo, hi, w in per_clause if first is not None and lo <= first < hi), None)


def _restated_outages(outages: list[OutageClaim], headings: dict[int, tuple[bool, bool]]) -> list[OutageClaim]:
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


def _restated_headings(figures: list[Figure], headings: dict[int, bool], title: int | None) -> list[Figure]:
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


def _breakdowns_of_totals(figures: list[Figure]) -> list[Figure]:
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


def _restated_earlier(figures: list[Figure]) -> list[Figure]:
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


def _said_how(views: list[UnitView], figures: list[Figure]) -> list[Figure]:
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


def _loose_headline(views: list[UnitView], figures: list[Figure]) -> list[Figure]:
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
    return [replace(f, measure="neutralized") if f.measure == "shot_down" and f.unit in lines
            and any((b.attacker, b.weapon) == (f.attacker, f.weapon) and _restates(f, b) for b in body) else f
            for f in figures]


def _regional_parts(views: list[UnitView], figures: list[Figure]) -> list[Figure]:
    """Spec decision 6: a figure for one region or city ("12 of them over the Kyiv region", "Ще 20 ... над
    Московською областю", "випустили по Волинській області 22") is a part of the night when the report also
    gives a larger count of that night, side and class with no place; such parts are marked REGIONAL and make
    no row. A report that gives only regional figures keeps them as the night's ("випустив по Одещині до 30 ...
    знищено 21"). A further count with a place after another count with places is one more part of a list
    ("59 over Kursk, Belgorod and Voronezh and a further six over the Sea of Azov") and still adds up."""
    where = [_places_of(views[f.unit], f) if f.measure != "hit" and f.list_header is None else None for f in figures]
    out = list(figures)
    by_key: dict[tuple, list[int]] = {}  # the figures of each night, side and class, in order
    largest_unplaced: dict[tuple, int] = {}  # the largest of them that names no place
    for k, f in enumerate(figures):
        key = (f.when.key, f.attacker, f.weapon)
        by_key.setdefault(key, []).append(k)
        if not where[k]:
            largest_unplaced[key] = max(largest_unplaced.get(key, 0), f.value or 0)
    for n, fig in enumerate(figures):
        key = (fig.when.key, fig.attacker, fig.weapon)
        if where[n] is None and fig.role is Role.FURTHER and _over_unnamed_regions(views[fig.unit], fig):
            same = by_key[key]
            before = bisect_left(same, n)
            if before and out[same[before - 1]].role is Role.REGIONAL:
                out[n] = replace(fig, role=Role.REGIONAL)  # "20 over Moscow, ... and 25 more across 5 other regions"
            continue
        if where[n] is None or len(where[n]) != 1:
            continue
        if fig.role is Role.FURTHER:
            same = by_key[key]
            before = bisect_left(same, n)
            if before == 0:
                continue
            anchor_at = same[before - 1]
            if where[anchor_at]:  # one more part of a list of places: a part as its anchor is, else it adds up
                if out[anchor_at].role is not Role.REGIONAL:
                    continue
            elif not (figures[anchor_at].value or 0) > (fig.value or 0):
                continue
        elif not largest_unplaced.get(key, 0) > (fig.value or 0):
            continue
        out[n] = replace(fig, role=Role.REGIONAL)
    return out


def _places_of(view: UnitView, fig: Figure) -> set[str] | None:
    """The places the clause of a figure names (with any list of places running on from it); None when it puts
    the figure in none, or in regions it does not name."""
    first = view.token_at_char(fig.span[0])
    if first is None:
        return None
    lo, hi = clause_map(view).bounds(first)
    located = {place for _, place in _between(located_places(view), lo, hi)}
    if not located or _unnamed_regions(view, lo, hi):
        return None  # "über einem Dutzend Regionen des Landes sowie über der Hauptstadt Kiew": all over
    hi = _place_list_end(view, hi)  # "у Полтавській, Сумській ... та Черкаській областях": one list
    return located | {code for _, code in _between(regions_with_index(view), lo, hi)}


def _over_unnamed_regions(view: UnitView, fig: Figure) -> bool:
    """True when the clause of a figure puts it over regions it counts and does not name ("across 5 other regions")."""
    first = view.token_at_char(fig.span[0])
    if first is None:
        return False
    lo, hi = clause_map(view).bounds(first)
    return _unnamed_regions(view, lo, hi)


def _unnamed_regions(view: UnitView, lo: int, hi: int) -> bool:
    """True when tokens [lo, hi) count regions they do not name ("über einem Dutzend Regionen", "over 12
    regions"), not the regions just named ("Курської та Воронезької областей")."""
    return any(lo <= m.start < hi and m.has("unnamed_places") and counted_before(view, m.start) for m in view.matches)


def _between(indexed: list[tuple[int, str]], lo: int, hi: int) -> list[tuple[int, str]]:
    """The (token index, place) pairs, in token order, with an index in [lo, hi)."""
    return indexed[bisect_left(indexed, lo, key=itemgetter(0)):bisect_left(indexed, hi, key=itemgetter(0))]


def _place_list_end(view: UnitView, hi: int) -> int:
    """The end of a list of places that runs on past the clause ending at token hi: the clauses after it that
    hold a region and at most two other words ("Сумській", "та Черкаській областях")."""
    regions = regions_with_index(view)
    clauses = clause_map(view).clauses()
    n = bisect_left(clauses, hi + 1, key=attrgetter("lo"))
    while n < len(clauses) and clauses[n].lo == hi + 1:
        clause = clauses[n]
        named = {k for k, _ in _between(regions, clause.lo, clause.hi)}
        others = [k for k in range(clause.lo, clause.hi) if view.tokens[k].kind == "word" and k not in named]
        if not named or len(others) > 2:
            return hi
        hi, n = clause.hi, n + 1
    return hi


def _restates(heading: Figure, body: Figure) -> bool:
    """True when a heading's figure says the body's, or rounds it ("понад 5 тисяч" over "5 120")."""
    if heading.value == body.value:
        return True
    return (heading.qualifier != "exact" and heading.value is not None and body.value is not None
            and abs(heading.value - body.value) <= ROUNDING * body.value)


def _attacker(view: UnitView) -> str | None:
    return unit_attacker(view, foreign_places=over_foreign_place(view))


def _attacker_below(views: list[UnitView], index: int) -> str | None:
    """The attacker of the first following sentences that name one: what a headline summarises
    ("Moskau meldet 112 abgefangene Drohnen" above "... 112 ukrainische Drohnen abgefangen")."""
    for view in views[index + 1 : index + 4]:
        own = next((f.attacker for f in unit_figures(view, UnitContext()) if f.attacker), None)
        found = own or _attacker(view)
        if found:
            return found
    return None


def _header_measure(view: UnitView, figures: list[Figure], context: UnitContext) -> str | None:
    """The measure a list header gives its items: its own figure's, its own predicate, or inherited."""
    if figures:
        return figures[-1].measure
    cues = [m for m in view.matches if m.has("measure") and "none" not in m.values("measure")]
    if cues:
        return cues[-1].values("measure")[0]
    return context.header_measure
