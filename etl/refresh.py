"""`strikes refresh`: sources -> extract -> validate -> reconcile -> store, incrementally.

A report whose content hash is unchanged keeps its stored claims and is not extracted again;
a changed report replaces its claims; a report gone from a source that was read is removed.
A source that cannot be read at all (a folder gone missing, a URL that times out) is listed as a
problem and its reports are kept as they were: an outage of a source never empties the store.
A refresh that would remove more than `shrink_limit` of the stored reports is refused unless
allowed: sources do get emptied by mistake.
"""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from rich.console import Console

from etl.model import Extraction, Report
from etl.schemas import ProblemTable, RefreshRunTable, polars_schema
from etl.store import clean_stale, read_tables, refresh_lock, write_store

__all__ = ["RefreshSummary", "ShrinkRefused", "refresh", "KAGGLE_PREFIX"]

KAGGLE_PREFIX = "kaggle:"


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
    unreadable: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary printed after a refresh."""
        return (f"refreshed {self.store}: {self.read} reports read, {self.new} new, {self.changed} changed, "
                f"{self.unchanged} unchanged, {self.removed} removed, {self.failed} failed "
                f"in {self.seconds:.2f}s")


@dataclass
class _Read:
    reports: list[tuple[str, Report]] = field(default_factory=list)  # (origin, report)
    table_rows: list[tuple[str, Extraction]] = field(default_factory=list)  # Kaggle rows, already claims
    problems: list[dict] = field(default_factory=list)
    failed_origins: set[str] = field(default_factory=set)
    failed: int = 0


def refresh(store: Path, sources: list[str], *, allow_shrink: bool = False, shrink_limit: float = 0.5,
            wait: bool = False, progress: Console | None = None) -> RefreshSummary:
    """Bring the store up to date with the sources; raises StoreBusy or ShrinkRefused."""
    start = time.monotonic()
    started = datetime.now(UTC)
    with refresh_lock(store, wait=wait):
        clean_stale(store)
        previous = read_tables(store)
        got = _read_sources(sources)
        tables, summary = _build(previous, got, started, allow_shrink, shrink_limit, progress)
        summary.store, summary.seconds = store, time.monotonic() - start
        summary.unreadable = sorted(got.failed_origins)
        tables["refresh_runs"] = pl.concat([previous["refresh_runs"], _run_row(summary, started, sources)])
        write_store(store, tables)
    return summary


def _read_sources(sources: list[str]) -> _Read:
    from etl.sources import SourceError, read_source

    got = _Read()
    for source in sources:
        try:
            if source.startswith(KAGGLE_PREFIX):
                _read_kaggle(source, got)
            else:
                got.reports.extend((source, r) for r in read_source(source))
        except (SourceError, OSError, ValueError) as exc:
            got.failed_origins.add(source)
            got.failed += 1
            got.problems.append(_problem(None, source, None, "read", f"source not read, its reports kept: {exc}"))
    return got


def _read_kaggle(source: str, got: _Read) -> None:
    from etl.sources.kaggle import read_kaggle

    path = source[len(KAGGLE_PREFIX):]
    if not Path(path).is_file():
        raise OSError(f"{path}: no such file (download missile_attacks_daily.csv, see README)")
    table = read_kaggle(path)
    got.table_rows.extend((source, ex) for ex in table.extractions)
    for line, reason in table.rejected:
        got.problems.append(_problem(None, f"kaggle:{path}", f"line {line}", "import", f"row not imported: {reason}"))
    got.failed += len(table.rejected)


def _build(previous, got: _Read, now: datetime, allow_shrink: bool, shrink_limit: float, progress):
    """The tables of the new store and the counts of the run."""
    from etl.frames import outage_frame, report_frame, strike_frame

    prev_reports = previous["reports"]
    prev_hash = dict(zip(prev_reports["report_id"], prev_reports["content_hash"], strict=True))
    summary = RefreshSummary(store=Path())
    keep_ids: set[str] = set()
    fresh: list[tuple[str, Extraction]] = []
    pending: list[tuple[str, Report]] = []
    for origin, report in got.reports + [(o, ex.report) for o, ex in got.table_rows]:
        rid = report.report_id
        if prev_hash.get(rid) == report.content_hash:
            keep_ids.add(rid)
            summary.unchanged += 1
        elif rid in prev_hash:
            summary.changed += 1
        else:
            summary.new += 1
        if rid not in keep_ids:
            pending.append((origin, report))
    summary.read = len(got.reports) + len(got.table_rows)
    kept_origins = prev_reports.filter(pl.col("origin").is_in(list(got.failed_origins)))["report_id"].to_list()
    keep_ids.update(kept_origins)
    seen = {r.report_id for _, r in got.reports} | {ex.report.report_id for _, ex in got.table_rows}
    removed = [rid for rid in prev_hash if rid not in seen and rid not in keep_ids]
    summary.removed = len(removed)
    if prev_hash and not allow_shrink and len(removed) > shrink_limit * len(prev_hash):
        raise ShrinkRefused(
            f"this refresh would remove {len(removed)} of the {len(prev_hash)} stored reports "
            f"(more than {shrink_limit:.0%}); check the sources, or pass --allow-shrink to do it anyway")
    fresh = _extract_pending(pending, got, progress)
    summary.failed = got.failed + sum(1 for _, ex in fresh if not ex.report.text.strip())
    origin = {ex.report.report_id: o for o, ex in fresh}
    exs = [ex for _, ex in fresh]
    reports = _merge_reports(previous["reports"], keep_ids, report_frame(exs, origin, now), now, seen)
    tables = {
        "reports": reports,
        "strike_claims": pl.concat([_kept(previous["strike_claims"], keep_ids), strike_frame(exs)]),
        "outage_claims": pl.concat([_kept(previous["outage_claims"], keep_ids), outage_frame(exs)]),
        "problems": pl.concat([_kept(previous["problems"].filter(pl.col("stage") != "import"), keep_ids),
                               _problem_frame(fresh, got)]),
    }
    from etl.reconcile import reconcile

    tables["attacks"] = reconcile(tables["strike_claims"])
    tables["problems"] = pl.concat([tables["problems"], _attack_problems(tables["attacks"])])
    return tables, summary


def _attack_problems(attacks: pl.DataFrame) -> pl.DataFrame:
    """Reconciled rows whose figures, taken from different claims, contradict each other."""
    from etl.schemas import AttackTable, failures

    rows = [_problem(None, "attacks", None, "validate",
                     m.replace("contradictory figures", "figures reconciled from different sources contradict"))
            for messages in failures(AttackTable, attacks).values() for m in messages]
    return pl.DataFrame(rows, schema=polars_schema(ProblemTable), orient="row") if rows else pl.DataFrame(
        schema=polars_schema(ProblemTable))


def _extract_pending(pending, got: _Read, progress) -> list[tuple[str, Extraction]]:
    """Extract the new and changed reports (Kaggle rows are claims already)."""
    if not pending:
        return []
    from etl.frames import validate_extractions
    from etl.pipeline import extract_all

    table = {ex.report.report_id: (o, ex) for o, ex in got.table_rows}
    texts = [(o, r) for o, r in pending if r.report_id not in table]
    extracted = extract_all([r for _, r in texts], progress) if texts else []
    rows = [table[r.report_id] for _, r in pending if r.report_id in table]
    if rows:
        validate_extractions([ex for _, ex in rows])
    return [(o, ex) for (o, _), ex in zip(texts, extracted, strict=True)] + rows


def _kept(frame: pl.DataFrame, keep_ids: set[str]) -> pl.DataFrame:
    return frame.filter(pl.col("report_id").is_in(list(keep_ids)))


def _merge_reports(prev: pl.DataFrame, keep_ids: set[str], new: pl.DataFrame, now: datetime, seen) -> pl.DataFrame:
    """Kept reports (last seen now when read again), and new ones (first seen kept for changed ones)."""
    kept = _kept(prev, keep_ids).with_columns(
        pl.when(pl.col("report_id").is_in(list(seen))).then(pl.lit(now)).otherwise(pl.col("last_seen"))
        .alias("last_seen").cast(prev.schema["last_seen"]))
    first_seen = dict(zip(prev["report_id"], prev["first_seen"], strict=True))
    new = new.with_columns(
        pl.col("report_id").replace_strict(first_seen, default=pl.col("first_seen"), return_dtype=new.schema["first_seen"])
        .alias("first_seen"))
    return pl.concat([kept, new])


def _problem(report_id, path, item, stage, problem) -> dict:
    return {"report_id": report_id, "path": path, "item": item, "stage": stage, "problem": problem}


def _problem_frame(fresh: list[tuple[str, Extraction]], got: _Read) -> pl.DataFrame:
    rows = list(got.problems)
    for _, ex in fresh:
        r = ex.report
        rows += [_problem(r.report_id, r.path, r.item, "read", p) for p in r.problems]
        rows += [_problem(r.report_id, r.path, r.item, "validate" if p in ex.contradictions else "extract", p)
                 for p in ex.problems]
    return pl.DataFrame(rows, schema=polars_schema(ProblemTable), orient="row") if rows else pl.DataFrame(
        schema=polars_schema(ProblemTable))


def _run_row(summary: RefreshSummary, started: datetime, sources: list[str]) -> pl.DataFrame:
    row = {
        "run_id": uuid.uuid4().hex[:12], "started": started, "finished": datetime.now(UTC),
        "read": summary.read, "new": summary.new, "changed": summary.changed, "unchanged": summary.unchanged,
        "removed": summary.removed, "failed": summary.failed, "code_version": code_version(),
        "sources": json.dumps(sources),
    }
    return pl.DataFrame([row], schema=polars_schema(RefreshRunTable), orient="row")


def code_version() -> str:
    """The package version, with the git commit when run from a checkout."""
    from etl import __version__

    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent,
                             capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{__version__}+g{sha}" if sha else __version__
