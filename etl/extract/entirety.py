"""What became of all the weapons a text counts, said without a number of its own: "5 missiles, all of which were
shot down", "All of them were destroyed", "All missiles and 288 drones were shot down", "darunter alle Raketen",
'Marschflugkörper ... "alle abgefangen"', "launched 16 drones and that air defences destroyed all of them". Each
reading returns the way of stopping (refined as measures.refine does) and leaves the figures to its callers."""

from __future__ import annotations

from etl.extract.clauses import ClauseMap as Clauses
from etl.extract.clauses import clause_map
from etl.extract.measures import refine
from etl.extract.phrases import weapon_phrase
from etl.extract.view import UnitView
from etl.lexicon import weapon_types
from etl.model import DEFENSIVE

__all__ = ["entirety_after", "entirety_sentence", "entire_classes", "entire_kinds", "all_stopped"]


def entirety_after(clauses: Clauses, end: int) -> str | None:
    """The measure of a clause that opens with "all" right after a count ("5 missiles, all of which were shot
    down", "5 Raketen, alle wurden abgefangen", "5 ракет – усі збито"), when it gives no number of its own."""
    view = clauses.view
    first = _joined_entirety(view, end)  # "40 drones toward the Kyiv region and that all of them were destroyed"
    stopped = _joined_stopped_all(view, end) if first is None else None
    if stopped is not None:
        return stopped  # "... 16 drones overnight and that Ukrainian air defenses destroyed all of them"
    if first is None:
        end = clauses.next_break(end)  # "5 Raketen ab, alle ...", "four ATACMS missiles at Belgorod, all of which ..."
        if end >= len(view.tokens) - 1 or view.number_at(end) is not None:
            return None
        first = end + 1
    found = view.lang.entirety.find(view.words[first : first + 5])
    if not found or found[0].start != 0:
        return None
    start = first + found[0].end
    hi = clauses.bounds(start, start)[1]
    if any(start <= n.start < hi for n in view.numbers):
        return None
    cue = next((m for m in view.tagged("measure") if start <= m.start < hi), None)
    return refine(view, cue, start, hi) if cue is not None else None


def entirety_sentence(view: UnitView) -> str | None:
    """The measure of a sentence that says what became of all the weapons counted just before it, with no number
    of its own ("All of them were shot down.", "Усі вдалося знешкодити.", "Alle wurden abgefangen."): a way of
    stopping said in the clause that opens with "all" (one word before it at most: "And all were downed")."""
    if view.numbers:
        return None
    found = view.lang.entirety.find(view.words[:6])
    if entire_classes(view):
        return None  # "All missiles were shot down": only that class (entire_classes)
    if not found or found[0].start > 1:
        return _all_as_object(view)
    lo = found[0].end
    hi = clause_map(view).bounds(lo, lo)[1]
    return _stopping_after(view, lo, lo, hi)


OBJECT_REACH = 2  # tokens between a stopping verb and the "all" it takes ("intercepted them all", "їх усі збила")


def _all_as_object(view: UnitView) -> str | None:
    """The way of stopping of a verb whose object is "all" with no weapon after it ("Russian air defences destroyed
    all of them", "Die russische Luftabwehr habe alle abgefangen", "fing alle ab", "Російська ППО збила всі"): all
    the weapons counted just before (not "fast alle", "almost all")."""
    clauses = clause_map(view)
    for m in view.lang.entirety.find(view.words):
        before = view.match_covering(m.start - 1) if m.start else None
        if before is not None and before.end == m.start and before.has("qual"):
            continue  # "almost all"
        if weapon_phrase(view, m.end) is not None:
            continue  # "all Russian drones": a class (all_stopped, entire_classes)
        lo, hi = clauses.bounds(m.start)
        verbs = [c for c in view.tagged("measure") if lo <= c.start and (
            m.start - OBJECT_REACH <= c.end <= m.start or m.end <= c.start <= m.end + OBJECT_REACH) and c.end <= hi]
        measure = next((refine(view, c, lo, hi) for c in verbs), None)
        if measure in DEFENSIVE:
            return measure
    return None


ALL_STOPPED_REACH = 3  # tokens between "all" and the way of stopping it goes with ("alle abgefangen", "shot down all")


def all_stopped(view: UnitView) -> tuple[str, str] | None:
    """(class, way of stopping) of a sentence with no number that says all the weapons of the one class it names
    were stopped: 'Russland feuert erneut Marschflugkörper auf Ukraine ab - "alle abgefangen"', "Ukraine says it
    shot down all Russian drones", "Усі ворожі ракети збито" (not "almost all")."""
    if view.numbers:
        return None
    type_class = weapon_types()
    classes = ({c for m in view.tagged("class") for c in m.values("class")}
               | {type_class[t] for m in view.tagged("type") for t in m.values("type")}) - {"any"}
    if len(classes) != 1:
        return None
    clauses = clause_map(view)
    for m in view.matches:
        if not (m.has("all_of") or m.has("entirety")):
            continue
        before = view.match_covering(m.start - 1) if m.start else None
        if before is not None and before.end == m.start and before.has("qual"):
            continue  # "fast alle", "almost all"
        lo, hi = clauses.bounds(m.start)
        near = [c for c in view.tagged_in("measure", max(lo, m.start - ALL_STOPPED_REACH), min(hi, m.end + ALL_STOPPED_REACH + 2))]
        measure = next((refine(view, c, lo, hi) for c in near), None)
        if measure in DEFENSIVE:
            return next(iter(classes)), measure
    return None


