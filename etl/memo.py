"""Results derived from one version of the store, kept while that version is current. No I/O.

Each Snapshot (etl/snapshot.py) owns one Memo, so a refresh that replaces the store file starts an
empty one with the new version: nothing computed from old data can be served after a refresh. A Memo keeps at most
`size` results and about `max_bytes` of them (issue 17: 64 filtered tables of a long history were 300 MB); the
most recent result is kept whatever its size.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import polars as pl

__all__ = ["Memo", "weight", "MAX_BYTES"]

MAX_BYTES = 48 * 2**20  # what a store version's derived results may hold (frames weighed by `weight`)
VIEW = 16  # bytes a polars string takes besides its text (its view), which estimated_size leaves out


def weight(value: Any) -> int:
    """About how many bytes a result holds: frames and series by polars' estimate and their string views; a few
    hundred bytes for anything else."""
    if isinstance(value, pl.DataFrame):
        texts = sum(1 for t in value.schema.values() if t == pl.String)
        return value.estimated_size() + VIEW * value.height * texts
    if isinstance(value, pl.Series):
        return value.estimated_size() + (VIEW * value.len() if value.dtype == pl.String else 0)
    if isinstance(value, dict):
        return sum(weight(v) for v in value.values()) + 200
    if isinstance(value, list | tuple):
        return sum(weight(v) for v in value) + 200
    return 200


class Memo:
    """Computed results by key, the most recently used `size` kept; safe for the server's threads.

    A filter change fires every chart's callback at once and they share their filtered rows, so a result
    asked for by several threads together is computed by the first and waited for by the others.
    """

    def __init__(self, size: int = 64, max_bytes: int = MAX_BYTES):
        self.size, self.max_bytes = size, max_bytes
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._weights: dict[Hashable, int] = {}
        self._pending: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The result kept under `key`, computed (once, whatever the threads) when missing."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._items:  # another thread computed it while this one waited
                    return self._items[key]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._pending.pop(key, None)
                raise
            heavy = weight(value)
            with self._lock:
                self._items[key], self._weights[key] = value, heavy
                self._pending.pop(key, None)
                while len(self._items) > 1 and (len(self._items) > self.size or self.bytes > self.max_bytes):
                    self._weights.pop(self._items.popitem(last=False)[0])
            return value

    def clear(self) -> None:
        """Forget every result (the next asks compute again)."""
        with self._lock:
            self._items.clear()
            self._weights.clear()

    @property
    def bytes(self) -> int:
        """About how many bytes the kept results hold."""
        return sum(self._weights.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items
