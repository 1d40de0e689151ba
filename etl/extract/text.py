"""Report text -> tokens and units (sentences and list items), keeping character offsets."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

__all__ = ["Token", "Unit", "tokenize", "segment", "normalize_word"]

# One apostrophe, one hyphen, and Swiss spelling: "grösste" is "größte" (Swiss Standard German writes no ß).
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "´": "'", "′": "'", "‐": "-", "‑": "-", "‒": "-",
                              "ß": "ss"})

# A word: word characters, joined by apostrophes, hyphens, slashes or dots ("x-59/x-69", "п'ять").
_WORD_TAIL = r"[^\W_]*(?:['’ʼ′`\-‐‑/.][^\W_]+)*"  # ′: a prime typed for the apostrophe ("п′ять")
_TOKEN_RE = re.compile(
    r"""
    (?P<word>[^\W\d_]""" + _WORD_TAIL + r""")
  | (?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4}(?!\d))
  | (?P<time>\d{1,2}:\d{2}(?!\d)|\d{1,2}\.\d{2}(?=\s*[Uu]hr))
  | (?P<num>(?:\d+(?:[.,]\d+)?[eE][+\-\u2212]?\d+|\d{1,3}(?:(?:,|\.|[\u00a0\u202f\u2009 ])\d{3})+|\d+(?:[.,]\d+)?)
             (?![\w'’ʼ′-]|[.,]\d))
  | (?P<digit_word>\d""" + _WORD_TAIL + r""")
  | (?P<punct>[^\w\s])
    """,
    re.VERBOSE,
)
_LIST_MARKER = re.compile(r"^[ \t]*(?:[^\w\s\"'«»„“”‚‘’(\[{<]\ufe0f?|\d{1,2}[.)](?=\s))[ \t]+")
# a live blog's entry stamp on a line of its own ("19:29 Uhr", "08.20 Uhr:", "10:45 GMT", "14:32"), its clock
# word (lexicon text.clock_words) after the time: a new entry
_ENTRY_STAMP = re.compile(r"^\d{1,2}[:.]\d{2}\s*(.*?)\s*:?$")
# a full stop before a capital, after a space or (pages that lost the space between paragraphs: "abgewehrt.In der
# Stadt") right after a word in lower case
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”“»«)\]]*(?=\s+[\"'„“«»‚(\[]?[^\W_a-zа-яіїєґäöüß])"
                           r"|(?<=[a-zäöüßа-яіїєґ]{3})\.(?=[A-ZÄÖÜА-ЯІЇЄҐ][a-zäöüßа-яіїєґ]*\b)")
_LAST_WORD = re.compile(r"([^\W_][\w.'-]*)$")
_NEXT_WORD = re.compile(r"\s*([^\W_]+)")
_OPENERS = "([{"
_CLOSERS = ")]}"


@dataclass(slots=True)
class Token:
    """A word, number, time, date or punctuation mark with its place in the text."""

    text: str
    norm: str
    start: int
    end: int
    kind: str  # word | num | time | date | punct
    depth: int = 0  # how many brackets enclose it


@dataclass
class Unit:
    """A sentence or a list item: the smallest piece a figure is read from."""

    start: int
    end: int
    paragraph: int
    tokens: list[Token] = field(default_factory=list)
    item: bool = False  # a line of a bulleted list
    indent: int = 0
    title: bool = False  # the report's headline

    @property
    def header(self) -> bool:
        """True when the unit introduces a list (ends with a colon)."""
        return bool(self.tokens) and self.tokens[-1].norm == ":"


@functools.lru_cache(maxsize=262144)
def normalize_word(word: str) -> str:
    """The form a word is matched in: lower case, one apostrophe, one hyphen, "ss" for "ß"."""
    return word.translate(_APOSTROPHES).lower()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of text[start:end], with offsets into text."""
    tokens: list[Token] = []
    append = tokens.append
    depth = 0
    for m in _TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        kind = m.lastgroup
        raw = m.group()
        if kind == "word" or kind == "digit_word":  # "3-й", "100-річчя" are words too
            append(Token(raw, normalize_word(raw), m.start(), m.end(), "word", depth))
            continue
        if kind == "punct":
            if raw in _CLOSERS:
                depth = max(0, depth - 1)
            append(Token(raw, raw, m.start(), m.end(), kind, depth))
            if raw in _OPENERS:
                depth += 1
            continue
        append(Token(raw, raw, m.start(), m.end(), kind, depth))
    return tokens


def segment(text: str, abbreviations: frozenset[str], months: frozenset[str],
            ordinal_heads: frozenset[str] = frozenset(), clock_words: frozenset[str] = frozenset()) -> list[Unit]:
    """The sentences and list items of a text, in order, with paragraph numbers."""
    units: list[Unit] = []
    for block_start, block_end, paragraph, item, indent in _blocks(text, months, clock_words):
        for s, e in _sentences(text, block_start, block_end, abbreviations, months, ordinal_heads):
            units.append(Unit(s, e, paragraph, tokenize(text, s, e), item, indent))
    units = [u for u in units if u.tokens]
    if units and units[0].paragraph == 0 and not _ends_sentence(text[units[0].start : units[0].end]):
        if len([u for u in units if u.paragraph == 0]) == 1:
            units[0].title = True
    return units


def _blocks(text: str, months: frozenset[str], clock_words: frozenset[str] = frozenset()):
    """Runs of lines that belong together: (start, end, paragraph, is_item, indent)."""
    paragraph = 0
    block: list[int] | None = None  # [start, end, paragraph, item, indent]
    prev_line = ""
    last_line, last_item = "", False  # the last line with text (blank lines between), and whether it was an item
    pos = 0
    blocks = []
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            if block:
                blocks.append(block)
                block = None
            if prev_line:
                paragraph += 1
            prev_line = ""
            continue
        if prev_line and _entry_stamp(stripped, clock_words):
            if block:  # "19:29 Uhr" under the last entry's text: the next entry starts, as after a blank line
                blocks.append(block)
                block = None
            paragraph += 1
        content_start = line_start + len(line) - len(line.lstrip())
        content_end = line_start + len(line.rstrip())
        marker = _LIST_MARKER.match(line)
        if marker and marker.group().strip()[:1].isdigit():
            rest = line[marker.end():].split(maxsplit=1)
            if rest and rest[0].lower().strip(".,") in months:
                marker = None  # "12. Dezember ..." starts a sentence, not a numbered list
        item = marker is not None or _unmarked_item(last_line, stripped, last_item)
        if marker is not None:
            content_start = line_start + marker.end()
        indent = len(line) - len(line.lstrip(" \t"))
        joins = block is not None and not item and _hard_wrap(prev_line, stripped)
        if joins:
            block[1] = content_end
        else:
            if block:
                blocks.append(block)
            block = [content_start, content_end, paragraph, item, indent]
        prev_line = last_line = stripped
        last_item = item
    if block:
        blocks.append(block)
    return [tuple(b) for b in blocks]


def _entry_stamp(line: str, clock_words: frozenset[str]) -> bool:
    """True for a line that is only a time of day, with its clock word at most ("19:29 Uhr", "10:45 GMT")."""
    m = _ENTRY_STAMP.match(line)
    return m is not None and (not m.group(1) or m.group(1).lower() in clock_words)


UNMARKED_ITEM_CHARS = 80  # the longest line of an unmarked list ("Черкаській області;")


def _unmarked_item(prev: str, line: str, prev_item: bool) -> bool:
    """True for a line of a list without markers: a short line ending in ";" after a line ending in ":" or after
    another such item, or the last one ending in "." ("застосовуються у:" / "Черкаській області;" / ...); blank
    lines may stand between."""
    if len(line) > UNMARKED_ITEM_CHARS or not line.endswith((";", ".")):
        return False
    return (prev.endswith(":") and line.endswith(";")) or (prev_item and prev.endswith(";"))


def _hard_wrap(prev: str, nxt: str) -> bool:
    """True when a line break sits inside a sentence (the text was wrapped)."""
    if prev.endswith(":"):
        return False
    return bool(prev) and (prev[-1].islower() or prev[-1] in ",;(-") and nxt[:1].islower()


def _sentences(text: str, start: int, end: int, abbreviations: frozenset[str], months: frozenset[str],
               ordinal_heads: frozenset[str]):
    """Sentence spans inside one block."""
    spans = []
    cur = start
    for m in _SENTENCE_END.finditer(text, start, end):
        before = text[max(cur, m.start() - 64) : m.start()]  # the word before the full stop, if any
        last = _LAST_WORD.search(before.rsplit(None, 1)[-1]) if before and not before[-1].isspace() else None
        word = last.group(1).lower().rstrip(".") if last else ""
        next_word = _NEXT_WORD.match(text, m.end(), end)
        if m.group().startswith(".") and word:
            if word in abbreviations or (len(word) == 1 and word.isalpha()):
                continue
            if word.isdigit() and len(word) <= 2 and next_word and next_word.group(1).lower() in months:
                continue  # German ordinal date: "am 7. September"
            words = before.split()
            if word.isdigit() and len(word) <= 3 and len(words) > 1 and words[-2].lower() in ordinal_heads:
                continue  # an ordinal inside the sentence: "In der Nacht zum Dienstag, dem 17. Angriff im Mai, ..."
        spans.append((cur, m.end()))
        cur = m.end()
        while cur < end and text[cur].isspace():
            cur += 1
    if cur < end:
        spans.append((cur, end))
    return spans


def _ends_sentence(s: str) -> bool:
    return s.rstrip().endswith((".", "!", "?", "…", '."', ".”", ".»", ".«"))
