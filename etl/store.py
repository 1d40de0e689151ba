"""The only module that writes the store: an embedded DuckDB file, replaced whole and atomically.

DuckDB allows one writing process and no readers from other processes while it writes. So a
refresh never writes the live file: it builds a complete new file beside it, checkpoints and
closes it, fsyncs it and renames it over the old one. Readers (the dashboard, `strikes export`)
open whichever file is current; one that has the old file open keeps reading it. A refresh killed
at any moment, even with kill -9, leaves the previous file untouched; its half-written file is
removed by the next refresh. A lock file beside the store lets only one refresh write at a time.

The new file is built incrementally (`update_store`): a copy of the current file with one
refresh's changes applied in SQL, so the cost follows the size of the change, not of the store.
When a change drops much of the store, the file is rebuilt compact instead.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from etl.schemas import TABLES, failures, polars_schema

__all__ = ["StoreBusy", "StoreUpdate", "refresh_lock", "write_store", "update_store", "read_tables",
           "read_columns", "temp_path", "clean_stale"]

TEMP_SUFFIX = ".building"
REPORT_TABLES = ("reports", "strike_claims", "outage_claims", "problems")  # tables with rows per report
COMPACT_SHARE = 0.25  # rebuild the file when a change drops more than this share of its reports


class StoreBusy(RuntimeError):
    """Another refresh holds the store's lock."""


@contextmanager
def refresh_lock(store: Path, wait: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold the store's refresh lock; raise StoreBusy (naming the holder) unless `wait`."""
    store.parent.mkdir(parents=True, exist_ok=True)
    lock_path = store.with_name(store.name + ".lock")
    with lock_path.open("a+") as fh:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if not wait or (deadline is not None and time.monotonic() > deadline):
                    fh.seek(0)
                    holder = fh.read().strip() or "another process"
                    raise StoreBusy(f"another refresh is writing {store} ({holder})") from None
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)


def temp_path(store: Path) -> Path:
    """Where a refresh builds the next version of the store."""
    return store.with_name(f".{store.name}.{os.getpid()}{TEMP_SUFFIX}")


def clean_stale(store: Path) -> list[Path]:
    """Remove half-written stores left by refreshes that were killed (call while holding the lock)."""
    removed = []
    for p in store.parent.glob(f".{store.name}.*{TEMP_SUFFIX}*"):
        p.unlink(missing_ok=True)
        removed.append(p)
    return removed


def write_store(store: Path, tables: dict[str, pl.DataFrame]) -> None:
    """Validate every table, build a new store file and swap it in atomically."""
    for name, frame in tables.items():
        problems = failures(TABLES[name], frame, rules=False)
        if problems:
            first = next(iter(problems.values()))[0]
            raise ValueError(f"table {name} fails its schema ({len(problems)} rows), e.g. {first}")
    tmp = temp_path(store)
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for name in TABLES:
            frame = tables.get(name)
            if frame is None:
                frame = pl.DataFrame(schema=polars_schema(TABLES[name]))
            con.register("frame_view", frame.to_arrow())
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame_view")
            con.unregister("frame_view")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _fsync(tmp)
    os.replace(tmp, store)
    _fsync(store.parent)


def read_tables(store: Path, names: tuple[str, ...] = tuple(TABLES)) -> dict[str, pl.DataFrame]:
    """The tables of a store file as polars frames (empty frames when there is no store yet).

    A store written by an older version reads too: missing tables are empty, missing columns null.
    """
    if not store.exists():
        return {name: pl.DataFrame(schema=polars_schema(TABLES[name])) for name in names}
    con = duckdb.connect(str(store), read_only=True)
    try:
        present = _columns(con)
        return {name: _read(con, name, list(polars_schema(TABLES[name])), present) for name in names}
    finally:
        con.close()


def read_columns(store: Path, table: str, columns: list[str], keys: tuple[str, list] | None = None) -> pl.DataFrame:
    """Some columns of one table, optionally only the rows whose `keys[0]` is among `keys[1]` (a refresh
    reads what it compares and what it reconciles again, not the report texts)."""
    schema = polars_schema(TABLES[table])
    if not store.exists():
        return pl.DataFrame(schema={c: schema[c] for c in columns})
    con = duckdb.connect(str(store), read_only=True)
    try:
        where = None
        if keys is not None:
            column, values = keys
            con.register("wanted", pl.DataFrame({"v": values}, schema={"v": schema[column]}).to_arrow())
            where = f'"{column}" IN (SELECT v FROM wanted)'
        return _read(con, table, columns, _columns(con), where)
    finally:
        con.close()


def _columns(con, catalog: str | None = None) -> dict[str, set[str]]:
    """Table -> column names in a database (the connection's own unless `catalog` names an attached one)."""
    rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_catalog = coalesce(?, current_database())", [catalog]).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


