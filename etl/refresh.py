"""`strikes refresh`: sources -> extract -> validate -> reconcile -> store, incrementally.

A file whose size and modification time are what the last refresh saw is not read again, and a
report whose content hash is unchanged keeps its stored claims and is not extracted again; a
changed report replaces its claims; a report gone from a source that was read is removed. When the
extraction code or lexicons change (or with `full=True`), every report is read and extracted anew.
A source that cannot be read at all (a folder gone missing, a URL that times out) is listed as a
problem and its reports are kept as they were: an outage of a source never empties the store.
A refresh that would remove more than `shrink_limit` of the stored reports is refused unless
allowed: sources do get emptied by mistake.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import polars as pl
from rich.console import Console

from etl.frames import problem_row
from etl.model import Extraction, Report
from etl.pipeline import DEFAULT_OPTIONS, ExtractOptions
from etl.schemas import TABLES, ProblemTable, RefreshRunTable, SourceFileTable, polars_schema
from etl.store import StoreUpdate, clean_stale, read_columns, refresh_lock, update_store

__all__ = ["RefreshSummary", "ShrinkRefused", "refresh", "KAGGLE_PREFIX", "ALERTS_PREFIX", "code_version",
           "extractor_fingerprint"]

KAGGLE_PREFIX = "kaggle:"
ALERTS_PREFIX = "alerts:"  # the air-raid alert table of the sirens dataset (etl/sources/alerts.py)


class ShrinkRefused(RuntimeError):
    """A refresh that would remove too many stored reports."""


@dataclass
class RefreshSummary:
    """What one refresh did."""

    store: Path
    read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    seconds: float = 0.0
    full: bool = False  # every report was extracted again
    unreadable: list[str] = field(default_factory=list)
    alerts: int = 0  # air-raid alerts stored

    def line(self) -> str:
        """The one-line summary printed after a refresh."""
        return (f"refreshed {self.store}: {self.read} reports read, {self.new} new, {self.changed} changed, "
                f"{self.unchanged} unchanged, {self.removed} removed, {self.failed} failed"
                + (f", {self.alerts:,} air-raid alerts" if self.alerts else "")
                + f" in {self.seconds:.2f}s" + (" (all reports extracted again)" if self.full else ""))


@dataclass
class _Index:
    """What the store knows before the refresh: enough to decide what changed, without the texts."""

    reports: pl.DataFrame  # report_id, origin, path, content_hash, first_seen
    files: dict[str, tuple[int, int]]  # path -> (size, mtime_ns) as the last refresh saw them
    file_rows: pl.DataFrame
    extractor: str | None  # fingerprint of the extraction code of the last refresh


@dataclass
class _Read:
    reports: list[tuple[str, Report]] = field(default_factory=list)  # (origin, report)
    table_rows: list[tuple[str, Extraction]] = field(default_factory=list)  # Kaggle rows, already claims
    problems: list[dict] = field(default_factory=list)
    failed_origins: set[str] = field(default_factory=set)
    failed: int = 0
    files: list[dict] = field(default_factory=list)  # every file looked at: path, origin, size, mtime_ns
    skipped: set[str] = field(default_factory=set)  # paths of files not read because they are unchanged
    alerts: list[pl.DataFrame] = field(default_factory=list)  # rows of the alert tables read


def refresh(store: Path, sources: list[str], *, allow_shrink: bool = False, shrink_limit: float = 0.5,
            wait: bool = False, progress: Console | None = None, full: bool = False,
            options: ExtractOptions = DEFAULT_OPTIONS) -> RefreshSummary:
    """Bring the store up to date with the sources; raises StoreBusy or ShrinkRefused."""
    start = time.monotonic()
    started = datetime.now(UTC)
    with refresh_lock(store, wait=wait):
        clean_stale(store)
        index = _read_index(store)
        full = full or (index.extractor is not None and index.extractor != extractor_fingerprint())
        got = _read_sources(sources, {} if full else index.files)
        update, summary = _plan(store, index, got, started, allow_shrink, shrink_limit, progress, options, full)
        summary.store, summary.full, summary.seconds = store, full, time.monotonic() - start
        summary.alerts = update.replace["alerts"].height
        summary.unreadable = sorted(got.failed_origins)
        update.append["refresh_runs"] = _run_row(summary, started, sources)
        update_store(store, update)
    return summary


def _read_index(store: Path) -> _Index:
    reports = read_columns(store, "reports", ["report_id", "origin", "path", "content_hash", "first_seen"])
    files = read_columns(store, "source_files", list(polars_schema(SourceFileTable)))
    runs = read_columns(store, "refresh_runs", ["finished", "extractor"]).sort("finished")
    return _Index(reports, {p: (s, m) for p, s, m in zip(files["path"], files["size"], files["mtime_ns"], strict=True)},
                  files, runs["extractor"][-1] if runs.height else None)


def _read_sources(sources: list[str], known_files: dict[str, tuple[int, int]]) -> _Read:
    from etl.sources import SourceError, read_source

    got = _Read()
    for source in sources:
        def unchanged(path: Path, st: os.stat_result, source=source) -> bool:
            got.files.append({"path": str(path), "origin": source, "size": st.st_size, "mtime_ns": st.st_mtime_ns})
            same = known_files.get(str(path)) == (st.st_size, st.st_mtime_ns)
            if same:
                got.skipped.add(str(path))
            return same

        try:
            if source.startswith(KAGGLE_PREFIX):
                _read_kaggle(source, got)
            elif source.startswith(ALERTS_PREFIX):
                from etl.sources.alerts import read_alert_source

                got.alerts.append(read_alert_source(source[len(ALERTS_PREFIX):], source, got.problems))
            else:
                got.reports.extend((source, r) for r in read_source(source, skip=unchanged))
        except (SourceError, OSError, ValueError) as exc:
            got.failed_origins.add(source)
            got.failed += 1
            got.problems.append(problem_row(None, source, None, "read", f"source not read, its reports kept: {exc}"))
    return got


def _read_kaggle(source: str, got: _Read) -> None:
    from etl.sources.kaggle import read_kaggle

    path = source[len(KAGGLE_PREFIX):]
    if not Path(path).is_file():
        raise OSError(f"{path}: no such file (download missile_attacks_daily.csv, see README)")
    table = read_kaggle(path)
    got.table_rows.extend((source, ex) for ex in table.extractions)
    for line, reason in table.rejected:
        got.problems.append(problem_row(None, f"kaggle:{path}", f"line {line}", "import", f"row not imported: {reason}"))
    got.failed += len(table.rejected)


def _alert_rows(store: Path, got: _Read) -> pl.DataFrame:
    """The alerts table after this run: the tables read (each row checked by etl/sources/alerts.py), and the
    stored alerts of alert sources that failed."""
    from etl.schemas import AlertTable

    failed = [o for o in got.failed_origins if o.startswith(ALERTS_PREFIX)]
    kept = read_columns(store, "alerts", list(polars_schema(AlertTable))).filter(pl.col("origin").is_in(failed))
    return pl.concat([kept, *got.alerts])


def _plan(store: Path, index: _Index, got: _Read, now: datetime, allow_shrink: bool, shrink_limit: float,
          progress, options: ExtractOptions, full: bool) -> tuple[StoreUpdate, RefreshSummary]:
    """The store update that brings it in line with what was read, and the counts of the run."""
    prev = index.reports
    prev_hash = dict(zip(prev["report_id"], prev["content_hash"], strict=True))
    summary = RefreshSummary(store=Path())
    read = got.reports + [(o, ex.report) for o, ex in got.table_rows]
    pending: list[tuple[str, Report]] = []
    for origin, report in read:
        known = prev_hash.get(report.report_id)
        summary.new += known is None
        summary.changed += known is not None and known != report.content_hash
        summary.unchanged += known == report.content_hash
        if full or known != report.content_hash:
            pending.append((origin, report))
    skipped_ids = prev.filter(pl.col("path").is_in(list(got.skipped)))["report_id"].to_list()
    summary.unchanged += len(skipped_ids)
    summary.read = len(read) + len(skipped_ids)
    seen = {r.report_id for _, r in read} | set(skipped_ids)
    kept_origins = set(prev.filter(pl.col("origin").is_in(list(got.failed_origins)))["report_id"].to_list())
    removed = [rid for rid in prev_hash if rid not in seen and rid not in kept_origins]
    summary.removed = len(removed)
    if prev_hash and not allow_shrink and len(removed) > shrink_limit * len(prev_hash):
        raise ShrinkRefused(
            f"this refresh would remove {len(removed)} of the {len(prev_hash)} stored reports "
            f"(more than {shrink_limit:.0%}); check the sources, or pass --allow-shrink to do it anyway")
    rows = _extract_pending(pending, got, now, progress, options)
    summary.failed = got.failed + rows["reports"].filter(pl.col("text").str.strip_chars() == "").height
    drop = [rid for _, r in pending if (rid := r.report_id) in prev_hash] + removed
    first_seen = prev.filter(pl.col("report_id").is_in(drop))
    rows["reports"] = _keep_first_seen(rows["reports"], first_seen)
    update = StoreUpdate(drop_reports=drop, append=rows, seen=sorted(seen), now=now, validated={"alerts"},
                         replace={"source_files": _file_rows(index, got), "alerts": _alert_rows(store, got)})
    attacks = read_columns(store, "attacks", list(polars_schema(TABLES["attacks"])))
    if drop or rows["strike_claims"].height:
        attacks = update.replace["attacks"] = _attacks(store, attacks, drop, rows["strike_claims"])
        update.validated.add("attacks")  # _attack_problem_rows validates the whole table below
    update.run_problems = pl.DataFrame(got.problems + _attack_problem_rows(attacks),
                                       schema=polars_schema(ProblemTable), orient="row")
    return update, summary


def _extract_pending(pending: list[tuple[str, Report]], got: _Read, now: datetime, progress,
                     options: ExtractOptions) -> dict[str, pl.DataFrame]:
    """Rows of the new and changed reports (Kaggle rows are claims already, only validated here)."""
    from etl.frames import extraction_frames, validate_extractions
    from etl.pipeline import extract_frames

    table = {ex.report.report_id: (o, ex) for o, ex in got.table_rows}
    texts = [(o, r) for o, r in pending if r.report_id not in table]
    frames = extract_frames(texts, now, progress, options)
    rows = [table[r.report_id] for _, r in pending if r.report_id in table]
    if rows:
        exs = [ex for _, ex in rows]
        kaggle = extraction_frames(exs, {ex.report.report_id: o for o, ex in rows}, now, validate_extractions(exs))
        frames = {name: pl.concat([frames[name], kaggle[name]]) for name in frames}
    return frames


def _keep_first_seen(new: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """A changed report keeps the time it was first seen."""
    if previous.is_empty():
        return new
    first = dict(zip(previous["report_id"], previous["first_seen"], strict=True))
    return new.with_columns(
        pl.col("report_id").replace_strict(first, default=pl.col("first_seen"), return_dtype=new.schema["first_seen"])
        .alias("first_seen"))


def _file_rows(index: _Index, got: _Read) -> pl.DataFrame:
    """The files this run looked at, and those of unreadable sources as the last run saw them."""
    ours = pl.DataFrame(got.files, schema=polars_schema(SourceFileTable), orient="row")
    kept = index.file_rows.filter(pl.col("origin").is_in(list(got.failed_origins)))
    ours = ours.filter(~pl.col("origin").is_in(list(got.failed_origins)))
    return pl.concat([kept, ours]).unique("path", keep="last", maintain_order=True)


def _attacks(store: Path, attacks: pl.DataFrame, drop: list[str], new_claims: pl.DataFrame) -> pl.DataFrame:
    """The attacks table after the change: the nights that dropped or new claims touch are reconciled
    again from every claim the store will hold for them; the other nights stay as they were."""
    from etl.reconcile import reconcile

    gone = read_columns(store, "strike_claims", ["attack_date"], keys=("report_id", drop))["attack_date"]
    nights = sorted(set(gone.drop_nulls()) | set(new_claims["attack_date"].drop_nulls()))
    kept = read_columns(store, "strike_claims", list(new_claims.columns), keys=("attack_date", nights))
    claims = pl.concat([kept.filter(~pl.col("report_id").is_in(drop)),
                        new_claims.filter(pl.col("attack_date").is_in(nights))])
    fresh = reconcile(claims)
    merged = pl.concat([attacks.filter(~pl.col("attack_date").is_in(nights)), fresh])
    return merged.sort(pl.col("attack_date"), pl.col("attacker"), pl.col("weapon"), pl.col("row_kind") != "class",
                       pl.col("type").fill_null(""), pl.col("model").fill_null(""))


def _attack_problem_rows(attacks: pl.DataFrame) -> list[dict]:
    """Reconciled rows whose figures, taken from different claims, contradict each other.

    Raises ValueError when a row breaks the table's schema (not only a cross-field rule): such a
    table must never be stored, and the store is left as it was."""
    from etl.schemas import RULES, AttackTable, failure_checks

    found = failure_checks(AttackTable, attacks)
    broken = [m for checks in found.values() for check, m in checks if check not in RULES]
    if broken:
        raise ValueError(f"table attacks fails its schema ({len(broken)} rows), e.g. {broken[0]}")
    return [problem_row(None, "attacks", None, "validate",
                        m.replace("contradictory figures", "figures reconciled from different sources contradict"))
            for checks in found.values() for _, m in checks]


def _run_row(summary: RefreshSummary, started: datetime, sources: list[str]) -> pl.DataFrame:
    row = {
        "run_id": uuid.uuid4().hex[:12], "started": started, "finished": datetime.now(UTC),
        "read": summary.read, "new": summary.new, "changed": summary.changed, "unchanged": summary.unchanged,
        "removed": summary.removed, "failed": summary.failed, "code_version": code_version(),
        "sources": json.dumps(sources), "extractor": extractor_fingerprint(),
    }
    return pl.DataFrame([row], schema=polars_schema(RefreshRunTable), orient="row")


@cache
def extractor_fingerprint() -> str:
    """A hash of what decides the stored claims and attacks: the extraction code, the lexicons, the
    claim frames and the reconciliation rule."""
    root = Path(__file__).parent
    files = sorted([*root.glob("extract/*.py"), *root.glob("lexicon/*"), *root.glob("sources/*.py"),
                    *(root / name for name in ("frames.py", "model.py", "schemas.py", "reconcile.py"))])
    digest = hashlib.sha256()
    for f in files:
        if f.is_file():
            digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


def code_version() -> str:
    """The package version, with the git commit when run from a checkout."""
    from etl import __version__

    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent,
                             capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{__version__}+g{sha}" if sha else __version__
