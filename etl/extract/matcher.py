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

from etl.extract.text import normalize_word

__all__ = ["Tag", "Match", "PhraseMatcher"]

Tag = tuple  # ("measure", "launched"), ("month", 12), ("region", "UA-61") ...

_QUOTE_MARKS = frozenset('«»"„“”‹›')  # not the apostrophe, which is part of words ("п'ять", "Kyiv's")


class Match:
    """Tags found on tokens [start, end) of a token list."""

    __slots__ = ("start", "end", "tags", "_values")

    def __init__(self, start: int, end: int, tags: tuple[Tag, ...], values: dict[str, list] | None = None):
        self.start = start
        self.end = end
        self.tags = tags
        self._values = values if values is not None else _index(tags)

    def __repr__(self) -> str:
        return f"Match({self.start}, {self.end}, {self.tags})"

    def has(self, kind: str) -> bool:
        """True when one of the tags is of this kind."""
        return kind in self._values

    def get(self, kind: str):
        """The value of the first tag of this kind, or None."""
        values = self._values.get(kind)
        return values[0] if values else None

    def values(self, kind: str) -> list:
        """The values of all tags of this kind."""
        return self._values.get(kind, [])


def _index(tags: tuple[Tag, ...]) -> dict[str, list]:
    out: dict[str, list] = {}
    for t in tags:
        out.setdefault(t[0], []).append(t[1] if len(t) > 1 else True)
    return out


class _Pattern:
    __slots__ = ("words", "literal", "tags", "text", "head")

    def __init__(self, text: str):
        self.text = text
        self.words = tuple(_compile_word(w) for w in text.split(" "))
        self.head = text.split(" ")[0].split("*")[0]  # the literal start of the first word
        self.literal = sum(len(w.replace("*", "")) for w in text.split(" "))
        self.tags: list[Tag] = []


def _compile_word(word: str):
    if "*" not in word:
        return word
    parts = [re.escape(p) for p in word.split("*")]
    # a leading * is the first part of a compound word ("*drohnen"), never across a hyphen
    head = r"[^\W_]*" if word.startswith("*") else ""
    return re.compile(head + r"[\w'./-]*".join(parts[1:] if word.startswith("*") else parts))


