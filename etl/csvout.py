"""CSV text for spreadsheets: UTF-8, a header, ISO dates, and cells that cannot run as formulas."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import polars as pl

__all__ = ["to_csv", "safe_cell"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell's text; text starting like a formula gets a leading apostrophe. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(frame: pl.DataFrame) -> str:
    """The frame as CSV text (what a download or `strikes export --format csv` writes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.iter_rows():
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
