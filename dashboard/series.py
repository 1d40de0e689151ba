"""Pure time series and breakdowns behind the charts: attacks rows in, small frames out. No I/O.

A period (week, month) cut by the chosen dates is `partial`: it holds fewer days than a full one,
and its bars must not be read as a whole week or month. A period with attacks of which none states
how many were launched has `launched` null (unknown), not 0.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from dashboard.stats import SPLIT, rate_rows, rates, stopped, with_split

__all__ = [
    "RESOLUTIONS", "bucket", "calendar", "volumes", "by_type", "by_model", "salvo_mix", "auto_resolution",
    "outage_counts", "outage_timeline", "period_end", "MIX",
]

RESOLUTIONS = {"day": "1d", "week": "1w", "month": "1mo"}
ROLLING_DAYS = 7
c = pl.col


def bucket(frame: pl.DataFrame, resolution: str, column: str = "attack_date") -> pl.DataFrame:
    """Adds `period`: the first day of the day, week (Monday) or month the row falls in."""
    return frame.with_columns(c(column).dt.truncate(RESOLUTIONS[resolution]).alias("period"))


def period_end(start: date, resolution: str) -> date:
    """The last day of the day, week or month that begins on `start`."""
    if resolution == "day":
        return start
    if resolution == "week":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def calendar(start: date, end: date) -> pl.DataFrame:
    """Every day from start to end, as column `attack_date`."""
    return pl.DataFrame({"attack_date": pl.date_range(start, end, "1d", eager=True)})


VOLUME_SCHEMA = {"weapon": pl.Utf8, "period": pl.Date, **{m: pl.Float64 for m in SPLIT}, "nights": pl.Int64,
                 "unknown_launched": pl.Int64, "rate_launched": pl.Int64, "rate_stopped": pl.Int64,
                 "days": pl.Int64, "period_days": pl.Int64, "partial": pl.Boolean}


def volumes(frame: pl.DataFrame, resolution: str = "day", start: date | None = None, end: date | None = None,
            rolling: bool = False) -> pl.DataFrame:
    """Launched, shot down, suppressed and stopped-not-split per weapon class and period, on a zero-filled calendar.

    Also per period: attack `nights`, nights with no launched figure (`unknown_launched`), the launched and
    stopped of the rows a rate may use (`rate_launched`, `rate_stopped`), and the days of the period inside the
    chosen dates. With `rolling` (day resolution only) each figure is the mean of the 7 days ending that day;
    a window with an unknown launched figure, and the first 6 days, have none.
    """
    if frame.is_empty():
        return pl.DataFrame(schema=VOLUME_SCHEMA)
    start = start or frame["attack_date"].min()
    end = end or frame["attack_date"].max()
    usable = rate_rows(frame).select("attack_date", "weapon", "launched", c("stopped").alias("rate_stopped"))
    daily = with_split(frame).group_by("weapon", "attack_date").agg(
        pl.when(c("launched").is_not_null().any()).then(c("launched_n").sum()).alias("launched"),
        *(c(f"{m}_n").sum().alias(m) for m in SPLIT[1:]), pl.len().alias("nights"),
        c("launched").is_null().all().cast(pl.Int64).alias("unknown_launched"))
    daily = daily.join(usable.group_by("weapon", "attack_date").agg(c("launched").sum().alias("rate_launched"),
                                                                     c("rate_stopped").sum()),
                       on=["weapon", "attack_date"], how="left")
    weapons = pl.DataFrame({"weapon": sorted(daily["weapon"].unique())})
    full = weapons.join(calendar(start, end), how="cross").join(daily, on=["weapon", "attack_date"], how="left")
    counts = ("nights", "unknown_launched", "rate_launched", "rate_stopped")
    full = full.with_columns(
        pl.when(c("nights").is_null()).then(0).otherwise(c("launched")).cast(pl.Float64).alias("launched"),
        *(c(m).fill_null(0).cast(pl.Float64) for m in SPLIT[1:]), *(c(m).fill_null(0).cast(pl.Int64) for m in counts),
    ).sort("weapon", "attack_date")
    if resolution == "day":
        if rolling:
            full = full.with_columns(c(m).rolling_mean(window_size=ROLLING_DAYS, min_samples=ROLLING_DAYS)
                                     .over("weapon") for m in SPLIT)
        full = full.with_columns(pl.lit(1, pl.Int64).alias("days"), pl.lit(1, pl.Int64).alias("period_days"))
        return full.rename({"attack_date": "period"}).with_columns(pl.lit(False).alias("partial")).select(
            list(VOLUME_SCHEMA))
    out = bucket(full, resolution).group_by("weapon", "period").agg(
        pl.when((c("nights").sum() > 0) & (c("unknown_launched").sum() == c("nights").sum())).then(None)
        .otherwise(c("launched").fill_null(0).sum()).alias("launched"),
        *(c(m).sum() for m in SPLIT[1:]), *(c(m).sum() for m in counts), pl.len().alias("days"))
    return _partial(out, resolution).sort("weapon", "period").select(list(VOLUME_SCHEMA))


def _partial(frame: pl.DataFrame, resolution: str) -> pl.DataFrame:
    """Adds `period_days` (a full period's length) and `partial` (fewer days than that inside the dates)."""
    length = {p: (period_end(p, resolution) - p).days + 1 for p in frame["period"].unique().to_list()}
    full = frame.with_columns(c("period").replace_strict(length, return_dtype=pl.Int64).alias("period_days"))
    return full.with_columns((c("days") < c("period_days")).alias("partial"))


def by_type(frame: pl.DataFrame, resolution: str, start: date | None = None, end: date | None = None
            ) -> pl.DataFrame:
    """Launched and stopped per weapon type and period (type rows only), with the period's days in the dates."""
    rows = bucket(frame.filter(c("row_kind") == "type"), resolution)
    out = rows.group_by("weapon", "type", "period").agg(
        c("launched").sum(), stopped(True).sum().alias("stopped"), pl.len().alias("rows"))
    if out.is_empty() or resolution == "day":
        return out.with_columns(pl.lit(False).alias("partial")).sort("weapon", "type", "period")
    first, last = start or frame["attack_date"].min(), end or frame["attack_date"].max()
    days = bucket(calendar(first, last), resolution).group_by("period").agg(pl.len().alias("days"))
    return _partial(out.join(days, on="period", how="left"), resolution).sort("weapon", "type", "period")


def by_model(frame: pl.DataFrame, limit: int = 12, min_launched: int = 20) -> pl.DataFrame:
    """Per model, largest first: everything launched, and the share stopped over the rows that state both
    figures (with its interval, how many weapons that share rests on and how many rows give no stopped figure).

    Summing stopped over every row would set the stopped of a few rows against the launched of all
    (Shahed-136 "16% stopped" when 18 of 181 rows carry a stopped figure; issue 14).
    """
    rows = frame.filter((c("row_kind") == "type") & c("model").is_not_null())
    keys = ["weapon", "type", "model"]
    total = rows.group_by(keys).agg(c("launched").sum(), pl.len().alias("rows"),
                                    (c("launched").is_not_null() & stopped(True).is_null()).sum().alias("no_stopped"))
    share = rates(rows, keys, True, min_launched).select(*keys, c("launched").alias("rate_launched"),
                                                          c("stopped").alias("rate_stopped"), "shown", "rate", "low",
                                                          "high")
    out = total.join(share, on=keys, how="left").with_columns(c("rate_launched").fill_null(0),
                                                               c("shown").fill_null(False))
    return out.sort(["launched", "model"], descending=[True, False], nulls_last=True).head(limit)


MIX = ("drones", "cruise", "ballistic", "other_missiles", "glide_bombs")


def salvo_mix(frame: pl.DataFrame) -> pl.DataFrame:
    """Per attack night: drones, cruise and ballistic missiles (Kinzhal included), other missiles, glide bombs."""
    if frame.is_empty():
        return pl.DataFrame(schema={"attack_date": pl.Date, **{m: pl.Int64 for m in MIX}, "total": pl.Int64})
    kind = c("row_kind")

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
    counts = rows.group_by("region").agg(c("report_id").n_unique().alias("reports"))
    frame = pl.DataFrame({"region": regions}).join(counts, on="region", how="left")
    return frame.with_columns(c("reports").fill_null(0).cast(pl.Int64))


def outage_timeline(rows: pl.DataFrame, resolution: str) -> pl.DataFrame:
    """Outage reports per period and kind (power, heating, water; "unspecified" when not stated)."""
    rows = bucket(rows.with_columns(c("kind").fill_null("unspecified")), resolution, column="date")
    return rows.group_by("period", "kind").agg(c("report_id").n_unique().alias("reports")).sort("period", "kind")
