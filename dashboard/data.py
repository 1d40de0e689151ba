"""The dashboard's reading of the store: tables, charts and CSV exports all come through here, and every row
through etl/query.py, the one read path that `strikes export` and the API share.

What the views derive from a version (the filtered attacks and outages, attacks reconciled from
some sources only, the data-quality summaries) is kept in that version's Memo, so the callbacks
of one filter change share their rows. A refresh whose data differ starts afresh; one that found nothing
new keeps the Memo (etl/snapshot.py), so nothing kept may come from what every refresh writes anew
(snapshot.VOLATILE: the refresh runs, the files seen, when a report was last seen).

Withdrawn reports and a damaged store file: see etl/snapshot.py. The dates a view covers are
clamped to the data's range and DATE_MARGIN either side, so no request makes the work grow.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from dashboard import evidence, health, series, stats
from etl.query import TABLE_NAMES, FilterError, Filters, Snapshot, held, query, snapshot

__all__ = [
    "Filters", "Snapshot", "snapshot", "query", "TABLE_NAMES", "FilterError", "date_bounds", "default_filters",
    "export_frame", "measured", "headline", "volumes", "class_rates", "type_rows", "type_rates", "salvo_mix",
    "outage_rows", "outage_map", "outage_timeline", "outage_reports", "attack_row", "attack_table", "provenance",
    "bucket_attacks", "tables", "quality", "DATE_MARGIN", "date_window", "clamped", "type_volumes", "with_text",
    "attack_nights",
]

# The views' data: read through query() or snapshot(), aggregated by dashboard/stats.py and
# dashboard/evidence.py. Nothing here returns a whole table to the browser.

ATTACKS = held("attacks")  # what the charts and the grid read: every column but the claims behind a row and their
# disagreements (read from the store for the rows of a provenance card, a night, the feed or an export)
DEFAULT_MONTHS = 6
DATE_MARGIN = timedelta(days=366)  # how far beyond the first and last attack a view's dates may reach


def date_bounds(store: str | Path) -> tuple[date | None, date | None]:
    """The first and last attack date in the store."""
    attacks = snapshot(store).tables.get("attacks")
    if attacks is None or attacks.is_empty():
        return None, None
    return attacks["attack_date"].min(), attacks["attack_date"].max()


def date_window(store: str | Path) -> tuple[date, date] | None:
    """The dates a view may cover: the data's range and DATE_MARGIN either side (None without data)."""
    first, last = date_bounds(store)
    return None if first is None else (first - DATE_MARGIN, last + DATE_MARGIN)


def clamped(filters: Filters, store: str | Path) -> Filters:
    """The filters with their dates inside date_window (what bounds every zero-filled calendar)."""
    window = date_window(store)
    if window is None:
        return filters
    low, high = window
    start = None if filters.start is None else min(max(filters.start, low), high)
    end = None if filters.end is None else min(max(filters.end, low), high)
    return replace(filters, start=start, end=end)


def default_filters(store: str | Path) -> Filters:
    """About the last six months of data, Russia attacking Ukraine."""
    first, last = date_bounds(store)
    if last is None:
        return Filters(attacker="RU")
    start = max(first, last - timedelta(days=round(DEFAULT_MONTHS * 30.44)) + timedelta(days=1))
    return Filters(start=start, end=last, attacker="RU")


def export_frame(table: str, filters: Filters, store: str | Path) -> pl.DataFrame:
    """query() with the filters that apply to the table (what an export starts from)."""
    return query(table, filters.for_table(table), store)


def measured(filters: Filters, store: str | Path) -> pl.DataFrame:
    """The attacks rows the figures are computed from: class rows, or the chosen types' rows."""
    return query("attacks", filters, store, ATTACKS, pl.col("row_kind") == ("type" if filters.types else "class"))


def headline(filters: Filters, store: str | Path, counts_suppressed: bool = True) -> dict:
    """The headline figures of the period."""
    return stats.headline(measured(filters, store), counts_suppressed)


def volumes(filters: Filters, store: str | Path, resolution: str = "day", rolling: bool = False) -> pl.DataFrame:
    """Launched and stopped per weapon class and period, zero-filled over the filtered dates (within date_window:
    the calendar never grows with the dates a request asks for)."""
    bounded = clamped(filters, store)
    return series.volumes(measured(filters, store), resolution, bounded.start, bounded.end, rolling)