class PhraseMatcher:
    """Finds lexicon phrases in a sequence of normalised words."""

    def __init__(self, entries: Iterable[tuple[str, Tag]]):
        patterns: dict[str, _Pattern] = {}
        for text, tag in entries:
            text = " ".join(normalize_word(w) if "*" not in w else w.replace("ß", "ss") for w in text.split())
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
                self._prefix[pat.head].append(pat)
        self._prefix_lengths = sorted({len(k) for k in self._prefix})
        self._by_word: dict[str, _Candidates | None] = {}
        self._indexes: dict[tuple, dict[str, list]] = {}
        self._tagged: dict[tuple[_Pattern, ...], tuple] = {}  # best patterns -> (tags, tag index)

    def find(self, words: Sequence[str]) -> list[Match]:
        """Non-overlapping matches, left to right, longest first. Quotation marks do not break a phrase: a
        writer quotes part of one (»Besonders schwierig« sei die Lage, "the hardest hit" was Odesa)."""
        if _QUOTE_MARKS.isdisjoint(words):
            return self._find(words)
        kept = [i for i, w in enumerate(words) if w not in _QUOTE_MARKS]
        return [Match(kept[m.start], kept[m.end - 1] + 1, m.tags, m._values)
                for m in self._find([words[i] for i in kept])]

    def _find(self, words: Sequence[str]) -> list[Match]:
        out: list[Match] = []
        i, n = 0, len(words)
        by_word = self._by_word
        memo: dict[int, tuple | None] = {}
        while i < n:
            word = words[i]
            candidates = by_word.get(word, _UNSEEN)
            if candidates is _UNSEEN:
                candidates = self._candidates(word)
            if candidates is None:
                best = None
            elif candidates.fixed is not None:
                best = candidates.fixed
            else:
                best = self._best_memo(words, i, memo)
            if best is None:
                compound = self._compound(word) if "-" in word else None
                if compound:
                    out.append(Match(i, i + 1, compound))
                i += 1
                continue
            length, pats = best
            if length > 1 and self._longer_inside(words, i, length, memo):
                i += 1  # "were shot down/suppressed": the longer phrase starting later wins
                continue
            tagged = self._tagged.get(pats)
            if tagged is None:
                tags = tuple(t for p in pats for t in p.tags)
                values = self._indexes.get(tags)
                if values is None:
                    values = self._indexes[tags] = _index(tags)
                tagged = self._tagged[pats] = (tags, values)
            out.append(Match(i, i + length, *tagged))
            i += length
        return out

    def _best_memo(self, words: Sequence[str], i: int, memo: dict):
        if i not in memo:
            memo[i] = self._best_at(words, i)
        return memo[i]

    def _longer_inside(self, words: Sequence[str], i: int, length: int, memo: dict) -> bool:
        """True when a longer phrase starts inside [i, i + length) and runs past it."""
        for k in range(i + 1, i + length):
            other = self._best_memo(words, k, memo)
            if other is not None and other[0] > length and k + other[0] > i + length:
                return True
        return False

    def _compound(self, word: str) -> tuple[Tag, ...] | None:
        """Tags of a hyphenated compound from its parts ("iskander-m-raketen" = model + class)."""
        for cut in range(len(word) - 1, 0, -1):
            if word[cut] != "-":
                continue
            left, right = self._best_at([word[:cut]], 0), self._best_at([word[cut + 1 :]], 0)
            if left and right:
                return tuple(t for p in left[1] + right[1] for t in p.tags)
        return None

    def _candidates(self, word: str) -> _Candidates | None:
        """Patterns whose first word can match this word, longest first (cached per word)."""
        found = self._by_word.get(word, _UNSEEN)
        if found is _UNSEEN:
            pats = list(self._exact.get(word, ()))
            for k in self._prefix_lengths:
                if k > len(word):
                    break
                pats.extend(p for p in self._prefix.get(word[:k], ()) if _word_matches(p.words[0], word))
            found = _Candidates(pats) if pats else None
            if len(self._by_word) < 500_000:
                self._by_word[word] = found
        return found

    def _best_at(self, words: Sequence[str], i: int):
        candidates = self._candidates(words[i])
        if candidates is None:
            return None
        if candidates.fixed is not None:
            return candidates.fixed
        best_key, best = _scan(candidates.other, words, i, None, [])
        if i + 1 < len(words) and candidates.by_second:
            more = candidates.by_second.get(words[i + 1])
            if more:
                best_key, best = _scan(more, words, i, best_key, best)
        return (best_key[0], tuple(best)) if best_key else None


class _Candidates:
    """The patterns that can start at one word: indexed by their second word when it is literal."""

    __slots__ = ("other", "by_second", "fixed")

    def __init__(self, patterns: list[_Pattern]):
        order = sorted(patterns, key=lambda p: (len(p.words), p.literal), reverse=True)
        self.other = tuple(p for p in order if len(p.words) == 1 or not isinstance(p.words[1], str))
        by_second: dict[str, list[_Pattern]] = defaultdict(list)
        for p in order:
            if len(p.words) > 1 and isinstance(p.words[1], str):
                by_second[p.words[1]].append(p)
        self.by_second = {w: tuple(ps) for w, ps in by_second.items()}
        # one-word patterns only: the best match does not depend on the words that follow
        self.fixed = None
        if all(len(p.words) == 1 for p in order):
            top = (1, order[0].literal)
            self.fixed = (1, tuple(p for p in order if (1, p.literal) == top))


_UNSEEN = object()


def _scan(patterns: tuple[_Pattern, ...], words: Sequence[str], i: int, best_key, best: list):
    """The best (longest, then most literal) of patterns matching at words[i], longest first."""
    n = len(words)
    for pat in patterns:
        size = len(pat.words)
        key = (size, pat.literal)
        if best_key is not None and key < best_key:
            break
        if i + size > n:
            continue
        ok = True
        for k in range(1, size):
            p = pat.words[k]
            w = words[i + k]
            if not (p == w if isinstance(p, str) else p.fullmatch(w) is not None):
                ok = False
                break
        if ok:
            if best_key is None or key > best_key:
                best_key, best = key, [pat]
            else:
                best.append(pat)
    return best_key, best


def _word_matches(pattern, word: str) -> bool:
    if isinstance(pattern, str):
        return pattern == word
    return pattern.fullmatch(word) is not None
