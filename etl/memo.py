"""Results derived from one version of the store, kept while that version is current. No I/O.

Each Snapshot (etl/snapshot.py) owns one Memo, so a refresh that replaces the store file starts an
empty one with the new version: nothing computed from old data can be served after a refresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["Memo"]


class Memo:
    """Computed results by key, the most recently used `size` kept; safe for the server's threads.

    A filter change fires every chart's callback at once and they share their filtered rows, so a result
    asked for by several threads together is computed by the first and waited for by the others.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
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
            with self._lock:
                self._items[key] = value
                self._pending.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value

    def clear(self) -> None:
        """Forget every result (the next asks compute again)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items
