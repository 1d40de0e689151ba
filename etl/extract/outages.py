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
COMMON_NOUNS = ("capital", "the capital", "hauptstadt", "столиц")  # region words written in lower case


@dataclass
class OutageState:
    """What earlier units said: the units of the paragraph, the title, the last outage."""

    paragraph: int = -1
    views: list[UnitView] = field(default_factory=list)  # earlier units of the paragraph
    kind: str | None = None
    title: UnitView | None = None
    last_claims: list[OutageClaim] = field(default_factory=list)

    def earlier_regions(self) -> list[str]:
        """The regions of the last earlier unit of the paragraph that names any, else the title's one."""
        for view in reversed(self.views):
            found = unit_regions(view)
            if found:
                return found
            if names_foreign_place(view):
                return []  # the place named last is abroad
        title = unit_regions(self.title) if self.title is not None else []
        return title if len(title) == 1 else []


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
    for m in lang.places.find(view.words):
        if m.start in covered:
            continue
        covered.update(range(m.start, m.end))
        landmark = previous is not None and previous.has("near") and m.start - previous.end <= 2
        if m.has("region") and _written_as_name(view, m.start) and not landmark:
            found.append((m.start, m.get("region")))
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
            found.append((i, code))
    return sorted(found), foreign, over


def _written_as_name(view: UnitView, i: int) -> bool:
    word = view.tokens[i].text
    return word[:1].isupper() or view.tokens[i].norm.startswith(COMMON_NOUNS)


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
    with water"): a clause with an outage word takes its own regions, else those of the nearest
    clause before it, else those of the unit before.
    """
    if view.unit.paragraph != state.paragraph:
        state.paragraph, state.views, state.kind, state.last_claims = view.unit.paragraph, [], None, []
    if view.unit.title:
        state.title = view
    claims: list[OutageClaim] = []
    span = Span(*view.span)
    clause_regions: list[str] = []
    blocked = any(m.has("blocker") for m in view.matches)
    extent_only = None
    for lo, hi in _clauses(view):
        kinds, disrupted, extent = _outage_words(view, lo, hi)
        regions = [c for i, c in _regions_with_index(view) if lo <= i < hi]
        if disrupted and not kinds and state.kind and extent:  # "40% of consumers were cut off"
            kinds = [state.kind]
        if regions:
            clause_regions = regions
        if not kinds:
            extent_only = extent_only or extent
            continue
        if blocked:
            continue
        where = clause_regions or ([] if names_foreign_place(view) else state.earlier_regions())
        for region in where:
            for kind in kinds:
                if not any(c.region == region and c.kind == kind for c in claims):
                    claims.append(OutageClaim(region=region, date=day, extent=extent, kind=kind, evidence=[span]))
        state.kind = kinds[-1]
    if not claims and extent_only and state.last_claims and not unit_regions(view):
        # "Betroffen seien 30.000 Kunden in mehreren Gemeinden": the extent of the outage just named
        for c in state.last_claims:
            c.extent = c.extent or extent_only
    state.views.append(view)
    if claims:
        state.last_claims = claims
    return claims


def _clauses(view: UnitView) -> list[tuple[int, int]]:
    """Token ranges between commas, semicolons, colons and dashes."""
    cuts = [k for k, t in enumerate(view.tokens) if t.norm in (",", ";", ":", "–", "—") and t.depth == 0]
    bounds = [0, *[c + 1 for c in cuts], len(view.tokens) + 1]
    return [(lo, hi - 1) for lo, hi in zip(bounds, bounds[1:], strict=False) if hi - 1 > lo]


def _outage_words(view: UnitView, lo: int, hi: int) -> tuple[list[str], bool, str | None]:
    """Outage kinds, whether something was cut, and the extent, in tokens [lo, hi)."""
    kinds: list[str] = []
    utilities: list[str] = []
    disrupted = False
    extent = None
    for m in view.matches:
        if not lo <= m.start < hi or m.has("facility"):
            continue
        for k in m.values("outage"):
            if k not in kinds:
                kinds.append(k)
        utilities.extend(k for k in m.values("util") if k not in utilities)
        if m.has("disrupt"):
            disrupted = True
        if extent is None and m.has("extent"):
            extent = m.get("extent")
    if extent is None and "%" in view.words[lo:hi]:
        extent = "partial"
    if disrupted:
        kinds.extend(k for k in utilities if k not in kinds)
    return kinds, disrupted or bool(kinds), extent