def entire_classes(view: UnitView) -> list[tuple[str, str]]:
    """(class, way of stopping) for each "all" before weapons of a class with no number, in a clause that says
    they were stopped: "All missiles and 288 drones were shot down or neutralized", "Alle Raketen wurden
    abgefangen", "Усі ракети збито" (what was launched of that class, all of it)."""
    return [(weapon, measure) for weapon, measure, wtype, model in entire_kinds(view) if not wtype and not model]


def entire_kinds(view: UnitView) -> list[tuple[str, str, str | None, str | None]]:
    """(class, way of stopping, type, model) for each "all" before weapons with no number in a clause that says
    they were stopped, a class ("All missiles ... were shot down") or a type or model of it ("всі БпЛА типу Shahed
    та один БпЛА невстановленого типу було знищено", "all the Shahed drones")."""
    clauses = clause_map(view)
    out: list[tuple[str, str, str | None, str | None]] = []
    for m in view.lang.entirety.find(view.words):
        if view.number_at(m.end) is not None or m.start > 0 and view.number_at(m.start - 1) is not None:
            continue  # "all 14 drones", "14, all of which": counted
        phrase = weapon_phrase(view, m.end)
        if phrase is None or phrase.weapon is None or phrase.refers:
            continue
        lo, hi = clauses.bounds(m.start)
        measure = (_stopping_after(view, phrase.end, lo, hi) or _included_in_stopped(view, m.start)
                   or (_stopping_before(view, lo, m.start) if phrase.type or phrase.model else None))
        if measure is not None:
            out.append((phrase.weapon, measure, phrase.type, phrase.model))
    return out


def _included_in_stopped(view: UnitView, start: int) -> str | None:
    """The way of stopping of the count that "all" is included in ("284 Angriffsobjekte unschädlich gemacht,
    darunter alle Raketen", "including all the missiles", "у тому числі всі ракети"): the last one said before."""
    inclusion = view.match_covering(start - 1) if start > 0 else None
    if inclusion is None or inclusion.end != start or not inclusion.has("inclusion"):
        return None
    cue = next((c for c in reversed(view.tagged("measure")) if c.end <= inclusion.start), None)
    measure = refine(view, cue, 0, inclusion.start) if cue is not None else None
    return measure if measure in DEFENSIVE else None


def _stopping_before(view: UnitView, lo: int, start: int) -> str | None:
    """The way of stopping of a verb right before "all" and a type in its clause ("Air defence destroyed all the
    Shahed drones", "Die Flugabwehr zerstörte alle Drohnen vom Typ Shahed"): its object is all of them (not for a
    class: "нібито знищення всіх дронів" is a claim its breakdown follows)."""
    cue = next((m for m in reversed(view.tagged("measure")) if lo <= m.start and m.end == start), None)
    measure = refine(view, cue, lo, start) if cue is not None else None
    return measure if measure in DEFENSIVE else None


def _stopping_after(view: UnitView, start: int, lo: int, hi: int) -> str | None:
    """The way of stopping that the first measure word in [start, hi) of the clause [lo, hi) says, or None."""
    cue = next((m for m in view.tagged("measure") if start <= m.start < hi), None)
    measure = refine(view, cue, lo, hi) if cue is not None else None
    return measure if measure in DEFENSIVE else None


ENTIRETY_REACH = 8  # tokens after a count in which "and that all of them ..." may follow it


JOINED_SUBJECT_REACH = 6  # tokens of a joined clause's subject before its "destroyed all of them"


def _joining_conjunction(view: UnitView, end: int):
    """The "and" that joins a clause to a count ending at token end, a few words on with no number between."""
    for k in range(end, min(end + ENTIRETY_REACH, len(view.tokens))):
        if view.number_at(k) is not None:
            return None
        m = view.match_at(k)
        if m is not None and m.has("conjunctions"):
            return m
    return None


def _entirety_end(view: UnitView, k: int) -> int | None:
    """Where an "all of them" that starts at token k ends, or None."""
    found = view.lang.entirety.find(view.words[k : k + 5])
    return k + found[0].end if found and found[0].start == 0 else None


def _joined_stopped_all(view: UnitView, end: int) -> str | None:
    """The way of stopping of a clause joined to the count's by "and (that)" whose verb takes "all of them" as its
    object, with no number between ("launched 16 drones overnight and that Ukrainian air defenses destroyed all of
    them", "und die Flugabwehr habe alle davon abgeschossen")."""
    m = _joining_conjunction(view, end)
    if m is None:
        return None
    hi = min(m.end + JOINED_SUBJECT_REACH + 3, len(view.tokens))
    for j in range(m.end, hi):
        if view.number_at(j) is not None or view.tokens[j].norm in (",", ";", "."):
            return None
        ahead = _entirety_end(view, j)
        if ahead is not None:  # verb-final: "und die Flugabwehr habe alle davon abgeschossen"
            cue = next(iter(view.tagged_in("measure", ahead, ahead + 3)), None)
        else:
            cue = view.match_at(j)
            if cue is None or not cue.has("measure"):
                continue
            if _entirety_end(view, cue.end) is None:
                return None
        measure = refine(view, cue, m.end, hi) if cue is not None else None
        return measure if measure in DEFENSIVE else None
    return None


def _joined_entirety(view: UnitView, end: int) -> int | None:
    """Where "all" starts in a clause joined to the count's by "and (that)" a few words on, with no number
    between ("Russia sent 40 drones toward the Kyiv region and that all of them were destroyed")."""
    m = _joining_conjunction(view, end)
    if m is None:
        return None
    nxt = view.match_at(m.end)
    first = nxt.end if nxt is not None and nxt.has("relative") and not nxt.has("entirety") else m.end
    return first if _entirety_end(view, first) is not None else None
