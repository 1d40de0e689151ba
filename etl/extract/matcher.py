"""Lexicon phrases -> tags on token runs.

A phrase is a sequence of word patterns; `*` in a pattern stands for further word characters.
At each position the longest phrase wins (then the one with more literal letters), and every
tag of the phrases with that exact text is kept, so one surface form can carry several meanings
("over" is both a qualifier and a month preposition) and the reader of the tags decides.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Tag", "Match", "PhraseMatcher"]

Tag = tuple  # ("measure", "launched"), ("month", 12), ("region", "UA-61") ...


@dataclass(frozen=True, slots=True)
class Match:
    """Tags found on tokens [start, end) of a token list."""

    start: int
    end: int
    tags: tuple[Tag, ...]

    def has(self, kind: str) -> bool:
        """True when one of the tags is of this kind."""
        return any(t[0] == kind for t in self.tags)

    def get(self, kind: str):
        """The value of the first tag of this kind, or None."""
        for t in self.tags:
            if t[0] == kind:
                return t[1] if len(t) > 1 else True
        return None

    def values(self, kind: str) -> list:
        """The values of all tags of this kind."""
        return [t[1] if len(t) > 1 else True for t in self.tags if t[0] == kind]


class _Pattern:
    __slots__ = ("words", "literal", "tags", "text")

    def __init__(self, text: str):
        self.text = text
        self.words = tuple(_compile_word(w) for w in text.split(" "))
        self.literal = sum(len(w.replace("*", "")) for w in text.split(" "))
        self.tags: list[Tag] = []


def _compile_word(word: str):
    if "*" not in word:
        return word
    parts = [re.escape(p) for p in word.split("*")]
    return re.compile(r"[\w'./-]*".join(parts))


def _head(word) -> str:
    """The literal text a word pattern starts with (its index key)."""
    if isinstance(word, str):
        return word
    text = word.pattern
    cut = text.find(r"[\w'./-]*")
    return re.sub(r"\\(.)", r"\1", text[:cut])


class PhraseMatcher:
    """Finds lexicon phrases in a sequence of normalised words."""

    def __init__(self, entries: Iterable[tuple[str, Tag]]):
        patterns: dict[str, _Pattern] = {}
        for text, tag in entries:
            text = " ".join(text.split())
            pat = patterns.get(text)
            if pat is None:
                pat = patterns[text] = _Pattern(text)
            if tag not in pat.tags:
                pat.tags.append(tag)
        self._exact: dict[str, list[_Pattern]] = defaultdict(list)
        self._prefix: dict[str, list[_Pattern]] = defaultdict(list)
        for pat in patterns.values():
            first = pat.words[0]
            if isinstance(first, str):
                self._exact[first].append(pat)
            else:
                self._prefix[_head(first)].append(pat)
        self._prefix_lengths = sorted({len(k) for k in self._prefix})

    def find(self, words: Sequence[str]) -> list[Match]:
        """Non-overlapping matches, left to right, longest first."""
        out: list[Match] = []
        i, n = 0, len(words)
        while i < n:
            best = self._best_at(words, i)
            if best is None:
                i += 1
                continue
            length, pats = best
            tags = tuple(t for p in pats for t in p.tags)
            out.append(Match(i, i + length, tags))
            i += length
        return out

    def _candidates(self, word: str) -> Iterable[_Pattern]:
        yield from self._exact.get(word, ())
        for k in self._prefix_lengths:
            if k > len(word):
                break
            yield from self._prefix.get(word[:k], ())

    def _best_at(self, words: Sequence[str], i: int):
        best_key, best = None, []
        for pat in self._candidates(words[i]):
            if i + len(pat.words) > len(words):
                continue
            if all(_word_matches(p, words[i + k]) for k, p in enumerate(pat.words)):
                key = (len(pat.words), pat.literal)
                if best_key is None or key > best_key:
                    best_key, best = key, [pat]
                elif key == best_key:
                    best.append(pat)
        return (best_key[0], best) if best_key else None


def _word_matches(pattern, word: str) -> bool:
    if isinstance(pattern, str):
        return pattern == word
    return pattern.fullmatch(word) is not None
