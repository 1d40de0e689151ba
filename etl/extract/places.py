"""Places in a unit: the Ukrainian regions it names (gazetteer, suffixes, misspellings) and places abroad."""

from __future__ import annotations

import functools

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from etl.extract.language import gazetteer, language
from etl.extract.view import UnitView, weaponish

__all__ = ["unit_regions", "regions_with_index", "names_foreign_place", "over_foreign_place", "located_places"]

FUZZY_CUTOFF = 0.9
LIST_REACH = 27  # the most places a list of regions runs over (Ukraine has 27)


def unit_regions(view: UnitView) -> list[str]:
    """The ISO codes of the Ukrainian regions named in a unit, in order (computed once per unit)."""
    return [code for _, code in regions_with_index(view)]


def regions_with_index(view: UnitView) -> list[tuple[int, str]]:
    """(token index, ISO code) of the regions named in a unit (computed once per unit)."""
    if view._regions is None:
        view._regions = _find_places(view)
    return view._regions[0]


def names_foreign_place(view: UnitView) -> bool:
    """True when a unit names a place outside Ukraine's regions (Belgorod, Moskau, Брянщина)."""
    if view._regions is None:
        view._regions = _find_places(view)
    return view._regions[1]


def over_foreign_place(view: UnitView) -> int:
    """How strongly a unit puts something over a foreign place: 2 when something was on its way to one ("as it
    approached Moscow"), 1 when over one ("über dem Gebiet Belgorod", where a launch may also happen), else 0."""
    if view._regions is None:
        view._regions = _find_places(view)
    return view._regions[2]


def attacks_place_abroad(view: UnitView) -> bool:
    """True when a unit names a place abroad as what was attacked, right after a preposition of attacking ("144 дрони
    вдарили по московській області", "Drohnenangriff auf das Gebiet Moskau", "drones attacked on the Moscow region")."""
    if view._regions is None:
        view._regions = _find_places(view)
    return view._regions[4]


def located_places(view: UnitView) -> list[tuple[int, str]]:
    """(token index, place) of the places a unit puts something in or over ("over the Bryansk region", "по
    Волинській області", "im Gebiet Kiew"): a region's code, or the words of a place abroad."""
    if view._regions is None:
        view._regions = _find_places(view)
    return view._regions[3]


def _find_places(view: UnitView) -> tuple[list[tuple[int, str]], bool, int, list[tuple[int, str]]]:
    found: list[tuple[int, str]] = []
    located: list[tuple[int, str]] = []
    covered: set[int] = set(range(view.dateline_end()))
    foreign = False
    over = 0
    attacked_abroad = False
    held = frozenset(gazetteer().get("held_by_russia") or ())
    onto = view.lang.data["text"]["attacks_on"]
    previous = None
    matches = view.place_matches()
    for n, m in enumerate(matches):
        if m.start in covered:
            continue
        covered.update(range(m.start, m.end))
        landmark = (previous is not None and previous.has("near") and m.start - previous.end <= 2
                    and all(view.tokens[k].kind == "word" for k in range(previous.end, m.start)))
        placed = _placed_by(view, previous, m)
        if m.get("region") in held and view.tokens[m.start].depth == 0 and (placed or previous is not None and (
                previous.has("over") and m.start - previous.end <= 2)):
            over = max(over, 1)  # "над Кримом збито 9 БПЛА", "на сході Криму збито": Ukraine's drones
        heading = previous is not None and previous.has("direction") and m.start - previous.end <= 1
        if m.has("region") and _written_as_name(view, m.start) and not landmark and not _source(view, m) and not heading:
            # not "в напрямку Києва", "heading towards Kyiv": where something went, not where it was
            found.append((m.start, m.get("region"), _names_district(view, matches, n)))
            if placed:
                located.append((m.start, m.get("region")))
        if m.has("foreign") and view.tokens[m.start].depth == 0:
            foreign = True
            if previous is not None and m.start - previous.end <= 2:
                over = max(over, 2 if previous.has("toward") else 1 if previous.has("over") else 0)
            if placed and not m.has("country"):
                located.append((m.start, " ".join(view.words[m.start : m.end])))
            if not m.has("country") and _attacked_at(view, m.start, onto):
                attacked_abroad = True  # "вдарили по московській області"
        previous = m
    for i, tok in enumerate(view.tokens):
        if i in covered or tok.kind != "word" or not tok.text[:1].isupper():
            continue
        if view.match_covering(i) is not None:
            continue
        code = _by_suffix(view, tok.norm) or _by_spelling(view, tok.norm)
        if code:
            found.append((i, code, False))
    found = _listed_as_regions(view, matches, found)
    if len({code for _, code, district in found if not district}) >= 1:
        found = [f for f in found if not f[2] or f[1] in {code for _, code, d in found if not d}]
    return sorted((i, code) for i, code, _ in found), foreign, over, located, attacked_abroad


def _attacked_at(view: UnitView, i: int, onto) -> bool:
    """True when a preposition of attacking stands right before the place at token i (articles between), itself
    right after a launch verb or a weapon ("вдарили по московській області", "Drohnen auf Moskau", "launched on the
    Moscow region"; not "pressure on Moscow")."""
    articles = view.lang.data["text"]["articles"]
    k = i - 1
    while k >= 0 and view.words[k] in articles:
        k -= 1
    if k < 1 or view.words[k] not in onto:
        return False
    before = view.match_covering(k - 1)
    return before is not None and (weaponish(before) or "launched" in before.values("measure"))


