"""Units -> figures: a count of weapons with its class, type, measure, qualifier and attacker.

A figure is a number followed by a weapon phrase ("94 missiles", "56 Kh-101 cruise missiles",
"81 of the missiles"), or a number that refers back to weapons already named ("47 of them",
"35 weitere", "Von den Drohnen seien 35 abgeschossen"). Its measure is the nearest predicate
of the same clause ("shot down", "lokal verloren", "збито/подавлено"), else the nearest in the
sentence, else the measure of the list header above it, else "launched".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from etl.extract.view import Number, UnitView
from etl.lexicon import weapon_catalog, weapon_types

__all__ = ["Figure", "Phrase", "unit_figures", "weapon_mentions", "unit_attacker"]

_QUOTES = frozenset("«»\"'„“”‚‘’‹›")
_CLAUSE_BREAKS = frozenset({",", ";"})
MAX_UNKNOWN = 2


@dataclass
class Phrase:
    """What a weapon phrase names."""

    end: int
    weapon: str | None  # None: several classes or all of them ("287 air attack assets")
    type: str | None = None
    model: str | None = None
    attacker: str | None = None


@dataclass
class Figure:
    """One stated count of weapons."""

    value: int
    qualifier: str
    measure: str
    weapon: str | None
    type: str | None
    model: str | None
    attacker: str | None
    unit: int  # index of the unit in the report
    span: tuple[int, int]  # characters of the number and its weapon phrase
    total: bool = False  # introduced by "a total of", "insgesamt", "загалом"
    extras: dict = field(default_factory=dict)

    @property
    def specific(self) -> bool:
        """True when the figure is about one weapon type (a type row), not the whole class."""
        return self.type is not None and not (self.type == "attack_drone" and self.model is None)


@functools.cache
def _model_types() -> dict[str, str]:
    return {e.model: e.type for e in weapon_catalog() if e.model and e.type}


def _type_classes() -> dict[str, str]:
    return weapon_types()


def unit_figures(view: UnitView, context: dict) -> list[Figure]:
    """The figures of one unit. `context` carries the previous unit's weapon, the header's measure."""
    figures: list[Figure] = []
    for num in view.numbers:
        fig = _figure_at(view, num, context, figures)
        if fig is not None:
            figures.append(fig)
    return figures


def _figure_at(view: UnitView, num: Number, context: dict, so_far: list[Figure]) -> Figure | None:
    toks = view.tokens
    after = num.end
    if after < len(toks) and toks[after].norm == "%":
        return None
    phrase = weapon_phrase(view, after, num.weak)
    if phrase is None:
        if num.weak:
            return None
        weapon = _referred_weapon(view, num, context, so_far)
        if weapon is None:
            return None
        phrase = Phrase(end=_referring_end(view, num), weapon=weapon)
    measure = _measure(view, num.start, phrase.end, context)
    if measure == "none":
        return None
    start_char = toks[num.start].start
    qual, qual_start = _qualifier(view, num.start)
    if qual_start is not None:
        start_char = toks[qual_start].start
    return Figure(
        value=num.value,
        qualifier=qual,
        measure=measure,
        weapon=phrase.weapon,
        type=phrase.type,
        model=phrase.model,
        attacker=phrase.attacker,
        unit=context.get("unit_index", 0),
        span=(start_char, toks[phrase.end - 1].end),
        total=_is_total(view, qual_start if qual_start is not None else num.start),
    )


def weapon_phrase(view: UnitView, i: int, weak: bool = False) -> Phrase | None:
    """The weapon phrase that starts at token i, if any.

    It runs over weapon words, fillers and the weapon's side ("enemy", "ukrainische"), joins
    coordinated weapons ("Shahed, Gerbera and decoys") and allows a couple of unknown words
    before the head ("41 long-range drones"). A launch platform ("11 Tu-95") is not a weapon.
    """
    toks = view.tokens
    heads: list = []
    joined = False  # weapons coordinated with "and" or a comma
    attacker = None
    unknown = 0
    end = start = i
    while i < len(toks):
        m = view.match_at(i)
        if m is not None:
            if _weaponish(m):
                heads.append(m)
                if attacker is None and m.has("atk_weapon"):
                    attacker = m.get("atk_weapon")
                end = i = m.end
                continue
            if m.has("filler") or m.has("more") or (m.has("atk_weapon") and not heads):
                if attacker is None and m.has("atk_weapon"):
                    attacker = m.get("atk_weapon")
                if heads and not m.has("filler"):
                    break
                i = m.end
                end = i if heads else end
                continue
            if i == start and m.has("partitive"):
                i = m.end
                continue
            if heads and m.has("conjunctions") and _weapon_follows(view, m.end):
                i, joined = m.end, True
                continue
            if m.has("platform") and not heads:
                return None
            break
        tok = toks[i]
        if tok.kind == "punct" and tok.norm in _QUOTES:
            i += 1
            continue
        if heads and tok.norm == "," and _weapon_follows(view, i + 1):
            i, joined = i + 1, True
            continue
        if heads or tok.kind != "word" or view.number_at(i) is not None or weak:
            break
        unknown += 1
        if unknown > MAX_UNKNOWN:
            return None
        i += 1
    if not heads:
        return None
    return _resolve(end, heads, attacker, joined)


def _weapon_follows(view: UnitView, i: int) -> bool:
    """True when token i starts another weapon word (not a new figure)."""
    nxt = view.match_at(i)
    return nxt is not None and _weaponish(nxt) and view.number_at(i) is None


def _weaponish(m) -> bool:
    return m.has("class") or m.has("type") or m.has("model")


def _resolve(end: int, heads: list, attacker, joined: bool = False) -> Phrase:
    """Class, type and model of a weapon phrase from its weapon words.

    Several heads joined together name one type only when each of them does
    ("Shahed-type attack UAVs and decoy drones" names two types: no type row).
    """
    type_class = _type_classes()
    model_type = _model_types()
    classes = {c for m in heads for c in m.values("class")}
    types = {t for m in heads for t in m.values("type")}
    models = {x for m in heads for x in m.values("model")}
    named = classes - {"any"}
    implied = {type_class[t] for t in types} | {type_class[model_type[m]] for m in models if m in model_type}
    if len(named) > 1 or ("any" in classes and not named and not implied):
        return Phrase(end, None, attacker=attacker)
    weapon = next(iter(named)) if named else (next(iter(implied)) if len(implied) == 1 else None)
    if weapon is None:
        return Phrase(end, None, attacker=attacker)
    bare_class = any(not (m.has("type") or m.has("model")) for m in heads)
    if joined and bare_class and any(m.has("type") or m.has("model") for m in heads):
        return Phrase(end, weapon, attacker=attacker)  # "drones and decoys": the whole class
    pairs = {(model_type[m], m) for m in models if m in model_type}
    pairs |= {(t, None) for t in types if not any(pt == t for pt, _ in pairs)}
    pairs = {(t, m) for t, m in pairs if type_class[t] == weapon}
    wtype, model = next(iter(pairs)) if len(pairs) == 1 else (None, None)
    return Phrase(end, weapon, wtype, model, attacker)


def _referred_weapon(view: UnitView, num: Number, context: dict, so_far: list[Figure]) -> str | None:
    """The weapon class a bare number refers back to, if it does.

    A bare number counts when it is tied to weapons already named: "47 of them", "35 weitere",
    "weitere 62 seien ...", "Von den Drohnen seien 35 abgeschossen", "shot down 60,".
    """
    toks = view.tokens
    j = num.end
    nxt = view.match_at(j)
    prev = view.match_covering(num.start - 1)
    refers_back = nxt is not None and nxt.has("anaphora")
    elided = (nxt is not None and nxt.has("more")) or (prev is not None and prev.has("more"))
    if elided and nxt is not None and nxt.has("more"):
        k = nxt.end
        after = view.match_at(k)
        if k < len(toks) and toks[k].kind == "word" and (after is None or _weaponish(after)):
            return None  # "zehn weitere Batterien": the noun is not a weapon
    after_predicate = (
        prev is not None and prev.end == num.start and prev.has("measure")
        and (j >= len(toks) or toks[j].kind == "punct" or (nxt is not None and nxt.has("conjunctions")))
    )
    if not (refers_back or elided or after_predicate or _predicate_follows(view, j)):
        return None
    weapon = _last_weapon(view, num.start)
    if weapon is None and so_far:
        weapon = so_far[-1].weapon
    if weapon is None and (refers_back or _last_weapon(view, len(toks)) is None):
        weapon = context.get("last_weapon")
    return weapon


def _predicate_follows(view: UnitView, j: int) -> bool:
    """True when a predicate comes right after a number ("35 abgeschossen", "1 – залишив", "26 were downed")."""
    k = j
    if k < len(view.tokens) and view.tokens[k].norm in ("–", "-", "—"):
        k += 1
    for _ in range(3):
        m = view.match_at(k)
        if m is None:
            return False
        if m.has("measure"):
            return True
        if not (m.has("aux") or m.has("more")):
            return False
        k = m.end
    return False


def _referring_end(view: UnitView, num: Number) -> int:
    nxt = view.match_at(num.end)
    if nxt is not None and (nxt.has("anaphora") or nxt.has("more")):
        return nxt.end
    return num.end


def _last_weapon(view: UnitView, before: int) -> str | None:
    """The class of the last weapon named in the unit before token `before`."""
    for m in reversed(view.matches):
        if m.end > before:
            continue
        if _weaponish(m):
            phrase = _resolve(m.end, [m], None)
            if phrase.weapon:
                return phrase.weapon
    return None


def weapon_mentions(view: UnitView) -> str | None:
    """The class of the last weapon named anywhere in the unit (for the next unit's "of them")."""
    return _last_weapon(view, len(view.tokens))


def _measure(view: UnitView, start: int, end: int, context: dict) -> str:
    """The measure of a figure on tokens [start, end)."""
    depth = view.tokens[start].depth
    cues = [m for m in view.matches if m.has("measure") and view.tokens[m.start].depth <= depth]
    header = context.get("header_measure")
    if not cues:
        return header or "launched"
    lo, hi = _clause(view, start, end)
    near = [m for m in cues if lo <= m.start and m.end <= hi]

    def distance(m):
        d = m.start - end if m.start >= end else start - m.end
        return (d, 0 if m.end <= start else 1)

    if view.unit.item and header:
        close = [m for m in near if distance(m)[0] <= 2]
        return _measure_of(min(close, key=distance)) if close else header
    pool = near or cues
    return _measure_of(min(pool, key=distance))


def _measure_of(m) -> str:
    values = m.values("measure")
    return values[0]


def _clause(view: UnitView, start: int, end: int) -> tuple[int, int]:
    """Token range of the clause around [start, end): between commas and semicolons."""
    toks = view.tokens
    lo = start
    while lo > 0 and not (toks[lo - 1].norm in _CLAUSE_BREAKS and toks[lo - 1].depth == toks[start].depth):
        lo -= 1
    hi = end
    while hi < len(toks) and not (toks[hi].norm in _CLAUSE_BREAKS and toks[hi].depth == toks[start].depth):
        hi += 1
    return lo, hi


def _qualifier(view: UnitView, i: int) -> tuple[str, int | None]:
    """The qualifier written right before token i ("about", "mehr als", "понад")."""
    m = view.match_covering(i - 1)
    if m is not None and m.end == i and m.has("qual"):
        return m.get("qual"), m.start
    return "exact", None


def _is_total(view: UnitView, i: int) -> bool:
    for k in (i - 1, i - 2, i - 3):
        m = view.match_covering(k)
        if m is not None and m.has("totals"):
            return True
    return False


def unit_attacker(view: UnitView) -> str | None:
    """Who attacks, by the cues of a sentence: actor first named, defending side, target."""
    score = {"RU": 0, "UA": 0}
    actor_seen = False
    for m in view.matches:
        for role, weight in (("atk_defense", 2), ("atk_target", 1)):
            for side in m.values(role):
                score[side] += weight
        if not actor_seen and m.has("atk_actor"):
            for side in m.values("atk_actor"):
                score[side] += 2
            actor_seen = True
    if score["RU"] == score["UA"]:
        return None
    return "RU" if score["RU"] > score["UA"] else "UA"

