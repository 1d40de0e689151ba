"""Pure aggregations behind the views: rows of the attacks table in, small frames out. No I/O.

Rates are always sum(stopped) / sum(launched) over the rows that state both figures, never a
mean of per-night ratios (a night of 3 missiles would otherwise weigh as much as a night of 90).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import polars as pl

__all__ = [
    "RESOLUTIONS", "Z95", "stopped", "with_split", "wilson", "same_claim", "rates", "bucket", "calendar", "volumes",
    "headline", "by_type", "by_model", "salvo_mix", "auto_resolution", "outage_counts", "outage_timeline",
]

RESOLUTIONS = {"day": "1d", "week": "1w", "month": "1mo"}
Z95 = 1.959963984540054  # the 97.5% quantile of the standard normal: a two-sided 95% interval
ROLLING_DAYS = 7
SPLIT = ("launched", "shot_down", "suppressed", "unsplit")


def stopped(counts_suppressed: bool = True) -> pl.Expr:
    """Weapons stopped in a row: everything stopped, or shot down only; null when the row does not say."""
    if not counts_suppressed:
        return pl.col("shot_down")
    c = pl.col
    return pl.coalesce(c("neutralized"), c("shot_down") + c("suppressed").fill_null(0), c("suppressed"))


def with_split(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds the stopped figure split into shot down, suppressed and "stopped, not split" (unknown = 0).

    "Not split" is a combined figure ("shot down or suppressed") from a row that gives no split.
    """
    c = pl.col
    total = stopped(True)
    unsplit = pl.when(c("shot_down").is_null() & c("suppressed").is_null()).then(total).otherwise(0)
    return frame.with_columns(
        c("launched").fill_null(0).alias("launched_n"),
        c("shot_down").fill_null(0).alias("shot_down_n"),
        (total - c("shot_down").fill_null(0) - unsplit).clip(lower_bound=0).fill_null(0).alias("suppressed_n"),
        unsplit.fill_null(0).alias("unsplit_n"),
    )


