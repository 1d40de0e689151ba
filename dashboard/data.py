"""The only module that reads the store: tables, charts and CSV exports all come through here.

The store file is replaced whole by each refresh, so a reader never needs to hold it open: the
tables are read into memory once per version of the file (its inode, size and mtime) and the
file is closed again. After a refresh the next call sees the new file, with no restart.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import polars as pl

from dashboard import evidence, stats
from etl.schemas import TABLES, polars_schema

__all__ = [
    "Filters", "Snapshot", "snapshot", "query", "TABLE_NAMES", "FilterError", "date_bounds", "default_filters",
    "export_frame", "measured", "headline", "volumes", "class_rates", "type_rows", "type_rates", "salvo_mix",
    "outage_rows", "outage_map", "outage_timeline", "outage_reports", "attack_row", "attack_table", "provenance",
    "bucket_attacks", "tables",
]

TABLE_NAMES = tuple(TABLES)


class FilterError(ValueError):
    """A filter that does not apply to the table asked for."""


@dataclass(frozen=True)
class Filters:
    """What the user has chosen to look at. Empty tuples and None mean "all"."""

    start: date | None = None
    end: date | None = None
    attacker: str | None = None
    weapons: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    source_kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def narrows_sources(self) -> bool:
        """True when only some sources are chosen (the attacks are then reconciled from those)."""
        return bool(self.source_kinds or self.languages)

    def for_table(self, table: str) -> Filters:
        """These filters without the ones a table has no column for (outages have no weapon, problems no date)."""
        cols = set(polars_schema(TABLES[table]))
        dated = bool(cols & {"attack_date", "date"})
        armed = "weapon" in cols
        return replace(self, start=self.start if dated else None, end=self.end if dated else None,
                       attacker=self.attacker if armed else None, weapons=self.weapons if armed else (),
                       types=self.types if "type" in cols else ())


@dataclass
class Snapshot:
    """One version of the store, read into memory."""

    path: Path
    signature: tuple
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when there is no store or nothing in it yet."""
        return self.tables.get("reports") is None or self.tables["reports"].is_empty()

    @property
    def as_of(self) -> datetime | None:
        """When the last refresh finished."""
        runs = self.tables.get("refresh_runs")
        if runs is None or runs.is_empty():
            return None
        return runs["finished"].max()


_lock = threading.Lock()
_cache: dict[Path, Snapshot] = {}


def snapshot(store: str | Path) -> Snapshot:
    """The current version of the store (read again only when the file was replaced)."""
    path = Path(store).resolve()
    try:
        st = path.stat()
        signature = (st.st_ino, st.st_size, st.st_mtime_ns)
    except FileNotFoundError:
        return Snapshot(path, ())
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached.signature == signature:
            return cached
        from etl.store import read_tables

        snap = Snapshot(path, signature, read_tables(path))
        _cache[path] = snap
        return snap


def query(table: str, filters: Filters, store: str | Path) -> pl.DataFrame:
    """The rows of one table that the filters select: what a view shows and an export writes."""
    if table not in TABLE_NAMES:
        raise FilterError(f"unknown table {table!r}; choose one of {', '.join(TABLE_NAMES)}")
    snap = snapshot(store)
    if not snap.tables:
        return pl.DataFrame(schema=polars_schema(TABLES[table]))
    if table == "attacks" and filters.narrows_sources:
        frame = _attacks_from(snap, filters.source_kinds, filters.languages)
    else:
        frame = snap.tables[table]
    return _filter(table, frame, filters, snap)


