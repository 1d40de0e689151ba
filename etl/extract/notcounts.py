"""Numbers next to weapons that count no weapons of a night: one of a kind ("one of the largest drone attacks"), the
single instrument of an event ("von einer Drohne beschossen"), attacks on one place ("three missile attacks on
Kharkiv", spec decision 3), what could happen ("capable of launching 1,000 drones") and ratios ("three in four
missiles")."""

from __future__ import annotations

from fnmatch import fnmatch

from etl.extract.numbers import Number
from etl.extract.phrases import Phrase, weapon_phrase
from etl.extract.places import regions_with_index
from etl.extract.view import UnitView

__all__ = ["attack_noun", "attacks_on_one_place", "one_attack", "weapons_of_attacks", "agent_of_one", "one_of_a_kind", "hypothetical", "ratio"]


def attacks_on_one_place(view: UnitView, num: Number, phrase_end: int) -> bool:
    """True for a count of attacks on one place ("three missile attacks on Kharkiv", "drei Raketenangriffe auf
    Charkiw", "три ракетні атаки на Харків"): strikes on one place, no figure (spec decision 3)."""
    text = view.lang.data["text"]
    # the head: "Raketenangriffe", not "attack drones"; or the noun the weapons follow ("15 attacks with drones on")
    attack = attack_noun(view, phrase_end - 1) or attack_noun(view, num.end)
    k = phrase_end
    if not attack and attack_noun(view, k):
        attack, k = True, k + 1
    if not attack or k + 1 >= len(view.words) or view.words[k] not in text.get("attacks_on", ()):
        return False
    return any(i == k + 1 for i, _ in regions_with_index(view))


def weapons_of_attacks(view: UnitView, num: Number) -> Phrase | None:
    """The weapons after a count of attacks that made them ("15 attacks with guided aerial bombs", "15 Angriffe mit
    Gleitbomben", "15 ударів із застосуванням КАБ", "15 ударів КАБами"): a count of those weapons launched (spec
    decision 3), unless the weapons carry a count of their own ("21 airstrikes with 35 bombs"). One attack is no such
    count: the caller asks one_attack first, as it must before weapon_phrase too."""
    text = view.lang.data["text"]
    if not attack_noun(view, num.end):
        return None
    k = num.end + 1
    linked = view.phrase_at(k, text["attacks_with"]) if k < len(view.words) else None
    if linked is None and text["attack_weapons_follow"] != "also_by_case":
        return None
    k = linked or k
    if k >= len(view.words) or view.number_at(k) is not None:
        return None
    phrase = weapon_phrase(view, k)
    if phrase is None or phrase.weapon is None or phrase.refers:
        return None
    phrase.measure = "launched"
    return phrase


def one_attack(view: UnitView, num: Number) -> bool:
    """True for one attack said with its weapons ("einen Angriff mit Drohnen vereitelt", "one attack with drones",
    "один удар із застосуванням КАБ"): one event, which does not count its weapons."""
    if num.value != 1 or not attack_noun(view, num.end):
        return False
    k = num.end + 1
    return k < len(view.words) and view.phrase_at(k, view.lang.data["text"]["attacks_with"]) is not None


def attack_noun(view: UnitView, k: int) -> bool:
    """True when the word at token k counts attacks, not weapons ("Raketenangriffe", "attacks", "удари")."""
    return 0 <= k < len(view.words) and any(fnmatch(view.words[k], p) for p in view.lang.data["text"]["attack_nouns"])


def agent_of_one(view: UnitView, num: Number) -> bool:
    """True for a single weapon as the agent of a passive ("ein Kleinbus war von einer russischen Drohne beschossen
    worden", "was hit by a drone"): the instrument of one event, no count (issue 12, item 8)."""
    agents = view.lang.data["text"].get("agents") or ()
    return num.weak and num.value == 1 and num.start > 0 and view.words[num.start - 1] in agents


def one_of_a_kind(view: UnitView, num: Number) -> bool:
    """True for "one of the" before a superlative: a single thing ranked among others, not a count."""
    of = view.match_at(num.end)
    if num.value != 1 or of is None or not of.has("partitive"):
        return False
    k = of.end + (1 if of.end < len(view.tokens) and view.words[of.end] in view.lang.data["text"].get("articles", []) else 0)
    ranked = view.match_at(k)
    return ranked is not None and ranked.has("comparison")


def hypothetical(view: UnitView, clauses, num: Number, phrase_end: int) -> bool:
    """True when the clause says what could or may happen ("capable of launching 1,000 drones")."""
    lo, _ = clauses.bounds(num.start, phrase_end)
    return bool(view.tagged_in("hypothetical", lo, num.start))


def ratio(view: UnitView, num: Number) -> bool:
    """"three in four missiles": both numbers make a ratio, not counts."""
    before = view.match_covering(num.start - 1)
    if before is not None and before.end == num.start and before.has("ratio"):
        return any(n.end == before.start for n in view.numbers)
    after = view.match_at(num.end)
    if after is None or not after.has("ratio") or view.number_at(after.end) is None:
        return False
    unit = view.match_at(view.number_at(after.end).end)  # "145 in one night": a count in a time, no ratio
    return unit is None or not (unit.has("night_after") or unit.has("noncount") or unit.has("overnight"))
