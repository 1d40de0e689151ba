"""The layers drawn over the views, read through dashboard/data.py: air-raid alert hours and method markers.

Alert hours per night and region, and the detected markers, are derived once per store version (its Memo);
the curated annotations are read from their files (dashboard/annotations.py) when they change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from dashboard import annotations, markers, sirens
from dashboard.data import Filters, clamped, date_window, snapshot
from dashboard.labels import account_of
from dashboard.markers import Marker
from dashboard.tiles import TILES
from etl.settings import SETTINGS

__all__ = ["alert_nights", "alert_coverage", "alert_series", "alert_map", "night_alerts", "has_alerts",
           "all_markers", "markers_for", "annotation_problems", "DEFAULT_ANNOTATIONS"]

DEFAULT_ANNOTATIONS = next(s.default for s in SETTINGS if s.name == "annotations")  # declared in etl/settings.py


def has_alerts(store: str | Path) -> bool:
    """True when the store holds air-raid alerts (False when it cannot be read: a page layout asks, and must draw)."""
    try:
        return not snapshot(store).tables["alerts"].is_empty()
    except Exception:  # noqa: BLE001 - the page's callbacks report an unreadable store
        return False


def alert_nights(store: str | Path) -> pl.DataFrame:
    """Hours under alert per attack night and region (kept per store version)."""
    snap = snapshot(store)
    return snap.memo.get("alert_nights", lambda: sirens.night_hours(snap.tables["alerts"]))


def alert_coverage(store: str | Path) -> tuple[date | None, date | None]:
    """The first and last night the stored alerts reach."""
    snap = snapshot(store)
    return snap.memo.get("alert_coverage", lambda: sirens.coverage(snap.tables["alerts"]))


def alert_series(filters: Filters, store: str | Path, resolution: str = "day", rolling: bool = False
                 ) -> pl.DataFrame:
    """Alert hours summed over regions per period of the chosen dates (null where the alerts do not reach), on
    the calendar of the volumes: the dates clamped to data.date_window, so no request makes it grow (issue 13)."""
    if date_window(store) is None:  # no attacks: no chart to draw it over
        return pl.DataFrame(schema={"period": pl.Date, "hours": pl.Float64})
    bounded = clamped(filters, store)
    return sirens.period_hours(alert_nights(store), alert_coverage(store), resolution, bounded.start, bounded.end,
                               rolling)


def alert_map(filters: Filters, store: str | Path) -> pl.DataFrame:
    """Alert hours per region over the chosen dates (null under a permanent alert the table does not list)."""
    from etl.sources.alerts import permanent_alerts

    return sirens.region_hours(alert_nights(store), [t.code for t in TILES], filters.start, filters.end,
                               permanent_alerts())


def night_alerts(night: date, store: str | Path) -> pl.DataFrame:
    """The alerts of one night (Kyiv time) and each region's hours in it."""
    return sirens.night_alerts(snapshot(store).tables["alerts"], night)


def all_markers(store: str | Path, files: list[str] | None = None) -> list[Marker]:
    """Every marker of the store, detected and curated, numbered by date."""
    snap = snapshot(store)
    detected = snap.memo.get("markers", lambda: markers.detect(
        snap.tables["attacks"], _report_sources(snap.tables["reports"]), alert_coverage(store)))
    found, _problems = annotations.load(files if files is not None else DEFAULT_ANNOTATIONS)
    return markers.numbered(detected, found)


def _report_sources(reports: pl.DataFrame) -> pl.DataFrame:
    """How many dated reports each source published, and the last day (source, published_date, reports); a Kaggle
    row's source is its account ("kpszsu"), not its post. Counted before the names are written out: there are few."""
    table = pl.col("source_kind").is_in(["record", "regional"])
    days = reports.lazy().filter(pl.col("published_date").is_not_null()).group_by("source", "source_kind").agg(
        pl.len().alias("reports"), pl.col("published_date").max()).collect()
    posts = days.filter(table)["source"].drop_nulls().unique().to_list()
    accounts = {post: account_of(post) for post in posts}
    named = pl.col("source").cast(pl.Utf8)  # held as an enum
    source = pl.when(table).then(named.replace_strict(accounts, default=named))
    return days.select(source.otherwise(named).alias("source"), "published_date", "reports")


def markers_for(filters: Filters, store: str | Path, files: list[str] | None = None, start: date | None = None,
                end: date | None = None) -> list[Marker]:
    """The markers of the chosen dates (or of `start`..`end`), attacker and weapon classes."""
    return markers.select(all_markers(store, files), start or filters.start, end or filters.end, filters.attacker,
                          filters.weapons)


def annotation_problems(files: list[str] | None = None) -> list[str]:
    """Why an annotations file, or an entry in it, was not used."""
    return annotations.load(files if files is not None else DEFAULT_ANNOTATIONS)[1]
