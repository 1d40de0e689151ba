"""The one read path of the store: the rows of a table that the filters select. The dashboard's views, its Export
CSV, `strikes export` and the JSON API (dashboard/api.py) all read through `query`, so they cannot disagree.

The store file is replaced whole by each refresh, so a reader never needs to hold it open: the tables are read
into memory once per version of the file (etl/snapshot.py) and the file is closed again. After a refresh the next
call sees the new file, with no restart. What is derived from a version is kept in that version's Memo.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.filters import FilterError, Filters, conditions
from etl.schemas import TABLES, polars_schema
from etl.snapshot import Snapshot, snapshot

__all__ = ["Filters", "FilterError", "Snapshot", "snapshot", "query", "export_rows", "columns", "TABLE_NAMES", "ROW_KINDS"]

TABLE_NAMES = tuple(TABLES)
ROW_KINDS = ("all", "class", "type")
MEMOISED = ("attacks", "outage_claims")  # what the views read; exports of the big tables are not kept
CHUNK_CLAIMS = 100_000  # claims reconciled at a time for a source filter: on a long history the same rows, in a
# fraction of the memory (issue 17: all of a million claims at once took about 900 MB more for a moment)


def query(table: str, filters: Filters, store: str | Path) -> pl.DataFrame:
    """The rows of one table that the filters select: what a view shows and an export writes."""
    if table not in TABLE_NAMES:
        raise FilterError(f"unknown table {table!r}; choose one of {', '.join(TABLE_NAMES)}")
    snap = snapshot(store)
    if table not in MEMOISED:
        return _select(table, filters, snap)
    return snap.memo.get(("query", table, filters), lambda: _select(table, filters, snap))


def export_rows(table: str, filters: Filters, store: str | Path, rows: str = "all") -> pl.DataFrame:
    """What `strikes export`, the API and a view's Export CSV write: the rows the filters select; of the attacks,
    with rows="class" the class rows only, with rows="type" the type rows (of the chosen types) only, so that a
    column's sum counts every weapon once (issue 14)."""
    if rows not in ROW_KINDS:
        raise FilterError(f"unknown row kind {rows!r}; choose one of {', '.join(ROW_KINDS)}")
    frame = query(table, filters, store)
    if rows == "all" or table != "attacks":
        return frame
    return frame.filter(pl.col("row_kind") == rows)


def columns(table: str) -> dict[str, pl.DataType]:
    """The columns `query` gives for a table, with their types: the schema's, and the claims' review columns."""
    from etl.review import reviewed_claims, reviewed_outages

    schema = dict(polars_schema(TABLES[table]))
    if table in ("strike_claims", "outage_claims"):
        empty = {name: pl.DataFrame(schema=polars_schema(TABLES[name])) for name in (table, "reviews")}
        applied = reviewed_claims if table == "strike_claims" else reviewed_outages
        schema = dict(applied(empty[table], empty["reviews"]).schema)
    return schema


def _select(table: str, filters: Filters, snap: Snapshot) -> pl.DataFrame:
    if table == "attacks" and filters.narrows_sources:
        frame = _reconciled(snap, filters)
    else:
        frame = snap.tables[table]
    frame = _filter(table, frame, filters, snap)
    if table == "reports":  # the texts are not held (etl/snapshot.py): read for the rows chosen, in column order
        frame = snap.with_text(frame).select(list(polars_schema(TABLES[table])))
    return frame


def _filter(table: str, frame: pl.DataFrame, f: Filters, snap: Snapshot) -> pl.DataFrame:
    conds = conditions(table, frame.columns, f)
    frame = frame.filter(conds) if conds else frame
    return _from_sources(frame, f, snap) if table != "attacks" else frame


def _from_sources(frame: pl.DataFrame, f: Filters, snap: Snapshot) -> pl.DataFrame:
    """The rows that come from reports of the chosen source kinds and languages.

    A row's own source_kind or language column says it where it has one (claims carry their report's
    kind); otherwise the row's report is looked up (a set of report ids, kept per store version).
    """
    if not f.narrows_sources or "report_id" not in frame.columns and "source_kind" not in frame.columns:
        return frame
    kinds, languages = f.source_kinds, f.languages
    if kinds and "source_kind" in frame.columns:
        frame, kinds = frame.filter(pl.col("source_kind").is_in(list(kinds))), ()
    if languages and "language" in frame.columns:
        frame, languages = frame.filter(pl.col("language").is_in(list(languages))), ()
    if kinds or languages:
        frame = frame.filter(pl.col("report_id").is_in(_report_ids(snap, kinds, languages).implode()))
    return frame


def _report_ids(snap: Snapshot, kinds: tuple[str, ...], languages: tuple[str, ...]) -> pl.Series:
    """The ids of the reports from the chosen source kinds and languages (kept per store version)."""
    def ids() -> pl.Series:
        reports = snap.tables["reports"]
        if kinds:
            reports = reports.filter(pl.col("source_kind").is_in(list(kinds)))
        if languages:
            reports = reports.filter(pl.col("language").is_in(list(languages)))
        return reports["report_id"]

    return snap.memo.get(("report_ids", kinds, languages), ids)


def _reconciled(snap: Snapshot, f: Filters) -> pl.DataFrame:
    """Attacks reconciled from the claims of the chosen sources only.

    Reconciliation groups claims by night, attacker and class, so only the claims of the chosen dates,
    attacker and classes are reconciled: the rows come out as the whole table's would, filtered.
    """
    from etl.reconcile import reconcile

    c = pl.col
    conds = [c("attack_date") >= f.start] if f.start else []
    conds += [c("attack_date") <= f.end] if f.end else []
    conds += [c("attacker") == f.attacker] if f.attacker else []
    conds += [c("weapon").is_in(list(f.weapons))] if f.weapons else []
    claims = snap.tables["strike_claims"]
    narrow = claims.select("attack_date", "period_start", "attacker", "weapon", "source_kind", "report_id")
    chosen = _from_sources(narrow.filter(conds) if conds else narrow, f, snap)
    if chosen.height <= CHUNK_CLAIMS:
        return reconcile(_from_sources(claims.filter(conds) if conds else claims, f, snap))
    parts = []
    for first, last in _runs_of_nights(chosen, CHUNK_CLAIMS):  # only one run's claims copied at a time
        run = claims.filter(*conds, c("attack_date").is_between(first, last))
        parts.append(reconcile(_from_sources(run, f, snap)))
    return pl.concat(parts) if parts else reconcile(claims.head(0))


def _runs_of_nights(claims: pl.DataFrame, size: int) -> list[tuple]:
    """(first, last) nights of runs of whole nights of about `size` dated claims each, in date order: an attacks
    row is made of the claims of one night, so each run reconciles to the rows of its nights, in the whole
    table's order."""
    dated = claims.filter(pl.col("attack_date").is_not_null() & pl.col("period_start").is_null())
    nights = dated.group_by("attack_date").len().sort("attack_date")
    runs = nights.with_columns(((pl.col("len").cum_sum() - 1) // size).alias("run")).group_by("run").agg(
        pl.col("attack_date").min().alias("first"), pl.col("attack_date").max().alias("last")).sort("run")
    return list(zip(runs["first"], runs["last"], strict=True))
