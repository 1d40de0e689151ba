"""A local stand-in for a public Telegram channel's web preview (`/s/CHANNEL`, `/s/CHANNEL?before=ID`) on
127.0.0.1, in the HTML shape of t.me's preview, with posts written for the tests (issue 15). Nothing here is
third-party text: the words and numbers are ours."""

from __future__ import annotations

import html
import http.server
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

__all__ = ["Post", "Site", "serve_channel", "attack_text", "days_ago"]

CHANNEL = "testchan"
TITLE = "Test Air Command"


def days_ago(days: int) -> datetime:
    """05:00 UTC `days` days before today (a morning report about the night before)."""
    today = datetime.now(UTC).replace(hour=5, minute=0, second=0, microsecond=0)
    return today - timedelta(days=days)


def attack_text(n: int) -> str:
    """Post n's words: its own figures, so every post is a report of its own night."""
    return (f"Overnight, Russia attacked Ukraine with {20 + n} attack drones.<br/>"
            f"Air defence shot down {10 + n} of them, the air command said.")


@dataclass
class Post:
    """One post: its number, text (HTML, None for a photo alone), time and whether it was edited."""

    number: int
    text: str | None
    published: datetime
    edited: bool = False


@dataclass
class Site:
    """What the stand-in serves: the channel's posts, how many a page shows, answers forced for the next requests
    (status, headers, body) and every request it was asked (path, user agent, monotonic time)."""

    posts: dict[int, Post] = field(default_factory=dict)
    page_size: int = 3
    forced: list[tuple[int, dict, bytes]] = field(default_factory=list)
    forced_for: str | None = None  # only requests whose path contains this take a forced answer
    shape: bytes | None = None  # a page of another shape served instead of every preview page
    asked: list[tuple[str, str, float]] = field(default_factory=list)
    url: str = ""

    def add(self, n: int, days: int, text: str | None = "", edited: bool = False) -> None:
        """Add post n, published `days` days ago (text "" = its attack text)."""
        self.posts[n] = Post(n, attack_text(n) if text == "" else text, days_ago(days), edited)

    def paths(self) -> list[str]:
        """The paths asked for, in order."""
        return [p for p, _, _ in self.asked]

    def page(self, before: int | None) -> bytes:
        """The preview page of the newest `page_size` posts (before a post number), oldest first as t.me has it."""
        numbers = sorted(n for n in self.posts if before is None or n < before)[-self.page_size:]
        blocks = "".join(_block(self.posts[n]) for n in numbers)
        more = (f'<a class="tme_messages_more js-messages_more" data-before="{numbers[0]}" '
                f'href="/s/{CHANNEL}?before={numbers[0]}"></a>') if numbers else ""
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:title" content="{TITLE}">'
                f'<title>{TITLE} – Telegram</title></head><body><main class="tgme_main"><section '
                f'class="tgme_channel_history js-message_history">{more}{blocks}</section></main></body></html>'
                ).encode()


def _block(post: Post) -> str:
    text = (f'<div class="tgme_widget_message_text js-message_text" dir="auto">{post.text}</div>'
            if post.text is not None else "")
    photo = (f'<a class="tgme_widget_message_photo_wrap" href="https://t.me/testchan/{post.number}" '
             "style=\"background-image:url('https://cdn.example.org/photo.jpg')\"></a>")
    edited = '<span class="tgme_widget_message_meta">edited ' if post.edited else '<span class="tgme_widget_message_meta">'
    return (f'<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message '
            f'text_not_supported_wrap js-widget_message" data-post="{CHANNEL}/{post.number}" data-view="x">'
            f'<div class="tgme_widget_message_bubble"><div class="tgme_widget_message_author accent_color">'
            f'<a class="tgme_widget_message_owner_name" href="https://t.me/{CHANNEL}"><span dir="auto">'
            f'{html.escape(TITLE)}</span></a></div>{photo if post.text is None else ""}{text}'
            f'<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info '
            f'short js-message_info">{edited}<a class="tgme_widget_message_date" '
            f'href="https://t.me/{CHANNEL}/{post.number}"><time datetime="{post.published.isoformat()}" '
            f'class="time">{post.published:%H:%M}</time></a></span></div></div></div></div></div>')


def serve_channel(site: Site):
    """Start the stand-in in a thread; returns a stop function (the base URL is in `site.url`)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - the http.server API
            site.asked.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
            status, headers, body = self._answer()
            try:
                self.send_response(status)
                for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _answer(self) -> tuple[int, dict, bytes]:
            if site.forced and (site.forced_for is None or site.forced_for in self.path):
                return site.forced.pop(0)
            parsed = urllib.parse.urlsplit(self.path)
            if parsed.path != f"/s/{CHANNEL}":
                return 404, {}, b"not found"
            if site.shape is not None:
                return 200, {}, site.shape
            before = urllib.parse.parse_qs(parsed.query).get("before", [None])[0]
            return 200, {}, site.page(int(before) if before else None)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    site.url = f"http://127.0.0.1:{httpd.server_address[1]}"

    def stop():
        httpd.shutdown()
        httpd.server_close()

    return stop
