"""The only module that writes the store's tables: an embedded DuckDB file, replaced whole and atomically.

DuckDB allows one writing process and no readers from other processes while it writes. So a
refresh never writes the live file: it builds a complete new file beside it, checkpoints and
closes it, and etl/storefile.py verifies it, keeps a copy among the store's versions and renames it
over the old one. Readers (the dashboard, `strikes export`) open whichever file is current; one that
has the old file open keeps reading it. A refresh killed at any moment, even with kill -9, leaves the
previous file untouched; its half-written file is removed by the next refresh. A lock file beside the
store lets only one refresh write at a time.

The new file is built incrementally (`update_store`): a copy of the current file with one
refresh's changes applied in SQL, so the cost follows the size of the change, not of the store.
When a change drops much of the store, the file is rebuilt compact instead. Values and paths reach
DuckDB as parameters or registered frames; only the schema's own table and column names are formatted
into SQL.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from etl.diskerrors import is_write_failure, write_error
from etl.schemas import RENAMED, TABLES, failures, polars_schema
from etl.storefile import (
    KEEP_VERSIONS,
    StoreBusy,
    StoreDamaged,
    StoreWriteError,
    clean_stale,
    refresh_lock,
    swap_in,
    temp_path,
)
from etl.storeread import columns_of, read_columns, read_tables, selected

__all__ = ["StoreBusy", "StoreDamaged", "StoreWriteError", "StoreUpdate", "refresh_lock", "write_store",
           "update_store", "read_tables", "read_columns", "temp_path", "clean_stale"]

REPORT_TABLES = ("reports", "strike_claims", "outage_claims", "problems", "claim_flags")  # tables with rows per report
COMPACT_SHARE = 0.25  # rebuild the file when a change drops more than this share of its reports


def write_store(store: Path, tables: dict[str, pl.DataFrame], keep: int | None = None) -> None:
    """Validate every table, build a new store file and swap it in atomically (keeping a version of it only
    when `keep` says how many to keep: a store written whole, as the benchmarks do, needs none)."""
    for name, frame in tables.items():
        _check(name, frame)
    with _building(store, keep) as con:
        for name in TABLES:
            frame = tables.get(name)
            if frame is None:
                frame = pl.DataFrame(schema=polars_schema(TABLES[name]))
            con.register("frame_view", frame.to_arrow())
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame_view")
            con.unregister("frame_view")


def _check(name: str, frame: pl.DataFrame) -> None:
    problems = failures(TABLES["problems" if name == "run problems" else name], frame, rules=False)
    if problems:
        first = next(iter(problems.values()))[0]
        raise ValueError(f"table {name} fails its schema ({len(problems)} rows), e.g. {first}")


class _building:
    """A connection to the next version of the store (a copy of the current one when `copy`); on leaving
    without error it is checkpointed, closed, verified, kept as a version and swapped in. Any failure removes
    the half-built file and leaves the store as it was; a failed write (disk full, read-only) says so."""

    def __init__(self, store: Path, keep: int, copy: bool = False):
        self.store, self.keep, self.copy, self.tmp = store, keep, copy, temp_path(store)

    def __enter__(self):
        self.tmp.unlink(missing_ok=True)
        try:
            if self.copy:
                shutil.copyfile(self.store, self.tmp)
            self.con = duckdb.connect(str(self.tmp))
        except (OSError, duckdb.Error) as exc:
            self.tmp.unlink(missing_ok=True)
            raise _failed_write(exc, self.store) from exc
        return self.con

    def __exit__(self, kind, exc, tb):
        failed = exc
        if failed is None:
            try:
                self.con.execute("CHECKPOINT")
            except duckdb.Error as error:
                failed = error
        try:
            self.con.close()
        except duckdb.Error:
            pass  # a connection that a fatal error invalidated; the file is removed below
        if failed is None:
            swap_in(self.tmp, self.store, self.keep)
            return False
        for leftover in (self.tmp, self.tmp.with_name(self.tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        if isinstance(failed, (OSError, duckdb.Error)) and is_write_failure(failed):
            raise write_error(failed, self.store) from failed
        if failed is not exc:
            raise failed
        return False


def _failed_write(exc: BaseException, store: Path) -> BaseException:
    return write_error(exc, store) if is_write_failure(exc) else exc


@dataclass
class StoreUpdate:
    """One refresh's changes to the store."""

    drop_reports: list[str] = field(default_factory=list)  # their rows leave every per-report table
    append: dict[str, pl.DataFrame] = field(default_factory=dict)  # rows added, by table
    replace: dict[str, pl.DataFrame] = field(default_factory=dict)  # tables written anew, whole
    run_problems: pl.DataFrame | None = None  # problems of no report: they replace the last run's
    seen: pl.DataFrame | None = None  # report_id, origin of the reports read again: last_seen becomes `now`
    withdraw: list[str] = field(default_factory=list)  # reports whose file is gone: withdrawn becomes `now`
    restore: list[str] = field(default_factory=list)  # withdrawn reports read again: withdrawn becomes null
    now: datetime | None = None
    delete: dict[str, tuple[str, list]] = field(default_factory=dict)  # table -> (column, values): rows deleted
    validated: set[str] = field(default_factory=set)  # tables the caller validated already, whole


