"""Bytes -> text: byte-order marks, UTF-8, then charset detection among the encodings reports use."""

from __future__ import annotations

import codecs
import re

__all__ = ["DecodeError", "decode", "without_controls"]

# Encodings seen in reports: Unicode, old Ukrainian/Russian code pages, Western European ones.
LEGACY = ["cp1251", "koi8_u", "cp1252", "iso8859_15"]
CANDIDATES = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", *LEGACY]
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")  # controls (not tabs or breaks), lone surrogates


MIXED_MIN_UTF8 = 20  # non-ASCII characters in valid UTF-8 lines before a file is taken as partly UTF-8


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we know."""


def decode(raw: bytes) -> tuple[str, str]:
    """The text of some bytes and the encoding it was read in ("utf-8+cp1251" for a file that mixes them)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                break  # a byte-order mark followed by something else: detect as if it were not there
    if _looks_utf16(raw):  # UTF-16 without a byte-order mark: every other byte is zero
        encoding = "utf-16-le" if raw[1::2].count(0) > raw[0::2].count(0) else "utf-16-be"
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("utf-8")
        if not _has_controls(text):
            return text, "utf-8"
    except UnicodeDecodeError:
        mixed = _by_line(raw)
        if mixed is not None:
            return mixed
    from charset_normalizer import from_bytes  # imported only for the files that need it: most are UTF-8

    best = from_bytes(raw, cp_isolation=CANDIDATES).best()
    if best is None:
        raise DecodeError("not text in UTF-8, UTF-16, cp1251, koi8-u or cp1252")
    text = str(best)
    if _has_controls(text):
        raise DecodeError("binary data, not text")
    return text, best.encoding


def _by_line(raw: bytes) -> tuple[str, str] | None:
    """A file whose lines are partly UTF-8 and partly one legacy encoding (pasted together), read line by
    line; None unless UTF-8 lines carry enough non-ASCII text to be sure they are UTF-8."""
    lines = raw.splitlines(keepends=True)
    decoded: list[str | None] = []
    utf8_chars = 0
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            decoded.append(None)
            continue
        decoded.append(text)
        utf8_chars += sum(1 for ch in text if ord(ch) > 127)
    if utf8_chars < MIXED_MIN_UTF8:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(b"".join(line for line, d in zip(lines, decoded, strict=True) if d is None),
                      cp_isolation=LEGACY).best()
    if best is None:
        return None
    text = "".join(d if d is not None else line.decode(best.encoding, "replace")
                   for line, d in zip(lines, decoded, strict=True))
    return (None if _has_controls(text) else (text, f"utf-8+{best.encoding}"))


def without_controls(text: str) -> tuple[str, int]:
    """The text without NUL and other control characters or lone surrogates, and how many there were."""
    return _NOT_TEXT.subn("", text)


def _has_controls(text: str) -> bool:
    """True when text is full of control characters: bytes of another encoding read as UTF-8."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > max(8, len(sample) // 20)


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    return max(zeros_even, zeros_odd) > 0.3 * half and min(zeros_even, zeros_odd) < 0.05 * half
