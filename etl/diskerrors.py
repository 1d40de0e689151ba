"""What a failed write means, in one line a user can act on: a full disk, a read-only folder, a folder that
does not exist. Used for the store (`strikes refresh`, `purge`, `store restore`) and for output files."""

from __future__ import annotations

import errno
from pathlib import Path

__all__ = ["StoreWriteError", "write_error", "write_reason", "is_write_failure"]

_REASONS = {
    errno.ENOSPC: "no space left on device (the disk is full)",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is too large for this file system",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.EISDIR: "it is a folder",
}
_ADVICE = {
    errno.ENOSPC: "free some space and try again",
    errno.EDQUOT: "free some space and try again",
    errno.EFBIG: "write it to another file system",
    errno.EROFS: "choose a writable folder",
    errno.EACCES: "choose a folder you may write to",
    errno.EPERM: "choose a folder you may write to",
    errno.ENOENT: "create the folder first, or choose another path",
    errno.ENOTDIR: "check the path",
    errno.EISDIR: "give a file name",
}
_DUCKDB_WORDS = {"no space left": errno.ENOSPC, "disk quota": errno.EDQUOT, "read-only file system": errno.EROFS,
                 "permission denied": errno.EACCES, "no such file or directory": errno.ENOENT}


class StoreWriteError(RuntimeError):
    """A store file that could not be written; nothing was replaced."""


def _errno(exc: BaseException) -> int | None:
    """The errno of an OSError, or the one a DuckDB IO error describes in words."""
    if isinstance(exc, OSError) and exc.errno:
        return exc.errno
    text = str(exc).lower()
    return next((code for words, code in _DUCKDB_WORDS.items() if words in text), None)


def is_write_failure(exc: BaseException) -> bool:
    """True for an OSError, and for a DuckDB error that says the disk refused a write (full, read-only, ...)."""
    return isinstance(exc, OSError) or _errno(exc) is not None


def write_reason(exc: BaseException, path: Path) -> str:
    """'cannot write PATH: <reason>; <what to do>' for an OSError or a DuckDB IO error."""
    code = _errno(exc)
    if code in _REASONS:
        return f"cannot write {path}: {_REASONS[code]}; {_ADVICE[code]}"
    lines = str(exc).strip().splitlines()
    detail = getattr(exc, "strerror", None) or (lines[0] if lines else type(exc).__name__)
    return f"cannot write {path}: {detail}"


def write_error(exc: BaseException, store: Path) -> StoreWriteError:
    """The StoreWriteError of a failed write of the store (or its lock, its versions)."""
    return StoreWriteError(write_reason(exc, store) + "; the store was left as it was")