def _filter(table: str, frame: pl.DataFrame, f: Filters, snap: Snapshot) -> pl.DataFrame:
    cols = set(frame.columns)
    day = "attack_date" if "attack_date" in cols else "date" if "date" in cols else None
    if (f.start or f.end) and day is None:
        raise FilterError(f"the {table} table has no dates to filter by")
    if (f.weapons or f.attacker) and "weapon" not in cols:
        raise FilterError(f"the {table} table has no weapon or attacker column")
    conds = []
    if f.start:
        conds.append(_day_expr(table, day) >= f.start)
    if f.end:
        conds.append(_day_expr(table, day, end=True) <= f.end)
    if f.attacker:
        conds.append(pl.col("attacker") == f.attacker)
    if f.weapons:
        conds.append(pl.col("weapon").is_in(list(f.weapons)))
    if f.types and "type" in cols:
        conds.append((pl.col("row_kind") == "class") | pl.col("type").is_in(list(f.types)))
    if table != "attacks" and f.narrows_sources and "report_id" in cols:
        conds.append(pl.col("report_id").is_in(_report_ids(snap, f.source_kinds, f.languages)))
    for cond in conds:
        frame = frame.filter(cond)
    return frame


def _day_expr(table: str, day: str, end: bool = False) -> pl.Expr:
    """The date a row is filtered on; period claims count by their period."""
    if table == "strike_claims":
        bound = "period_start" if end else "period_end"
        return pl.coalesce(pl.col(day), pl.col(bound))
    return pl.col(day)


def _report_ids(snap: Snapshot, kinds: tuple[str, ...], languages: tuple[str, ...]) -> list[str]:
    reports = snap.tables["reports"]
    if kinds:
        reports = reports.filter(pl.col("source_kind").is_in(list(kinds)))
    if languages:
        reports = reports.filter(pl.col("language").is_in(list(languages)))
    return reports["report_id"].to_list()


_flights: dict[tuple, threading.Lock] = {}
_flights_lock = threading.Lock()


def _attacks_from(snap: Snapshot, kinds: tuple[str, ...], languages: tuple[str, ...]) -> pl.DataFrame:
    """Attacks reconciled from the claims of the chosen sources only (cached per store version).

    Right after a refresh many requests ask for the same reconciliation at once; one computes it and the
    others wait for its result instead of each doing the same work (under load that work is what queues)."""
    key = (snap.path, snap.signature, kinds, languages)
    with _flights_lock:
        if len(_flights) > 64:  # locks of old store versions
            _flights.clear()
        flight = _flights.setdefault(key, threading.Lock())
    with flight:
        return _reconciled(*key)


@lru_cache(maxsize=32)
def _reconciled(path: Path, signature: tuple, kinds: tuple[str, ...], languages: tuple[str, ...]) -> pl.DataFrame:
    from etl.reconcile import reconcile

    snap = snapshot(path)
    ids = _report_ids(snap, kinds, languages)
    return reconcile(snap.tables["strike_claims"].filter(pl.col("report_id").is_in(ids)))


# The views' data: read through query() or snapshot(), aggregated by dashboard/stats.py and
# dashboard/evidence.py. Nothing here returns a whole table to the browser.

DEFAULT_MONTHS = 6


def date_bounds(store: str | Path) -> tuple[date | None, date | None]:
    """The first and last attack date in the store."""
    attacks = snapshot(store).tables.get("attacks")
    if attacks is None or attacks.is_empty():
        return None, None
    return attacks["attack_date"].min(), attacks["attack_date"].max()


def default_filters(store: str | Path) -> Filters:
    """About the last six months of data, Russia attacking Ukraine."""
    first, last = date_bounds(store)
    if last is None:
        return Filters(attacker="RU")
    start = max(first, last - timedelta(days=round(DEFAULT_MONTHS * 30.44)) + timedelta(days=1))
    return Filters(start=start, end=last, attacker="RU")


def export_frame(table: str, filters: Filters, store: str | Path) -> pl.DataFrame:
    """What a view's "Export CSV" writes: query() with the filters that apply to the table."""
    return query(table, filters.for_table(table), store)


def measured(filters: Filters, store: str | Path) -> pl.DataFrame:
    """The attacks rows the figures are computed from: class rows, or the chosen types' rows."""
    rows = query("attacks", filters, store)
    if filters.types:
        return rows.filter(pl.col("row_kind") == "type")
    return rows.filter(pl.col("row_kind") == "class")


