"""One unit of text seen through a language's lexicon: tokens, phrase matches and numbers."""

from __future__ import annotations

from dataclasses import dataclass

from etl.extract.language import Language, is_weak_number, number_word
from etl.extract.matcher import Match
from etl.extract.text import Unit

__all__ = ["UnitView", "Number"]


@dataclass(frozen=True, slots=True)
class Number:
    """A count written in digits or words, on tokens [start, end)."""

    value: int
    start: int
    end: int
    weak: bool = False  # an article-like word ("eine") that counts only right before a weapon


class UnitView:
    """A unit's tokens with the lexicon's phrase matches and the numbers in it."""

    def __init__(self, unit: Unit, text: str, lang: Language):
        self.unit = unit
        self.text = text
        self.lang = lang
        self.tokens = unit.tokens
        self.words = [t.norm for t in self.tokens]
        self.matches: list[Match] = lang.phrases.find(self.words)
        self._starts = {m.start: m for m in self.matches}
        self._cover: list[Match | None] = [None] * len(self.tokens)
        for m in self.matches:
            for k in range(m.start, m.end):
                self._cover[k] = m
        self.numbers: list[Number] = self._read_numbers()
        self._number_at = {n.start: n for n in self.numbers}

    @property
    def span(self) -> tuple[int, int]:
        """The unit's character range in the report text."""
        return self.unit.start, self.unit.end

    def match_at(self, i: int) -> Match | None:
        """The phrase match that starts at token i."""
        return self._starts.get(i)

    def match_covering(self, i: int) -> Match | None:
        """The phrase match that covers token i."""
        return self._cover[i] if 0 <= i < len(self._cover) else None

    def month_at(self, i: int) -> int | None:
        """The month number named at token i."""
        m = self._starts.get(i)
        return m.get("month") if m is not None and m.has("month") else None

    def number_at(self, i: int) -> Number | None:
        """The number that starts at token i."""
        return self._number_at.get(i)

    def _read_numbers(self) -> list[Number]:
        out: list[Number] = []
        code = self.lang.code
        i, n = 0, len(self.tokens)
        while i < n:
            tok = self.tokens[i]
            if self._cover[i] is not None:
                i += 1
                continue
            if tok.kind == "num":
                value = _digits(tok.text)
                if value is not None:
                    out.append(Number(value, i, i + 1))
                i += 1
                continue
            if tok.kind == "word":
                value = number_word(tok.norm, code)
                if value is not None:
                    j = i + 1
                    while j < n and self._cover[j] is None and self.tokens[j].kind == "word":
                        joined = " ".join(self.words[i : j + 1])
                        more = _phrase_value(joined, code)
                        if more is None:
                            break
                        value, j = more, j + 1
                    out.append(Number(value, i, j, weak=j == i + 1 and is_weak_number(tok.norm, code)))
                    i = j
                    continue
            i += 1
        return out


def _digits(text: str) -> int | None:
    """An integer written with or without thousands separators; None for decimals."""
    clean = text
    for sep in (",", ".", " ", "\u00a0", "\u202f", "\u2009"):
        parts = clean.split(sep)
        if len(parts) > 1:
            if all(len(p) == 3 for p in parts[1:]):
                clean = "".join(parts)
            else:
                return None
    return int(clean) if clean.isdigit() else None


def _phrase_value(phrase: str, code: str) -> int | None:
    """The value of a multi-word number ("two hundred", "сто двадцять"), or None."""
    from etl.extract.language import language

    if language(code).data["numbers"]["parser"] == "text2num":
        from text_to_num import text2num

        try:
            return text2num(phrase, code)
        except ValueError:
            return None
    from number_parser import parse_number

    value = parse_number(phrase.replace("'", "ʼ"), language=code)
    return value if isinstance(value, int) else None
