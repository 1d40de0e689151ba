"""The data of the night, month and patterns pages, read through dashboard/data.py (never the store itself) and
derived by the pure modules (dashboard/nights.py, months.py, patterns.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from dashboard import data, evidence, months, nights, patterns, records
from dashboard.data import Filters

__all__ = ["night_filters", "night_rows", "night_claims", "neighbours", "around", "month_filters", "month_rows",
           "month_outages", "month_totals", "last_night", "cumulative", "weekdays", "launch_windows"]

NEIGHBOURS = 7  # nights shown before and after a night


def night_filters(night: date, filters: Filters) -> Filters:
    """The filters of a night page: that night, every class and type; the attacker and sources as chosen."""
    return replace(filters, start=night, end=night, weapons=(), types=())


def night_rows(night: date, filters: Filters, store: str | Path) -> pl.DataFrame:
    """The night's attacks rows (class rows, then type rows) with their outcome (dashboard/nights.py)."""
    return nights.outcome(data.query("attacks", night_filters(night, filters), store))


def night_claims(row: dict, filters: Filters, store: str | Path) -> tuple[dict | None, dict[str, str]]:
    """The provenance of one attacks row of a night (claims, evidence, disagreements) and the rule behind each of
    its figures."""
    key = evidence.attack_key(row)
    prov = data.provenance(key, filters, store)
    if prov is None:
        return None, {}
    claims = evidence.claims_of(row, data.tables(store)["strike_claims"])
    return prov, nights.reasons(row, claims)


def neighbours(night: date, filters: Filters, store: str | Path) -> pl.DataFrame:
    """Launched and stopped per class on the nights around a night (NEIGHBOURS before and after, zero-filled)."""
    around = replace(filters, start=night - timedelta(days=NEIGHBOURS), end=night + timedelta(days=NEIGHBOURS),
                     weapons=(), types=())
    return data.volumes(around, store, "day")


def around(night: date, filters: Filters, store: str | Path) -> tuple[date | None, date | None]:
    """The attack nights of the attacker just before and just after a night (any class)."""
    days = data.attack_nights(replace(filters, start=None, end=None, weapons=(), types=()), store, class_rows=True)
    before, after = days.filter(days < night), days.filter(days > night)
    return (before.max() if before.len() else None), (after.min() if after.len() else None)


def last_night(filters: Filters, store: str | Path) -> date | None:
    """The last attack night of the attacker up to the end of the chosen dates (for the page links)."""
    days = data.attack_nights(replace(filters, start=None, weapons=(), types=()), store)
    return days.max() if days.len() else data.date_bounds(store)[1]


def month_filters(month: date, filters: Filters) -> Filters:
    """The filters of a month page: the month and the two it is compared with, every class."""
    first = months.periods(month)["year_before"][0]
    return replace(filters, start=first, end=months.month_end(month), weapons=(), types=())


def month_rows(month: date, filters: Filters, store: str | Path) -> pl.DataFrame:
    """The class rows of the three months a report compares."""
    return data.measured(month_filters(month, filters), store)


def month_outages(month: date, filters: Filters, store: str | Path, limit: int = 8) -> pl.DataFrame:
    """The regions with most outage reports in the month: region, reports, and the kinds reported."""
    f = replace(filters, start=month, end=months.month_end(month))
    rows = data.outage_rows(f, store)
    if rows.is_empty():
        return pl.DataFrame(schema={"region": pl.Utf8, "reports": pl.Int64, "kinds": pl.Utf8})
    return rows.with_columns(pl.col("kind").fill_null("unspecified")).group_by("region").agg(
        pl.col("report_id").n_unique().cast(pl.Int64).alias("reports"),
        pl.col("kind").unique().sort().alias("kinds")).sort(["reports", "region"], descending=[True, False]).head(limit)


def month_totals(month: date, filters: Filters, store: str | Path) -> pl.DataFrame:
    """The totals sources give for periods inside the month, beside the sum of those periods' nights."""
    end = months.month_end(month)
    totals = records.period_totals(replace(filters, start=month, end=end, weapons=(), types=()), store)
    inside = totals.filter((pl.col("period_start") >= month) & (pl.col("period_end") <= end))
    return months.period_vs_nights(inside, data.measured(replace(filters, start=month, end=end, weapons=(),
                                                                 types=()), store))


def cumulative(filters: Filters, store: str | Path) -> pl.DataFrame:
    """Launched and stopped per class, night by night and in all over the chosen dates."""
    return patterns.cumulative(data.measured(filters, store))


def weekdays(filters: Filters, store: str | Path) -> pl.DataFrame:
    """Attack nights and launches per class by the day of the week."""
    return patterns.weekdays(data.measured(filters, store))


def launch_windows(filters: Filters, store: str | Path) -> pl.DataFrame:
    """The Kaggle national record's windows that give a start time: weapon, start (Kyiv), launched, per hour."""
    from etl.sources.kaggle import window_start

    snap = data.snapshot(store)

    def windows() -> pl.DataFrame:
        claims = data.query("strike_claims", replace(filters, types=()), store, ("report_id", "weapon", "launched"),
                            where=(pl.col("source_kind") == "record") & (pl.col("row_kind") == "class"))
        rows = snap.with_text(claims).with_columns(
            pl.col("text").map_elements(window_start, return_dtype=pl.Datetime("us")).alias("start"))
        return patterns.launch_hours(rows.filter(pl.col("start").is_not_null()).select("weapon", "start", "launched"))

    return snap.memo.get(("launch_windows", filters), windows)
