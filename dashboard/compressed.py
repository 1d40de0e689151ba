"""Compressed callback answers kept by their content, so a repeated answer is not compressed again. No I/O.

Dash compresses every answer with Flask-Compress (brotli for a browser that accepts it). A chart callback answered
from its kept output (dashboard/outputs.py) costs well under a millisecond, and compressing its tens of kilobytes of
JSON took about 0.6 ms more (issue 17: about a third of the server's CPU per request in the load test). Flask-Compress
can keep what it compressed under a key of the request; the answer to the same request changes with the store's
data, so the key here is the answer itself: a BLAKE2b digest of the body Dash made (about 0.05 ms), with the
algorithm. Equal bytes compress to equal bytes, so a kept body is never of another answer, whatever the version.
Only callback answers are kept, least recently used dropped past MAX_BYTES.
"""

from __future__ import annotations

import hashlib
import threading

import flask
from cachetools import LRUCache

__all__ = ["configure", "install", "Kept", "MAX_BYTES"]

MAX_BYTES = 16 * 2**20  # compressed answers kept per app (an answer is a few kilobytes compressed)
NOT_KEPT = "-"  # the key of an answer that is not kept (not a callback's)
CALLBACK_PATH = "/_dash-update-component"


class Kept:
    """Flask-Compress's cache backend: compressed bodies by algorithm and digest of the body."""

    def __init__(self, max_bytes: int = MAX_BYTES):
        self._lock = threading.Lock()
        self._items: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=len)

    def get(self, key: str) -> bytes | None:
        if key.endswith(NOT_KEPT):
            return None
        with self._lock:
            return self._items.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(NOT_KEPT) or len(value) > self._items.maxsize:
            return
        with self._lock:
            self._items[key] = value

    def __len__(self) -> int:
        return len(self._items)


def _key(request: flask.Request) -> str:
    """What Flask-Compress keeps the compressed body under (it adds the algorithm): the digest of the body."""
    return flask.g.get("strikes_body_digest", NOT_KEPT)


def configure(server: flask.Flask) -> None:
    """Settings Flask-Compress reads when Dash sets it up: call before the Dash app is made on this server."""
    server.config.update(COMPRESS_CACHE_BACKEND=Kept, COMPRESS_CACHE_KEY=_key)


def install(server: flask.Flask) -> None:
    """Digest each callback answer before Flask-Compress compresses it (call after the Dash app is made: Flask
    runs the hooks registered last first)."""

    @server.after_request
    def digest(response: flask.Response) -> flask.Response:
        if (flask.request.path.endswith(CALLBACK_PATH) and response.status_code == 200
                and not response.is_streamed and "Content-Encoding" not in response.headers):
            flask.g.strikes_body_digest = hashlib.blake2b(response.get_data(), digest_size=16).hexdigest()
        return response
