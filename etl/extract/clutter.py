"""Page clutter that is no part of the report (spec decision 11): pointers to other articles, and captions.

"Read also: Air defence destroyed 25 of 57 drones", "Lesen Sie auch: ...", "Читайте також:" and the headline
after them name another article's figures. Their characters are blanked (replaced by spaces, so every offset
and evidence span of the report stays as it was) before the text is split into sentences. The pointer may
stand at the start of a line or straight after a sentence, even without a space ("the statement said.Читайте
також: ..."); the other article's headline is the rest of that line, or the next line with text when the
pointer stands alone.

A caption describes a picture, often of an earlier night ("Remains of a Shahed 136 drone at an exhibition ...
(Photo: ... /Getty Images)", "Eine iranische Kampfdrohne vom Typ Shahed (Archivbild) (Efrem Lukatsky/AP/dpa)",
"Фото: ДСНС України"): a line that opens with a photo word and a colon, that ends in parentheses with a photo
word in parentheses, or that is one short sentence followed by a photo word and a colon ("... ударних дронів.
Фото: РБК-Україна"), is blanked the same way.

A related article's headline closing the page ("Zelenskyy: Russia struck with 420 drones and 39 missiles, ...",
"Гуменюк: Понад 60 російських шахедів ... атакували південь України") is the last line with text: a paragraph of
its own after a finished sentence, a speaker and a colon first, no full stop at its end. It is blanked too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

__all__ = ["blank_other_articles", "blank_captions", "blank_trailing_headline"]


@functools.cache
def _pointer(markers: tuple[str, ...]) -> re.Pattern | None:
    if not markers:
        return None
    words = _alternation(markers)
    # at a line's start or right after a sentence's end; then a colon or dash, or the end of the line
    return re.compile(rf"(?:^|(?<=[.!?…\"”»]))[ \t]*(?:{words})[ \t]*(?:[:\-–—][ \t]*|(?=\r?\n)|$)",
                      re.IGNORECASE | re.MULTILINE)


def blank_other_articles(text: str, markers: Sequence[str]) -> str:
    """The text with every pointer to another article and that article's headline blanked out."""
    pattern = _pointer(tuple(markers))
    if pattern is None:
        return text
    spans = []
    for m in pattern.finditer(text):
        end = _line_end(text, m.end())
        if not text[m.end():end].strip():  # the pointer alone on its line: the headline is the next line
            nxt = m.end()
            while nxt < len(text) and text[nxt] in " \t\r\n":
                nxt += 1
            end = _line_end(text, nxt)
        spans.append((m.start(), end))
    return _blank(text, spans)


def _alternation(phrases) -> str:
    """A regex alternative of the phrases, longest first, any run of spaces between their words."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the characters of the spans replaced by spaces, line breaks kept (offsets stay)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = (" " if c not in "\r\n" else c for c in text[start:end])
    return "".join(chars)


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


CAPTION_CHARS = 250  # a caption before its credit is one short sentence


@functools.cache
def _caption(words: tuple[str, ...]) -> re.Pattern | None:
    if not words:
        return None
    photo = _alternation(words)
    credit_first = rf"^[ \t]*(?:\w+[ \t]+)?(?:{photo})[ \t]*:[^\n]*"  # "Фото: ДСНС", "Ілюстративне фото: ..."
    credit_last = rf"^[^\n]*\([^()\n]*\b(?:{photo})\b[^()\n]*\)[^\n]*\)[ \t]*\r?$|^[^\n]*\((?:[^()\n]*\W)?(?:{photo})\b[^()\n]*\)[ \t]*\r?$"
    # one short sentence, then the credit on the same line: "Над Києвом знищили 10 дронів. Фото: РБК-Україна"
    credit_after = rf"^[^\n.!?]{{1,{CAPTION_CHARS}}}[.!?][ \t]+(?:\w+[ \t]+)?(?:{photo})[ \t]*:[^\n]*"
    # a caption run on after a headline's text on one line: "... як відпрацювала ППО Ілюстративне фото: сили ППО
    # збили 63 дрони (Віталій Носач, РБК-Україна)": from the photo word to the line's end
    credit_inline = rf"\b(?:{photo})[ \t]*:[^\n]{{0,{CAPTION_CHARS}}}\([^()\n]+\)[ \t]*\r?$"
    return re.compile(rf"(?:{credit_first})|(?:{credit_last})|(?:{credit_after})|(?:{credit_inline})",
                      re.IGNORECASE | re.MULTILINE)


def blank_captions(text: str, photo_words: Sequence[str]) -> str:
    """The text with every caption line blanked out (same offsets)."""
    pattern = _caption(tuple(photo_words))
    if pattern is None:
        return text
    return _blank(text, [m.span() for m in pattern.finditer(text)])


HEADLINE_CHARS = 200  # a headline is one short line
_SPEAKER_HEADLINE = re.compile(r"^[^\W\d_][\w'’.\- ]{1,40}:[ \t]+\S")
_FINISHED = re.compile(r"[.!?…][\"”»“']?\s*$")


def blank_trailing_headline(text: str) -> str:
    """The text with a related article's headline at its end blanked out (see the module's doc)."""
    lines = text.splitlines(keepends=True)
    starts, k = [], 0
    for line in lines:
        starts.append(k)
        k += len(line)
    filled = [n for n, line in enumerate(lines) if line.strip()]
    while filled and lines[filled[-1]].strip().endswith(":"):
        filled.pop()  # "Читайте більше новин по темі:" with nothing after it: a list the page did not keep
    if len(filled) < 2:
        return text
    last, before = filled[-1], filled[-2]
    line = lines[last].strip()
    if (last - before < 2 or len(line) > HEADLINE_CHARS or _FINISHED.search(line)
            or not _SPEAKER_HEADLINE.match(line) or not _FINISHED.search(lines[before])):
        return text
    return _blank(text, [(starts[last], starts[last] + len(lines[last].rstrip("\r\n")))])
