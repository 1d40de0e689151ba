"""Pure arithmetic behind the views: which rows a rate may use, rates with intervals, headline figures. No I/O.

Rates are always sum(stopped) / sum(launched) over the rows that state both figures, never a
mean of per-night ratios (a night of 3 missiles would otherwise weigh as much as a night of 90).
A reconciled row whose figures come from different claims, or whose figures contradict each
other (59 shot down of 8 launched), is no rate: it is left out of every rate and counted, so the
page can say how many were left out. Time series are in dashboard/series.py.
"""

from __future__ import annotations

import math

import polars as pl

__all__ = [
    "Z95", "WIDE_INTERVAL", "stopped", "with_split", "wilson", "same_claim", "contradictory", "rate_rows", "rates", "headline",
    "excluded",
]

Z95 = 1.959963984540054  # the 97.5% quantile of the standard normal: a two-sided 95% interval
WIDE_INTERVAL = 0.20  # a rate whose 95% interval is wider than 20 points is drawn as uncertain
SPLIT = ("launched", "shot_down", "suppressed", "unsplit")
c = pl.col


def stopped(counts_suppressed: bool = True) -> pl.Expr:
    """Weapons stopped in a row: everything stopped, or shot down only; null when the row does not say."""
    if not counts_suppressed:
        return c("shot_down")
    return pl.coalesce(c("neutralized"), c("shot_down") + c("suppressed").fill_null(0), c("suppressed"))


