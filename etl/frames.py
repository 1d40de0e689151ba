"""Extractions -> validated table frames (the columns of etl.schemas)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import polars as pl

from etl.claimrows import as_utc, source_kind, strike_rows
from etl.model import Extraction
from etl.schemas import OutageClaimTable, ProblemTable, ReportTable, StrikeClaimTable, failures, polars_schema

__all__ = [
    "source_kind",
    "strike_frame",
    "outage_frame",
    "report_frame",
    "validate_extractions",
    "problem_row",
    "problem_frame",
    "extraction_frames",
]


def strike_frame(extractions: Sequence[Extraction]) -> pl.DataFrame:
    """One class row per strike claim and one row per type, with evidence as JSON (etl.claimrows.strike_rows)."""
    rows = strike_rows(extractions)
    return pl.DataFrame(rows, schema=polars_schema(StrikeClaimTable), orient="row") if rows else pl.DataFrame(
        schema=polars_schema(StrikeClaimTable)
    )


def outage_frame(extractions: Sequence[Extraction]) -> pl.DataFrame:
    """One row per outage claim."""
    rows = []
    for ex in extractions:
        kind = source_kind(ex.report)
        for n, o in enumerate(ex.outages):
            rows.append({
                "claim_id": f"{ex.report.report_id}-o{n}",
                "report_id": ex.report.report_id,
                "date": o.date,
                "region": o.region,
                "extent": o.extent,
                "kind": o.kind,
                "source_kind": kind,
                "published": as_utc(ex.report.published),
                "evidence": json.dumps([[s.start, s.end] for s in o.evidence]),
                "region_from": o.region_from,
            })
    return pl.DataFrame(rows, schema=polars_schema(OutageClaimTable), orient="row") if rows else pl.DataFrame(
        schema=polars_schema(OutageClaimTable)
    )


def report_frame(extractions: Sequence[Extraction], origin: dict[str, str], seen: datetime) -> pl.DataFrame:
    """One row per report; `origin` maps report_id to the source it was read from."""
    rows = []
    for ex in extractions:
        r = ex.report
        rows.append({
            "report_id": r.report_id,
            "origin": origin.get(r.report_id, r.path),
            "path": r.path,
            "item": r.item,
            "source": r.source,
            "source_kind": source_kind(r),
            "url": r.url,
            "published": as_utc(r.published),
            "published_date": r.published_date,
            "language": ex.language,
            "title": r.title,
            "text": r.text,
            "content_hash": r.content_hash,
            "first_seen": seen,
            "last_seen": seen,
            "withdrawn": None,
        })
    return pl.DataFrame(rows, schema=polars_schema(ReportTable), orient="row") if rows else pl.DataFrame(
        schema=polars_schema(ReportTable)
    )


def validate_extractions(extractions: Sequence[Extraction]) -> pl.DataFrame:
    """Validate every claim of every report at once; contradictions become report problems.

    Returns the strike frame that was validated (claims are kept even when they break a rule).
    """
    frame = strike_frame(extractions)
    if frame.is_empty():
        return frame
    by_report = {ex.report.report_id: ex for ex in extractions}
    report_ids = frame["report_id"].to_list()
    for index, messages in failures(StrikeClaimTable, frame).items():
        ex = by_report.get(report_ids[index]) if index >= 0 else None
        for message in messages:
            if ex is not None and message not in ex.problems:
                ex.problems.append(message)
                ex.contradictions.append(message)
    return frame


def problem_row(report_id: str | None, path: str | None, item: str | None, stage: str, problem: str) -> dict:
    """One row of the problems table."""
    return {"report_id": report_id, "path": path, "item": item, "stage": stage, "problem": problem}


def problem_frame(extractions: Sequence[Extraction], extra: Sequence[dict] = ()) -> pl.DataFrame:
    """Every problem of every report (reading, extraction, validation), plus `extra` rows."""
    rows = list(extra)
    for ex in extractions:
        r = ex.report
        rows += [problem_row(r.report_id, r.path, r.item, "read", p) for p in r.problems]
        rows += [problem_row(r.report_id, r.path, r.item, "validate" if p in ex.contradictions else "extract", p)
                 for p in ex.problems]
    return pl.DataFrame(rows, schema=polars_schema(ProblemTable), orient="row") if rows else pl.DataFrame(
        schema=polars_schema(ProblemTable))


def extraction_frames(extractions: Sequence[Extraction], origin: dict[str, str], seen: datetime,
                      validated: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """The rows a batch of extractions adds to each per-report table (validating the claims if not yet)."""
    strikes = validated if validated is not None else validate_extractions(extractions)
    return {"reports": report_frame(extractions, origin, seen), "strike_claims": strikes,
            "outage_claims": outage_frame(extractions), "problems": problem_frame(extractions)}
