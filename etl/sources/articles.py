"""Feeds that carry summaries: with `follow_links = true` in its [[sources]] entry, each item's link is read once
and the article's text (trafilatura, within the page limits) becomes the report's text.

Articles are cached by URL in a folder beside the store (`<store>.articles/`), so a refresh never fetches the same
article twice: an item read again, or a feed that moves on, costs no request. An article that cannot be fetched is
not cached: the item keeps the feed's summary, with a problem saying so, and its link is tried again at the next
refresh (the report then changes, and its claims are replaced).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from etl.model import Report
from etl.sources.html import report_from_html
from etl.sources.limits import Limits
from etl.sources.web import SCHEMES, FetchError, fetch, url_scheme

__all__ = ["follow_links", "cache_folder"]


def cache_folder(store: Path) -> Path:
    """Where the articles of a store's feeds are cached."""
    return store.with_name(store.name + ".articles")


def follow_links(reports: list[Report], cache: Path, limits: Limits | None = None) -> int:
    """Each report's text replaced by the article its link leads to (cached); returns the articles fetched."""
    limits = limits or Limits.from_settings()
    fetched = 0
    for report in reports:
        if not report.url or url_scheme(report.url) not in SCHEMES:
            continue
        article = _cached(cache, report.url)
        if article is None:
            try:
                article = _article(report.url, limits)
            except FetchError as exc:
                report.problems.append(f"the article at {report.url} could not be read ({exc}); the feed's summary "
                                       "was read instead, and the link is tried again at the next refresh")
                continue
            fetched += 1
            try:
                _store(cache, report.url, article)
            except OSError as exc:
                report.problems.append(f"the article at {report.url} could not be cached in {cache} "
                                       f"({exc.strerror or exc}); it is fetched again at the next refresh")
        if article.get("text"):
            report.text = article["text"]
            report.problems.extend(article.get("problems", []))
        else:
            report.problems.append(f"the article at {report.url} has no text that could be read; the feed's summary "
                                   "was read instead")
    return fetched


def _article(url: str, limits: Limits) -> dict:
    """The text of the page at a URL, and the problems reading it."""
    raw, _ctype = fetch(url, limits)
    if len(raw) > limits.max_page_bytes:
        return {"text": "", "problems": [f"{url} is {len(raw):,} bytes, more than max_page_bytes "
                                         f"({limits.max_page_bytes:,}): the article was not parsed"]}
    page = report_from_html(raw.decode("utf-8", "replace"), url, url=url)
    return {"text": page.text, "problems": page.problems}


def _key(cache: Path, url: str) -> Path:
    return cache / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")


def _cached(cache: Path, url: str) -> dict | None:
    try:
        data = json.loads(_key(cache, url).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("url") == url else None


def _store(cache: Path, url: str, article: dict) -> None:
    """The article written to the cache whole (a temporary file renamed), or not at all."""
    cache.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache, prefix=".article-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"url": url, **article}, fh, ensure_ascii=False)
        os.replace(tmp, _key(cache, url))
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
