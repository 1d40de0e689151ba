"""Reading a refresh's sources: every report once, each source's answer checked against what it was before,
and every failure a problem that names its source or file, never an aborted refresh.

- A file reached twice (`--source dir --source dir/file`) is read once, under the first source.
- A source that answers with something that is not what it was is a source failure: a page where a feed
  was (or the other way round), an empty feed or page, a folder without report files, a table without rows.
- A file of a folder that cannot be read is a problem of that file; the others are read.
- An air-raid alert table (`alerts:PATH`) gives alert rows, not reports; when it cannot be read the stored
  alerts of that source are kept (etl/refresh.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.frames import problem_row
from etl.model import Extraction, Report

__all__ = ["Gathered", "gather", "KAGGLE_PREFIX", "ALERTS_PREFIX", "ANSWERS"]

KAGGLE_PREFIX = "kaggle:"
ALERTS_PREFIX = "alerts:"  # the air-raid alert table of the sirens dataset (etl/sources/alerts.py)
ANSWERS = {"items": "a feed", "page": "a page"}  # what a file or URL answers with, as a problem names it


@dataclass
class Gathered:
    """What a refresh read from its sources."""

    reports: list[tuple[str, Report]] = field(default_factory=list)  # (origin, report), each report once
    table_rows: list[tuple[str, Extraction]] = field(default_factory=list)  # Kaggle rows, already claims
    problems: list[dict] = field(default_factory=list)
    failed_origins: set[str] = field(default_factory=set)  # sources not read: their reports are kept
    failed_paths: set[str] = field(default_factory=set)  # files of a folder not read: their reports are kept
    failed: int = 0
    files: list[dict] = field(default_factory=list)  # every file looked at: path, origin, size, mtime_ns
    skipped: set[str] = field(default_factory=set)  # paths of files not read because they are unchanged
    read_paths: set[str] = field(default_factory=set)  # files and URLs read or skipped (streams keep their items)
    kinds: dict[str, str] = field(default_factory=dict)  # source -> what it answered with this time
    alerts: list[pl.DataFrame] = field(default_factory=list)  # rows of the alert tables read
    errors: dict[str, str] = field(default_factory=dict)  # source not read -> why

    @property
    def ids(self) -> set[str]:
        """The ids of the reports read."""
        return {r.report_id for _, r in self.reports} | {ex.report.report_id for _, ex in self.table_rows}


@dataclass
class _Reading:
    """One source's share of the run, added to the Gathered only when the whole source was read."""

    source: str
    reached: int = 0
    files: list[dict] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    broken: list[tuple[Path, Exception]] = field(default_factory=list)


def gather(sources: list[str], known_files: dict[str, tuple[int, int]], last_kinds: dict[str, str],
           newest: dict[str, int] | None = None, declared: dict | None = None,
           articles: Path | None = None) -> Gathered:
    """Read every source; `known_files` are the (size, mtime_ns) the last refresh saw, `last_kinds` what each
    source answered with at its last good read, `newest` the newest stored post of each `telegram:` source,
    `declared` the [[sources]] entry of a source (the kind and language of its reports when they do not say;
    follow_links: its items' articles are read, cached in the folder `articles`)."""
    from etl.sources.channel import TELEGRAM_PREFIX

    got = Gathered()
    for source in sources:
        start = len(got.reports)
        try:
            if source.startswith(KAGGLE_PREFIX):
                _kaggle(source, got)
            elif source.startswith(ALERTS_PREFIX):
                _alerts(source, got)
            elif source.startswith(TELEGRAM_PREFIX):
                _channel(source, got, (newest or {}).get(source))
            else:
                _source(source, got, known_files, last_kinds.get(source))
            entry = (declared or {}).get(source)
            if entry is not None and entry.follow_links and articles is not None:
                from etl.sources.articles import follow_links

                follow_links([r for _, r in got.reports[start:]], articles)
        except Exception as exc:  # noqa: BLE001 - a source that fails in any way must not stop the others
            got.failed_origins.add(source)
            got.failed += 1
            got.errors[source] = _said(exc)
            got.problems.append(problem_row(None, source, None, "read", f"source not read, its reports kept: "
                                            f"{_said(exc)}"))
            continue
        if declared and source in declared:
            _as_declared([r for _, r in got.reports[start:]], declared[source])
    return got


def _as_declared(reports: list[Report], entry) -> None:
    """The kind and language its [[sources]] entry gives, on each report of a source that does not say."""
    for report in reports:
        report.kind = report.kind or entry.kind
        report.language = report.language or entry.language


