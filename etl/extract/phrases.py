"""Weapon phrases: what the words after a number name ("56 Kh-101 cruise missiles")."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from etl.extract.view import UnitView, weaponish
from etl.lexicon import weapon_catalog, weapon_types
from etl.model import DEFENSIVE

__all__ = ["Phrase", "weapon_phrase", "weaponish", "resolve", "QUOTES"]

QUOTES = frozenset("«»\"'„“”‚‘’‹›")
MAX_UNKNOWN = 2
HYPHENS = frozenset("-‐‑")


@dataclass
class Phrase:
    """What a weapon phrase names."""

    end: int
    weapon: str | None  # None: several classes or all of them ("287 air attack assets")
    type: str | None = None
    model: str | None = None
    attacker: str | None = None
    refers: bool = False  # "81 of the missiles", "47 of them": a part of weapons named before
    measure: str | None = None  # said inside the phrase: "29 abgefangene Raketen"
    perspective: bool = False  # the side was said by a word of the writer's view ("enemy drones"), not a name
    kinds: bool = False  # named models or types of more than one type ("ракет «Циркон» та «Іскандер»")


@functools.cache
def _model_info() -> dict[str, tuple[str, str | None]]:
    """Canonical model -> (type, side that uses it or None)."""
    return {e.model: (e.type, e.side) for e in weapon_catalog() if e.model and e.type}


def weapon_follows(view: UnitView, i: int) -> bool:
    """True when token i starts another weapon word (not a new figure); quotes are skipped."""
    while i < len(view.tokens) and view.tokens[i].norm in QUOTES:
        i += 1
    nxt = view.match_at(i)
    return nxt is not None and weaponish(nxt) and view.number_at(i) is None


def _modified_weapon_at(view: UnitView, i: int) -> int | None:
    """The token of a weapon word that follows token i after one or two modifiers (fillers such as "long-range",
    or words the lexicon does not know: "далекобійних"), or None; never after a number (a new figure)."""
    k = i
    for _ in range(MAX_UNKNOWN):
        if k >= len(view.tokens):
            return None
        m = view.match_at(k)
        if view.tokens[k].kind != "word" or view.number_at(k) is not None or (
                m is not None and not (m.has("filler") or m.has("more"))):  # "та інші імітаційні дрони", "and other drones"
            return None
        k = m.end if m is not None else k + 1
        if weapon_follows(view, k):
            return k
    return None


def weapon_phrase(view: UnitView, i: int, weak: bool = False) -> Phrase | None:
    """The weapon phrase that starts at token i, if any.

    It runs over weapon words, fillers and the weapon's side ("enemy", "ukrainische"), joins
    coordinated weapons ("Shahed, Gerbera and decoys") and allows a couple of unknown words
    before the head ("41 long-range drones"). A launch platform ("11 Tu-95") is not a weapon.
    """
    toks = view.tokens
    part_of = _part_of(view, i)
    if part_of is not None:
        return part_of
    heads: list = []
    joined = partitive = mixed = False
    measure = None
    attacker = None
    unknown = 0
    perspective = False
    end = start = i
    while i < len(toks):
        m = view.match_at(i)
        if m is not None:
            if weaponish(m):
                heads.append(m)
                attacker = attacker or m.get("atk_weapon")
                end = i = m.end
                continue
            if not heads and m.has("month") and view.words[m.end - 1].endswith("'s"):
                i = m.end  # "3,702 of February's drones"
                continue
            if m.has("filler") or m.has("more") or (m.has("atk_weapon") and (not heads or weapon_follows(view, m.end))):
                perspective = perspective or (attacker is None and m.has("perspective"))
                attacker = attacker or m.get("atk_weapon")
                if heads and not m.has("filler") and not weapon_follows(view, m.end):
                    break  # "One X-59 Russian missile": the side between the model and its noun stays in
                i = m.end
                end = i if heads else end
                continue
            if i == start and m.has("partitive"):
                i, partitive = m.end, True
                continue
            if heads and toks[i].norm == "/" and weapon_follows(view, m.end):
                i = end = _alternative_end(view, m.end)  # "76 керованих ракет Х-101/«Калібр»": the same weapons
                continue
            if heads and (m.has("conjunctions") or m.has("partitive")) and weapon_follows(view, m.end):
                i, joined = m.end, joined or m.has("conjunctions")
                continue
            modified = _modified_weapon_at(view, m.end) if heads and m.has("conjunctions") else None
            if modified is not None:
                i, joined = modified, True  # "5,660 missiles and long-range drones": the next weapon's modifier first
                continue
            if not heads and unknown and m.has("conjunctions") and weapon_follows(view, m.end):
                i, joined, mixed = m.end, True, True  # "strike and decoy drones"
                continue
            if m.has("platform") and not heads:
                return None
            if m.has("measure") and not heads and measure is None:
                measure, i = _participles(view, m)  # "29 abgefangene Raketen"
                continue
            k = (None if heads or toks[start - 1].kind != "num" else  # digits: not "no count of intercepted drones"
                 _attribute_participle(view, i) if measure is None else _attribute_end(view, i))
            if k is not None:
                i = k  # "alle 24 über der Ukraine eingesetzten Kampfdrohnen", "24 запущені по території України дрони"
                continue
            break
        tok = toks[i]
        if tok.kind == "punct" and tok.norm in QUOTES:
            i = _quoted_word(view, i) if heads else i + 1  # "35 Shahed "kamikaze" drones"
            continue
        if heads and tok.norm == "," and weapon_follows(view, i + 1):
            i, joined = i + 1, True
            continue
        if not heads and unknown and _suspended_hyphen(view, i):
            i += 1  # "242 Kampf- und Täuschdrohnen": the first word's noun is the second's
            continue
        if heads and tok.kind == "word" and _coordinated_modifier(view, i):
            i, joined, mixed = view.match_at(i + 1).end, True, True  # "465 Shahed-type attack and decoy drones"
            continue
        if heads or tok.kind != "word" or view.number_at(i) is not None or weak and unknown:
            break
        unknown += 1
        if unknown > MAX_UNKNOWN:
            return None
        i += 1
    if not heads or weak and unknown and not (heads[0].start == start + 1 and (heads[0].has("type") or heads[0].has("model"))):
        return None  # "eine neuartige ballistische Rakete" counts one; "eine neue Drohne" no weapon of a kind
    phrase = resolve(end, heads, attacker, joined)
    if phrase.weapon is None and not joined and all("any" in m.values("class") for m in heads):
        named = _apposition(view, end)
        if named is not None:  # "145 повітряних цілей – ударних БпЛА типу «Shahed» та безпілотників ...": drones
            phrase.weapon, phrase.type, phrase.model = named.weapon, named.type, named.model
    if mixed:
        phrase.type = phrase.model = None  # an unknown kind coordinated with a known one: the whole class
    phrase.refers, phrase.measure = partitive, measure
    phrase.perspective = perspective and phrase.attacker == attacker
    return phrase


APPOSITION_MARKS = frozenset({"–", "—", "-", ":"})


def _apposition(view: UnitView, i: int) -> Phrase | None:
    """After a word for targets of any class ("aerial targets", "повітряних цілей"), a dash or colon and a weapon
    phrase of one class with no count of its own: what those targets were ("145 air targets – Shahed attack drones
    and drones of unknown types"). Not a breakdown with counts ("500 targets: 450 drones and 50 missiles")."""
    verb = view.match_at(i)
    if verb is not None and verb.has("measure") and not weaponish(verb):
        i = verb.end  # "145 Luftziele erfasst – Kampfdrohnen ...": the participle of a verb-final clause first
    if i >= len(view.tokens) or view.tokens[i].norm not in APPOSITION_MARKS:
        return None
    k = i + 1
    if k >= len(view.tokens) or view.number_at(k) is not None or view.match_at(k) is None:
        return None
    named = weapon_phrase(view, k)
    return named if named is not None and named.weapon is not None else None


def _alternative_end(view: UnitView, i: int) -> int:
    """The end of another name of the weapons named before a slash, quotes included ("Х-101/«Калібр»")."""
    toks = view.tokens
    while i < len(toks) and toks[i].norm in QUOTES:
        i += 1
    i = view.match_at(i).end
    while i < len(toks) and toks[i].norm in QUOTES and toks[i].start == toks[i - 1].end:
        i += 1
    return i


def _quoted_word(view: UnitView, i: int) -> int:
    """After a weapon word, an opening quote at token i: past a short quoted word or two when a weapon word
    follows the closing quote ("Shahed "kamikaze" drones"), else just past the quote."""
    toks = view.tokens
    for j in range(i + 1, min(i + 4, len(toks))):
        if toks[j].norm in QUOTES:
            return j + 1 if weapon_follows(view, j + 1) else i + 1
        if toks[j].kind != "word":
            break
    return i + 1


ATTRIBUTE_WORDS = 4  # the longest phrase inside an extended attribute ("über der Ukraine", "по території України")


def _attribute_participle(view: UnitView, i: int) -> int | None:
    """In an extended attribute, a phrase between the number and its participle ("24 über der Ukraine eingesetzten
    Drohnen"): the participle's token when a weapon word follows it; else None."""
    for k in range(i + 1, min(i + ATTRIBUTE_WORDS + 1, len(view.tokens))):
        if not _plain_word(view, k - 1):
            return None
        m = view.match_at(k)
        if m is not None and m.has("measure") and not weaponish(m):
            return k if weapon_follows(view, _past_sides(view, m.end)) else None
    return None


def _attribute_end(view: UnitView, i: int) -> int | None:
    """In an extended attribute, a phrase between the participle and the weapon ("24 запущені по території України
    російські дрони"): the token after it when a weapon word follows (the side's adjective may come first)."""
    for k in range(i + 1, min(i + ATTRIBUTE_WORDS + 1, len(view.tokens))):
        if not _plain_word(view, k - 1):
            return None
        after = _past_sides(view, k)
        if after > k and weapon_follows(view, after) or weapon_follows(view, k):
            return k
    return None


def _plain_word(view: UnitView, k: int) -> bool:
    m = view.match_covering(k)
    return (view.tokens[k].kind == "word" and view.number_at(k) is None
            and not (m is not None and (m.has("measure") or weaponish(m))))


def _past_sides(view: UnitView, k: int) -> int:
    """The token after the side adjectives starting at k ("russischen", "російські")."""
    while (m := view.match_at(k)) is not None and m.has("atk_weapon") and not weaponish(m):
        k = m.end
    return k


def _participles(view: UnitView, m) -> tuple[str, int]:
    """The measure of a participle before the weapon, and where it ends: "406 abgeschossene oder
    neutralisierte Drohnen" joins two ways of stopping into the combined neutralized."""
    measure = m.values("measure")[0]
    link = view.match_at(m.end)
    if link is None or not (link.has("conjunctions") or link.has("disjunctions")):
        return measure, m.end
    other = view.match_at(link.end)
    if other is None or not other.has("measure") or weaponish(other):
        return measure, m.end
    second = other.values("measure")[0]
    if second != measure and {measure, second} <= set(DEFENSIVE):
        measure = "neutralized"
    return measure, other.end


def _coordinated_modifier(view: UnitView, i: int) -> bool:
    """True when an unknown word at token i and a conjunction lead to another weapon word: the modifiers of one
    noun ("Shahed-type attack and decoy drones", "ударних і розвідувальних дронів")."""
    nxt = view.match_at(i + 1)
    return (view.match_at(i) is None and nxt is not None and nxt.has("conjunctions")
            and weapon_follows(view, nxt.end))


def _suspended_hyphen(view: UnitView, i: int) -> bool:
    """True when token i is a hyphen stuck to the word before it and followed by a conjunction."""
    toks = view.tokens
    if toks[i].norm not in HYPHENS or i == 0 or toks[i - 1].kind != "word" or toks[i - 1].end != toks[i].start:
        return False
    nxt = view.match_at(i + 1)
    return nxt is not None and nxt.has("conjunctions")


def _part_of(view: UnitView, i: int) -> Phrase | None:
    """"5 of 6 drones", "38 out of the 50 drones", "9 з 12 дронів": the weapons of the whole."""
    m = view.match_at(i)
    if m is None or not (m.has("partitive") or m.has("base")):
        return None
    k = m.end
    q = view.match_at(k)
    if q is not None and q.has("qual"):
        k = q.end  # "50 von mehr als 70 Drohnen", "30 of more than 40 drones"
    whole = view.number_at(k)
    if whole is None:
        return None
    phrase = weapon_phrase(view, whole.end)
    if phrase is not None:
        phrase.refers = True
    return phrase


def resolve(end: int, heads: list, attacker=None, joined: bool = False) -> Phrase:
    """Class, type and model of a weapon phrase from its weapon words.

    A model named inside one noun phrase fixes the type ("Kinzhal air-launched ballistic
    missiles" are Kinzhal); coordinated weapons of different types name no single type
    ("Shahed-type attack UAVs and decoy drones"), nor do a bare class and a type ("drones and decoys").
    """
    type_class = weapon_types()
    models_known = _model_info()
    classes = {c for m in heads for c in m.values("class")}
    types = {t for m in heads for t in m.values("type")}
    models = {x for m in heads for x in m.values("model") if x in models_known}
    named = classes - {"any"}
    implied = {type_class[t] for t in types} | {type_class[models_known[m][0]] for m in models}
    if len(named) > 1 or ("any" in classes and not named and not implied) or joined and len(named | implied) > 1:
        return Phrase(end, None, attacker=attacker)  # "1,200 missiles and kamikaze drones": no one class
    weapon = next(iter(named)) if named else (next(iter(implied)) if len(implied) == 1 else None)
    if weapon is None:
        return Phrase(end, None, attacker=attacker)
    sides = {models_known[m][1] for m in models} - {None}
    if attacker is None and len(sides) == 1:
        attacker = next(iter(sides))
    bare = [m for m in heads if not (m.has("type") or m.has("model"))]
    # "Iskander-M and KN-23 missiles": the noun of both models; not "ударними БпЛА типу Shahed і безпілотниками
    # інших типів", whose first drones have a noun of their own
    shared_head = bare == [heads[-1]] and len(heads) > 2 and not any(h.has("type") for h in heads[:-1])
    named_types = types | {models_known[m][0] for m in models}
    if joined and bare and (types or models) and not shared_head:
        # "drones and decoys": the whole class; "Raketen vom Typ Zirkon und Iskander": named kinds of several types
        return Phrase(end, weapon, attacker=attacker, kinds=len(named_types) > 1)
    pairs = {(models_known[m][0], m) for m in models}
    if joined or not pairs:
        pairs |= {(t, None) for t in types if not any(pt == t for pt, _ in pairs)}
    pairs = {(t, m) for t, m in pairs if type_class[t] == weapon}
    wtype, model = next(iter(pairs)) if len(pairs) == 1 else (None, None)
    if len(pairs) > 1 and len({t for t, _ in pairs}) == 1:
        wtype = next(iter(pairs))[0]  # "Iskander-M and KN-23 missiles": one type, no one model
    return Phrase(end, weapon, wtype, model, attacker, kinds=len({t for t, _ in pairs}) > 1)