def headline(filters: Filters, store: str | Path) -> dict:
    """The headline figures of the period."""
    return stats.headline(measured(filters, store))


def volumes(filters: Filters, store: str | Path, resolution: str = "day", rolling: bool = False) -> pl.DataFrame:
    """Launched and stopped per weapon class and period, zero-filled over the filtered dates."""
    return stats.volumes(measured(filters, store), resolution, filters.start, filters.end, rolling)


def class_rates(filters: Filters, store: str | Path, counts_suppressed: bool, min_launched: int,
                resolution: str | None = None) -> pl.DataFrame:
    """Interception rate per weapon class (and period when a resolution is given)."""
    rows = measured(filters, store)
    if resolution:
        return stats.rates(stats.bucket(rows, resolution), ["weapon", "period"], counts_suppressed, min_launched)
    return stats.rates(rows, ["weapon"], counts_suppressed, min_launched)


def type_rows(filters: Filters, store: str | Path) -> pl.DataFrame:
    """The type rows of the attacks (launches broken down by type and model)."""
    return query("attacks", filters, store).filter(pl.col("row_kind") == "type")


def type_rates(filters: Filters, store: str | Path, resolution: str, counts_suppressed: bool,
               min_launched: int) -> pl.DataFrame:
    """Interception rate per weapon type and period."""
    rows = stats.bucket(type_rows(filters, store), resolution)
    return stats.rates(rows, ["weapon", "type", "period"], counts_suppressed, min_launched)


def salvo_mix(filters: Filters, store: str | Path) -> pl.DataFrame:
    """Drones : cruise : ballistic per attack night (the type filter does not apply: a salvo is whole)."""
    return stats.salvo_mix(query("attacks", replace(filters, types=()), store))


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
    return None if row is None else evidence.provenance(row, tables(store)["strike_claims"], tables(store)["reports"])


def bucket_attacks(weapon: str, start: date, end: date, filters: Filters, store: str | Path,
                   limit: int = 5) -> tuple[list[str], int]:
    """Keys of the largest attacks of one class between two days, and how many there are in all."""
    rows = measured(replace(filters, start=max(start, filters.start or start),
                            end=min(end, filters.end or end), weapons=(weapon,)), store)
    rows = rows.sort(["launched", "attack_date"], descending=True, nulls_last=True)
    return [evidence.attack_key(r) for r in rows.head(limit).iter_rows(named=True)], rows.height


def tables(store: str | Path) -> dict[str, pl.DataFrame]:
    """Every table of the current store version (for the data-quality summaries)."""
    return snapshot(store).tables


def outage_map(filters: Filters, store: str | Path, kind: str | None = None) -> pl.DataFrame:
    """Outage reports per region in the period (all 27 regions, zero where none)."""
    from dashboard.tiles import TILES

    return stats.outage_counts(outage_rows(filters, store, kind), [t.code for t in TILES])


def outage_timeline(filters: Filters, store: str | Path, region: str | None = None,
                    resolution: str = "day") -> pl.DataFrame:
    """Outage reports per period and kind, for one region or all."""
    return stats.outage_timeline(outage_rows(filters, store, region=region), resolution)


def outage_reports(filters: Filters, store: str | Path, region: str | None = None, kind: str | None = None,
                   limit: int = 50) -> pl.DataFrame:
    """The latest outage claims (of a region), with their source, link and evidence sentence."""
    return evidence.outage_evidence(outage_rows(filters, store, kind, region), tables(store)["reports"], limit)


def attack_table(filters: Filters, store: str | Path, with_types: bool = False) -> pl.DataFrame:
    """The reconciled attacks for the grid: display columns only, newest first, with each row's key."""
    rows = query("attacks", filters, store)
    if not with_types:
        rows = rows.filter(pl.col("row_kind") == "class")
    return evidence.grid_rows(rows, tables(store)["strike_claims"], tables(store)["reports"])
