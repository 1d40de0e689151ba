"""Units -> outage claims: which regions lost power, heating or water, and how much of them."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from etl.extract.language import language
from etl.extract.view import UnitView
from etl.model import OutageClaim, Span

__all__ = ["OutageState", "unit_regions", "names_foreign_place", "over_foreign_place", "unit_outages"]

FUZZY_CUTOFF = 0.9


@dataclass
class OutageState:
    """What earlier units said: the units of the paragraph, the title, the last outage."""

    paragraph: int = -1
    views: list[UnitView] = field(default_factory=list)  # earlier units of the paragraph
    kind: str | None = None
    title: UnitView | None = None
    lead: UnitView | None = None  # the first unit of the report
    last_claims: list[OutageClaim] = field(default_factory=list)

    def earlier_regions(self) -> list[str]:
        """The regions of the last earlier unit of the paragraph that names any, else the title's one."""
        for view in reversed(self.views):
            found = unit_regions(view)
            if found:
                return found
            if names_foreign_place(view):
                return []  # the place named last is abroad
        for top in (self.title, self.lead):
            found = unit_regions(top) if top is not None else []
            if len(found) == 1:
                return found
        return []


def unit_regions(view: UnitView) -> list[str]:
    """The ISO codes of the Ukrainian regions named in a unit, in order (computed once per unit)."""
    return [code for _, code in _regions_with_index(view)]


def _regions_with_index(view: UnitView) -> list[tuple[int, str]]:
    if view._regions is None:
        view._regions = _find_places(view)
    return view._regions[0]


def names_foreign_place(view: UnitView) -> bool:
    """True when a unit names a place outside Ukraine's regions (Belgorod, Moskau, Брянщина)."""
    if view._regions is None:
        view._regions = _find_places(view)
    return view._regions[1]


def over_foreign_place(view: UnitView) -> bool:
    """True when a unit says something happened over a foreign place ("über dem Gebiet Belgorod")."""
    if view._regions is None:
        view._regions = _find_places(view)
    return view._regions[2]


def _find_places(view: UnitView) -> tuple[list[tuple[int, str]], bool, bool]:
    lang = view.lang
    found: list[tuple[int, str]] = []
    covered: set[int] = set(range(view.dateline_end()))
    foreign = over = False
    previous = None
    matches = lang.places.find(view.words)
    for n, m in enumerate(matches):
        if m.start in covered:
            continue
        covered.update(range(m.start, m.end))
        landmark = (previous is not None and previous.has("near") and m.start - previous.end <= 2
                    and all(view.tokens[k].kind == "word" for k in range(previous.end, m.start)))
        if m.has("region") and _written_as_name(view, m.start) and not landmark:
            found.append((m.start, m.get("region"), _names_district(matches, n)))
        if m.has("foreign") and view.tokens[m.start].depth == 0:
            foreign = True
            over = over or (previous is not None and previous.has("over") and m.start - previous.end <= 2)
        previous = m
    for i, tok in enumerate(view.tokens):
        if i in covered or tok.kind != "word" or not tok.text[:1].isupper():
            continue
        if view.match_covering(i) is not None:
            continue
        code = _by_suffix(view, tok.norm) or _by_spelling(view, tok.norm)
        if code:
            found.append((i, code, False))
    if len({code for _, code, district in found if not district}) >= 1:
        found = [f for f in found if not f[2] or f[1] in {code for _, code, d in found if not d}]
    return sorted((i, code) for i, code, _ in found), foreign, over


def _names_district(matches: list, n: int) -> bool:
    """True when a region word names a district ("Київського та Салтівського районів")."""
    end = matches[n].end
    for m in matches[n + 1 : n + 3]:
        if m.start - end > 2:
            return False  # not next to it: "В Одесі ... частина Київського районів" names Odesa itself
        if m.has("district"):
            return True
        if not m.has("region"):
            return False
        end = m.end
    return False


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


def unit_outages(view: UnitView, day: date | None, state: OutageState) -> list[OutageClaim]:
    """The outage claims of one unit; a unit naming no region refers to the region named just before.

    Kinds and regions pair up clause by clause ("Zhytomyr fully without power, in Kyiv problems
    with water"): a clause with an outage word takes its own regions, those of an enumeration
    next to it ("die Gebiete Charkiw, Chmelnyzkyj und Iwano-Frankiwsk"), else those of the nearest
    clause before it, else those of the units before. A clause that denies or forecasts an
    outage ("supply was not interrupted", "schedules will apply tomorrow") gives none.
    """
    if view.unit.paragraph != state.paragraph:
        state.paragraph, state.views, state.kind, state.last_claims = view.unit.paragraph, [], None, []
    if view.unit.title or state.lead is None:
        state.lead = state.lead or view
        if view.unit.title:
            state.title = view
    if not _mentions_outage(view) and not state.last_claims:
        state.views.append(view)
        return []
    clauses = [_Clause(view, lo, hi) for lo, hi in _clauses(view)]
    inherit = state.kind is not None and any(c.disrupted and c.extent for c in clauses)
    if not any(c.kinds for c in clauses) and not inherit and not (state.last_claims and any(c.extent for c in clauses)):
        state.views.append(view)  # nothing about outages here; its places are looked up only if needed
        return []
    for c in clauses:
        c.locate(view)
    claims: list[OutageClaim] = []
    span = Span(*view.span)
    previous_regions: list[str] = []
    for k, c in enumerate(clauses):
        if c.regions and not c.kinds:
            previous_regions = c.regions
        if c.disrupted and not c.kinds and state.kind and (c.extent or _neighbour_extent(clauses, k)):
            c.kinds = [state.kind]  # "40% of consumers were cut off"
        if not c.kinds or c.blocked:
            continue
        regions = c.regions + _enumeration(clauses, k) or previous_regions
        if not regions:
            # not from the title itself: its other clause names another place ("X без світла, у Херсоні ...")
            regions = [] if names_foreign_place(view) or view is state.title else state.earlier_regions()
        extent = c.extent or _neighbour_extent(clauses, k)
        for region in regions:
            for kind in c.kinds:
                if not any(o.region == region and o.kind == kind for o in claims):
                    claims.append(OutageClaim(region=region, date=day, extent=extent, kind=kind, evidence=[span]))
        state.kind = c.kinds[0]  # "відключення торкнулися 40%" after "без світла та води": power
        if c.regions and not names_foreign_place(view):
            previous_regions = c.regions  # "у Кривому Розі знеструмлено ...; ... частина міста без води"
    extent_only = next((c.extent for c in clauses if c.extent and not c.kinds), None)
    if not claims and extent_only and state.last_claims and not unit_regions(view):
        # "Betroffen seien 30.000 Kunden in mehreren Gemeinden": the extent of the outage just named
        for o in state.last_claims:
            o.extent = o.extent or extent_only
    state.views.append(view)
    if claims:
        state.last_claims = claims
    return claims