def _said(exc: Exception) -> str:
    """An error as one line: its own message for ours, the type and message for anything else."""
    from etl.sources import SourceError

    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, (SourceError, OSError, ValueError)) else f"{type(exc).__name__}: {text}"


def _source(source: str, got: Gathered, known: dict[str, tuple[int, int]], last_kind: str | None) -> None:
    from etl.sources import read_source, url_scheme

    reading = _Reading(source)
    looked = {f["path"] for f in got.files}

    def skip(path: Path, st: os.stat_result) -> bool:
        reading.reached += 1
        key = str(path)
        if key in looked:
            return True  # reached through an earlier source (or twice in this one): read once
        looked.add(key)
        reading.files.append({"path": key, "origin": source, "size": st.st_size, "mtime_ns": st.st_mtime_ns})
        if known.get(key) == (st.st_size, st.st_mtime_ns):
            reading.skipped.add(key)
            return True
        return False

    reports = list(read_source(source, skip=skip, on_error=lambda p, e: reading.broken.append((p, e))))
    is_url = url_scheme(source) is not None and not Path(source).exists()
    if Path(source).is_dir():
        if reading.reached == 0:
            raise _source_error(f"{source}: no report files in it (an unmounted or emptied folder?); if it is "
                                "meant to be empty, take it out of the sources")
        got.kinds[source] = "folder"
    else:
        kind = _kind(reports)
        _check_answer(source, kind, last_kind, is_url)
        if kind is not None:
            got.kinds[source] = kind
    _commit(got, reading, reports, is_url)


def _source_error(message: str):
    from etl.sources import SourceError

    return SourceError(message)


def _kind(reports: list[Report]) -> str | None:
    """What a file or URL answered with: items (a feed, an export), a page, nothing usable; None when not read."""
    if not reports:
        return None
    if all(not r.text.strip() for r in reports):
        return "empty"
    return "items" if any(r.item is not None for r in reports) else "page"


def _check_answer(source: str, kind: str | None, last: str | None, is_url: bool) -> None:
    """SourceError when the answer is not what the source gave at its last good read."""
    verb = "answered with" if is_url else "holds"
    if kind == "empty":
        raise _source_error(f"{source}: {verb} an empty feed or page, with no item or text to read")
    if kind in ANSWERS and last in ANSWERS and kind != last:
        raise _source_error(f"{source}: {verb} {ANSWERS[kind]} where {ANSWERS[last]} was (a maintenance or error "
                            "page?); check the address, or wait for it to come back")


def _commit(got: Gathered, reading: _Reading, reports: list[Report], is_url: bool) -> None:
    """A source read whole: its reports (each once), its files and the problems of its broken files."""
    ids = got.ids
    for report in reports:
        if report.report_id not in ids:
            ids.add(report.report_id)
            got.reports.append((reading.source, report))
    broken = {str(p) for p, _ in reading.broken}
    got.files += [f for f in reading.files if f["path"] not in broken]
    got.skipped |= reading.skipped
    got.read_paths |= {f["path"] for f in reading.files} - broken
    if is_url:
        got.read_paths.add(reading.source)
    for path, exc in reading.broken:
        got.failed_paths.add(str(path))
        got.failed += 1
        got.problems.append(problem_row(None, str(path), None, "read", f"file not read, its reports kept: "
                                        f"{_said(exc)}"))


def _channel(source: str, got: Gathered, newest: int | None) -> None:
    """A Telegram channel's posts back to the newest one stored: a stream, so the posts not read again are kept."""
    from etl.sources.channel import read_channel

    reports = list(read_channel(source, newest))
    got.kinds[source] = "channel"
    _commit(got, _Reading(source), reports, is_url=True)


def _kaggle(source: str, got: Gathered) -> None:
    """The Kaggle table: a local file (kaggle:PATH), or the current version of a dataset (kaggle:OWNER/DATASET)."""
    from etl.sources.kaggle_handle import read_table

    name = source[len(KAGGLE_PREFIX):]
    try:
        table = read_table(name)
    except OSError as exc:
        raise _source_error(str(exc)) from exc
    ids = got.ids
    got.table_rows.extend((source, ex) for ex in table.extractions if ex.report.report_id not in ids)
    got.kinds[source] = "table"
    for line, reason in table.rejected:
        got.problems.append(problem_row(None, f"kaggle:{name}", f"line {line}", "import", f"row not imported: {reason}"))
    got.failed += len(table.rejected)


def _alerts(source: str, got: Gathered) -> None:
    from etl.sources.alerts import read_alert_source

    got.alerts.append(read_alert_source(source[len(ALERTS_PREFIX):], source, got.problems))
    got.kinds[source] = "alerts"
