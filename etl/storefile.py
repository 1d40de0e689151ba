"""The store file as a whole: the refresh lock, the file a refresh builds, verification, the swap that puts a
new version in place, the kept versions and restoring one of them.

A refresh never writes the live file: it builds a new one beside it (`temp_path`), verifies it by reading every
table in full, keeps a copy among the last `store_versions` versions (`<store>.versions/`, oldest deleted first)
and renames it over the live file. A refresh first verifies the store it starts from the same way, so a file
that cannot be read in full (random bytes written into it, a truncated copy) is refused with a message naming
it and the way back (`strikes store restore`), never copied into the next version. Paths reach DuckDB as
parameters, never inside SQL text.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from etl.diskerrors import StoreWriteError, write_error
from etl.schemas import TABLES

__all__ = ["StoreBusy", "StoreDamaged", "StoreWriteError", "StoreCheck", "Version", "KEEP_VERSIONS", "refresh_lock",
           "temp_path", "clean_stale", "verify", "swap_in", "versions_dir", "version_files", "versions", "prune", "restore",
           "damaged_message"]

TEMP_SUFFIX = ".building"
KEEP_VERSIONS = 5  # the default of the setting store_versions
VERSION_SUFFIX = ".duckdb"


class StoreBusy(RuntimeError):
    """Another refresh holds the store's lock."""


class StoreDamaged(RuntimeError):
    """A store file that cannot be read in full."""


