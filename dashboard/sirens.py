"""Air-raid alerts cut into attack nights: hours under alert per region and night, in Kyiv time. Pure, no I/O.

An attack night D is the Air Force's reporting window that ends on the morning of D: from 18:00 on the
evening before to 09:00 on D, Kyiv time (daylight saving included: the window is cut in Kyiv wall-clock
time, so the night of a clock change is an hour shorter or longer). A region's hours in a night are the
time inside that window when at least one alert (oblast-wide, or of a raion or hromada in it) was on:
overlapping alerts are merged first, so two tables of the same alerts, or an oblast alert over its raions,
are never counted twice. Outside the dates the alert table covers, hours are unknown (null), never 0.
"""

from __future__ import annotations

from datetime import date

import polars as pl

__all__ = ["KYIV_TZ", "NIGHT_START_HOUR", "NIGHT_END_HOUR", "merged", "night_hours", "night_alerts",
           "coverage", "period_hours", "region_hours", "night_summary", "NIGHT_SCHEMA"]

KYIV_TZ = "Europe/Kyiv"
NIGHT_START_HOUR = 18  # the evening before the attack date
NIGHT_END_HOUR = 9  # the morning of the attack date
NIGHT_SCHEMA = {"night": pl.Date, "region": pl.Utf8, "hours": pl.Float64, "alerts": pl.Int64}
c = pl.col


def merged(alerts: pl.DataFrame) -> pl.DataFrame:
    """Per region, the alerts merged where they overlap or touch: region, started, finished, alerts (how many)."""
    if alerts.is_empty():
        return pl.DataFrame(schema={"region": pl.Utf8, "started": alerts.schema["started"],
                                    "finished": alerts.schema["finished"], "alerts": pl.Int64})
    rows = alerts.select("region", "started", "finished").sort("region", "started", "finished")
    reach = c("finished").cum_max().shift(1).over("region")
    rows = rows.with_columns((reach.is_null() | (c("started") > reach)).cum_sum().over("region").alias("_run"))
    return rows.group_by("region", "_run").agg(c("started").min(), c("finished").max(),
                                               pl.len().cast(pl.Int64).alias("alerts")).drop("_run").sort(
        "region", "started")


def _night(moment: pl.Expr) -> pl.Expr:
    """The attack night a moment (UTC) falls in or before: its Kyiv date, or the next day from 18:00 on."""
    local = moment.dt.convert_time_zone(KYIV_TZ)
    return local.dt.date() + pl.duration(days=(local.dt.hour() >= NIGHT_START_HOUR).cast(pl.Int64))


def _kyiv(night: pl.Expr, days: int, hour: int) -> pl.Expr:
    """The UTC moment of `hour` o'clock Kyiv time, `days` after the night's date."""
    wall = night.cast(pl.Datetime("us")) + pl.duration(days=days, hours=hour)
    return wall.dt.replace_time_zone(KYIV_TZ, ambiguous="earliest").dt.convert_time_zone("UTC")


def _windows(intervals: pl.DataFrame) -> pl.DataFrame:
    """Each merged interval once per night window it may touch, with the hours it spends inside that window."""
    spans = intervals.with_columns(pl.date_ranges(_night(c("started")), _night(c("finished"))).alias("night"))
    spans = spans.explode("night").with_columns(
        _kyiv(c("night"), -1, NIGHT_START_HOUR).alias("_from"), _kyiv(c("night"), 0, NIGHT_END_HOUR).alias("_to"))
    inside = pl.min_horizontal(c("finished"), c("_to")) - pl.max_horizontal(c("started"), c("_from"))
    return spans.with_columns((inside.dt.total_seconds() / 3600).alias("hours")).filter(c("hours") > 0)


def night_hours(alerts: pl.DataFrame) -> pl.DataFrame:
    """Hours under alert per attack night and region (only nights and regions with an alert)."""
    if alerts.is_empty():
        return pl.DataFrame(schema=NIGHT_SCHEMA)
    inside = _windows(merged(alerts))
    out = inside.group_by("night", "region").agg(c("hours").sum(), c("alerts").sum().cast(pl.Int64))
    return out.sort("night", "region").select(list(NIGHT_SCHEMA))


