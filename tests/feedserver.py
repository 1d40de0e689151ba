"""A local HTTP server on 127.0.0.1 whose answers a test sets, and feeds and Telegram exports made at test
time (issue 13: source semantics). Nothing here is third-party text."""

from __future__ import annotations

import http.server
import json
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime

__all__ = ["Answers", "serve", "feed", "telegram_export", "trickle", "MAINTENANCE", "EMPTY_FEED", "night"]

MAINTENANCE = (b"<!doctype html><html><head><title>Maintenance</title></head><body><h1>We'll be back soon</h1>"
               b"<p>The site is down for scheduled maintenance. Please check back in an hour.</p></body></html>")
EMPTY_FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title></channel></rss>'


def night(n: int) -> datetime:
    """When item n was published: 08:00 UTC on the n-th of January 2025 (the attack night is that day)."""
    return datetime(2025, 1, n, 8, 0, tzinfo=UTC)


def _text(n: int) -> str:
    return f"Russia launched {20 + n} drones at Ukraine overnight, the air force said; {10 + n} were shot down."


def feed(items) -> bytes:
    """An RSS 2.0 feed with one item per number, each the report of its own night."""
    entries = "".join(
        f'<item><guid isPermaLink="false">wire-{n}</guid><title>Overnight attack {n}</title>'
        f"<pubDate>{format_datetime(night(n))}</pubDate><description>{_text(n)}</description></item>"
        for n in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"<language>en</language>{entries}</channel></rss>").encode()


def telegram_export(items) -> str:
    """A Telegram Desktop export (result.json) with one message per number."""
    messages = [{"id": n, "type": "message", "date": night(n).strftime("%Y-%m-%dT%H:%M:%S"),
                 "date_unixtime": str(int(night(n).timestamp())), "text": _text(n)} for n in items]
    return json.dumps({"name": "Test Channel", "type": "public_channel", "id": 1, "messages": messages})


def trickle(seconds: float, asked: threading.Event | None = None):
    """A handler that sends a status line and headers a byte every half second for `seconds` (never finishing
    them), after setting `asked`."""

    def handle(handler) -> None:
        if asked is not None:
            asked.set()
        head = b"HTTP/1.0 200 OK\r\nContent-Type: application/rss+xml\r\nX-Slow: " + b"x" * 10_000
        end = time.monotonic() + seconds
        for byte in head:
            if time.monotonic() > end:
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.5)

    return handle


class Answers(dict):
    """Path -> (status, content type, body); what the server answers, changed by the test as it goes, and the paths
    it was asked for, in order (`asked`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []


def serve(answers: Answers, handlers: dict | None = None):
    """Start the server in a thread; returns (base URL, stop function). `handlers` maps a path to a function
    taking the request handler, for answers that are not a plain body (a server that trickles)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - the http.server API
            answers.asked.append(self.path)
            try:
                if handlers and self.path in handlers:
                    handlers[self.path](self)
                    return
                status, ctype, body = answers.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def stop():
        httpd.shutdown()
        httpd.server_close()

    return f"http://127.0.0.1:{httpd.server_address[1]}", stop