@contextmanager
def refresh_lock(store: Path, wait: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold the store's refresh lock; raise StoreBusy (naming the holder) unless `wait`."""
    lock_path = store.with_name(store.name + ".lock")
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fh = lock_path.open("a+")
    except OSError as exc:
        raise write_error(exc, lock_path) from exc
    with fh:
        _acquire(fh, store, wait, timeout)
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


def _acquire(fh, store: Path, wait: bool, timeout: float | None) -> None:
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if not wait or (deadline is not None and time.monotonic() > deadline):
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                raise StoreBusy(f"another refresh is writing {store} ({holder})") from None
            time.sleep(0.2)


def temp_path(store: Path) -> Path:
    """Where a refresh builds the next version of the store."""
    return store.with_name(f".{store.name}.{os.getpid()}{TEMP_SUFFIX}")


def versions_dir(store: Path) -> Path:
    """The folder of the kept versions of a store."""
    return store.with_name(store.name + ".versions")


def clean_stale(store: Path) -> list[Path]:
    """Remove half-written stores and version copies left by refreshes that were killed (hold the lock)."""
    found = [*store.parent.glob(f".{store.name}.*{TEMP_SUFFIX}*"), *versions_dir(store).glob(f".*{TEMP_SUFFIX}*")]
    for p in found:
        p.unlink(missing_ok=True)
    return found


@dataclass(frozen=True)
class StoreCheck:
    """What a store file holds, read in full: rows per table and the refresh that wrote it."""

    path: Path
    rows: dict[str, int]
    finished: datetime | None
    run_id: str | None


def verify(path: Path) -> StoreCheck:
    """Read every table of a store file in full (every column of every row); StoreDamaged naming the file and
    what failed when any part cannot be read."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise StoreDamaged(f"{path} cannot be opened as a store ({_first_line(exc)})") from exc
    try:
        present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables "
                                                 "WHERE table_catalog = current_database()").fetchall()}
        rows = {}
        for name in TABLES:  # names from the schema module, never from input
            if name in present:
                rows[name] = con.execute(f'SELECT count(*), bit_xor(hash("{name}")) FROM "{name}"').fetchone()[0]
        last = None
        if "refresh_runs" in present:
            last = con.execute("SELECT run_id, finished FROM refresh_runs ORDER BY finished DESC LIMIT 1").fetchone()
    except duckdb.Error as exc:
        raise StoreDamaged(f"{path} is damaged ({_first_line(exc)})") from exc
    finally:
        con.close()
    return StoreCheck(path, rows, last[1] if last else None, last[0] if last else None)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def damaged_message(store: Path, exc: StoreDamaged) -> str:
    """What to say when a refresh refuses a damaged store: the file, what failed, and the way back."""
    return (f"{exc}; nothing was written. `strikes store restore --store {store}` puts back the newest good "
            f"version (`strikes store versions` lists them); the damaged file is kept beside it")


def swap_in(tmp: Path, store: Path, keep: int | None = KEEP_VERSIONS) -> StoreCheck:
    """Verify a newly built store file, keep a copy of it as a version (the newest `keep`; None: the versions are
    left as they are), and rename it over the store."""
    try:
        check = verify(tmp)
    except StoreDamaged as exc:
        tmp.unlink(missing_ok=True)
        raise StoreDamaged(f"the new version of {store} did not read back whole ({exc}); nothing was replaced") \
            from None
    try:
        _fsync(tmp)
        if keep:
            _keep_version(tmp, store)
        os.replace(tmp, store)
        _fsync(store.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_error(exc, store) from exc
    if keep is not None:
        prune(store, keep)
    return check


def _keep_version(built: Path, store: Path) -> Path:
    folder = versions_dir(store)
    folder.mkdir(exist_ok=True)
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + VERSION_SUFFIX
    partial = folder / f".{name}{TEMP_SUFFIX}"
    try:
        shutil.copyfile(built, partial)
        _fsync(partial)
        os.replace(partial, folder / name)
    finally:
        partial.unlink(missing_ok=True)
    _fsync(folder)
    return folder / name


def version_files(store: Path) -> list[Path]:
    """The kept version files, newest first."""
    folder = versions_dir(store)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.name.endswith(VERSION_SUFFIX) and not p.name.startswith(".")),
                  key=lambda p: p.name, reverse=True)


def prune(store: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` versions; the deleted files."""
    old = version_files(store)[max(keep, 0):]
    for p in old:
        p.unlink(missing_ok=True)
    return old


@dataclass(frozen=True)
class Version:
    """One kept version: its file, and what it holds, or why it cannot be read."""

    path: Path
    check: StoreCheck | None
    damage: str | None = None


def versions(store: Path) -> list[Version]:
    """Every kept version of a store, newest first, each verified."""
    out = []
    for path in version_files(store):
        try:
            out.append(Version(path, verify(path)))
        except StoreDamaged as exc:
            out.append(Version(path, None, str(exc)))
    return out


def restore(store: Path, name: str | None = None, wait: bool = False) -> tuple[Version, Path | None]:
    """Put a kept version back as the live store (the newest good one unless named); the live file it replaces
    is kept beside it. Returns the version and where the replaced file was kept."""
    with refresh_lock(store, wait=wait):
        clean_stale(store)
        kept = versions(store)
        chosen = _choose(store, kept, name)
        tmp = temp_path(store)
        try:
            shutil.copyfile(chosen.path, tmp)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise write_error(exc, store) from exc
        aside = _set_aside(store)
        swap_in(tmp, store, keep=None)  # the version is kept already: no second copy, none deleted
        return chosen, aside


def _choose(store: Path, kept: list[Version], name: str | None) -> Version:
    if not kept:
        raise StoreDamaged(f"no version of {store} is kept in {versions_dir(store)}; nothing to restore")
    if name is None:
        good = [v for v in kept if v.check is not None]
        if not good:
            raise StoreDamaged(f"every kept version of {store} is damaged; nothing to restore")
        return good[0]
    wanted = name if name.endswith(VERSION_SUFFIX) else name + VERSION_SUFFIX
    match = [v for v in kept if v.path.name == Path(wanted).name]
    if not match:
        raise ValueError(f"no version {name!r} of {store}; `strikes store versions` lists them")
    if match[0].check is None:
        raise StoreDamaged(f"version {match[0].path.name} is damaged too ({match[0].damage}); choose another")
    return match[0]


def _set_aside(store: Path) -> Path | None:
    """Keep the live file under another name (a hard link, so the live name never goes missing)."""
    if not store.exists():
        return None
    aside = store.with_name(f"{store.name}.before-restore-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}")
    try:
        os.link(store, aside)
    except OSError:
        shutil.copyfile(store, aside)
    return aside


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