def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval (low, high) for k successes in n trials."""
    if n <= 0:
        return (math.nan, math.nan)
    p = min(k, n) / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _wilson_exprs(k: pl.Expr, n: pl.Expr, z: float = Z95) -> tuple[pl.Expr, pl.Expr]:
    p = pl.min_horizontal(k, n) / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)).sqrt() / denom
    return (centre - half).clip(lower_bound=0.0), (centre + half).clip(upper_bound=1.0)


def same_claim(counts_suppressed: bool = True) -> pl.Expr:
    """True where a reconciled row's stopped figure comes from the claim its launched figure comes from.

    Reconciliation picks each figure on its own, so one night can pair the record's 270 launched with a
    press report's 21 shot down; such a pair is not a rate and is left out of the sums.
    """
    c = pl.col
    if not counts_suppressed:
        return c("from_shot_down") == c("from_launched")
    split = (c("neutralized").is_null() & c("shot_down").is_not_null() & (c("from_shot_down") == c("from_launched"))
             & (c("suppressed").is_null() | (c("from_suppressed") == c("from_launched"))))
    total = c("neutralized").is_not_null() & (c("from_neutralized") == c("from_launched"))
    alone = c("neutralized").is_null() & c("shot_down").is_null() & (c("from_suppressed") == c("from_launched"))
    return total | split | alone


def rates(frame: pl.DataFrame, by: list[str], counts_suppressed: bool = True, min_launched: int = 20) -> pl.DataFrame:
    """Interception rate per group, with its 95% Wilson interval; rate, low and high are null under min_launched.

    Only rows that state both figures count, and for reconciled rows only those whose two figures
    come from the same claim (see `same_claim`).
    """
    rows = frame.with_columns(stopped(counts_suppressed).alias("stopped")).filter(
        pl.col("launched").is_not_null() & pl.col("stopped").is_not_null())
    if "from_launched" in rows.columns:
        rows = rows.filter(same_claim(counts_suppressed))
    sums = rows.group_by(by).agg(pl.col("launched").sum(), pl.col("stopped").sum()).sort(by)
    low, high = _wilson_exprs(pl.col("stopped"), pl.col("launched"))
    shown = pl.col("launched") >= max(min_launched, 1)
    return sums.with_columns(
        shown.alias("shown"),
        pl.when(shown).then(pl.min_horizontal("stopped", "launched") / pl.col("launched")).alias("rate"),
        pl.when(shown).then(low).alias("low"),
        pl.when(shown).then(high).alias("high"),
    )


def bucket(frame: pl.DataFrame, resolution: str, column: str = "attack_date") -> pl.DataFrame:
    """Adds `period`: the first day of the day, week (Monday) or month the row falls in."""
    return frame.with_columns(pl.col(column).dt.truncate(RESOLUTIONS[resolution]).alias("period"))


def calendar(start: date, end: date) -> pl.DataFrame:
    """Every day from start to end, as column `attack_date`."""
    return pl.DataFrame({"attack_date": pl.date_range(start, end, "1d", eager=True)})


def volumes(frame: pl.DataFrame, resolution: str = "day", start: date | None = None, end: date | None = None,
            rolling: bool = False) -> pl.DataFrame:
    """Launched, shot down, suppressed and stopped-not-split per weapon class and period, on a zero-filled calendar.

    With `rolling` (day resolution only) each figure is the mean of the 7 days ending that day;
    the first 6 days of the calendar have no complete window and stay null.
    """
    schema = {"weapon": pl.Utf8, "period": pl.Date, **{m: pl.Float64 for m in SPLIT}}
    if frame.is_empty():
        return pl.DataFrame(schema=schema)
    start = start or frame["attack_date"].min()
    end = end or frame["attack_date"].max()
    daily = with_split(frame).group_by("weapon", "attack_date").agg(
        *(pl.col(f"{m}_n").sum().alias(m) for m in SPLIT))
    weapons = pl.DataFrame({"weapon": sorted(daily["weapon"].unique())})
    full = weapons.join(calendar(start, end), how="cross").join(daily, on=["weapon", "attack_date"], how="left")
    full = full.with_columns(pl.col(m).fill_null(0).cast(pl.Float64) for m in SPLIT).sort("weapon", "attack_date")
    if resolution == "day":
        if rolling:
            full = full.with_columns(
                pl.col(m).rolling_mean(window_size=ROLLING_DAYS, min_samples=ROLLING_DAYS).over("weapon") for m in SPLIT)
        return full.rename({"attack_date": "period"}).select(list(schema))
    out = bucket(full, resolution).group_by("weapon", "period").agg(pl.col(m).sum() for m in SPLIT)
    return out.sort("weapon", "period").select(list(schema))


def headline(frame: pl.DataFrame) -> dict:
    """Headline figures: attacks, launched, shot down, suppressed, stopped, the largest and the last attack,
    and the share stopped (as `rates` computes it, over the rows that give both figures)."""
    if frame.is_empty():
        return {"attacks": 0, "launched": 0, "shot_down": 0, "suppressed": 0, "stopped": 0,
                "largest": None, "last": None, "rate": None, "rate_launched": 0}
    split = with_split(frame)
    nights = split.group_by("attack_date").agg(pl.col("launched_n").sum().alias("launched"))
    largest = nights.sort(["launched", "attack_date"], descending=[True, True]).row(0, named=True)
    last = nights.sort("attack_date").row(-1, named=True)
    return {
        "attacks": nights.height,
        "launched": int(split["launched_n"].sum()),
        "shot_down": int(split["shot_down_n"].sum()),
        "suppressed": int(split["suppressed_n"].sum()),
        "stopped": int((split["shot_down_n"] + split["suppressed_n"] + split["unsplit_n"]).sum()),
        "largest": {"date": largest["attack_date"], "launched": int(largest["launched"])},
        "last": {"date": last["attack_date"], "launched": int(last["launched"])},
        **_overall_rate(frame),
    }


def _overall_rate(frame: pl.DataFrame) -> dict:
    """The share stopped over all classes, by the same rule as `rates` (rows that give both figures)."""
    overall = rates(frame.with_columns(pl.lit("all").alias("_all")), ["_all"], True, 1)
    if overall.is_empty():
        return {"rate": None, "rate_launched": 0}
    return {"rate": overall["rate"][0], "rate_launched": int(overall["launched"][0])}


def by_type(frame: pl.DataFrame, resolution: str) -> pl.DataFrame:
    """Launched and stopped per weapon type and period (type rows only)."""
    rows = bucket(frame.filter(pl.col("row_kind") == "type"), resolution)
    return rows.group_by("weapon", "type", "period").agg(
        pl.col("launched").sum(), stopped(True).sum().alias("stopped")).sort("weapon", "type", "period")


def by_model(frame: pl.DataFrame, limit: int = 12) -> pl.DataFrame:
    """Launched, shot down and all stopped per model, largest first (type rows with a model)."""
    rows = frame.filter((pl.col("row_kind") == "type") & pl.col("model").is_not_null())
    out = rows.group_by("weapon", "type", "model").agg(
        pl.col("launched").sum(), pl.col("shot_down").sum(), stopped(True).sum().alias("stopped"))
    return out.sort(["launched", "model"], descending=[True, False]).head(limit)


MIX = ("drones", "cruise", "ballistic", "other_missiles", "glide_bombs")


def salvo_mix(frame: pl.DataFrame) -> pl.DataFrame:
    """Per attack night: drones, cruise and ballistic missiles (Kinzhal included), other missiles, glide bombs."""
    if frame.is_empty():
        return pl.DataFrame(schema={"attack_date": pl.Date, **{m: pl.Int64 for m in MIX}, "total": pl.Int64})
    c, kind = pl.col, pl.col("row_kind")

    def launched(cond: pl.Expr) -> pl.Expr:
        return pl.when(cond).then(c("launched")).otherwise(0).fill_null(0).sum()

    mix = frame.group_by("attack_date").agg(
        launched((kind == "class") & (c("weapon") == "drone")).alias("drones"),
        launched((kind == "type") & (c("type") == "cruise_missile")).alias("cruise"),
        launched((kind == "type") & c("type").is_in(["ballistic_missile", "hypersonic_missile"])).alias("ballistic"),
        launched((kind == "class") & (c("weapon") == "missile")).alias("missiles"),
        launched((kind == "class") & (c("weapon") == "glide_bomb")).alias("glide_bombs"),
    )
    mix = mix.with_columns((c("missiles") - c("cruise") - c("ballistic")).clip(lower_bound=0).alias("other_missiles"))
    mix = mix.with_columns(sum(c(m) for m in MIX).alias("total")).filter(c("total") > 0)
    return mix.select("attack_date", *MIX, "total").sort("attack_date")


def auto_resolution(start: date | None, end: date | None) -> str:
    """Day for up to four months, week up to two years, month beyond."""
    if start is None or end is None:
        return "month"
    span = end - start
    return "day" if span <= timedelta(days=122) else "week" if span <= timedelta(days=731) else "month"


def outage_counts(rows: pl.DataFrame, regions: list[str]) -> pl.DataFrame:
    """Outage reports per region (distinct reports), every region listed, zero where none."""
    counts = rows.group_by("region").agg(pl.col("report_id").n_unique().alias("reports"))
    frame = pl.DataFrame({"region": regions}).join(counts, on="region", how="left")
    return frame.with_columns(pl.col("reports").fill_null(0).cast(pl.Int64))


def outage_timeline(rows: pl.DataFrame, resolution: str) -> pl.DataFrame:
    """Outage reports per period and kind (power, heating, water; "unspecified" when not stated)."""
    rows = bucket(rows.with_columns(pl.col("kind").fill_null("unspecified")), resolution, column="date")
    return rows.group_by("period", "kind").agg(pl.col("report_id").n_unique().alias("reports")).sort("period", "kind")
