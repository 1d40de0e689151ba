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
from etl.model import MEASURES
from etl.schemas import TABLES, polars_schema
from etl.snapshot import LEFT_OUT, Snapshot, plain, snapshot
from etl.stored import KEYS

__all__ = ["Filters", "FilterError", "Snapshot", "snapshot", "query", "export_rows", "columns", "held", "TABLE_NAMES",
           "ROW_KINDS"]

TABLE_NAMES = tuple(TABLES)
ROW_KINDS = ("all", "class", "type")
MEMOISED = ("attacks", "outage_claims")  # what the views read; exports of the big tables are not kept
RECONCILED = ("claim_id", "row_kind", "attack_date", "period_start", "attacker", "weapon", "type", "model",
              *MEASURES, *(f"q_{m}" for m in MEASURES), "source_kind", "published", "review")  # what reconcile reads
CHUNK_CLAIMS = 30_000  # claims reconciled at a time for a source filter: on a long history the same rows, in a
# fraction of the memory (issue 17: all of a million claims at once took about 900 MB more for a moment, 100,000
# at a time 130 MB, 30,000 about 60 MB)


def query(table: str, filters: Filters, store: str | Path, columns: tuple[str, ...] | None = None,
          where: pl.Expr | None = None) -> pl.DataFrame:
    """The rows of one table that the filters select: what a view shows and an export writes. A view that needs
    some columns of the rows that meet a further condition says so (`columns`, `where`): of a big table, nothing
    else is copied."""
    if table not in TABLE_NAMES:
        raise FilterError(f"unknown table {table!r}; choose one of {', '.join(TABLE_NAMES)}")
    snap = snapshot(store)
    if table not in MEMOISED:
        return _select(table, filters, snap, columns, where)
    kept = snap.memo.get(("query", table, filters), lambda: _select(table, filters, snap, kept=True))
    return _complete(table, kept, [] if where is None else [where], columns, snap)


def held(table: str) -> tuple[str, ...]:
    """The columns of a table a view can ask query() for without a read of the store file (etl/snapshot.py
    LEFT_OUT: the others are read for the rows chosen)."""
    return tuple(c for c in polars_schema(TABLES[table]) if c not in LEFT_OUT.get(table, ()))


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


def _select(table: str, filters: Filters, snap: Snapshot, columns: tuple[str, ...] | None = None,
            where: pl.Expr | None = None, kept: bool = False) -> pl.DataFrame:
    """The rows the filters choose: of the columns held when `kept` (what the memo keeps), else `columns`, or
    all of them."""
    frame = _reconciled(snap, filters) if table == "attacks" and filters.narrows_sources else snap.tables[table]
    conds = conditions(table, frame.columns, filters) + ([] if where is None else [where])
    conds += _source_conditions(frame.columns, filters, snap) if table != "attacks" else []
    return _complete(table, frame, conds, tuple(frame.columns) if kept else columns, snap)


def _complete(table: str, frame: pl.DataFrame, conds: list[pl.Expr], columns: tuple[str, ...] | None,
              snap: Snapshot) -> pl.DataFrame:
    """Some columns (or all the table's) of the rows of a frame that meet every condition, as text; the columns
    not held (etl/snapshot.py LEFT_OUT) read back for those rows only (etl/stored.py)."""
    schema = polars_schema(TABLES[table])
    wanted = list(columns or [*schema, *(c for c in frame.columns if c not in schema)])
    if all(c in frame.columns for c in wanted):
        return plain(_rows(frame, conds, wanted))
    key = KEYS[table]
    rows = _rows(frame, conds, [c for c in wanted if c in frame.columns] + [k for k in key if k not in wanted])
    return plain(snap.with_stored(table, rows).select(wanted))


def _rows(frame: pl.DataFrame, conds: list[pl.Expr], columns: list[str]) -> pl.DataFrame:
    """Some columns of the rows that meet every condition (only those columns are copied)."""
    if not conds:
        return frame if columns == frame.columns else frame.select(columns)
    return frame.lazy().filter(conds).select(columns).collect()


def _source_conditions(columns: list[str], f: Filters, snap: Snapshot) -> list[pl.Expr]:
    """The conditions on rows that come from reports of the chosen source kinds and languages.

    A row's own source_kind or language column says it where it has one (claims carry their report's
    kind); otherwise the row's report is looked up (a set of report ids, kept per store version).
    """
    if not f.narrows_sources or "report_id" not in columns and "source_kind" not in columns:
        return []
    kinds, languages, conds = f.source_kinds, f.languages, []
    if kinds and "source_kind" in columns:
        conds, kinds = [pl.col("source_kind").is_in(list(kinds))], ()
    if languages and "language" in columns:
        conds, languages = [*conds, pl.col("language").is_in(list(languages))], ()
    if kinds or languages:
        conds.append(pl.col("report_id").is_in(_report_ids(snap, kinds, languages).implode()))
    return conds


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
    conds += _source_conditions(claims.columns, f, snap)
    chosen = _rows(claims, conds, ["attack_date", "period_start"])
    used = [name for name in RECONCILED if name in claims.columns]
    if chosen.height <= CHUNK_CLAIMS:
        return reconcile(plain(_rows(claims, conds, used)))
    parts = []
    for first, last in _runs_of_nights(chosen, CHUNK_CLAIMS):  # only one run's claims copied at a time
        parts.append(reconcile(plain(_rows(claims, [*conds, c("attack_date").is_between(first, last)], used))))
    return pl.concat(parts) if parts else reconcile(plain(claims.head(0)))


def _runs_of_nights(claims: pl.DataFrame, size: int) -> list[tuple]:
    """(first, last) nights of runs of whole nights of about `size` dated claims each, in date order: an attacks
    row is made of the claims of one night, so each run reconciles to the rows of its nights, in the whole
    table's order."""
    dated = claims.filter(pl.col("attack_date").is_not_null() & pl.col("period_start").is_null())
    nights = dated.group_by("attack_date").len().sort("attack_date")
    runs = nights.with_columns(((pl.col("len").cum_sum() - 1) // size).alias("run")).group_by("run").agg(
        pl.col("attack_date").min().alias("first"), pl.col("attack_date").max().alias("last")).sort("run")
    return list(zip(runs["first"], runs["last"], strict=True))
