"""Spec decision 6 over a whole report: a figure for one region or city of a night is a part of the night when the
report also counts the night with no place."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from operator import attrgetter, itemgetter

from etl.extract.clauses import clause_map
from etl.extract.figure import BASE, Figure, Role
from etl.extract.outages import counted_before
from etl.extract.places import located_places, regions_with_index
from etl.extract.quotes import quotation_close
from etl.extract.view import UnitView
from etl.lexicon import gazetteer
from etl.model import DEFENSIVE

__all__ = ["regional_parts"]


def regional_parts(views: list[UnitView], figures: list[Figure]) -> list[Figure]:
    """Spec decision 6: a figure for one region or city ("12 of them over the Kyiv region", "Ще 20 ... над
    Московською областю", "випустили по Волинській області 22") is a part of the night when the report also
    gives a larger count of that night, side and class with no place; such parts are marked REGIONAL and make
    no row. A report that gives only regional figures keeps them as the night's ("випустив по Одещині до 30 ...
    знищено 21"). A further count with a place after another count with places is one more part of a list
    ("59 over Kursk, Belgorod and Voronezh and a further six over the Sea of Azov") and still adds up. A part of a
    regional part ("one of them") is regional too."""
    where = [_places_of(views[f.unit], f) if f.measure != "hit" and f.list_header is None else None for f in figures]
    out = list(figures)
    by_key: dict[tuple, list[int]] = {}  # the figures of each night, side and class, in order
    largest_unplaced: dict[tuple, int] = {}  # the largest of them that names no place
    unplaced: dict[tuple, list[tuple[int, int]]] = {}  # (value, sentence) of each figure that names no place
    placed_units = {f.unit for k, f in enumerate(figures) if where[k]}
    for k, f in enumerate(figures):
        key = (f.when.key, f.attacker, f.weapon)
        by_key.setdefault(key, []).append(k)
        if not where[k] and not (f.role is Role.FURTHER and f.unit in placed_units):
            # "на сході Криму збито 9 БПЛА, ще 19 – придушено": the further count is in the same place
            largest_unplaced[key] = max(largest_unplaced.get(key, 0), f.value or 0)
            unplaced.setdefault(key, []).append((f.value or 0, f.unit))
    for n, fig in enumerate(figures):
        key = (fig.when.key, fig.attacker, fig.weapon)
        anchor_at = _before(by_key[key], n) if fig.role is Role.FURTHER else None
        if where[n] is None and fig.role is Role.FURTHER and _over_unnamed_regions(views[fig.unit], fig):
            if anchor_at is not None and out[anchor_at].role is Role.REGIONAL:
                out[n] = replace(fig, role=Role.REGIONAL)  # "20 over Moscow, ... and 25 more across 5 other regions"
            continue
        if _distributive(views[fig.unit], fig) and largest_unplaced.get(key, 0) > (fig.value or 0):
            out[n] = replace(fig, role=Role.REGIONAL)  # "по 4 ... над X, Y і Z": so many in each place
            continue
        if (where[n] is None and not fig.refers and fig.list_header is None and _regional_speaker(views, fig)
                and any(v > (fig.value or 0) and u != fig.unit and _national(views[u]) for v, u in unplaced.get(key, ()))):
            out[n] = replace(fig, role=Role.REGIONAL)  # "За його словами, ... ППО знищили 11": the region's own count
            continue
        whole_at = _before(by_key[key], n) if fig.refers else None
        if whole_at is not None and figures[whole_at].unit == fig.unit and out[whole_at].role is Role.REGIONAL:
            out[n] = replace(fig, role=Role.REGIONAL)  # "2 over the Moscow region (one of them flying at Moscow)"
            continue
        if where[n] is None or len(where[n]) != 1:
            continue
        if fig.role is Role.FURTHER:
            if anchor_at is None:
                continue
            if where[anchor_at]:  # one more part of a list of places: a part as its anchor is, else it adds up
                if out[anchor_at].role is not Role.REGIONAL:
                    continue
            elif not (figures[anchor_at].value or 0) > (fig.value or 0):
                continue
        elif not largest_unplaced.get(key, 0) > (fig.value or 0):
            continue
        out[n] = replace(fig, role=Role.REGIONAL)
    out = _parts_of_regional_wholes(out)
    out = _region_reports(views, out, where)
    return _place_lists(views, figures, out, where)


def _parts_of_regional_wholes(figures: list[Figure]) -> list[Figure]:
    """A part said before its whole ("37 of 40 missiles fired at the capital were intercepted", "37 із 40 ракет,
    випущених по столиці") is regional when its whole is: the next figure of its sentence, night, side and class,
    the whole of a part (its measure cue BASE)."""
    out = list(figures)
    for n, fig in enumerate(figures[:-1]):
        whole = figures[n + 1]
        if (fig.role is not Role.STATED or whole.role is not Role.REGIONAL or whole.unit != fig.unit
                or whole.measure_cue.kind != BASE
                or (whole.when.key, whole.attacker, whole.weapon) != (fig.when.key, fig.attacker, fig.weapon)):
            continue
        out[n] = replace(fig, role=Role.REGIONAL)
    return out


LEAD_UNITS = 3  # the title and the first sentences that say what region a report is about


def _region_reports(views: list[UnitView], figures: list[Figure], where: list) -> list[Figure]:
    """A report about one region (its lead names that region and no other) that recalls the night's count for the
    whole country ("Нагадаємо, вночі по Україні запустили понад сотню БПЛА", "As a reminder, Russia launched 78
    drones at Ukraine overnight") gives its other counts with no place for that region: they are its part of the
    night ("а ЗСУ знищили 12 БпЛА" in a Cherkasy post)."""
    lead = [v for v in views[:LEAD_UNITS]]
    regions = {r for v in lead for k, r in regions_with_index(v) if k < _said_at(v)}
    if len(regions) != 1:
        return figures
    country = [f for k, f in enumerate(figures) if not where[k] and views[f.unit].tagged("whole_country")
               and views[f.unit].tagged("reminder") and f.role is not Role.REGIONAL]
    out = list(figures)
    for k, f in enumerate(figures):
        if where[k] or f.role is Role.REGIONAL or f.refers or views[f.unit].tagged("whole_country"):
            continue
        if any(c.when.key == f.when.key and c.attacker == f.attacker and c.weapon == f.weapon
               and (c.value or 0) > (f.value or 0) for c in country):
            out[k] = replace(f, role=Role.REGIONAL)
    return out


def _said_at(view: UnitView) -> int:
    """Where a unit's first speech verb stands (its length when it has none): the places after it name the source
    ("Про це пише Рівне Онлайн з посиланням на ... Черкаської ОВА"), not what the report is about."""
    return min((m.start for m in view.tagged("speech")), default=len(view.tokens))


def _place_lists(views: list[UnitView], figures: list[Figure], marked: list[Figure], where: list) -> list[Figure]:
    """One sentence that counts a way of stopping place by place and gives no count of it with no place ("72 drones
    over the Bryansk region, 20 over Moscow, 14 over Kursk, and 25 more across 5 other regions"): its parts add up to
    that measure's count of the night (spec decision 6, a report that gives only regional figures), kept as one sum;
    the parts stay parts."""
    groups: dict[tuple, list[int]] = {}
    for k, f in enumerate(figures):
        groups.setdefault((f.when.key, f.attacker, f.weapon, f.measure), []).append(k)
    out = list(marked)
    for (_, _, _, measure), members in groups.items():
        if measure not in DEFENSIVE:
            continue
        placed = [k for k in members if where[k] and len(where[k]) == 1 or figures[k].role is Role.FURTHER]
        units = {figures[k].unit for k in placed}
        places = {next(iter(where[k])) for k in placed if where[k]}
        said = {figures[k].value for k in placed}
        if any(k not in placed and figures[k].role is not Role.DERIVED
               and not (len(units) > 1 and figures[k].value in said and not views[figures[k].unit].heading)
               for k in members):
            continue  # a count of that measure said with no place: the night's, the places are parts of it (not a
            # quote restating one region's count: '"Seven ... drones were shot down this night in Rylsky ..."')
        if len(units) > 1 and len(places) >= 2:
            if not all(_names_a_region(views[figures[k].unit], figures[k]) for k in placed):
                continue  # "Das Verteidigungsministerium in Moskau meldete ... 86 Drohnen": a seat, no region's count
            placed = _one_per_place(figures, placed, where)  # the counts of several officials, a sentence each
        elif len(units) != 1 or len(places) < 2 or len(placed) < 3:
            continue
        if not placed:
            continue
        parts = tuple(figures[k] for k in placed)
        first = parts[0]
        out.append(replace(first, value=sum(f.value or 0 for f in parts), role=Role.SUM, parts=parts, refers=False,
                           qualifier="exact" if all(f.qualifier == "exact" for f in parts) else "approx"))
        for k in placed:
            out[k] = replace(figures[k], role=Role.REGIONAL)
    return out


def _names_a_region(view: UnitView, fig: Figure) -> bool:
    """True when the clause of a figure says its place is a region ("in the Kursk Region", "über dem Gebiet Brjansk",
    "над Брянською областю": gazetteer region_nouns)."""
    bounds = _clause_of(view, fig)
    nouns = frozenset(gazetteer()["region_nouns"][view.lang.code])
    return bounds is not None and any(w in nouns for w in view.words[bounds[0]:bounds[1]])


def _one_per_place(figures: list[Figure], placed: list[int], where: list) -> list[int]:
    """The parts of a night said region by region in sentences of their own, with no count of the whole ("seven
    drones were shot down in the Kursk Region ... One Ukrainian drone was downed in the Bryansk Region ... Three other
    UAVs were shot down over the Oryol Region"): one count per region, the largest where a region's count is said
    again (a governor's quote restating it); empty when a part has no one region of its own."""
    best: dict[str, int] = {}
    for k in placed:
        if not where[k] or len(where[k]) != 1:
            return []
        place = next(iter(where[k]))
        if place not in best or (figures[k].value or 0) > (figures[best[place]].value or 0):
            best[place] = k
    return sorted(best.values())


def _regional_speaker(views: list[UnitView], fig: Figure) -> bool:
    """True when a regional official says the figure: in its own sentence ("the governor said two missiles were
    shot down"), or the sentence before names one and this one, or the start of its paragraph, goes on with their
    words ("За його словами, ...", "Пізніше він уточнив, що було збито дві ракети")."""
    view = views[fig.unit]
    if view.tagged("regional_official") or _quoted_from_official(views, fig.unit) or _attributed_after(views, fig.unit):
        return True
    k = fig.unit  # a paragraph that opens with the speaker's words goes on with them
    while k > 0 and not views[k].tagged("speaker_again") and views[k - 1].unit.paragraph == view.unit.paragraph:
        k -= 1
    return k > 0 and bool(views[k].tagged("speaker_again")) and bool(views[k - 1].tagged("regional_official"))


def _quoted_from_official(views: list[UnitView], unit: int) -> bool:
    """True when the sentence stands in a quotation that a regional official's attribution closes ('"Сили ППО
    збили ракету у Кременчуцькому районі. Віримо у ЗСУ", - повідомив голова ОВА', '"...," the governor said')."""
    close = quotation_close(views, unit)
    closing = views[close[0]] if close is not None else None
    return closing is not None and bool(closing.tagged("regional_official")) and bool(closing.tagged("speech"))


def _attributed_after(views: list[UnitView], unit: int) -> bool:
    """True when the next sentence names a regional official as who said this one ("... майже два десятки ударних
    БПЛА, якими РФ намагалася атакувати Київ." then "Про це повідомляє КМВА.", "This was reported by the governor")."""
    if unit + 1 >= len(views):
        return False
    nxt = views[unit + 1]
    return (nxt.phrase_at(0, nxt.lang.data["text"]["reported_before"]) is not None
            and bool(nxt.tagged("regional_official")))


def _national(view: UnitView) -> bool:
    """True when a sentence names no place and no regional official: its counts are the country's. Places in a
    clause that gives a part ("111 drones over several regions, including 19 over the Moscow region") are the
    part's."""
    if view.tagged("regional_official"):
        return False
    cut = next((m.start for m in view.tagged("inclusion")), len(view.tokens))
    return not any(k < cut for k, _ in located_places(view) + regions_with_index(view))


def _distributive(view: UnitView, fig: Figure) -> bool:
    """True when a count is so many in each of the places its clause names ("по 4 безпілотники ... над Азовським
    морем, Краснодарським краєм і Рязанською областю", "je vier Drohnen über ...")."""
    first = view.token_at_char(fig.span[0])
    before = view.match_covering(first - 1) if first else None
    return before is not None and before.end == first and before.has("distributive")


def _before(same: list[int], n: int) -> int | None:
    """The figure of the same night, side and class said just before figure n (its anchor), if any."""
    k = bisect_left(same, n)
    return same[k - 1] if k else None


def _places_of(view: UnitView, fig: Figure) -> set[str] | None:
    """The places the clause of a figure names (with any list of places running on from it); None when it puts
    the figure in none, or in regions it does not name."""
    bounds = _clause_of(view, fig)
    if bounds is None:
        return None
    lo, hi = bounds
    located = {place for _, place in _between(located_places(view), lo, hi)}
    if not located or _unnamed_regions(view, lo, hi):
        return None  # "über einem Dutzend Regionen des Landes sowie über der Hauptstadt Kiew": all over
    hi = _place_list_end(view, hi)  # "у Полтавській, Сумській ... та Черкаській областях": one list
    return located | {code for _, code in _between(regions_with_index(view), lo, hi)}


def _over_unnamed_regions(view: UnitView, fig: Figure) -> bool:
    """True when the clause of a figure puts it over regions it counts and does not name ("across 5 other regions")."""
    bounds = _clause_of(view, fig)
    return bounds is not None and _unnamed_regions(view, *bounds)


def _clause_of(view: UnitView, fig: Figure) -> tuple[int, int] | None:
    """The token bounds of the clause a figure's number stands in."""
    first = view.token_at_char(fig.span[0])
    return None if first is None else clause_map(view).bounds(first)


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
