"""The ETL run: sources -> reports -> extraction -> validation (and, for refresh, the store)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from etl.extract import extract_report
from etl.frames import validate_extractions
from etl.model import Extraction, Report
from etl.sources import SourceError, read_source

__all__ = ["extract_sources", "extract_all", "safe_extract"]


def safe_extract(report: Report) -> Extraction:
    """Extract one report; an unexpected error becomes a problem of that report, not a crash."""
    try:
        return extract_report(report)
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


def extract_all(reports: list[Report], progress: Console | None = None) -> list[Extraction]:
    """Extract and validate many reports, with a progress bar on a terminal."""
    if progress is None or len(reports) < 20:
        extractions = [safe_extract(r) for r in reports]
    else:
        columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=progress, transient=True) as bar:
            task = bar.add_task("extract", total=len(reports))
            extractions = []
            for r in reports:
                extractions.append(safe_extract(r))
                bar.advance(task)
    validate_extractions(extractions)
    return extractions


def extract_sources(sources: Iterable[str], progress: Console | None = None) -> tuple[list[Extraction], list[str]]:
    """Read and extract every report of some sources; unreadable sources are listed, not fatal."""
    pairs, unreadable = read_all(sources)
    return extract_all([r for _, r in pairs], progress), unreadable
