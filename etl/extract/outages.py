"""Units -> outage claims: which regions lost power, heating or water, and how much of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from etl.extract.view import UnitView
from etl.model import OutageClaim, Span

__all__ = ["OutageState", "unit_regions", "unit_outages"]

FUZZY_CUTOFF = 0.9
COMMON_NOUNS = ("capital", "the capital", "hauptstadt", "столиц")  # region words written in lower case


@dataclass
class OutageState:
    """What earlier units said: their regions and the kind of the last outage, per paragraph."""

    paragraph: int = -1
    regions: list[str] = field(default_factory=list)
    kind: str | None = None
    title_regions: list[str] = field(default_factory=list)
    last_claims: list[OutageClaim] = field(default_factory=list)


def unit_regions(view: UnitView) -> list[str]:
    """The ISO codes of the Ukrainian regions named in a unit, in order."""
    lang = view.lang
    found: list[tuple[int, str]] = []
    covered: set[int] = set()
    for m in lang.places.find(view.words):
        covered.update(range(m.start, m.end))
        if m.has("region") and _written_as_name(view, m.start):
            found.append((m.start, m.get("region")))
    for i, tok in enumerate(view.tokens):
        if i in covered or tok.kind != "word" or not tok.text[:1].isupper():
            continue
        if view.match_covering(i) is not None:
            continue
        code = _by_suffix(view, tok.norm) or _by_spelling(view, tok.norm)
        if code:
            found.append((i, code))
    return [c for _, c in sorted(found)]


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
    forms = [f for f, _ in view.lang.place_forms if f[0] == word[0] and abs(len(f) - len(word)) <= 2]
    if not forms:
        return None
    best = process.extractOne(word, forms, scorer=JaroWinkler.normalized_similarity, score_cutoff=FUZZY_CUTOFF)
    if best is None:
        return None
    return dict(view.lang.place_forms)[best[0]]


def unit_outages(view: UnitView, day: date | None, state: OutageState) -> list[OutageClaim]:
    """The outage claims of one unit; updates the state with the unit's regions."""
    if view.unit.paragraph != state.paragraph:
        state.paragraph, state.regions, state.kind, state.last_claims = view.unit.paragraph, [], None, []
    regions = unit_regions(view)
    if view.unit.title:
        state.title_regions = regions
    kinds, disrupted, blocked, extent = _outage_words(view)
    if disrupted and not kinds and state.kind:
        kinds = [state.kind]
    claims: list[OutageClaim] = []
    if kinds and not blocked:
        where = regions or state.regions or (state.title_regions if len(state.title_regions) == 1 else [])
        span = Span(*view.span)
        seen = set()
        for region in where:
            for kind in kinds:
                if (region, kind) not in seen:
                    seen.add((region, kind))
                    claims.append(OutageClaim(region=region, date=day, extent=extent, kind=kind, evidence=[span]))
        state.kind = kinds[-1]
    elif not regions and extent and state.last_claims:
        # "Betroffen seien 30.000 Kunden in mehreren Gemeinden": the extent of the outage just named
        for c in state.last_claims:
            c.extent = c.extent or extent
    if regions:
        state.regions = regions
    if claims:
        state.last_claims = claims
    return claims


def _outage_words(view: UnitView) -> tuple[list[str], bool, bool, str | None]:
    """Outage kinds, whether something was cut, whether the sentence is not a report, and the extent."""
    kinds: list[str] = []
    utilities: list[str] = []
    disrupted = blocked = False
    extent = None
    for m in view.matches:
        if m.has("blocker"):
            blocked = True
        if m.has("facility"):
            continue
        for k in m.values("outage"):
            if k not in kinds:
                kinds.append(k)
        utilities.extend(k for k in m.values("util") if k not in utilities)
        if m.has("disrupt"):
            disrupted = True
        if extent is None and m.has("extent"):
            extent = m.get("extent")
    if extent is None and "%" in view.words:
        extent = "partial"
    if disrupted:
        kinds.extend(k for k in utilities if k not in kinds)
    return kinds, disrupted or bool(kinds), blocked, extent
