"""One deadline for a whole URL fetch: connecting, the status line and headers, redirects and the body.

A socket timeout bounds each read, not the whole: a server that sends its headers one byte a second never
trips it. So every socket a fetch opens is registered with the fetch's Deadline, and a timer shuts them all
down when it passes; the read that was waiting then fails, and the fetch reports the timeout.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.request

__all__ = ["Deadline", "handlers"]


class Deadline:
    """A point in time after which every socket registered with it is shut down."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        """Seconds left (a little at least, so that a socket timeout of 0 never means "no wait")."""
        return max(0.05, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> socket.socket:
        """Register a socket; shut it down at once when the deadline has passed already."""
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        """Stop the timer (the fetch is over)."""
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed already


def _connection(base: type[http.client.HTTPConnection], deadline: Deadline):
    """An HTTP(S) connection class whose raw sockets are opened within, and watched by, the deadline."""

    class Connection(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = self._within_deadline

        def _within_deadline(self, address, timeout=None, source_address=None):
            return deadline.watch(socket.create_connection(address, deadline.remaining(), source_address))

    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_connection(http.client.HTTPConnection, self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(_connection(http.client.HTTPSConnection, self.deadline), req, context=self._context)


def handlers(deadline: Deadline) -> tuple[urllib.request.BaseHandler, urllib.request.BaseHandler]:
    """The http and https handlers of an opener bound to one deadline."""
    return _HTTPHandler(deadline), _HTTPSHandler(deadline)
