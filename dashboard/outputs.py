"""The outputs of the chart callbacks, kept encoded per store version and callback inputs. No I/O.

A chart callback is a pure function of its inputs (filters, page options, language) and of the data of the store
version it reads, so an identical request gets the same answer while those data are unchanged. `cached` keeps that answer encoded
(each output's JSON, as plotly encodes it) and hands it to Dash as an `orjson.Fragment`, which Dash's encoder
(plotly's, with orjson) copies into the response as it is: the next identical request skips building,
validating and encoding the figures. A bounded LRU per app, emptied when the data of the store change: it is kept
under the digest of the data the version holds (etl/snapshot.py: a refresh publishes a new, immutable version, and a
refresh that found nothing new publishes the same data again, with only its own run and when the reports were last
seen changed, which no chart callback reads). A version whose data changed has another digest, so it is never
answered from an older version's outputs; an answer computed while the data changed is not kept. What differs with
every version ("data as of", Data quality's runs and source health) is not drawn by a cached callback.
"""

from __future__ import annotations

import functools
import json
import threading
import weakref
from collections.abc import Callable
from typing import Any

import dash
import orjson
from cachetools import LRUCache
from plotly.io.json import to_json_plotly

from dashboard import context, data

__all__ = ["cached", "outputs_of", "Outputs", "MAX_BYTES"]

MAX_BYTES = 64 * 2**20  # encoded outputs kept per app (a figure is some kilobytes, a chart with markers more)


class Outputs:
    """Encoded callback outputs of one version of the data, least recently used dropped past MAX_BYTES."""

    def __init__(self, max_bytes: int = MAX_BYTES):
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._items: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=lambda item: item[1])  # (output, bytes)

    def get(self, version: tuple, key: tuple) -> Any:
        """The output kept under `key` for this version of the data (a miss: None); a new one empties the cache."""
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            item = self._items.get(key)
        return None if item is None else item[0]

    def put(self, version: tuple, key: tuple, value: Any, size: int) -> None:
        """Keep an output, if the version of the data it was computed from is still the current one."""
        with self._lock:
            if version == self._version and size <= self._items.maxsize:
                self._items[key] = (value, size)

    def __len__(self) -> int:
        return len(self._items)


_apps: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_apps_lock = threading.Lock()


def outputs_of(app: dash.Dash) -> Outputs:
    """The output cache of one app (each app has its own store and settings)."""
    with _apps_lock:
        if app not in _apps:
            _apps[app] = Outputs()
        return _apps[app]


def _version(store: str) -> tuple:
    """What the kept outputs are kept under: the digest of the store's data (the file's identity without a store)."""
    snap = data.snapshot(store)
    return (snap.digest,) if snap.digest else (snap.path, snap.signature, snap.fallback)


def cached(fn: Callable) -> Callable:
    """A chart callback whose outputs are kept encoded per version of the data and inputs (put it under @callback)."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args):
        app, store = dash.get_app(), context.store()
        outputs, version = outputs_of(app), _version(store)
        key = (name, json.dumps(args, sort_keys=True, default=str))
        hit = outputs.get(version, key)
        if hit is not None:
            return _output(*hit)
        result = fn(*args)
        if _version(store) != version or _skips(result):  # a refresh came in meanwhile, or nothing to keep
            return result
        multi = isinstance(result, tuple)
        encoded = [to_json_plotly(item).encode() for item in (result if multi else (result,))]
        kept = (encoded, multi)
        outputs.put(version, key, kept, sum(len(e) for e in encoded))
        return _output(*kept)

    wrapper.keeps_outputs = True  # for `make bench`: which callbacks a repeat is answered from the cache
    return wrapper


def _output(encoded: list[bytes], multi: bool) -> Any:
    """A kept output for Dash to send: each output's JSON as it is, a tuple of them for several outputs."""
    fragments = tuple(orjson.Fragment(e) for e in encoded)
    return fragments if multi else fragments[0]


def _skips(result: Any) -> bool:
    """True for an output not to keep: no_update anywhere in it."""
    items = result if isinstance(result, tuple | list) else (result,)
    return any(isinstance(item, type(dash.no_update)) for item in items)
