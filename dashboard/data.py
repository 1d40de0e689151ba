"""The only module that reads the store: tables, charts and CSV exports all come through here.

The store file is replaced whole by each refresh, so a reader never needs to hold it open: the
tables are read into memory once per version of the file (its inode, size and mtime) and the
file is closed again. After a refresh the next call sees the new file, with no restart.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import polars as pl

from etl.schemas import TABLES

__all__ = ["Filters", "Snapshot", "snapshot", "query", "TABLE_NAMES", "FilterError"]

TABLE_NAMES = tuple(TABLES)


class FilterError(ValueError):
    """A filter that does not apply to the table asked for."""


@dataclass(frozen=True)
class Filters:
    """What the user has chosen to look at. Empty tuples and None mean "all"."""

    start: date | None = None
    end: date | None = None
    attacker: str | None = None
    weapons: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    source_kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def narrows_sources(self) -> bool:
        """True when only some sources are chosen (the attacks are then reconciled from those)."""
        return bool(self.source_kinds or self.languages)


@dataclass
class Snapshot:
    """One version of the store, read into memory."""

    path: Path
    signature: tuple
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when there is no store or nothing in it yet."""
        return self.tables.get("reports") is None or self.tables["reports"].is_empty()

    @property
    def as_of(self) -> datetime | None:
        """When the last refresh finished."""
        runs = self.tables.get("refresh_runs")
        if runs is None or runs.is_empty():
            return None
        return runs["finished"].max()


_lock = threading.Lock()
_cache: dict[Path, Snapshot] = {}


def snapshot(store: str | Path) -> Snapshot:
    """The current version of the store (read again only when the file was replaced)."""
    path = Path(store).resolve()
    try:
        st = path.stat()
        signature = (st.st_ino, st.st_size, st.st_mtime_ns)
    except FileNotFoundError:
        return Snapshot(path, ())
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached.signature == signature:
            return cached
        from etl.store import read_tables

        snap = Snapshot(path, signature, read_tables(path))
        _cache[path] = snap
        return snap


def query(table: str, filters: Filters, store: str | Path) -> pl.DataFrame:
    """The rows of one table that the filters select: what a view shows and an export writes."""
    if table not in TABLE_NAMES:
        raise FilterError(f"unknown table {table!r}; choose one of {', '.join(TABLE_NAMES)}")
    snap = snapshot(store)
    if not snap.tables:
        from etl.schemas import polars_schema

        return pl.DataFrame(schema=polars_schema(TABLES[table]))
    if table == "attacks" and filters.narrows_sources:
        frame = _attacks_from(snap, filters.source_kinds, filters.languages)
    else:
        frame = snap.tables[table]
    return _filter(table, frame, filters, snap)


def _filter(table: str, frame: pl.DataFrame, f: Filters, snap: Snapshot) -> pl.DataFrame:
    cols = set(frame.columns)
    day = "attack_date" if "attack_date" in cols else "date" if "date" in cols else None
    if (f.start or f.end) and day is None:
        raise FilterError(f"the {table} table has no dates to filter by")
    if (f.weapons or f.attacker) and "weapon" not in cols:
        raise FilterError(f"the {table} table has no weapon or attacker column")
    conds = []
    if f.start:
        conds.append(_day_expr(table, day) >= f.start)
    if f.end:
        conds.append(_day_expr(table, day, end=True) <= f.end)
    if f.attacker:
        conds.append(pl.col("attacker") == f.attacker)
    if f.weapons:
        conds.append(pl.col("weapon").is_in(list(f.weapons)))
    if f.types and "type" in cols:
        conds.append((pl.col("row_kind") == "class") | pl.col("type").is_in(list(f.types)))
    if table != "attacks" and f.narrows_sources and "report_id" in cols:
        conds.append(pl.col("report_id").is_in(_report_ids(snap, f.source_kinds, f.languages)))
    for cond in conds:
        frame = frame.filter(cond)
    return frame


def _day_expr(table: str, day: str, end: bool = False) -> pl.Expr:
    """The date a row is filtered on; period claims count by their period."""
    if table == "strike_claims":
        bound = "period_start" if end else "period_end"
        return pl.coalesce(pl.col(day), pl.col(bound))
    return pl.col(day)


def _report_ids(snap: Snapshot, kinds: tuple[str, ...], languages: tuple[str, ...]) -> list[str]:
    reports = snap.tables["reports"]
    if kinds:
        reports = reports.filter(pl.col("source_kind").is_in(list(kinds)))
    if languages:
        reports = reports.filter(pl.col("language").is_in(list(languages)))
    return reports["report_id"].to_list()


def _attacks_from(snap: Snapshot, kinds: tuple[str, ...], languages: tuple[str, ...]) -> pl.DataFrame:
    """Attacks reconciled from the claims of the chosen sources only (cached per store version)."""
    return _reconciled(snap.path, snap.signature, kinds, languages)


@lru_cache(maxsize=32)
def _reconciled(path: Path, signature: tuple, kinds: tuple[str, ...], languages: tuple[str, ...]) -> pl.DataFrame:
    from etl.reconcile import reconcile

    snap = snapshot(path)
    ids = _report_ids(snap, kinds, languages)
    return reconcile(snap.tables["strike_claims"].filter(pl.col("report_id").is_in(ids)))
