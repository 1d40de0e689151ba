"""Patterns over many nights: cumulative totals per class, the day of the week, and the hour the reported window
opens. Pure: attacks rows (or Kaggle windows) in, small frames out. No I/O."""

from __future__ import annotations

import polars as pl

from dashboard.stats import with_split

__all__ = ["cumulative", "weekdays", "launch_hours"]

c = pl.col


def cumulative(rows: pl.DataFrame) -> pl.DataFrame:
    """Per class and attack night: launched and stopped that night and in all up to it (a launched figure nobody
    gave counts 0, and the night says so in `unknown_launched`)."""
    if rows.is_empty():
        return pl.DataFrame(schema={"weapon": pl.Utf8, "attack_date": pl.Date, "launched": pl.Int64,
                                    "stopped": pl.Int64, "total_launched": pl.Int64, "total_stopped": pl.Int64,
                                    "unknown_launched": pl.Boolean})
    nights = with_split(rows).group_by("weapon", "attack_date").agg(
        c("launched_n").sum().alias("launched"), c("stopped_n").sum().alias("stopped"),
        c("launched").is_null().all().alias("unknown_launched")).sort("weapon", "attack_date")
    return nights.with_columns(c("launched").cum_sum().over("weapon").alias("total_launched"),
                               c("stopped").cum_sum().over("weapon").alias("total_stopped")).select(
        "weapon", "attack_date", "launched", "stopped", "total_launched", "total_stopped", "unknown_launched")


def weekdays(rows: pl.DataFrame) -> pl.DataFrame:
    """Per class and day of the week of the attack night's date (1 = the night into Monday, 7 = into Sunday):
    attack nights, launched in all, and launched per attack night (over the nights that state it)."""
    if rows.is_empty():
        return pl.DataFrame(schema={"weapon": pl.Utf8, "weekday": pl.Int8, "nights": pl.Int64,
                                    "launched": pl.Int64, "per_night": pl.Float64})
    nights = rows.group_by("weapon", "attack_date").agg(c("launched").sum(), c("launched").is_not_null().any()
                                                        .alias("known"))
    out = nights.with_columns(c("attack_date").dt.weekday().alias("weekday")).group_by("weapon", "weekday").agg(
        pl.len().cast(pl.Int64).alias("nights"), c("launched").sum().cast(pl.Int64),
        (c("launched").sum() / c("known").sum()).alias("per_night"))
    return out.sort("weapon", "weekday")


def launch_hours(windows: pl.DataFrame) -> pl.DataFrame:
    """Per class and hour (Kyiv) at which a reported window opens: windows and weapons launched in them.

    `windows`: weapon, start (a naive Kyiv date-time), launched: the Kaggle rows that give a time (the Air Force's
    usual overnight window opens at 18:00, so that hour stands for "the evening", not for a time of launch)."""
    if windows.is_empty():
        return pl.DataFrame(schema={"weapon": pl.Utf8, "hour": pl.Int8, "windows": pl.Int64, "launched": pl.Int64})
    return windows.group_by("weapon", c("start").dt.hour().alias("hour")).agg(
        pl.len().cast(pl.Int64).alias("windows"), c("launched").sum().cast(pl.Int64)).sort("weapon", "hour")