def _listed_as_regions(view: UnitView, matches: list, found: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """A city that is a region of its own stands for its oblast in a list of places a plural region noun closes or
    opens ("Vinnytsia, Kyiv and Odesa regions", "in den Gebieten Kiew und Sumy"), unless written as a common noun."""
    oblasts = gazetteer()["city_oblasts"]
    if not any(code in oblasts for _, code, _ in found):
        return found
    places = [m for m in matches if m.has("region") or m.has("region_plural")]
    index = {m.start: k for k, m in enumerate(places)}
    out = []
    for i, code, district in found:
        n = index.get(i)
        if code in oblasts and n is not None and view.tokens[i].text[:1].isupper() and (
                _list_closed_by_plural(view, places, n, 1) or _list_closed_by_plural(view, places, n, -1)):
            code = oblasts[code]
        out.append((i, code, district))
    return out


def _list_closed_by_plural(view: UnitView, places: list, n: int, step: int) -> bool:
    """True when the places next to places[n] in direction step, joined by commas and conjunctions ("of", "der"
    too, before the first name), run into a plural region noun."""
    for _ in range(LIST_REACH):
        if not 0 <= n + step < len(places):
            return False
        here, there = places[n], places[n + step]
        gap = range(here.end, there.start) if step > 0 else range(there.end, here.start)
        if not all(_joins_list(view, k, loose=step < 0 and there.has("region_plural")) for k in gap):
            return False
        if there.has("region_plural"):
            return True
        n += step
    return False


def _joins_list(view: UnitView, k: int, loose: bool) -> bool:
    tok = view.tokens[k]
    return tok.norm == "," or _is_conjunction(view, k) or (loose and tok.kind == "word" and len(tok.norm) <= 3
                                                           and tok.text.islower())


def _source(view: UnitView, m) -> bool:
    """True when the capital names who says something, right after an attribution ("1162 Orte laut Kiew ohne
    Strom", "according to Kyiv"): the government, not a place ("за даними Харківської ОВА" stays Kharkiv)."""
    return (m.get("region") == gazetteer().get("government_seat")
            and view.phrase_before(m.start, view.lang.data["text"].get("attribution", ())))


def _placed_by(view: UnitView, previous, m) -> bool:
    """True when a place follows a locating word ("над", "over the", "im"), one unknown word or region noun at most
    between ("над територією Брянської області", "über dem Gebiet Kursk"), not a verb or a date ("Im Gegenzug
    attackierte Russland")."""
    if previous is None or not (previous.has("located") or previous.has("over")) or m.start - previous.end > 1:
        return False
    return all(view.tokens[k].kind == "word" and (view.match_covering(k) is None or _region_noun(view, k))
               for k in range(previous.end, m.start))


def _region_noun(view: UnitView, k: int) -> bool:
    """True for the region noun before a name ("über dem Gebiet Kursk", "im Gebiet Brjansk")."""
    m = view.match_covering(k)
    return m is not None and m.has("back_ref")


def _names_district(view: UnitView, matches: list, n: int) -> bool:
    """True when a region word names a district ("Київського та Салтівського районів"), not when a district
    word of another place follows ("частина Києва та окремі громади Харківщини")."""
    end = matches[n].end
    for m in matches[n + 1 : n + 3]:
        if m.start - end > 2:
            return False  # not next to it: "В Одесі ... частина Київського районів" names Odesa itself
        if m.has("district"):
            between = range(end, m.start)
            return all(view.tokens[k].text[:1].isupper() or _is_conjunction(view, k) for k in between)
        if not m.has("region"):
            return False
        end = m.end
    return False


def _is_conjunction(view: UnitView, k: int) -> bool:
    m = view.match_covering(k)
    return m is not None and m.has("conjunctions")


def _written_as_name(view: UnitView, i: int) -> bool:
    """True when the place word at token i is capitalised, or a common noun for a place ("the capital")."""
    word = view.tokens[i]
    return word.text[:1].isupper() or bool(view.lang.common_nouns.find([word.norm]))


def _by_suffix(view: UnitView, word: str) -> str | None:
    for suffix in view.lang.suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            m = view.lang.places.find([word[: -len(suffix)]])
            if m and m[0].has("region"):
                return m[0].get("region")
    return None


def _by_spelling(view: UnitView, word: str) -> str | None:
    """A misspelt region name ("Ternipol"): a close match among the language's single-word forms."""
    if len(word) < 5:
        return None
    return _closest_place(view.lang.code, word)


@functools.lru_cache(maxsize=65536)
def _closest_place(code: str, word: str) -> str | None:
    place_forms = language(code).place_forms
    forms = [f for f, _ in place_forms if f[0] == word[0] and abs(len(f) - len(word)) <= 2]
    if not forms:
        return None
    best = process.extractOne(word, forms, scorer=JaroWinkler.normalized_similarity, score_cutoff=FUZZY_CUTOFF)
    if best is None:
        return None
    return dict(place_forms)[best[0]]
