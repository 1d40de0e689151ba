"""RSS 2.0 and Atom feeds: each item is one report.

A feed is checked with defusedxml before feedparser sees it: one that declares XML entities
(billion laughs, quadratic blow-up) or refers to external ones (XXE) is not parsed at all.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Iterator
from datetime import UTC, datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring

from etl.model import Report
from etl.sources.common import language_code, plausible_published, to_kyiv
from etl.sources.html import html_to_text

__all__ = ["reports_from_feed", "looks_like_feed", "unsafe_xml"]

_ENTITY_DECLARATIONS = tuple("<!entity".encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be"))


def looks_like_feed(raw: bytes) -> bool:
    """True when bytes look like an RSS or Atom document."""
    head = raw[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) or head.startswith(
        (b"<rss", b"<feed")
    )


def reports_from_feed(raw: bytes, path: str) -> Iterator[Report]:
    """The items of a feed as reports; a feed that cannot be parsed yields one report with the problem."""
    import feedparser

    unsafe = unsafe_xml(raw)
    if unsafe:
        yield Report(text="", path=path, problems=[f"{path}: {unsafe}; it was not read: ask the publisher for a "
                                                   "plain feed, or remove the DOCTYPE"])
        return
    parsed = feedparser.parse(io.BytesIO(raw))  # bytes, never a name: feedparser would open a path or URL
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no items")
        yield Report(text="", path=path, problems=[f"not a readable RSS/Atom feed ({reason}); check that the file "
                                                   "or URL is a feed"])
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
        published = _entry_time(entry, problems)
        if published is None and not problems and (entry.get("published") or entry.get("updated")):
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


def unsafe_xml(raw: bytes) -> str | None:
    """Why a feed must not be parsed (it declares or refers to XML entities), or None when it is safe."""
    try:
        safe_fromstring(raw, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        return f"the feed declares XML entities or external references ({type(exc).__name__})"
    except (ParseError, ValueError):
        # not well-formed: feedparser's lenient parser may still read it, unless it declares entities
        if any(mark in raw.lower() for mark in _ENTITY_DECLARATIONS):
            return "the feed declares XML entities"
    return None


def _entry_time(entry, problems: list[str]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return plausible_published(to_kyiv(datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)))
            except (ValueError, OverflowError, OSError) as exc:
                problems.append(f"the item's date: {exc}")
                return None
    return None
