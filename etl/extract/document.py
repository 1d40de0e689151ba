"""The document reader: walks a report's units in order and gives each figure its attacker and date.

What one unit leaves to the next (the list header above it, the attacker and weapon said last, the date of
the figures said before, the report's main attack night, the headings read so far) is one object,
`DocumentState`; `read_document` runs its small steps unit by unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from etl.extract.attacker import unit_attacker
from etl.extract.dates import DateState, clause_days, says_overnight, unit_when
from etl.extract.entirety import entire_kinds, entirety_sentence
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
    SAME,
    SENTENCE,
    STATED_DATE,
    Cue,
    Figure,
    Role,
)
from etl.extract.figures import UnitContext, named_classes, unit_figures, weapon_mentions
from etl.extract.outages import OutageState, unit_outages
from etl.extract.places import attacks_place_abroad, over_foreign_place
from etl.extract.referring import counts_platforms_last
from etl.extract.regional import regional_parts
from etl.extract.restated import (
    breakdowns_of_totals,
    fired_then_stopped,
    launched_when_all_stopped,
    loose_headline,
    restated_earlier,
    restated_headings,
    restated_outages,
    said_how,
)
from etl.extract.view import UnitView
from etl.extract.when import When
from etl.model import DEFENSIVE, OutageClaim

__all__ = ["DocumentState", "read_document", "DEFAULT_ATTACKER"]

DEFAULT_ATTACKER = "RU"


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
    classes: set[str] = field(default_factory=set)  # the weapon classes the report has named so far
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
    state.outages.report = views
    for index, view in enumerate(views):
        _read_unit(views, index, view, state)
    title = next((i for i, v in enumerate(views) if v.unit.title), 0 if views and views[0].heading else None)
    figures = restated_headings(state.figures, state.headings, title)
    figures = restated_earlier(breakdowns_of_totals(said_how(views, fired_then_stopped(views, figures))))
    figures = regional_parts(views, launched_when_all_stopped(views, loose_headline(views, figures)))
    return figures, restated_outages(state.outage_claims, state.heading_outages)


def _read_unit(views: list[UnitView], index: int, view: UnitView, state: DocumentState) -> None:
    unit = view.unit
    if not unit.item and not unit.header:
        state.header_measure = state.header_attacker = state.list_header = None
    context = UnitContext(index, state.header_measure if unit.item else None, state.last_weapon,
                          same_as_before=bool(view.tagged("same_event")), report_classes=frozenset(state.classes))
    figures = [f for f in _same_as_before(view, index, unit_figures(view, context), state.figures)
               if not f.definite or _one_counted_before(f, state.figures)]
    figures = [f for f in figures if not _stopped_before(f, state.figures)]
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
    state.dates.counted_day = state.dates.counted_day or any(f.when.day is not None for f in figures)
    state.figures.extend(figures)
    state.figures.extend(_all_of_class(view, index, state.figures))
    told = _told_side(view) if not figures else None
    if told is not None:
        state.attacker, state.attacker_cue = told, Cue(CARRIED)  # "hat ... zahlreiche ukrainische Kampfdrohnen
        # abgeschossen. ... laut Militär elf abgefangene Drohnen": the event a count-less sentence tells
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
    state.classes |= named_classes(view)
    _read_outages(index, view, when, state)


def _stopped_before(fig: Figure, earlier: list[Figure]) -> bool:
    """True for the whole of a part ("15 der 24 Drohnen", "15 of the 24 drones") that restates a count of that class
    said stopped before ("zerstörte ... 24 russische Drohnen"): those weapons, no count of launches."""
    return fig.measure_cue.kind == BASE and any(
        f.value == fig.value and f.weapon == fig.weapon and f.measure in DEFENSIVE and f.role is not Role.DERIVED
        for f in earlier)


def _told_side(view: UnitView) -> str | None:
    """The attacker of a sentence that counts nothing but says who fired weapons and what became of them ("Das
    russische Militär hat ... zahlreiche ukrainische Kampfdrohnen abgeschossen"): it goes on to the counts after it."""
    if weapon_mentions(view) is None or not any(m.has("measure") and "none" not in m.values("measure")
                                                for m in view.matches):
        return None
    return _attacker(view)


def _one_counted_before(fig: Figure, earlier: list[Figure]) -> bool:
    """True when the report counted exactly one weapon of the figure's class before ("with 23 drones along with a
    cruise missile ... destroyed the missile"): "the missile" is that one."""
    launched = [f for f in earlier if f.weapon == fig.weapon and f.measure == "launched" and f.value is not None]
    return bool(launched) and all(f.value == 1 for f in launched)


def _all_of_them(view: UnitView, index: int, earlier: list[Figure]) -> list[Figure]:
    """"Russia launched 10 drones. All of them were shot down.": the sentence right after a count of launches says
    what became of all of them; each launched figure of that sentence gets the same number with this measure."""
    before = [f for f in _tail(earlier, index - 1) if f.unit == index - 1 and f.role is not Role.DERIVED]
    if not before or any(f.measure != "launched" or f.refers or f.value is None for f in before):
        return []
    measure = entirety_sentence(view)
    if measure is None:
        return []
    return [_stopped_all(f, measure, view, index) for f in before]


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
    for weapon, measure, wtype, model in entire_kinds(view):
        if wtype or model:
            out.extend(_all_of_kind(view, index, earlier, weapon, measure, wtype, model))
            continue
        launched = next((f for f in reversed(_tail(earlier, index - 1)) if _launch_count(f, weapon)), None)
        if launched is not None and not any(f.unit == index and f.weapon == weapon and f.measure == measure
                                            for f in _tail(earlier, index)):
            said = [f for f in _tail(earlier, index - 1) if f.unit == launched.unit and _launch_count(f, weapon)]
            # "zwei ballistischen Raketen und fünf Marschflugkörpern ..., darunter alle Raketen und Marschflugkörper":
            # a class counted only by its types was stopped type by type
            typed = said if said and all(f.type or f.model for f in said) else [launched]
            out.extend(_stopped_all(f, measure, view, index) for f in typed)
    return out


def _all_of_kind(view: UnitView, index: int, earlier: list[Figure], weapon: str, measure: str, wtype: str | None,
                 model: str | None) -> list[Figure]:
    """"... чотири БпЛА типу Shahed та п'ять БпЛА невстановленого типу. ... всі БпЛА типу Shahed та один БпЛА
    невстановленого типу було знищено": the launched count of that type or model said last is what was stopped
    of it, unless this sentence counts it."""
    launched = next((f for f in reversed(_tail(earlier, index - 1))
                     if _launch_count(f, weapon) and (f.type, f.model) == (wtype, model)), None)
    if launched is None or any(f.unit == index and f.weapon == weapon and (f.type, f.model) == (wtype, model)
                               and f.measure == measure for f in _tail(earlier, index)):
        return []
    return [_stopped_all(launched, measure, view, index)]


def _launch_count(f: Figure, weapon: str) -> bool:
    """True for a launched count of the class as said (not derived, not a part of weapons named before)."""
    return (f.weapon == weapon and f.measure == "launched" and f.role is not Role.DERIVED and not f.refers
            and f.value is not None)


def _stopped_all(launched: Figure, measure: str, view: UnitView, index: int) -> Figure:
    """The figure that says all of a launched count was stopped, as the unit at index says."""
    return replace(launched, measure=measure, measure_cue=Cue(ENTIRETY, view.span), role=Role.DERIVED, unit=index)


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
    if (fig.refers and not own_whole and not when.stated and key in state.last_when
            and not says_overnight(view, state.dates)):  # not "destroyed 88 of the drones overnight": tonight's
        when, cue = state.last_when[key], Cue(REFERRED)  # "5,812 of the drones": the date of those drones
    clause_when = _clause_when(view, fig, per_clause)
    if clause_when is not None:
        when, cue = clause_when, Cue(CLAUSE)
    state.last_when[key] = when
    if state.main_attack is None and fig.attacker == "RU" and when.night and when.day:
        state.main_attack = when.day
    return replace(fig, when=when, date_cue=cue)


def _read_outages(index: int, view: UnitView, when: When, state: DocumentState) -> None:
    dates = state.dates
    day = when.day if when.stated or state.main_attack is None else state.main_attack
    if when.period:
        day = dates.published  # "досі без тепла після удару ... минулого тижня": as of the report
    state.outages.index = index
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


def _attacker(view: UnitView) -> str | None:
    return unit_attacker(view, foreign_places=over_foreign_place(view), attacked_abroad=attacks_place_abroad(view))


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
