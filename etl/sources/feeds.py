"""RSS 2.0 and Atom feeds: each item is one report."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime

from etl.model import Report
from etl.sources.common import language_code, to_kyiv
from etl.sources.html import html_to_text

__all__ = ["reports_from_feed", "looks_like_feed"]


def looks_like_feed(raw: bytes) -> bool:
    """True when bytes look like an RSS or Atom document."""
    head = raw[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) or head.startswith(
        (b"<rss", b"<feed")
    )


def reports_from_feed(raw: bytes, path: str) -> Iterator[Report]:
    """The items of a feed as reports; a feed that cannot be parsed yields one report with the problem."""
    import feedparser

    parsed = feedparser.parse(raw)
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no items")
        yield Report(text="", path=path, problems=[f"not a readable RSS/Atom feed: {reason}"])
        return
    feed = parsed.feed
    source = feed.get("title")
    lang = language_code(feed.get("language") or parsed.get("namespaces", {}).get("xml:lang"))
    for index, entry in enumerate(parsed.entries):
        problems: list[str] = []
        item = entry.get("id") or entry.get("guid") or entry.get("link") or f"#{index + 1}"
        title = (entry.get("title") or "").strip()
        content = entry.get("content")
        body_html = content[0].get("value") if content else entry.get("summary") or entry.get("description") or ""
        body = html_to_text(body_html)
        text = f"{title}\n\n{body}" if title and body and not body.startswith(title) else body or title
        published = _entry_time(entry)
        if published is None and (entry.get("published") or entry.get("updated")):
            problems.append(f"cannot read the item's date {entry.get('published') or entry.get('updated')!r}")
        yield Report(
            text=text,
            path=path,
            item=str(item),
            published=published,
            source=source,
            url=entry.get("link"),
            language=language_code(entry.get("language")) or lang,
            title=title or None,
            problems=problems,
        )


def _entry_time(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return to_kyiv(datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC))
    return None
