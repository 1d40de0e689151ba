"""Bytes -> text: byte-order marks, UTF-8, then charset detection among the encodings reports use."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

__all__ = ["DecodeError", "decode"]

# Encodings seen in reports: Unicode, old Ukrainian/Russian code pages, Western European ones.
CANDIDATES = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "cp1251", "koi8_u", "cp1252", "iso8859_15"]
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we know."""


def decode(raw: bytes) -> tuple[str, str]:
    """The text of some bytes and the encoding it was read in."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
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
        pass
    best = from_bytes(raw, cp_isolation=CANDIDATES).best()
    if best is None:
        raise DecodeError("not text in UTF-8, UTF-16, cp1251, koi8-u or cp1252")
    text = str(best)
    if _has_controls(text):
        raise DecodeError("binary data, not text")
    return text, best.encoding


def _has_controls(text: str) -> bool:
    """True when text is full of control characters: bytes of another encoding read as UTF-8."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > max(2, len(sample) // 100)


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    return max(zeros_even, zeros_odd) > 0.3 * half and min(zeros_even, zeros_odd) < 0.05 * half
