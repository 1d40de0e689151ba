"""Numbers written in digits or words: their value, and why one cannot be a count of weapons.

A count of weapons is a whole number from 0 to MAX_COUNT. A number written negative ("-40", "−40"),
in scientific notation ("1e9", "2.5E3") or above MAX_COUNT ("1,000,000,000", "2.5 million") is
still read as a number, so the words around it are understood as usual, but it carries the reason
it is not a count; extraction leaves its figure out of the claims and lists it as a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extract.text import Token
from etl.model import MAX_COUNT

__all__ = ["Number", "NEGATIVE", "SCIENTIFIC", "TOO_LARGE", "MINUS_SIGNS", "count", "digits_count",
           "decimal", "signed"]

NEGATIVE = "it is negative"
SCIENTIFIC = "it is in scientific notation"
TOO_LARGE = f"it is more than {MAX_COUNT:,}"

# Signs that make the number right after them negative: the hyphen-minus, the minus sign, and the small
# and full-width hyphen-minus. Dashes ("–", "—") are punctuation between words, never a sign.
MINUS_SIGNS = frozenset("-\u2212\ufe63\uff0d")
THOUSANDS_SEPARATORS = (",", ".", " ", "\u00a0", "\u202f", "\u2009")
_MAX_DIGITS = len(str(MAX_COUNT))  # more digits than this is more than MAX_COUNT, without reading them
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE][+\-\u2212]?\d+")


@dataclass(frozen=True, slots=True)
class Number:
    """A number written in digits or words, on tokens [start, end)."""

    value: int | None  # None when it cannot be a count; `doubt` says why
    start: int
    end: int
    weak: bool = False  # an article-like word ("eine") that counts only right before a weapon
    doubt: str | None = None  # why it is not a count of weapons ("it is negative")
    definite: bool = False  # a definite article before one weapon ("destroyed the missile"): the one counted before
    rounded: bool = False  # said in tens or dozens ("шість десятків", "two dozen"): a round figure, not an exact one


def count(value: int | float, start: int, end: int, weak: bool = False) -> Number:
    """The number on tokens [start, end) with this value, or a doubtful one when it is above MAX_COUNT."""
    if value > MAX_COUNT:
        return Number(None, start, end, weak, doubt=TOO_LARGE)
    return Number(round(value), start, end, weak)


def digits_count(text: str, start: int) -> Number | None:
    """A number token ("1,200", "1 200", "1e9") read as a count on token `start`; None for a decimal."""
    if _SCIENTIFIC.fullmatch(text):
        return Number(None, start, start + 1, doubt=SCIENTIFIC)
    clean = _without_separators(text)
    if clean is None or not clean.isdigit():
        return None
    if len(clean.lstrip("0")) > _MAX_DIGITS:  # never turn a 5,000-digit string into an int
        return Number(None, start, start + 1, doubt=TOO_LARGE)
    return count(int(clean), start, start + 1)


def decimal(text: str) -> float | None:
    """A decimal like "1,5" or "2.3" (read before "thousand"), or None."""
    if _SCIENTIFIC.fullmatch(text):
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def signed(number: Number, tokens: list[Token], text: str) -> Number:
    """The number with the minus sign written right before it, if any ("-40", "(−40"), as a negative one.

    A sign touches the digits and follows no letter or digit: "30-40", "Kh-101" and "2024-2025" are
    ranges and names, and "- 40" is a dash or a list marker.
    """
    if number.start == 0:
        return number
    sign, first = tokens[number.start - 1], tokens[number.start]
    if sign.kind != "punct" or sign.norm not in MINUS_SIGNS or sign.end != first.start:
        return number
    before = text[sign.start - 1] if sign.start > 0 else " "
    if before.isalnum() or before == "_" or before in MINUS_SIGNS:
        return number
    return Number(None, number.start - 1, number.end, number.weak, doubt=number.doubt or NEGATIVE)


def _without_separators(text: str) -> str | None:
    """The digits of a number written with or without thousands separators; None for decimals."""
    clean = text
    for sep in THOUSANDS_SEPARATORS:
        parts = clean.split(sep)
        if len(parts) > 1:
            if all(len(p) == 3 for p in parts[1:]):
                clean = "".join(parts)
            else:
                return None
    return clean
