"""CSV text for spreadsheets: UTF-8, a header, ISO dates, and cells that cannot run as formulas.

Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
(and one that starts with a tab or carriage return may become one), so such a text cell gets a leading
apostrophe and is read as text. The check looks past leading spaces and line breaks (" =1+1") and also
catches the full-width forms (＝, ＋, －, ＠). Numbers are never touched: every figure in the store is a
numeric column, written as a number, so -5 stays the number -5. A text cell that merely looks like a
number ("-5" in a text column) is text and is escaped like any other: in this project no figure is text.
Every text cell is quoted, so a spreadsheet whose list separator is `;` or a tab (German and Ukrainian
locales) reads `Air Force;=1+1;` as one cell, never a cell `=1+1`; numbers, dates and booleans are not quoted.
Every CSV the project writes goes through `to_csv`: `strikes export`, `strikes extract --format csv`
and the dashboard's Export CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

__all__ = ["to_csv", "rows_to_csv", "safe_cell", "FORMULA_START"]

FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # after leading whitespace
CONTROL_START = ("\t", "\r")  # as the very first character


def safe_cell(value) -> str:
    """A cell's text; text that a spreadsheet could run as a formula gets a leading apostrophe. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(CONTROL_START) or text.lstrip().startswith(FORMULA_START):
        return "'" + text
    return text


def _field(value) -> str:
    """One CSV field: text quoted (its quotes doubled), anything else as safe_cell writes it."""
    cell = safe_cell(value)
    if value is None or isinstance(value, (bool, int, float, Decimal, date)):
        return cell
    return '"' + cell.replace('"', '""') + '"'


def to_csv(frame: pl.DataFrame) -> str:
    """The frame as CSV text (what a download or `strikes export --format csv` writes)."""
    return rows_to_csv(frame.columns, frame.iter_rows())


def rows_to_csv(columns: Sequence[str], rows: Iterable[Sequence]) -> str:
    """Rows of values as CSV text under a header, written as `to_csv` writes a frame's."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(columns)  # column names: identifiers of the schema
    for row in rows:
        out.write(",".join(_field(v) for v in row) + "\n")
    return out.getvalue()
