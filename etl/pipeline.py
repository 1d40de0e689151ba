"""The ETL run: sources -> reports -> extraction -> validation (and, for refresh, the store's rows).

Extraction is CPU work, so big inputs are cut into chunks and extracted by worker processes, one
per core (etl.workers); small inputs stay in this process, where a pool would cost more than it
saves. Each report gets a time limit: a report that takes longer is kept, with a problem saying
so, and the others go on. A report whose worker dies is kept and listed the same way. With the executor "dask"
the same chunks and jobs run on a Dask distributed cluster instead (etl.daskpool).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from etl.claimrows import check_extractions
from etl.extract import extract_report
from etl.model import Extraction, Report
from etl.sources import SourceError, read_source
from etl.timelimit import ReportTimeout
from etl.timelimit import time_limit as time_limit_of
from etl.workers import run_chunks

if TYPE_CHECKING:  # polars and pandera (etl.frames) are imported by the functions that need them: `strikes extract`
    import polars as pl  # on a few reports needs neither (tests/test_quick_cli.py)
    from rich.console import Console

__all__ = ["ExtractOptions", "DEFAULT_OPTIONS", "extract_sources", "extract_all", "extract_frames", "safe_extract", "read_all"]

PARALLEL_MIN = 256  # fewer reports than this are extracted in this process
CHUNK = 64  # fewest reports per task sent to a worker
MAX_CHUNK = 512  # most reports per task: a task validates its claims once, and pandera costs ~45 ms a call
PRELOAD = ("etl.extract.preload", "etl.frames")  # what each worker has loaded before its first report
DIED = ("the extraction process died while reading this report (out of memory or killed); "
        "the report is kept without claims")


@dataclass(frozen=True)
class ExtractOptions:
    """How to extract: worker processes (0 = one per core), seconds per report (0 = no limit), and where:
    executor "local" (this machine's process pool) or "dask" (the cluster at dask_scheduler, or a local one)."""

    workers: int = 0
    time_limit: float = 30.0
    executor: str = "local"
    dask_scheduler: str = ""

    def pool_size(self, reports: int) -> int:
        """Worker processes for this many reports; 1 means this process."""
        cores = self.workers if self.workers > 0 else (os.cpu_count() or 1)
        return 1 if reports < PARALLEL_MIN else max(1, min(cores, -(-reports // CHUNK)))

    def chunk_size(self, reports: int, pool: int | None = None) -> int:
        """Reports per task: large enough that validation's fixed cost is small, with ~8 tasks per worker."""
        return max(CHUNK, min(MAX_CHUNK, reports // (8 * (pool or self.pool_size(reports)))))


DEFAULT_OPTIONS = ExtractOptions()


def safe_extract(report: Report, time_limit: float = 0) -> Extraction:
    """Extract one report; an error or a timeout becomes a problem of that report, not a crash."""
    try:
        with time_limit_of(time_limit):
            return extract_report(report)
    except ReportTimeout:
        return Extraction(report, problems=[
            f"extraction stopped after {time_limit:g}s (setting report_time_limit); the report is kept "
            "without claims: split it into smaller reports or raise the limit"])
    except Exception as exc:  # noqa: BLE001 - one bad report must never stop the others
        return Extraction(report, problems=[f"internal error while extracting ({type(exc).__name__}: {exc})"])


def read_all(sources: Iterable[str]) -> tuple[list[tuple[str, Report]], list[str]]:
    """(source, report) pairs from every source, and a message for each source that cannot be read."""
    reports: list[tuple[str, Report]] = []
    unreadable: list[str] = []
    for source in sources:
        try:
            reports.extend((source, r) for r in read_source(source))
        except SourceError as exc:
            unreadable.append(str(exc))
    return reports, unreadable


def _extract_job(reports: list[Report], time_limit: float) -> list[Extraction]:
    """A chunk extracted and validated (etl.claimrows.check_extractions), without the texts (the caller has them)."""
    out = [safe_extract(r, time_limit) for r in reports]
    check_extractions(out)
    return [replace(ex, report=replace(ex.report, text="")) for ex in out]


def _lost_extraction(report: Report) -> list[Extraction]:
    return [Extraction(replace(report, text=""), problems=[DIED])]


def _frames_job(items: list[tuple[str, Report]], time_limit: float, seen: datetime) -> dict[str, pl.DataFrame]:
    """A chunk of (origin, report) extracted and validated, as rows of the store's per-report tables."""
    from etl.frames import extraction_frames

    out = [safe_extract(r, time_limit) for _, r in items]
    return extraction_frames(out, {r.report_id: o for o, r in items}, seen)


def _lost_frames(item: tuple[str, Report], seen: datetime) -> dict[str, pl.DataFrame]:
    from etl.frames import extraction_frames

    origin, report = item
    return extraction_frames([Extraction(report, problems=[DIED])], {report.report_id: origin}, seen)


def _chunks(items: Sequence, size: int) -> list[list]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _progress(progress: Console | None, total: int):
    """A progress bar on a terminal for long runs, as (context manager, on_done callback)."""
    if progress is None or total < 20:
        return _nothing(), None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    bar = Progress(*columns, console=progress, transient=True)
    task = bar.add_task("extract", total=total)
    return bar, lambda n: bar.advance(task, n)


@contextmanager
def _nothing():
    yield


def _map(items: Sequence, job, lost, options: ExtractOptions, on_done) -> list:
    """job over chunks of the items, in order: in this process, the local pool or on a Dask cluster."""
    if options.executor == "dask" and items:
        from etl.daskpool import dask_client, run_chunks_dask

        with dask_client(options.dask_scheduler, options.workers) as client:
            size = options.chunk_size(len(items), max(1, len(client.nthreads())))
            return run_chunks_dask(_chunks(items, size), job, client, lost=lost, on_done=on_done)
    return run_chunks(_chunks(items, options.chunk_size(len(items))), job, options.pool_size(len(items)),
                      lost=lost, preload=PRELOAD, on_done=on_done)


def extract_all(reports: list[Report], progress: Console | None = None,
                options: ExtractOptions = DEFAULT_OPTIONS) -> list[Extraction]:
    """Validated extractions of many reports, in order, with a progress bar on a terminal."""
    bar, on_done = _progress(progress, len(reports))
    with bar:
        got = _map(reports, partial(_extract_job, time_limit=options.time_limit), _lost_extraction, options, on_done)
    extractions = [ex for chunk in got for ex in chunk]
    return [replace(ex, report=r) for r, ex in zip(reports, extractions, strict=True)]


def extract_frames(items: list[tuple[str, Report]], seen: datetime, progress: Console | None = None,
                   options: ExtractOptions = DEFAULT_OPTIONS) -> dict[str, pl.DataFrame]:
    """The rows that (origin, report) pairs add to the store's reports, claims and problems tables."""
    import polars as pl

    from etl.frames import extraction_frames

    bar, on_done = _progress(progress, len(items))
    with bar:
        got = _map(items, partial(_frames_job, time_limit=options.time_limit, seen=seen), partial(_lost_frames, seen=seen),
                   options, on_done)
    if not got:
        got = [extraction_frames([], {}, seen)]
    return {name: pl.concat([g[name] for g in got]) for name in got[0]}


def extract_sources(sources: Iterable[str], progress: Console | None = None,
                    options: ExtractOptions = DEFAULT_OPTIONS) -> tuple[list[Extraction], list[str]]:
    """Read and extract every report of some sources; unreadable sources are listed, not fatal. The rows of the
    Kaggle table (`kaggle:PATH`, `kaggle:OWNER/DATASET`) are claims already, and a row not imported is a report
    with its problem."""
    sources = list(sources)
    tables, unreadable = _tables([s for s in sources if s.startswith("kaggle:")])
    pairs, unreadable_texts = read_all([s for s in sources if not s.startswith("kaggle:")])
    return extract_all([r for _, r in pairs], progress, options) + tables, unreadable + unreadable_texts


def _tables(sources: list[str]) -> tuple[list[Extraction], list[str]]:
    """The rows of Kaggle tables as extractions (rows not imported as reports with their problem), and a message
    for each table that cannot be read."""
    from etl.sources.kaggle_handle import read_table

    out: list[Extraction] = []
    unreadable: list[str] = []
    for source in sources:
        try:
            table = read_table(source[len("kaggle:"):])
        except Exception as exc:  # noqa: BLE001 - a table that cannot be read is listed, as any unreadable source
            unreadable.append(f"{source}: {' '.join(str(exc).split()) or type(exc).__name__}")
            continue
        out.extend(table.extractions)
        out.extend(Extraction(Report(text="", path=source, item=f"line {line}"), problems=[f"row not imported: {why}"])
                   for line, why in table.rejected)
    return out, unreadable
