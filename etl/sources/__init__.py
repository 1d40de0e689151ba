"""Readers: files, folders and URLs -> Report objects. I/O only; nothing here interprets the text.

A path that cannot be read raises SourceError naming it. Anything wrong inside a readable file
(bad encoding, bad front matter, an unparsable feed) is kept as a report with `problems`, so that
no report is lost and the other reports go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from etl.model import Report
from etl.sources.common import TELEGRAM_PREFIX, shown, url_scheme
from etl.sources.encoding import DecodeError, decode, without_controls
from etl.sources.limits import Limits, cut_report, too_big
from etl.sources.telegram import reports_from_telegram
from etl.sources.text import report_from_text

# The readers of feeds, HTML pages, URLs and channels (lxml, defusedxml, http.client, ssl) are imported by the
# functions that use them: `strikes extract` of a text file needs none of them (tests/test_quick_cli.py).

__all__ = ["SourceError", "Limits", "read_source", "read_sources", "source_files", "SKIPPED_NAMES"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
JSON_SUFFIXES = {".json"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSON_SUFFIXES
SKIPPED_NAMES = ("readme", "license", "licence", "changelog", "source")  # documentation beside reports


class SourceError(OSError):
    """A path or URL that cannot be read at all."""


def read_sources(sources: Iterable[str], limits: Limits | None = None) -> Iterator[Report]:
    """Reports from many files, folders or URLs, in order."""
    limits = limits or Limits.from_settings()
    for source in sources:
        yield from read_source(source, limits)


def read_source(source: str, limits: Limits | None = None,
                skip: Callable[[Path, os.stat_result], bool] | None = None,
                on_error: Callable[[Path, SourceError], None] | None = None) -> Iterator[Report]:
    """Reports from one file, folder (read recursively), http(s) URL or `telegram:CHANNEL`, within the size and time limits
    (by default those of the settings).

    `skip(path, stat)` is asked about every file first; a file it returns True for is not read
    (a refresh uses it to pass over files that have not changed since it last read them). With
    `on_error(path, error)`, a file of a folder that cannot be read is handed to it and the others go on;
    without it, the whole source fails.
    """
    limits = limits or Limits.from_settings()
    if source.startswith(TELEGRAM_PREFIX):
        yield from _read_channel(source, limits)
        return
    scheme = url_scheme(source)
    if scheme is not None and not Path(source).exists():
        yield from _read_url(source, limits)
        return
    path = Path(source)
    if path.is_dir():
        files = source_files(path)
    elif path.is_file():
        files = [path]
    elif path.exists():
        raise SourceError(f"{source}: not a regular file or folder")
    else:
        raise SourceError(f"{source}: no such file or folder")
    for file in files:
        if skip is not None:
            try:
                if skip(file, file.stat()):
                    continue
            except FileNotFoundError:
                continue  # removed since the folder was listed
        try:
            yield from read_file(file, limits)
        except SourceError as exc:
            if on_error is None or not path.is_dir():
                raise
            on_error(file, exc)


def source_files(folder: Path) -> list[Path]:
    """The report files in a folder and its subfolders, sorted; documentation and gold files, and
    hidden or `_` folders and files, are skipped. (os.scandir: a refresh lists 100,000 files in well
    under a second, since the directory entries already say which are files.)"""
    found: list[tuple[str, ...]] = []

    def scan(directory: str, parts: tuple[str, ...]) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.startswith((".", "_")):
                    continue
                if entry.is_dir():
                    scan(entry.path, (*parts, entry.name))
                elif entry.is_file() and _is_report_name(entry.name.lower()):
                    found.append((*parts, entry.name))

    scan(str(folder), ())
    return [folder.joinpath(*parts) for parts in sorted(found)]


def _is_report_name(name: str) -> bool:
    if name.endswith(".gold.json") or name.split(".")[0] in SKIPPED_NAMES:
        return False
    return os.path.splitext(name)[1] in SUFFIXES


def read_file(path: Path, limits: Limits | None = None) -> Iterator[Report]:
    """Reports from one file, chosen by its content and suffix; a file over max_file_bytes is not read."""
    limits = limits or Limits.from_settings()
    cap = limits.max_file_bytes
    try:
        with path.open("rb") as f:
            raw = f.read(cap + 1)
            size = len(raw) if len(raw) <= cap else max(path.stat().st_size, cap + 1)
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if size > cap:
        yield Report(text="", path=str(path), problems=[too_big(str(path), size, "max_file_bytes", cap, "not read")])
        return
    yield from _reports_from_bytes(raw, str(path), path.suffix.lower(), limits)


def _reports_from_bytes(raw: bytes, name: str, suffix: str, limits: Limits, url: str | None = None) -> Iterator[Report]:
    """The reports in the bytes of one file or answer: at least one, each with its own id, clean text
    and at most max_report_chars of it."""
    seen: dict[str | None, int] = {}
    for report in _parse_bytes(raw, name, suffix, limits, url):
        report = _unique_item(_clean(report), seen)
        yield cut_report(report, limits.max_report_chars)
    if not seen:
        yield Report(text="", path=name, url=url, problems=[
            f"{name}: no report in it (no message or item with text); check that it is the file you meant"])


def _clean(report: Report) -> Report:
    """The report without control characters (NUL ...) or lone surrogates, which no report means."""
    text, removed = without_controls(report.text)
    if removed:
        report.text = text
        report.problems.append(f"{removed:,} characters that are not text (NUL, control characters) were removed")
    for attr in ("source", "title", "item", "url"):
        value = getattr(report, attr)
        if value is not None:
            setattr(report, attr, without_controls(value)[0] or None)
    return report


def _unique_item(report: Report, seen: dict[str | None, int]) -> Report:
    """The report, its item renamed "ITEM#2" when the same file already gave one with that id."""
    count = seen[report.item] = seen.get(report.item, 0) + 1
    if count > 1:
        renamed = f"{report.item or ''}#{count}"
        report.problems.append(f"{report.path}: another report in the file has the id {shown(report.item)}; "
                               f"this one was kept as {renamed!r}")
        report.item = renamed
        seen[renamed] = 1
    return report


def _looks_like_feed(raw: bytes) -> bool:
    from etl.sources.feeds import looks_like_feed

    return looks_like_feed(raw)


def _parse_bytes(raw: bytes, name: str, suffix: str, limits: Limits, url: str | None) -> Iterator[Report]:
    if suffix in FEED_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_feed(raw)):
        from etl.sources.feeds import reports_from_feed

        yield from reports_from_feed(raw, name)
        return
    try:
        text, encoding = decode(raw)
    except DecodeError as exc:
        yield Report(text="", path=name, problems=[f"cannot decode the file: {exc}; save it as UTF-8 text"])
        return
    for report in _parse_text(text, raw, name, suffix, limits, url):
        if "+" in encoding:
            report.problems.append(f"the file mixes encodings: the lines that are not UTF-8 were read as "
                                   f"{encoding.split('+')[1]}; check them, or save the file as UTF-8")
        yield report


def _parse_text(text: str, raw: bytes, name: str, suffix: str, limits: Limits, url: str | None) -> Iterator[Report]:
    if suffix in JSON_SUFFIXES:
        yield from reports_from_telegram(text, name)
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:1] == "<"):
        if len(raw) > limits.max_page_bytes:
            yield Report(text="", path=name, url=url, problems=[
                too_big(name, len(raw), "max_page_bytes", limits.max_page_bytes, "the page was not parsed")])
        else:
            from etl.sources.html import report_from_html

            yield report_from_html(text, name, url=url)
    elif suffix in TEXT_SUFFIXES or url is not None:
        yield report_from_text(text, name)
    else:
        yield Report(text="", path=name, problems=[f"unsupported file type {suffix or '(none)'}"])


def _read_channel(source: str, limits: Limits) -> Iterator[Report]:
    from etl.sources.channel import ChannelError, read_channel

    try:
        yield from read_channel(source, None, limits)
    except (ChannelError, ValueError) as exc:
        raise SourceError(str(exc)) from exc


def _read_url(url: str, limits: Limits) -> Iterator[Report]:
    from etl.sources.web import FetchError, fetch

    try:
        raw, ctype = fetch(url, limits)
    except FetchError as exc:
        raise SourceError(str(exc)) from exc
    suffix = ".xml" if ctype in ("application/rss+xml", "application/atom+xml") or _looks_like_feed(raw) else (
        ".html" if ctype in ("text/html", "application/xhtml+xml") else ".json" if ctype == "application/json" else ".txt"
    )
    yield from _reports_from_bytes(raw, url, suffix, limits, url=url)
