"""The phrase matcher against a plain reading of its rules, and the tokenizer's word shapes."""

from __future__ import annotations

import random
import re

import pytest

from etl.extract.matcher import PhraseMatcher
from etl.extract.text import tokenize

ENTRIES = [
    ("shot down", ("measure", "shot_down")),
    ("were shot down", ("measure", "shot_down")),
    ("down", ("direction", "down")),
    ("in", ("month_in", True)),
    ("in", ("prep", "in")),
    ("in the night", ("night_of", True)),
    ("in the", ("article", True)),
    ("the night of", ("night_of", True)),
    ("drohn*", ("weapon", "drone")),
    ("drohnen abgeschossen", ("measure", "shot_down")),
    ("the", ("article", True)),
    ("night", ("noun", "night")),
    ("of the night", ("night_of", True)),
    ("*raketen", ("weapon", "missile")),
    ("iskander", ("model", "iskander")),
    ("drohne", ("noun", "drone")),
    ("drohne*", ("weapon", "drone_singular")),
]
VOCAB = ["shot", "down", "were", "in", "the", "night", "of", "drohnen", "drohne", "abgeschossen",
         "marschflugraketen", "raketen", "x", "y"]


def _reference(entries, words):
    """The rules spelled out: longest phrase (then most literal letters) at each position, left to
    right, unless a longer phrase starting inside it runs past its end."""
    def word_ok(pattern, word):
        if "*" not in pattern:
            return pattern == word
        head = r"[^\W_]*" if pattern.startswith("*") else ""
        parts = [re.escape(p) for p in pattern.split("*")]
        return re.fullmatch(head + r"[\w'./-]*".join(parts[1:] if pattern.startswith("*") else parts), word)

    def best_at(i):
        found = []
        for text in {t for t, _ in entries}:
            pats = text.split(" ")
            if i + len(pats) <= len(words) and all(word_ok(p, words[i + k]) for k, p in enumerate(pats)):
                found.append(((len(pats), sum(len(p.replace("*", "")) for p in pats)), text))
        if not found:
            return None
        key = max(k for k, _ in found)
        texts = {t for k, t in found if k == key}
        return key[0], [tag for t, tag in entries if t in texts]

    out, i = [], 0
    while i < len(words):
        best = best_at(i)
        if best is None:
            i += 1
            continue
        length = best[0]
        longer = any((o := best_at(k)) is not None and o[0] > length and k + o[0] > i + length
                     for k in range(i + 1, i + length))
        if longer:
            i += 1
            continue
        out.append((i, i + length, sorted(best[1])))
        i += length
    return out


@pytest.mark.parametrize("seed", range(40))
def test_matcher_agrees_with_the_rules_on_random_text(seed):
    rng = random.Random(seed)
    words = [rng.choice(VOCAB) for _ in range(rng.randint(1, 30))]
    matcher = PhraseMatcher(ENTRIES)
    got = [(m.start, m.end, sorted(m.tags)) for m in matcher.find(words)]
    assert got == _reference(ENTRIES, words), words


def test_one_surface_form_keeps_every_meaning():
    match = PhraseMatcher(ENTRIES).find(["in", "x"])[0]
    assert match.values("month_in") == [True] and match.get("prep") == "in"


def test_equally_good_phrases_of_one_word_all_count():
    match = PhraseMatcher(ENTRIES).find(["drohne"])[0]
    assert sorted(match.tags) == [("noun", "drone"), ("weapon", "drone_singular")]


def test_a_longer_phrase_starting_inside_wins():
    matches = PhraseMatcher(ENTRIES).find("were shot down".split())
    assert [(m.start, m.end, m.get("measure")) for m in matches] == [(0, 3, "shot_down")]
    handover = PhraseMatcher([("massive attack", ("a",)), ("attack on the city", ("b",))])
    matches = handover.find("massive attack on the city".split())
    assert [(m.start, m.end, m.tags) for m in matches] == [(1, 5, (("b",),))]


def test_hyphenated_compound_takes_the_tags_of_its_parts():
    match = PhraseMatcher(ENTRIES).find(["iskander-raketen"])[0]
    assert ("model", "iskander") in match.tags and ("weapon", "missile") in match.tags


@pytest.mark.parametrize(("text", "expected"), [
    ("x-59/x-69 missiles", [("x-59/x-69", "word"), ("missiles", "word")]),
    ("п'ять дронів", [("п'ять", "word"), ("дронів", "word")]),
    ("3-й день", [("3-й", "word"), ("день", "word")]),
    ("1,234 drones at 05:30 on 12.03.2025", [("1,234", "num"), ("drones", "word"), ("at", "word"),
                                               ("05:30", "time"), ("on", "word"), ("12.03.2025", "date")]),
    ("end-- of", [("end", "word"), ("-", "punct"), ("-", "punct"), ("of", "word")]),
    ("U.S. drones", [("U.S", "word"), (".", "punct"), ("drones", "word")]),
])
def test_tokens_keep_words_whole(text, expected):
    assert [(t.text, t.kind) for t in tokenize(text)] == expected
