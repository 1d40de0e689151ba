"""What a store version does not hold in memory (etl/snapshot.py LEFT_OUT: a report's text, title and path; a strike
claim's evidence, figure spans and fallbacks; an attacks row's claims and disagreements), read back for the few rows
a view shows: part of the read path of etl/query.py. Issue 17: with a million claims these were more than half of
what the server held.

When a version is read (etl/storeread.read_version) these columns are written, with each row's key, to a Parquet
file per table (a `Spill`) that lives as long as the version is in use; polars reads the row groups that hold the
rows asked for. So what is shown is always of the version the rest of the page comes from, and a refresh that
replaces the store file in between changes nothing for it.
"""

from __future__ import annotations

import os
import tempfile
import weakref
from pathlib import Path

import polars as pl

from etl.schemas import TABLES, polars_schema

__all__ = ["Spill", "spilled", "CLAIM_KEY", "ATTACK_KEY", "KEYS"]

BY_DESCRIPTOR = Path("/proc/self/fd")  # where an open file can be read by its descriptor (Linux)

CLAIM_KEY = ["claim_id", "row_kind", "type", "model"]  # one row of strike_claims (a class row, or one of its types)
ATTACK_KEY = ["attack_date", "attacker", "weapon", "row_kind", "type", "model"]  # one row of attacks
KEYS = {"reports": ["report_id"], "strike_claims": CLAIM_KEY, "attacks": ATTACK_KEY}  # what a spilled row is found by


class Spill:
    """The files of what one version does not hold: written into a temporary folder, then opened and the folder
    removed (where the system reads a file by its descriptor), so that their space is freed when the version is
    dropped or the server ends, however it ends; elsewhere the folder is removed when the version is dropped."""

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="strikes-version-")
        self.folder = Path(self._folder.name)
        self._open: dict[str, int] = {}

    def seal(self) -> None:
        """Open the files written and remove the folder (files by descriptor only)."""
        if not BY_DESCRIPTOR.is_dir():
            return
        self._open = {p.stem: os.open(p, os.O_RDONLY) for p in self.folder.glob("*.parquet")}
        self._folder.cleanup()
        weakref.finalize(self, _close, list(self._open.values()))

    def path(self, table: str) -> Path | None:
        """Where a table's file is read (None: the version has no such table)."""
        if table in self._open:
            return BY_DESCRIPTOR / str(self._open[table])
        path = self.folder / f"{table}.parquet"
        return path if not self._open and path.exists() else None


def _close(descriptors: list[int]) -> None:
    for fd in descriptors:
        os.close(fd)


def spilled(spill: Spill | None, table: str, rows: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """`rows` of a table (with its KEYS) with `columns` read from the version's spill: null where it has none (no
    store yet)."""
    key, schema = KEYS[table], polars_schema(TABLES[table])
    path = None if spill is None else spill.path(table)
    if path is None or rows.is_empty():
        return rows.with_columns(pl.lit(None, schema[c]).alias(c) for c in columns)
    first = key[0]  # the rows are picked by their first key column, then matched on the whole key
    found = pl.scan_parquet(path).filter(pl.col(first).is_in(rows[first].unique().cast(schema[first]).implode()))
    found = found.select(*key, *columns).collect(engine="streaming").unique(key, keep="first", maintain_order=True)
    found = found.with_columns(pl.col(k).cast(rows.schema[k], strict=False) for k in key)
    return rows.join(found, on=key, how="left", nulls_equal=True, maintain_order="left")