def night_alerts(alerts: pl.DataFrame, night: date) -> pl.DataFrame:
    """The alerts that were on during one night's window, with their start and end in Kyiv time, by region."""
    start = pl.lit(night).pipe(_kyiv, -1, NIGHT_START_HOUR)
    end = pl.lit(night).pipe(_kyiv, 0, NIGHT_END_HOUR)
    rows = alerts.filter((c("started") < end) & (c("finished") > start))
    return rows.select("region", "level", "place", c("started").dt.convert_time_zone(KYIV_TZ).alias("started"),
                       c("finished").dt.convert_time_zone(KYIV_TZ).alias("finished"), "naive").sort(
        "region", "started")


def coverage(alerts: pl.DataFrame) -> tuple[date | None, date | None]:
    """The first and last attack night the alert table reaches (None when there are no alerts)."""
    if alerts.is_empty():
        return None, None
    firsts = alerts.select(_night(c("started").min()).alias("a"), _night(c("finished").max()).alias("b")).row(0)
    return firsts[0], firsts[1]


def period_hours(hours: pl.DataFrame, covered: tuple[date | None, date | None], resolution: str,
                 start: date | None = None, end: date | None = None, rolling: bool = False) -> pl.DataFrame:
    """Alert hours summed over regions per day, week or month (or their 7-day mean), null where the alert
    table does not cover the whole period: `period`, `hours`."""
    from dashboard.series import RESOLUTIONS, ROLLING_DAYS

    first, last = covered
    start, end = start or first, end or last
    if first is None or start is None or end is None or start > end:
        return pl.DataFrame(schema={"period": pl.Date, "hours": pl.Float64})
    nights = pl.DataFrame({"night": pl.date_range(start, end, "1d", eager=True)})
    daily = hours.group_by("night").agg(c("hours").sum())
    days = nights.join(daily, on="night", how="left").with_columns(
        pl.when(c("night").is_between(first, last)).then(c("hours").fill_null(0.0)).alias("hours"))
    if resolution == "day":
        if rolling:
            days = days.with_columns(c("hours").rolling_mean(ROLLING_DAYS, min_samples=ROLLING_DAYS))
        return days.rename({"night": "period"})
    days = days.with_columns(c("night").dt.truncate(RESOLUTIONS[resolution]).alias("period"))
    return days.group_by("period").agg(pl.when(c("hours").is_not_null().all()).then(c("hours").sum())
                                       .alias("hours")).sort("period")


def region_hours(hours: pl.DataFrame, regions: list[str], start: date | None, end: date | None,
                 unknown: dict[str, date] | None = None) -> pl.DataFrame:
    """Alert hours per region over the nights from start to end: `region`, `hours`, `nights` (with an alert);
    hours are null for a region under a permanent alert the table does not list (`unknown`: since when)."""
    rows = hours.filter(c("night").is_between(start or date.min, end or date.max))
    sums = rows.group_by("region").agg(c("hours").sum(), pl.len().cast(pl.Int64).alias("nights"))
    out = pl.DataFrame({"region": regions}).join(sums, on="region", how="left").with_columns(
        c("hours").fill_null(0.0), c("nights").fill_null(0))
    last = end or date.max
    permanent = [code for code, since in (unknown or {}).items() if since <= last]
    return out.with_columns(pl.when(c("region").is_in(permanent)).then(None).otherwise(c("hours")).alias("hours"))


def night_summary(alerts: pl.DataFrame, hours: pl.DataFrame) -> pl.DataFrame:
    """Per region with an alert in a night (`night_alerts`): its hours in the window (`region_hours`), how many
    alerts, the first start and the last end (Kyiv time); most hours first."""
    if alerts.is_empty():
        return pl.DataFrame(schema={"region": pl.Utf8, "hours": pl.Float64, "alerts": pl.Int64})
    per = alerts.group_by("region").agg(pl.len().cast(pl.Int64).alias("alerts"), c("started").min(),
                                        c("finished").max())
    return per.join(hours.select("region", c("hours").round(1)), on="region", how="left").sort(
        ["hours", "region"], descending=[True, False], nulls_last=True).select(
        "region", "hours", "alerts", "started", "finished")