def type_volumes(filters: Filters, store: str | Path, resolution: str) -> pl.DataFrame:
    """Launched and stopped per weapon type and period, with each period's days inside the filtered dates (within
    date_window, like volumes)."""
    bounded = clamped(filters, store)
    return series.by_type(type_rows(filters, store), resolution, bounded.start, bounded.end)


def class_rates(filters: Filters, store: str | Path, counts_suppressed: bool, min_launched: int,
                resolution: str | None = None) -> pl.DataFrame:
    """Interception rate per weapon class (and period when a resolution is given)."""
    rows = measured(filters, store)
    if resolution:
        return stats.rates(series.bucket(rows, resolution), ["weapon", "period"], counts_suppressed, min_launched)
    return stats.rates(rows, ["weapon"], counts_suppressed, min_launched)


def type_rows(filters: Filters, store: str | Path) -> pl.DataFrame:
    """The type rows of the attacks (launches broken down by type and model)."""
    return query("attacks", filters, store, ATTACKS, pl.col("row_kind") == "type")


def type_rates(filters: Filters, store: str | Path, resolution: str, counts_suppressed: bool,
               min_launched: int) -> pl.DataFrame:
    """Interception rate per weapon type and period."""
    rows = series.bucket(type_rows(filters, store), resolution)
    return stats.rates(rows, ["weapon", "type", "period"], counts_suppressed, min_launched)


def salvo_mix(filters: Filters, store: str | Path) -> pl.DataFrame:
    """Drones : cruise : ballistic per attack night (the type filter does not apply: a salvo is whole)."""
    return series.salvo_mix(query("attacks", replace(filters, types=()), store, ATTACKS))


def attack_nights(filters: Filters, store: str | Path, class_rows: bool = False) -> pl.Series:
    """The nights (in order) with an attacks row, or with a class row, among those the filters choose. With a source
    filter, the nights of the chosen sources' dated claims: the nights reconciling them gives, not reconciled (the
    page links ask for the whole history at each filter change)."""
    snap, c = snapshot(store), pl.col

    def nights() -> pl.Series:
        kind = [c("row_kind") == "class"] if class_rows else []
        if filters.narrows_sources:
            dated = [c("attack_date").is_not_null(), c("period_start").is_null(), *kind]
            rows = query("strike_claims", replace(filters, types=()), store, ("attack_date",), pl.all_horizontal(dated))
        else:
            rows = query("attacks", filters, store, ("attack_date",), kind[0] if kind else None)
        return rows["attack_date"].unique().sort()

    return snap.memo.get(("nights", filters, class_rows), nights)


def outage_rows(filters: Filters, store: str | Path, kind: str | None = None, region: str | None = None
                ) -> pl.DataFrame:
    """The dated outage claims the filters select, of one kind and region, or all."""
    rows = export_frame("outage_claims", filters, store).filter(pl.col("date").is_not_null())
    rows = rows.filter(pl.col("kind") == kind) if kind else rows
    return rows.filter(pl.col("region") == region) if region else rows


def attack_row(key: str, filters: Filters, store: str | Path) -> dict | None:
    """One attacks row by its key, reconciled from the sources the filters choose."""
    day = date.fromisoformat(evidence.parse_key(key)["attack_date"])
    rows = query("attacks", replace(filters, start=day, end=day, weapons=(), types=()), store)
    return next((r for r in rows.iter_rows(named=True) if evidence.attack_key(r) == key), None)


def provenance(key: str, filters: Filters, store: str | Path) -> dict | None:
    """The claims behind one attacks row: source, time, link, highlighted evidence, disagreements."""
    row = attack_row(key, filters, store)
    if row is None:
        return None
    snap = snapshot(store)
    claims = snap.with_evidence(evidence.claims_of(row, snap.tables["strike_claims"]))
    prov = evidence.provenance(row, claims, snap.with_text(_reports_of(claims, snap)))
    figures = pl.DataFrame([{m: row.get(m) for m in ("launched", "shot_down", "suppressed", "neutralized")}],
                           schema={m: pl.Int64 for m in ("launched", "shot_down", "suppressed", "neutralized")})
    return {**prov, "contradictory": bool(figures.select(stats.contradictory().alias("x"))["x"][0])}


