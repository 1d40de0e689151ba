"""Analysts' decisions applied to claims: pure functions over the `strike_claims`, `outage_claims` and `reviews`
tables.

A decision is attached to a claim by its key (report, night or period, attacker, weapon class, and its place
among the report's claims with the same key), not by the claim's position in the report, so that extracting a
report again never moves a decision to another claim. The latest decision per key is in force: confirm keeps
the claim's figures (and says it was checked), correct replaces the figures, date, attacker or class it gives,
reject takes the claim (and its type rows) out of every figure. A decision taken on an older text of its report
stays in force and is marked for a second look. An outage claim is keyed by report, date, region and kind; its
correction replaces the region or kind.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime

import polars as pl

from etl.lexicon import REGION_CODES
from etl.model import MEASURES, OUTAGE_KINDS
from etl.schemas import ReviewTable, failures, polars_schema

__all__ = ["claim_keys", "outage_keys", "in_force", "reviewed_claims", "reviewed_outages", "review_nights",
           "decision_row", "short_id", "MOVES", "OUTAGE_MOVES", "REVIEW_COLUMNS"]

MOVES = ("attack_date", "attacker", "weapon")  # what a correction may move a claim to, besides its figures
OUTAGE_MOVES = ("region", "kind")  # what a correction of an outage claim may change
REVIEW_COLUMNS = ("review", "reviewed_by", "reviewed_on", "second_look")  # what reviewed_claims adds
_STATUS = {"confirm": "confirmed", "correct": "corrected"}
c = pl.col


def claim_keys(claims: pl.DataFrame) -> pl.DataFrame:
    """claim_id -> claim_key of every claim (class rows; a type row shares its class row's id)."""
    rows = claims.filter(c("row_kind") == "class")
    when = (pl.when(c("attack_date").is_not_null()).then(c("attack_date").cast(pl.Utf8))
            .when(c("period_start").is_not_null() | c("period_end").is_not_null())
            .then(c("period_start").cast(pl.Utf8).fill_null("") + ".." + c("period_end").cast(pl.Utf8).fill_null(""))
            .otherwise(pl.lit("undated")))
    base = pl.concat_str([c("report_id"), when, c("attacker"), c("weapon")], separator="/")
    number = c("claim_id").str.extract(r"(\d+)$").cast(pl.Int64, strict=False).fill_null(0)
    keyed = rows.select("claim_id", base.alias("_base"), number.alias("_n"))
    nth = c("_n").rank("ordinal").over("_base") - 1
    keyed = keyed.with_columns(nth.alias("_nth"))
    key = pl.when(c("_nth") == 0).then(c("_base")).otherwise(c("_base") + "#" + c("_nth").cast(pl.Utf8))
    return keyed.select("claim_id", key.alias("claim_key")).unique("claim_id", keep="first", maintain_order=True)


def outage_keys(outages: pl.DataFrame) -> pl.DataFrame:
    """claim_id -> claim_key of every outage claim: report, "outage", date, region and kind (and its place among
    the report's outage claims with the same key)."""
    base = pl.concat_str([c("report_id"), pl.lit("outage"), c("date").cast(pl.Utf8).fill_null("undated"),
                          c("region"), c("kind").fill_null("")], separator="/")
    number = c("claim_id").str.extract(r"(\d+)$").cast(pl.Int64, strict=False).fill_null(0)
    keyed = outages.select("claim_id", base.alias("_base"), number.alias("_n"))
    keyed = keyed.with_columns((c("_n").rank("ordinal").over("_base") - 1).alias("_nth"))
    key = pl.when(c("_nth") == 0).then(c("_base")).otherwise(c("_base") + "#" + c("_nth").cast(pl.Utf8))
    return keyed.select("claim_id", key.alias("claim_key"))


def reviewed_outages(outages: pl.DataFrame, reviews: pl.DataFrame, hashes: pl.DataFrame | None = None
                     ) -> pl.DataFrame:
    """The outage claims with the decisions in force applied (rejected ones left out, a corrected region or kind in
    place) and REVIEW_COLUMNS saying so."""
    if reviews.is_empty() or outages.is_empty():
        return outages.with_columns(_no_review())
    decisions = in_force(reviews).select("claim_key", c("decision").alias("_decision"), c("content_hash").alias("_hash"),
                                         "reviewer", "decided", *[c(m).alias(f"_new_{m}") for m in OUTAGE_MOVES])
    keyed = outages.join(outage_keys(outages), on="claim_id", how="left", maintain_order="left")
    keyed = keyed.join(decisions, on="claim_key", how="left", maintain_order="left")
    keyed = keyed.filter(c("_decision").is_null() | (c("_decision") != "reject"))
    correcting = c("_decision") == "correct"
    keyed = keyed.with_columns(*[pl.when(correcting & c(f"_new_{m}").is_not_null()).then(c(f"_new_{m}"))
                                 .otherwise(c(m)).alias(m) for m in OUTAGE_MOVES])
    now = hashes.select("report_id", c("content_hash").alias("_now")) if hashes is not None else None
    keyed = keyed.join(now, on="report_id", how="left", maintain_order="left") if now is not None else \
        keyed.with_columns(pl.lit(None, pl.Utf8).alias("_now"))
    stale = c("_hash").is_not_null() & c("_now").is_not_null() & (c("_hash") != c("_now"))
    return keyed.with_columns(
        c("_decision").replace_strict(_STATUS, default=None, return_dtype=pl.Utf8).alias("review"),
        c("reviewer").alias("reviewed_by"), c("decided").alias("reviewed_on"), stale.fill_null(False).alias("second_look")
    ).drop("claim_key", "_decision", "_hash", "reviewer", "decided", "_now", *[f"_new_{m}" for m in OUTAGE_MOVES])


def _no_review() -> list[pl.Expr]:
    return [pl.lit(None, pl.Utf8).alias("review"), pl.lit(None, pl.Utf8).alias("reviewed_by"),
            pl.lit(None, polars_schema(ReviewTable)["decided"]).alias("reviewed_on"), pl.lit(False).alias("second_look")]


def short_id(claim_key: str) -> str:
    """A short, stable handle of a claim key (what `strikes review` prints beside the claim_id)."""
    return hashlib.sha1(claim_key.encode("utf-8")).hexdigest()[:10]


def in_force(reviews: pl.DataFrame) -> pl.DataFrame:
    """The latest decision per claim key."""
    if reviews.is_empty():
        return reviews
    return reviews.sort(["decided", "review_id"]).unique("claim_key", keep="last", maintain_order=True)


def reviewed_claims(claims: pl.DataFrame, reviews: pl.DataFrame, hashes: pl.DataFrame | None = None) -> pl.DataFrame:
    """The claims with the decisions in force applied: rejected claims left out, corrected values in place, and
    REVIEW_COLUMNS saying so (`second_look` when the report changed since; `hashes`: report_id, content_hash)."""
    if reviews.is_empty() or claims.is_empty():
        return claims.with_columns(_no_review())
    decisions = in_force(reviews).select(
        "claim_key", c("decision").alias("_decision"), c("content_hash").alias("_hash"), c("reviewer"), c("decided"),
        *[c(m).alias(f"_new_{m}") for m in (*MEASURES, *MOVES)])
    keyed = claims.join(claim_keys(claims), on="claim_id", how="left", maintain_order="left")
    keyed = keyed.join(decisions, on="claim_key", how="left", maintain_order="left")
    keyed = keyed.filter(c("_decision").is_null() | (c("_decision") != "reject"))
    return _corrected(keyed, hashes).drop("claim_key", "_decision", "_hash", "reviewer", "decided",
                                          *[f"_new_{m}" for m in (*MEASURES, *MOVES)])


def _corrected(keyed: pl.DataFrame, hashes: pl.DataFrame | None) -> pl.DataFrame:
    """Corrected values over the extracted ones (class rows' figures; the moves for type rows too)."""
    correcting = c("_decision") == "correct"
    on_class = correcting & (c("row_kind") == "class")
    figures = []
    for m in MEASURES:
        given = on_class & c(f"_new_{m}").is_not_null()
        figures += [pl.when(given).then(c(f"_new_{m}")).otherwise(c(m)).alias(m),
                    pl.when(given).then(pl.lit("exact")).otherwise(c(f"q_{m}")).alias(f"q_{m}")]
    moves = [pl.when(correcting & c(f"_new_{m}").is_not_null()).then(c(f"_new_{m}")).otherwise(c(m)).alias(m)
             for m in MOVES]
    dated = correcting & c("_new_attack_date").is_not_null()
    periods = [pl.when(dated).then(None).otherwise(c(p)).alias(p) for p in ("period_start", "period_end")]
    out = keyed.with_columns(*figures, *moves, *periods)
    # a type row belongs to its class: a claim moved to another class leaves its type rows behind
    out = out.filter(~(correcting & (c("row_kind") == "type") & c("_new_weapon").is_not_null()))
    if hashes is not None:
        out = out.join(hashes.select("report_id", c("content_hash").alias("_now")), on="report_id", how="left",
                       maintain_order="left")
        stale = c("_hash").is_not_null() & c("_now").is_not_null() & (c("_hash") != c("_now"))
    else:
        out, stale = out.with_columns(pl.lit(None, pl.Utf8).alias("_now")), pl.lit(False)
    return out.with_columns(
        c("_decision").replace_strict(_STATUS, default=None, return_dtype=pl.Utf8).alias("review"),
        c("reviewer").alias("reviewed_by"), c("decided").alias("reviewed_on"),
        stale.fill_null(False).alias("second_look")).drop("_now")


def review_nights(nights: set[date], reviews: pl.DataFrame) -> set[date]:
    """The nights to reconcile again with `nights`: a reviewed claim moved from one of them to another night (or
    into one of them from another) ties the two, so both are reconciled from the same claims."""
    pairs = [(a, b) for a, b in zip(reviews["claim_date"], reviews["attack_date"], strict=True)
             if a is not None and b is not None and a != b]
    out = set(nights)
    while True:
        grown = out | {b for a, b in pairs if a in out} | {a for a, b in pairs if b in out}
        if grown == out:
            return out
        out = grown


def decision_row(claim: dict, claim_key: str, content_hash: str, decision: str, reviewer: str,
                 values: dict | None = None, note: str | None = None, now: datetime | None = None) -> pl.DataFrame:
    """One validated row of the reviews table (ValueError naming what is wrong)."""
    values = {k: v for k, v in (values or {}).items() if v is not None}
    outage = "region" in claim  # an outage claim: its region and kind are what a correction may change
    unknown = set(values) - set(OUTAGE_MOVES if outage else (*MEASURES, *MOVES))
    if unknown:
        raise ValueError(f"cannot correct {', '.join(sorted(unknown))} of {'an outage' if outage else 'a strike'} "
                         f"claim")
    if values.get("region") is not None and values["region"] not in REGION_CODES:
        raise ValueError(f"region {values['region']!r} is not a region code (ISO 3166-2, such as UA-30 or UA-63)")
    if values.get("kind") is not None and values["kind"] not in OUTAGE_KINDS:
        raise ValueError(f"kind {values['kind']!r} is not one of {', '.join(OUTAGE_KINDS)}")
    if decision == "correct" and not values:
        raise ValueError("a correction needs at least one value (" + (
            "--region, --kind)" if outage else "--launched, --shot-down, --date, ...)"))
    if decision != "correct" and values:
        raise ValueError(f"values are given only with a correction, not with {decision}")
    row = {"review_id": uuid.uuid4().hex, "claim_key": claim_key, "claim_id": claim["claim_id"],
           "report_id": claim["report_id"], "content_hash": content_hash, "claim_date": claim.get("attack_date"),
           "decision": decision, **{k: values.get(k) for k in (*MEASURES, *MOVES, *OUTAGE_MOVES)},
           "reviewer": reviewer, "decided": now or datetime.now(UTC), "note": note}
    frame = pl.DataFrame([row], schema=polars_schema(ReviewTable), orient="row")
    broken = failures(ReviewTable, frame)
    if broken:
        raise ValueError("; ".join(m for ms in broken.values() for m in ms))
    return frame