def update_store(store: Path, update: StoreUpdate, keep: int = KEEP_VERSIONS) -> None:
    """Apply a refresh's changes to a copy of the store and swap it in atomically."""
    frames = {**update.append, **update.replace}
    if update.run_problems is not None:
        frames = {**frames, "run problems": update.run_problems}
    for name, frame in frames.items():
        if name not in update.validated:
            _check(name, frame)
    compact = not store.exists() or _dropped_share(store, update) > COMPACT_SHARE
    with _building(store, keep, copy=not compact) as con:
        if compact:
            _rebuild(con, store, update.drop_reports)
        else:
            _migrate(con)
        _apply(con, update)


def _dropped_share(store: Path, update: StoreUpdate) -> float:
    if not update.drop_reports:
        return 0.0
    con = duckdb.connect(str(store), read_only=True)
    try:
        total = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        con.close()
    return len(update.drop_reports) / total if total else 1.0


def _create(con, name: str) -> None:
    con.register("empty_frame", pl.DataFrame(schema=polars_schema(TABLES[name])).to_arrow())
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM empty_frame")
    con.unregister("empty_frame")


def _rebuild(con, store: Path, drop: list[str]) -> None:
    """Every table created fresh and filled from the current store, if any, less the dropped reports."""
    for name in TABLES:
        _create(con, name)
    if not store.exists():
        return
    con.execute("ATTACH ? AS old (READ_ONLY)", [str(store)])  # a parameter: any path, quotes and all
    con.register("dropped", pl.DataFrame({"report_id": drop}, schema={"report_id": pl.Utf8}).to_arrow())
    present = columns_of(con, "old")
    for name in TABLES:
        have = present.get(name)
        if not have:
            continue
        where = (" WHERE report_id IS NULL OR report_id NOT IN (SELECT report_id FROM dropped)"
                 if name in REPORT_TABLES else "")
        con.execute(f"INSERT INTO {name} SELECT {selected(name, list(polars_schema(TABLES[name])), have)} "
                    f"FROM old.{name}{where}")
    con.unregister("dropped")
    con.execute("DETACH old")


def _migrate(con) -> None:
    """Bring a copied store written by an older version up to the current tables and columns."""
    present = columns_of(con)
    for name, model in TABLES.items():
        if name not in present:
            _create(con, name)
            continue
        for column in polars_schema(model):
            old = RENAMED.get(name, {}).get(column)
            if column in present[name]:
                continue
            if old in present[name]:
                con.execute(f'ALTER TABLE {name} RENAME COLUMN "{old}" TO "{column}"')
            else:
                con.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" {_duck_type(model, column)}')


def _duck_type(model, column: str) -> str:
    """The DuckDB type a column of the model is stored as (what CREATE TABLE AS makes of it)."""
    con = duckdb.connect()
    try:
        con.register("f", pl.DataFrame(schema={column: polars_schema(model)[column]}).to_arrow())
        return con.execute("DESCRIBE f").fetchall()[0][1]
    finally:
        con.close()


def _apply(con, update: StoreUpdate) -> None:
    """Deletes, appends (the run's problems last), replacements, last_seen and withdrawals, in that order, on an
    open store file."""
    if update.drop_reports:
        con.register("dropped", pl.DataFrame({"report_id": update.drop_reports}).to_arrow())
        for name in REPORT_TABLES:
            con.execute(f"DELETE FROM {name} WHERE report_id IN (SELECT report_id FROM dropped)")
        con.unregister("dropped")
    for name, (column, values) in update.delete.items():
        con.register("deleted", pl.DataFrame({"v": values}, schema={"v": polars_schema(TABLES[name])[column]}).to_arrow())
        con.execute(f'DELETE FROM {name} WHERE "{column}" IN (SELECT v FROM deleted)')
        con.unregister("deleted")
    if update.run_problems is not None:
        con.execute("DELETE FROM problems WHERE report_id IS NULL")
    for name, frame in update.append.items():
        _insert(con, name, frame)
    if update.run_problems is not None:  # after the reports' problems: a refresh that finds nothing new leaves the
        _insert(con, "problems", update.run_problems)  # rows in the order they were (etl/snapshot.py digest)
    for name, frame in update.replace.items():
        con.execute(f"DELETE FROM {name}")
        _insert(con, name, frame)
    _mark(con, update)
    duplicates = con.execute("SELECT count(*) - count(DISTINCT report_id) FROM reports").fetchone()[0]
    if duplicates:
        raise ValueError(f"the update would store {duplicates} reports twice; nothing was written")


def _mark(con, update: StoreUpdate) -> None:
    """last_seen and origin of the reports read again; withdrawn set for gone ones, cleared for restored ones."""
    if update.seen is not None and not update.seen.is_empty() and update.now is not None:
        con.register("seen", update.seen.select("report_id", "origin").to_arrow())
        con.execute("UPDATE reports SET last_seen = ?, origin = seen.origin FROM seen "
                    "WHERE reports.report_id = seen.report_id", [update.now])
        con.unregister("seen")
    for ids, value in ((update.withdraw, update.now), (update.restore, None)):
        if ids:
            con.register("marked", pl.DataFrame({"report_id": ids}, schema={"report_id": pl.Utf8}).to_arrow())
            con.execute("UPDATE reports SET withdrawn = ? WHERE report_id IN (SELECT report_id FROM marked)", [value])
            con.unregister("marked")


def _insert(con, name: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    con.register("new_rows", frame.to_arrow())
    con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM new_rows")
    con.unregister("new_rows")
