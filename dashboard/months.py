"""A month report: per class, this month against the month before and the same month a year earlier; the
largest nights; the totals sources give for the month beside the sum of its nights. Pure, no I/O.

"Stopped" and "not stopped" follow the rates (dashboard/stats.py): the share stopped and not stopped are over
the nights that state both figures from one claim; launched and stopped in all are summed over every night.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from dashboard.stats import rates, with_split

__all__ = ["WHICH", "COMPARISON", "month_start", "month_end", "shifted", "periods", "comparison", "changes", "nightly",
           "largest_nights", "period_vs_nights"]

WHICH = ("this", "previous", "year_before")
COMPARISON = {"weapon": pl.Utf8, "nights": pl.Int64, "launched": pl.Int64, "unknown_launched": pl.Int64,
              "stopped": pl.Int64, "rate_launched": pl.Int64, "rate_stopped": pl.Int64, "shown": pl.Boolean,
              "rate": pl.Float64, "low": pl.Float64, "high": pl.Float64, "which": pl.Utf8, "not_stopped": pl.Int64}
c = pl.col


def month_start(day: date) -> date:
    """The first day of the month of a day."""
    return day.replace(day=1)


def month_end(month: date) -> date:
    """The last day of the month that starts on `month`."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def shifted(month: date, months: int) -> date:
    """The first day of the month `months` before (negative) or after a month."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def periods(month: date) -> dict[str, tuple[date, date]]:
    """The three months a report compares: this, the one before, the same one a year earlier."""
    starts = {"this": month, "previous": shifted(month, -1), "year_before": shifted(month, -12)}
    return {k: (v, month_end(v)) for k, v in starts.items()}


def comparison(rows: pl.DataFrame, month: date, counts_suppressed: bool = True, min_launched: int = 20
               ) -> pl.DataFrame:
    """Per class and month (`which`): nights, launched (and on how many nights it is unknown), stopped in all, and
    over the nights that give both figures: launched, stopped, not stopped, the share with its 95% interval."""
    frames = []
    for which, (start, end) in periods(month).items():
        part = rows.filter(c("attack_date").is_between(start, end))
        if part.is_empty():
            continue
        totals = with_split(part).group_by("weapon").agg(
            c("attack_date").n_unique().cast(pl.Int64).alias("nights"), c("launched_n").sum().alias("launched"),
            c("launched").is_null().sum().cast(pl.Int64).alias("unknown_launched"),
            c("stopped_n").sum().alias("stopped"))
        share = rates(part, ["weapon"], counts_suppressed, min_launched).select(
            "weapon", c("launched").alias("rate_launched"), c("stopped").alias("rate_stopped"), "shown", "rate",
            "low", "high")
        frames.append(totals.join(share, on="weapon", how="left").with_columns(pl.lit(which).alias("which")))
    if not frames:  # no attack in any of the three months: the same columns, no row
        return pl.DataFrame(schema=COMPARISON)
    out = pl.concat(frames, how="diagonal_relaxed").with_columns(
        (c("rate_launched") - c("rate_stopped")).alias("not_stopped"), c("shown").fill_null(False))
    order = {w: n for n, w in enumerate(WHICH)}
    return out.sort("weapon", c("which").replace_strict(order, return_dtype=pl.Int8))


def changes(table: pl.DataFrame) -> pl.DataFrame:
    """Per class, this month against the month before and a year earlier (`against`): the change in launched (in
    weapons and as a share of the earlier month) and in the share stopped (in points); null where unknown."""
    this = table.filter(c("which") == "this").select("weapon", c("launched").alias("_l"), c("rate").alias("_r"))
    other = table.filter(c("which") != "this").join(this, on="weapon", how="inner")
    return other.select(
        "weapon", c("which").alias("against"), (c("_l") - c("launched")).alias("launched_change"),
        pl.when(c("launched") > 0).then((c("_l") - c("launched")) / c("launched")).alias("launched_ratio"),
        ((c("_r") - c("rate")) * 100).alias("share_points"))


def nightly(rows: pl.DataFrame, month: date) -> pl.DataFrame:
    """Launched per class and night in each of the three months (`which`), for the day-by-day comparison."""
    frames = []
    for which, (start, end) in periods(month).items():
        part = rows.filter(c("attack_date").is_between(start, end)).group_by("weapon", "attack_date").agg(
            c("launched").sum())
        frames.append(part.with_columns(pl.lit(which).alias("which")))
    return pl.concat(frames).sort("weapon", "which", "attack_date") if frames else pl.DataFrame(
        schema={"weapon": pl.Utf8, "attack_date": pl.Date, "launched": pl.Int64, "which": pl.Utf8})


def largest_nights(rows: pl.DataFrame, start: date, end: date, limit: int = 5) -> pl.DataFrame:
    """The nights between two days with the most weapons launched (all classes), with each class's launches."""
    part = with_split(rows.filter(c("attack_date").is_between(start, end)))
    if part.is_empty():
        return pl.DataFrame(schema={"attack_date": pl.Date, "launched": pl.Int64})
    wide = part.pivot(on="weapon", index="attack_date", values="launched_n", aggregate_function="sum")
    total = part.group_by("attack_date").agg(c("launched_n").sum().alias("launched"),
                                             c("stopped_n").sum().alias("stopped"))
    return total.join(wide, on="attack_date").sort(["launched", "attack_date"], descending=True).head(limit)


def period_vs_nights(totals: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Each total a source gives for a period, beside the sum of the nights in that period for its class: how many
    nights, on how many the launched figure is unknown, and the difference (source minus nights). Never added."""
    if totals.is_empty():
        return totals.with_columns(pl.lit(None, pl.Int64).alias("nightly_sum"), pl.lit(None, pl.Int64).alias("nights"),
                                   pl.lit(None, pl.Int64).alias("unknown_launched"),
                                   pl.lit(None, pl.Int64).alias("difference"))
    out = []
    for t in totals.iter_rows(named=True):
        part = rows.filter(c("attack_date").is_between(t["period_start"], t["period_end"])
                           & (c("weapon") == t["weapon"]) & (c("attacker") == t["attacker"]))
        nightly = int(part["launched"].fill_null(0).sum())
        out.append({**t, "nightly_sum": nightly, "nights": part["attack_date"].n_unique(),
                    "unknown_launched": int(part["launched"].is_null().sum()),
                    "difference": t["launched"] - nightly if t["launched"] is not None else None})
    return pl.DataFrame(out, schema={**totals.schema, "nightly_sum": pl.Int64, "nights": pl.Int64,
                                     "unknown_launched": pl.Int64, "difference": pl.Int64})
