"""Readers: files, folders and URLs -> Report objects. I/O only; nothing here interprets the text.

A path that cannot be read raises SourceError naming it. Anything wrong inside a readable file
(bad encoding, bad front matter, an unparsable feed) is kept as a report with `problems`, so that
no report is lost and the other reports go on.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from etl.model import Report
from etl.sources.encoding import DecodeError, decode
from etl.sources.feeds import looks_like_feed, reports_from_feed
from etl.sources.html import report_from_html
from etl.sources.telegram import reports_from_telegram
from etl.sources.text import report_from_text

__all__ = ["SourceError", "read_source", "read_sources", "source_files", "SKIPPED_NAMES"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
JSON_SUFFIXES = {".json"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSON_SUFFIXES
SKIPPED_NAMES = ("readme", "license", "licence", "changelog", "source")  # documentation beside reports
HTTP_TIMEOUT = 30


class SourceError(OSError):
    """A path or URL that cannot be read at all."""


def read_sources(sources: Iterable[str]) -> Iterator[Report]:
    """Reports from many files, folders or URLs, in order."""
    for source in sources:
        yield from read_source(source)


def read_source(source: str, skip: Callable[[Path, os.stat_result], bool] | None = None) -> Iterator[Report]:
    """Reports from one file, folder (read recursively) or http(s) URL.

    `skip(path, stat)` is asked about every file first; a file it returns True for is not read
    (a refresh uses it to pass over files that have not changed since it last read them).
    """
    if source.startswith(("http://", "https://")):
        yield from _read_url(source)
        return
    path = Path(source)
    if path.is_dir():
        files = source_files(path)
    elif path.is_file():
        files = [path]
    else:
        raise SourceError(f"{source}: no such file or folder")
    for file in files:
        if skip is not None:
            try:
                if skip(file, file.stat()):
                    continue
            except FileNotFoundError:
                continue  # removed since the folder was listed
        yield from read_file(file)


def source_files(folder: Path) -> list[Path]:
    """The report files in a folder and its subfolders, sorted; documentation and gold files are skipped."""
    files = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or any(part.startswith((".", "_")) for part in p.relative_to(folder).parts):
            continue
        name = p.name.lower()
        if name.endswith(".gold.json") or name.split(".")[0] in SKIPPED_NAMES:
            continue
        if p.suffix.lower() in SUFFIXES:
            files.append(p)
    return files


def read_file(path: Path) -> Iterator[Report]:
    """Reports from one file, chosen by its content and suffix."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    yield from _reports_from_bytes(raw, str(path), path.suffix.lower())


def _reports_from_bytes(raw: bytes, name: str, suffix: str, url: str | None = None) -> Iterator[Report]:
    if suffix in FEED_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_feed(raw)):
        yield from reports_from_feed(raw, name)
        return
    try:
        text, _ = decode(raw)
    except DecodeError as exc:
        yield Report(text="", path=name, problems=[f"cannot decode the file: {exc}"])
        return
    if suffix in JSON_SUFFIXES:
        yield from reports_from_telegram(text, name)
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:1] == "<"):
        yield report_from_html(text, name, url=url)
    elif suffix in TEXT_SUFFIXES or url is not None:
        yield report_from_text(text, name)
    else:
        yield Report(text="", path=name, problems=[f"unsupported file type {suffix or '(none)'}"])


def _read_url(url: str) -> Iterator[Report]:
    request = urllib.request.Request(url, headers={"User-Agent": "strikes-etl/0.1 (+https://example.org)"})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as resp:
            raw = resp.read()
            ctype = resp.headers.get_content_type()
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise SourceError(f"{url}: cannot be fetched ({getattr(exc, 'reason', exc)})") from exc
    suffix = ".xml" if ctype in ("application/rss+xml", "application/atom+xml") or looks_like_feed(raw) else (
        ".html" if ctype in ("text/html", "application/xhtml+xml") else ".json" if ctype == "application/json" else ".txt"
    )
    yield from _reports_from_bytes(raw, url, suffix, url=url)