_OUTAGE_TAGS = ("outage", "util", "disrupt", "util_any")


def _mentions_outage(view: UnitView) -> bool:
    """True when a unit has any outage word at all (most sentences have none)."""
    return any(view.tagged(kind) for kind in _OUTAGE_TAGS)


def _clauses(view: UnitView) -> list[tuple[int, int]]:
    """Token ranges between commas, semicolons, colons and dashes (not the commas of a list of
    utilities: "ohne Strom, Wasser und Heizung")."""
    breaks = view.lang.data["outages"]["clause_breaks"]  # single words, looked up only here
    cuts = [k for k, t in enumerate(view.tokens) if t.norm in (",", ";", ":", "–", "—") and t.depth == 0
            and not (t.norm == "," and _utility_list(view, k))]
    cuts += [k for k, w in enumerate(view.words) if w in breaks and k > 0 and k not in cuts]
    cuts.sort()
    bounds = [0, *[c + 1 for c in cuts], len(view.tokens) + 1]
    return [(lo, hi - 1) for lo, hi in zip(bounds, bounds[1:], strict=False) if hi - 1 > lo]


def _utility_list(view: UnitView, k: int) -> bool:
    """True when the comma at token k stands between two utilities ("Strom, Wasser", "power, water")."""
    before, after = view.match_covering(k - 1), view.match_at(k + 1)
    return all(m is not None and (m.has("util") or m.has("outage")) for m in (before, after))


class _Clause:
    """One clause of a unit, as outage words see it."""

    def __init__(self, view: UnitView, lo: int, hi: int):
        self.lo, self.hi = lo, hi
        self.kinds, self.disrupted, self.extent, self.blocked = _outage_words(view, lo, hi)
        self.regions: list[str] = []
        self.only_places = False

    def locate(self, view: UnitView) -> None:
        """Look up the clause's places (done only for units that talk about outages)."""
        self.regions = [c for i, c in _regions_with_index(view) if self.lo <= i < self.hi]
        self.only_places = _only_places(view, self.lo, self.hi)


def _enumeration(clauses: list[_Clause], k: int) -> list[str]:
    """Regions of the neighbouring clauses that are nothing but a list of places."""
    found: list[str] = []
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(clauses) and clauses[j].only_places and not clauses[j].kinds:
            found += clauses[j].regions
            j += step
    return found


def _neighbour_extent(clauses: list[_Clause], k: int) -> str | None:
    """The extent said in the clause just before ("У Запоріжжі половина міста – без тепла")."""
    return clauses[k - 1].extent if k > 0 and not clauses[k - 1].kinds else None


def _only_places(view: UnitView, lo: int, hi: int) -> bool:
    """True when a clause holds places and little else ("Chmelnyzkyj und Iwano-Frankiwsk")."""
    places = {i for i, _ in _regions_with_index(view)}
    words = [k for k in range(lo, hi) if view.tokens[k].kind == "word"]
    if not any(k in places for k in words):
        return False
    other = [k for k in words if k not in places and len(view.tokens[k].norm) > 3
             and not (view.match_covering(k) and view.match_covering(k).has("conjunctions"))]
    return len(other) <= 1


def _outage_words(view: UnitView, lo: int, hi: int) -> tuple[list[str], bool, str | None, bool]:
    """Outage kinds, whether something was cut, the extent, and whether the clause denies it, in [lo, hi)."""
    kinds: list[str] = []
    utilities: list[str] = []
    disrupted = blocked = False
    extent = None
    for m in view.matches:
        if not lo <= m.start < hi:
            continue
        blocked = blocked or m.has("blocker")
        if m.has("facility"):
            continue
        for k in m.values("outage"):
            if k not in kinds:
                kinds.append(k)
        utilities.extend(k for k in m.values("util") if k not in utilities)
        if m.has("util_any") and None not in utilities:
            utilities.append(None)  # "left without utilities": an outage of no one kind
        if m.has("disrupt"):
            disrupted = True
        if extent is None and m.has("extent"):
            extent = m.get("extent")
    if extent is None and "%" in view.words[lo:hi]:
        extent = "partial"
    if disrupted or kinds:  # "ohne Heizung und Strom": the compound's "ohne" covers both
        kinds.extend(k for k in utilities if k not in kinds)
    if len(kinds) > 1 and None in kinds:
        kinds.remove(None)  # "power and other utilities": the kinds named
    disrupted = disrupted or bool(kinds)
    return kinds, disrupted, extent, blocked
