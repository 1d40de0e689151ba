"""What a view's Export CSV writes: the rows behind what the page shows, or its chart's own series.

Rows come through data.export_rows, the read path of `strikes export`, so the download equals
`strikes export --table T --rows R --labels UI` with the same filters. A chart's series is the
frame the chart is drawn from, with its shares and intervals. Headers and coded values are the
label catalogue's, in the interface language. No I/O beyond dashboard/data.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl

from dashboard import analysis, data, months, records, series
from dashboard.data import Filters
from dashboard.labels import relabel
from dashboard.urlstate import view_value
from etl.csvout import to_csv

__all__ = ["SERIES", "view_rows", "view_series", "view_csv", "ROWS", "has_series", "page_day"]

SERIES = ("/", "/weapons", "/outages", "/patterns")  # the pages with a chart series to export (and nights, months)
ROWS = {"/": "attacks", "/weapons": "attacks", "/attacks": "attacks", "/outages": "outage_claims",
        "/quality": "problems"}
DAY_PAGES = {"/night/": date.fromisoformat, "/month/": lambda text: date.fromisoformat(text + "-01")}


def page_day(path: str) -> tuple[str, date] | None:
    """("/night/", the night) or ("/month/", the month's first day) of a night or month page; None otherwise."""
    for prefix, parse in DAY_PAGES.items():
        if path.startswith(prefix):
            try:
                return prefix, parse(path[len(prefix):])
            except ValueError:
                return None
    return None


def has_series(path: str) -> bool:
    """True when a page has a chart series to export."""
    return path in SERIES or page_day(path) is not None


def _page_filters(path: str, filters: Filters) -> Filters:
    """The filters of a page: a night page's night, a month page's month; the others as chosen."""
    day = page_day(path)
    if day is None:
        return filters
    if day[0] == "/night/":
        return analysis.night_filters(day[1], filters)
    return replace(analysis.night_filters(day[1], filters), end=months.month_end(day[1]))


def row_kind(path: str, filters: Filters, view: dict) -> str:
    """Which attacks rows a page shows: the type rows when a type is chosen, the toggle is on or the page is
    about types; the class rows otherwise (never both: their sums would count every weapon twice)."""
    typed = bool(filters.types) or path == "/weapons" or (path == "/attacks" and view_value(view, "types") == "1")
    return "type" if typed else "class"


def view_rows(path: str, filters: Filters, view: dict, store: str | Path) -> tuple[str, str, pl.DataFrame]:
    """The table, row kind and rows behind a page."""
    table = ROWS.get(path, "attacks")
    filters = _page_filters(path, filters)
    kind = row_kind(path, filters, view) if table == "attacks" else "all"
    rows = records.export_rows(table, filters, store, kind)
    if table == "outage_claims":
        outage, region = view_value(view, "outage"), view_value(view, "region")
        rows = rows.filter(pl.col("kind") == outage) if outage else rows
        rows = rows.filter(pl.col("region") == region) if region else rows
    return table, kind, rows


def view_series(path: str, filters: Filters, view: dict, store: str | Path, min_launched: int) -> pl.DataFrame:
    """The series a page's chart is drawn from, as a frame."""
    day = page_day(path)
    if day is not None and day[0] == "/night/":
        rows = analysis.night_rows(day[1], filters, store).filter(pl.col("row_kind") == "class")  # the waterfall's
        return rows.select(
            "attack_date", "attacker", "weapon", "row_kind", "type", "model", "launched", "shot_down", "suppressed",
            "unsplit", "stopped", "not_stopped", "contradictory")
    if day is not None:
        frame = months.comparison(analysis.month_rows(day[1], filters, store), day[1], True, min_launched)
        return frame.select("which", "weapon", "nights", "launched", "unknown_launched", "stopped", "rate_launched",
                            "rate_stopped", "not_stopped", pl.col("rate").alias("share"), "low", "high")
    if path == "/patterns":
        return analysis.cumulative(filters, store)
    if path == "/weapons":
        resolution = view_value(view, "res", "month")
        volumes = data.type_volumes(filters, store, resolution).drop("rows")
        rates = data.type_rates(filters, store, resolution, True, min_launched)
        return _with_share(volumes, rates, ["weapon", "type", "period"])
    if path == "/outages":
        resolution = series.auto_resolution(filters.start, filters.end)
        timeline = data.outage_timeline(filters, store, view_value(view, "region"), resolution)
        return timeline.select("period", "kind", "reports")
    resolution = view_value(view, "res", "day")
    counts_suppressed = view_value(view, "suppressed", "1") == "1"
    volumes = data.volumes(filters, store, resolution).with_columns(
        (pl.col("shot_down") + pl.col("suppressed") + pl.col("unsplit")).alias("stopped"))
    rates = data.class_rates(filters, store, counts_suppressed, min_launched, resolution)
    out = _with_share(volumes.drop("rate_launched", "rate_stopped"), rates, ["weapon", "period"])
    return out.select("period", "weapon", "launched", "shot_down", "suppressed", "unsplit", "stopped", "nights",
                      "unknown_launched", "rate_launched", "rate_stopped", "share", "low", "high", "days", "partial")


def _with_share(volumes: pl.DataFrame, rates: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """A series with the share stopped and its interval beside each period (null where too few were launched)."""
    shares = rates.select(*keys, pl.col("launched").alias("rate_launched"), pl.col("stopped").alias("rate_stopped"),
                          pl.col("rate").alias("share"), "low", "high")
    return volumes.join(shares, on=keys, how="left").sort(keys[:-1] + ["period"])


def view_csv(kind: str, path: str, filters: Filters, view: dict, ui: str, store: str | Path,
             min_launched: int) -> tuple[str, str]:
    """The CSV text and file name of a page's export: `kind` "rows" or "series"."""
    if kind == "series" and has_series(path):
        frame = view_series(path, filters, view, store, min_launched)
        name = f"series-{path.strip('/').replace('/', '-') or 'overview'}"
    else:
        table, rows, frame = view_rows(path, filters.for_table(ROWS.get(path, "attacks")), view, store)
        name = table if rows == "all" else f"{table}-{rows}"
    span = "" if page_day(path) else f"_{filters.start}_{filters.end}" if filters.start and filters.end else ""
    return to_csv(relabel(frame, ui)), f"strikes-{name}{span}.csv"