def with_split(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds the stopped figure split into shot down, suppressed and "stopped, not split" (unknown = 0),
    and `launched_n`, the launched figure with unknown as 0.

    "Not split" is the part of a combined figure ("shot down or suppressed") that no split accounts for,
    so shot down + suppressed + not split is always the row's stopped total.
    """
    total = stopped(True)
    parts = c("shot_down").fill_null(0) + c("suppressed").fill_null(0)
    unsplit = pl.when(c("neutralized").is_not_null()).then((c("neutralized") - parts).clip(lower_bound=0))
    return frame.with_columns(
        c("launched").fill_null(0).alias("launched_n"),
        c("shot_down").fill_null(0).alias("shot_down_n"),
        c("suppressed").fill_null(0).alias("suppressed_n"),
        unsplit.fill_null(0).alias("unsplit_n"),
        total.fill_null(0).alias("stopped_n"),
    ).with_columns((c("shot_down_n") + c("suppressed_n") + c("unsplit_n")).alias("stopped_n"))


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
    if not counts_suppressed:
        return c("from_shot_down") == c("from_launched")
    split = (c("neutralized").is_null() & c("shot_down").is_not_null() & (c("from_shot_down") == c("from_launched"))
             & (c("suppressed").is_null() | (c("from_suppressed") == c("from_launched"))))
    total = c("neutralized").is_not_null() & (c("from_neutralized") == c("from_launched"))
    alone = c("neutralized").is_null() & c("shot_down").is_null() & (c("from_suppressed") == c("from_launched"))
    return total | split | alone


def contradictory() -> pl.Expr:
    """True where a row's own figures cannot all be true: a part above the launched figure (59 shot down of
    8 launched), shot down and suppressed together above it, or a total "stopped" below its parts.

    Rows of one claim are checked when they are stored (etl/schemas.py); a reconciled row can still
    contradict itself because each of its figures may come from a different claim (issue 14).
    """
    launched, parts = c("launched"), c("shot_down").fill_null(0) + c("suppressed").fill_null(0)
    over = [c(m) > launched for m in ("shot_down", "suppressed", "neutralized")] + [parts > launched]
    under = c("neutralized") < parts
    return pl.any_horizontal([e.fill_null(False) for e in [*over, under]])


def rate_rows(frame: pl.DataFrame, counts_suppressed: bool = True) -> pl.DataFrame:
    """The rows a rate may use, with their `stopped` figure: both figures stated, from one claim, not contradictory."""
    rows = frame.with_columns(stopped(counts_suppressed).alias("stopped")).filter(
        c("launched").is_not_null() & c("stopped").is_not_null())
    if "from_launched" in rows.columns:
        rows = rows.filter(same_claim(counts_suppressed) & ~contradictory())
    return rows


def excluded(frame: pl.DataFrame, counts_suppressed: bool = True) -> dict:
    """How many rows that state both figures are left out of the rates, and why."""
    both = frame.with_columns(stopped(counts_suppressed).alias("stopped")).filter(
        c("launched").is_not_null() & c("stopped").is_not_null())
    if "from_launched" not in both.columns or both.is_empty():
        return {"contradictory": 0, "mixed": 0}
    bad = both.select(contradictory().sum().alias("contradictory"),
                      (~contradictory() & ~same_claim(counts_suppressed).fill_null(False)).sum().alias("mixed"))
    return {k: int(v) for k, v in bad.row(0, named=True).items()}


def rates(frame: pl.DataFrame, by: list[str], counts_suppressed: bool = True, min_launched: int = 20) -> pl.DataFrame:
    """Interception rate per group, with its 95% Wilson interval; rate, low and high are null under min_launched.

    Only `rate_rows` count. `nights` is how many rows went into each rate; `uncertain` marks a shown rate
    whose interval is wider than WIDE_INTERVAL (33 glide bombs give no solid rate).
    """
    rows = rate_rows(frame, counts_suppressed)
    sums = rows.group_by(by).agg(c("launched").sum(), c("stopped").sum(), pl.len().alias("nights")).sort(by)
    low, high = _wilson_exprs(c("stopped"), c("launched"))
    shown = c("launched") >= max(min_launched, 1)
    return sums.with_columns(
        shown.alias("shown"),
        pl.when(shown).then(pl.min_horizontal("stopped", "launched") / c("launched")).alias("rate"),
        pl.when(shown).then(low).alias("low"),
        pl.when(shown).then(high).alias("high"),
        (shown & (high - low > WIDE_INTERVAL)).alias("uncertain"),
    )


def headline(frame: pl.DataFrame, counts_suppressed: bool = True) -> dict:
    """Headline figures that add up: shot down + suppressed + stopped-not-split = stopped; launched summed over
    the rows that state it (and on how many nights it is unknown); the share stopped over the rows that
    give both figures (as `rates` computes it); the largest and the last attack."""
    if frame.is_empty():
        return {"attacks": 0, "launched": 0, "unknown_launched": 0, "shot_down": 0, "suppressed": 0, "unsplit": 0,
                "stopped": 0, "largest": None, "last": None, "rate": None, "rate_launched": 0, "rate_stopped": 0,
                "low": None, "high": None, "excluded": {"contradictory": 0, "mixed": 0}}
    split = with_split(frame)
    nights = split.group_by("attack_date").agg(c("launched_n").sum().alias("launched"),
                                                c("launched").is_null().all().alias("unknown"))
    largest = nights.sort(["launched", "attack_date"], descending=[True, True]).row(0, named=True)
    last = nights.sort("attack_date").row(-1, named=True)
    sums = {m: int(split[f"{m}_n"].sum()) for m in ("launched", "shot_down", "suppressed", "unsplit", "stopped")}
    overall = rates(frame.with_columns(pl.lit("all").alias("_all")), ["_all"], counts_suppressed, 1)
    rate = overall.row(0, named=True) if overall.height else {}
    return {
        "attacks": nights.height, **sums, "unknown_launched": int(nights["unknown"].sum()),
        "largest": {"date": largest["attack_date"], "launched": int(largest["launched"]),
                    "unknown": bool(largest["unknown"])},
        "last": {"date": last["attack_date"], "launched": int(last["launched"]), "unknown": bool(last["unknown"])},
        "rate": rate.get("rate"), "rate_launched": int(rate.get("launched") or 0),
        "rate_stopped": int(rate.get("stopped") or 0), "low": rate.get("low"), "high": rate.get("high"),
        "excluded": excluded(frame, counts_suppressed),
    }