def bucket_attacks(weapon: str, start: date, end: date, filters: Filters, store: str | Path,
                   limit: int = 5) -> tuple[list[str], int]:
    """Keys of the largest attacks of one class between two days, and how many there are in all."""
    rows = measured(replace(filters, start=max(start, filters.start or start),
                            end=min(end, filters.end or end), weapons=(weapon,)), store)
    rows = rows.sort(["launched", "attack_date"], descending=True, nulls_last=True)
    return [evidence.attack_key(r) for r in rows.head(limit).iter_rows(named=True)], rows.height


def tables(store: str | Path) -> dict[str, pl.DataFrame]:
    """Every table of the current store version (for the data-quality summaries), without the report texts."""
    return snapshot(store).tables


def with_text(rows: pl.DataFrame, store: str | Path) -> pl.DataFrame:
    """Rows with a report_id (a few reports, or claims) with their report's text, title and path, read from the
    store version on demand: they are not held in memory (etl/snapshot.py)."""
    return snapshot(store).with_text(rows)


def _reports_of(rows: pl.DataFrame, snap: Snapshot) -> pl.DataFrame:
    """The reports some rows come from."""
    return snap.tables["reports"].filter(pl.col("report_id").is_in(rows["report_id"].unique().implode()))


def quality(store: str | Path) -> dict:
    """The data-quality view's summaries (the whole store, no filters), kept while the store's data are unchanged;
    the last run, of this store version."""
    snap = snapshot(store)

    def summaries() -> dict:
        t = snap.tables
        waiting = health.waiting_for_date(t["reports"], t["strike_claims"], t["outage_claims"], t["problems"])
        return {"problems": health.problem_rows(t["problems"]), "undated": health.excerpted(snap.with_text(waiting)),
                "sources": health.source_counts(t["reports"], t["strike_claims"], t["outage_claims"]),
                "withdrawn": health.withdrawn_reports(snap.withdrawn)}

    return {"run": health.last_run(snap.tables["refresh_runs"]), **snap.memo.get("quality", summaries)}


def source_health(store: str | Path, now: datetime | None = None) -> pl.DataFrame:
    """Each source's health (last success, last new report, reports held, last error, stale or not), as of now (not
    kept per store version: a source goes stale while the store stays as it is)."""
    t = snapshot(store).tables
    return health.source_health(t["refresh_runs"], t["reports"], now or datetime.now(UTC))


def outage_map(filters: Filters, store: str | Path, kind: str | None = None) -> pl.DataFrame:
    """Outage reports per region in the period (all 27 regions, zero where none)."""
    from dashboard.tiles import TILES

    return series.outage_counts(outage_rows(filters, store, kind), [t.code for t in TILES])


def outage_timeline(filters: Filters, store: str | Path, region: str | None = None,
                    resolution: str = "day") -> pl.DataFrame:
    """Outage reports per period and kind, for one region or all."""
    return series.outage_timeline(outage_rows(filters, store, region=region), resolution)


def outage_reports(filters: Filters, store: str | Path, region: str | None = None, kind: str | None = None,
                   limit: int = 50) -> pl.DataFrame:
    """The latest outage claims (of a region), with their source, link and evidence sentence."""
    snap = snapshot(store)
    rows = evidence.latest_outages(outage_rows(filters, store, kind, region), limit)
    return evidence.outage_evidence(rows, snap.with_text(_reports_of(rows, snap)), limit)


def attack_table(filters: Filters, store: str | Path, with_types: bool = False) -> pl.DataFrame:
    """The reconciled attacks for the grid: display columns only, newest first, with each row's key."""
    snap = snapshot(store)

    def grid() -> pl.DataFrame:
        rows = query("attacks", filters, store, ATTACKS, None if with_types else pl.col("row_kind") == "class")
        return evidence.grid_rows(rows, snap.tables["strike_claims"], snap.tables["reports"])

    return snap.memo.get(("grid", filters, with_types), grid) if snap.tables else grid()