def _read(con, table: str, columns: list[str], present: dict[str, set[str]], where: str | None = None):
    schema = polars_schema(TABLES[table])
    have = present.get(table, set())
    if not have:
        return pl.DataFrame(schema={c: schema[c] for c in columns})
    select = ", ".join(f'"{c}"' if c in have else f'NULL AS "{c}"' for c in columns)
    frame = pl.from_arrow(con.sql(f"SELECT {select} FROM {table}" + (f" WHERE {where}" if where else ""))
                          .to_arrow_table())
    return frame.select([pl.col(c).cast(schema[c]) for c in columns])


@dataclass
class StoreUpdate:
    """One refresh's changes to the store."""

    drop_reports: list[str] = field(default_factory=list)  # their rows leave every per-report table
    append: dict[str, pl.DataFrame] = field(default_factory=dict)  # rows added, by table
    replace: dict[str, pl.DataFrame] = field(default_factory=dict)  # tables written anew, whole
    run_problems: pl.DataFrame | None = None  # problems of no report: they replace the last run's
    seen: list[str] = field(default_factory=list)  # reports read again: their last_seen becomes `now`
    now: datetime | None = None
    validated: set[str] = field(default_factory=set)  # tables the caller validated already, whole


def update_store(store: Path, update: StoreUpdate) -> None:
    """Apply a refresh's changes to a copy of the store and swap it in atomically."""
    frames = {**update.append, **update.replace}
    if update.run_problems is not None:
        frames = {**frames, "run problems": update.run_problems}
    for name, frame in frames.items():
        if name in update.validated:
            continue
        problems = failures(TABLES["problems" if name == "run problems" else name], frame, rules=False)
        if problems:
            first = next(iter(problems.values()))[0]
            raise ValueError(f"table {name} fails its schema ({len(problems)} rows), e.g. {first}")
    tmp = temp_path(store)
    tmp.unlink(missing_ok=True)
    compact = not store.exists() or _dropped_share(store, update) > COMPACT_SHARE
    if not compact:
        shutil.copyfile(store, tmp)
    con = duckdb.connect(str(tmp))
    try:
        if compact:
            _rebuild(con, store, update.drop_reports)
        else:
            _migrate(con)
        _apply(con, update)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _fsync(tmp)
    os.replace(tmp, store)
    _fsync(store.parent)


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
    con.execute(f"ATTACH '{store}' AS old (READ_ONLY)")
    con.register("dropped", pl.DataFrame({"report_id": drop}, schema={"report_id": pl.Utf8}).to_arrow())
    present = _columns(con, "old")
    for name in TABLES:
        have = present.get(name)
        if not have:
            continue
        cols = list(polars_schema(TABLES[name]))
        select = ", ".join(f'"{c}"' if c in have else f'NULL AS "{c}"' for c in cols)
        where = (" WHERE report_id IS NULL OR report_id NOT IN (SELECT report_id FROM dropped)"
                 if name in REPORT_TABLES else "")
        con.execute(f"INSERT INTO {name} SELECT {select} FROM old.{name}{where}")
    con.unregister("dropped")
    con.execute("DETACH old")


def _migrate(con) -> None:
    """Bring a copied store written by an older version up to the current tables and columns."""
    present = _columns(con)
    for name, model in TABLES.items():
        if name not in present:
            _create(con, name)
            continue
        for column in polars_schema(model):
            if column not in present[name]:
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
    """Deletes, appends, replacements and last_seen, in that order, on an open store file."""
    if update.drop_reports:
        con.register("dropped", pl.DataFrame({"report_id": update.drop_reports}).to_arrow())
        for name in REPORT_TABLES:
            con.execute(f"DELETE FROM {name} WHERE report_id IN (SELECT report_id FROM dropped)")
        con.unregister("dropped")
    if update.run_problems is not None:
        con.execute("DELETE FROM problems WHERE report_id IS NULL")
        _insert(con, "problems", update.run_problems)
    for name, frame in update.append.items():
        _insert(con, name, frame)
    for name, frame in update.replace.items():
        con.execute(f"DELETE FROM {name}")
        _insert(con, name, frame)
    if update.seen and update.now is not None:
        con.register("seen", pl.DataFrame({"report_id": update.seen}).to_arrow())
        con.execute("UPDATE reports SET last_seen = ? WHERE report_id IN (SELECT report_id FROM seen)", [update.now])
        con.unregister("seen")
    duplicates = con.execute("SELECT count(*) - count(DISTINCT report_id) FROM reports").fetchone()[0]
    if duplicates:
        raise ValueError(f"the update would store {duplicates} reports twice; nothing was written")


def _insert(con, name: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    con.register("new_rows", frame.to_arrow())
    con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM new_rows")
    con.unregister("new_rows")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
