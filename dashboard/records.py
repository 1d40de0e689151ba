"""More view data, read through dashboard/data.py (never the store itself): the rows an export writes, how much
of the store is demo data, and the totals reported for whole periods."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl

from dashboard.data import Filters, query, snapshot, tables
from etl.query import ROW_KINDS, export_rows

__all__ = ["ROW_KINDS", "export_rows", "DEMO_MARKER", "demo_reports", "period_totals"]

DEMO_MARKER = ".demo"  # a file in a folder of made-up reports (data/sample/.demo): its reports are demo data


def demo_reports(store: str | Path) -> dict:
    """How many of the stored reports are demo data (read from a folder marked with DEMO_MARKER), of how many."""
    snap = snapshot(store)

    def count() -> dict:
        reports = snap.tables["reports"]
        origins = reports.group_by("origin").len().with_columns(pl.col("origin").cast(pl.Utf8))  # held as an enum
        local = origins.filter(~pl.col("origin").str.contains(r"^[a-z]+:"))
        marked = [origin for origin in local["origin"].to_list() if _marked(Path(origin))]
        return {"demo": int(local.filter(pl.col("origin").is_in(marked))["len"].sum()), "reports": reports.height}

    return snap.memo.get(("demo", snap.signature), count)  # of this version: the marker is a file beside the data


def _marked(source: Path) -> bool:
    """True when a source folder (or a folder above a source file) holds the demo marker. Relative sources are
    read from the working directory, as `strikes refresh` read them."""
    try:
        where = source.resolve()
        return any((folder / DEMO_MARKER).is_file() for folder in (where, *where.parents))
    except OSError:
        return False


def period_totals(filters: Filters, store: str | Path) -> pl.DataFrame:
    """Totals reported for a period ("in January", "this week"), kept apart from nights: the class claims whose
    period overlaps the chosen dates, of the chosen attacker and classes, with their source."""
    shown = ("period_start", "period_end", "attacker", "weapon", "launched", "q_launched", "shot_down", "suppressed",
             "neutralized", "source", "url", "source_kind", "published")
    claims = query("strike_claims", replace(filters, types=()), store,
                   tuple(c for c in shown if c not in ("source", "url")) + ("report_id",),
                   where=pl.col("period_start").is_not_null() & (pl.col("row_kind") == "class"))
    reports = tables(store)["reports"].lazy().filter(pl.col("report_id").is_in(claims["report_id"].implode())).select(
        "report_id", pl.col("source").cast(pl.Utf8), "url").collect()
    return claims.join(reports, on="report_id", how="left").select(*shown).sort(
        ["period_start", "period_end", "weapon"], descending=[True, False, False])
