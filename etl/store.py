"""The only module that writes the store: an embedded DuckDB file, replaced whole and atomically.

DuckDB allows one writing process and no readers from other processes while it writes. So a
refresh never writes the live file: it builds a complete new file beside it, checkpoints and
closes it, fsyncs it and renames it over the old one. Readers (the dashboard, `strikes export`)
open whichever file is current; one that has the old file open keeps reading it. A refresh killed
at any moment, even with kill -9, leaves the previous file untouched; its half-written file is
removed by the next refresh. A lock file beside the store lets only one refresh write at a time.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from etl.schemas import TABLES, failures, polars_schema

__all__ = ["StoreBusy", "refresh_lock", "write_store", "read_tables", "temp_path", "clean_stale"]

TEMP_SUFFIX = ".building"


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
    """The tables of a store file as polars frames (empty frames when there is no store yet)."""
    if not store.exists():
        return {name: pl.DataFrame(schema=polars_schema(TABLES[name])) for name in names}
    con = duckdb.connect(str(store), read_only=True)
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        out = {}
        for name in names:
            schema = polars_schema(TABLES[name])
            if name in present:
                frame = pl.from_arrow(con.sql(f"SELECT * FROM {name}").to_arrow_table())
                out[name] = frame.select([pl.col(c).cast(t) for c, t in schema.items()])
            else:
                out[name] = pl.DataFrame(schema=schema)
        return out
    finally:
        con.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
