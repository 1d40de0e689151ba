"""The review queue, read through dashboard/data.py's snapshot (never the store itself): the flagged claims (strike
claims and outage claims) with their reasons, the decision in force on each, and one claim by its id, for the Review
page and `strikes review`."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboard.data import snapshot
from etl.model import MEASURES
from etl.review import OUTAGE_MOVES, claim_keys, in_force, outage_keys, short_id

__all__ = ["claims", "outages", "review_queue", "outage_queue", "find_claim", "night_claims", "area_claims", "with_text",
           "SHOWN"]

SHOWN = ("claim_id", "short_id", "report_id", "attack_date", "period_start", "period_end", "attacker", "weapon",
         *MEASURES, "source_kind", "published")
c = pl.col


def claims(store: str | Path) -> pl.DataFrame:
    """Every class claim in use as extracted, with its key, short id, reasons, weight and the decision in force."""
    snap = snapshot(store)

    def build() -> pl.DataFrame:
        rows = snap.extracted.filter(c("row_kind") == "class")
        keyed = rows.join(claim_keys(rows), on="claim_id", how="left", maintain_order="left")
        keyed = keyed.with_columns(c("claim_key").map_elements(short_id, return_dtype=pl.Utf8).alias("short_id"))
        return _reviewed(snap, keyed, (*MEASURES, "attack_date", "attacker", "weapon"))

    return snap.memo.get("review-claims", build)


def _reviewed(snap, keyed: pl.DataFrame, moves: tuple[str, ...]) -> pl.DataFrame:
    """Keyed claims with their flags (reason, detail, args: lists; weight), the decision in force (and its new_*
    values), their report's source, url and content hash, and whether the decision needs a second look (the text:
    with_text, for the rows shown)."""
    flags = snap.tables["claim_flags"].group_by("claim_id", maintain_order=True).agg(
        c("reason"), c("detail"), c("args"), c("weight").max().alias("weight"))
    keyed = keyed.join(flags, on="claim_id", how="left", maintain_order="left")
    decided = in_force(snap.tables["reviews"]).select(
        "claim_key", "decision", "reviewer", "decided", c("content_hash").alias("_reviewed_hash"),
        *[c(m).alias(f"new_{m}") for m in moves])
    keyed = keyed.join(decided, on="claim_key", how="left", maintain_order="left")
    hashes = snap.tables["reports"].select("report_id", "content_hash", "source", "url")
    keyed = keyed.join(hashes, on="report_id", how="left", maintain_order="left")
    stale = c("decision").is_not_null() & (c("_reviewed_hash") != c("content_hash")).fill_null(False)
    empty = pl.lit([], pl.List(pl.Utf8))
    return keyed.with_columns(stale.alias("second_look"), c("weight").fill_null(0), c("reason").fill_null(empty),
                              c("detail").fill_null(empty), c("args").fill_null(empty)).drop("_reviewed_hash")


def _needing_a_look(rows: pl.DataFrame, everything: bool) -> pl.DataFrame:
    """The flagged rows not yet decided, or decided on a report that changed since (reason report_changed added)."""
    rows = rows.with_columns(
        pl.when(c("second_look")).then(c("reason").list.concat(pl.lit(["report_changed"])))
        .otherwise(c("reason")).alias("reason"))
    flagged = rows.filter(c("reason").list.len() > 0)
    return flagged if everything else flagged.filter(c("decision").is_null() | c("second_look"))


def review_queue(store: str | Path, everything: bool = False) -> pl.DataFrame:
    """The claims that need a look: flagged and not yet decided, or decided on a report that changed since; the
    ones that move their night's reconciled figure most first (`everything`: decided ones too)."""
    flagged = _needing_a_look(claims(store), everything)
    return flagged.sort(["weight", "attack_date", "claim_id"], descending=[True, True, False], nulls_last=True)


def outage_queue(store: str | Path, everything: bool = False) -> pl.DataFrame:
    """The outage claims that need a look, as review_queue: those on an outage map first, the latest first."""
    flagged = _needing_a_look(outages(store), everything)
    return flagged.sort(["weight", "date", "claim_id"], descending=[True, True, False], nulls_last=True)


def find_claim(store: str | Path, ident: str) -> dict | None:
    """One class claim or outage claim by its claim_id or short id, None when the store has no such claim."""
    rows = claims(store).filter((c("claim_id") == ident) | (c("short_id") == ident))
    if not rows.height:
        rows = outages(store).filter((c("claim_id") == ident) | (c("short_id") == ident))
    return rows.row(0, named=True) if rows.height else None


def with_text(store: str | Path, rows: pl.DataFrame) -> pl.DataFrame:
    """Some rows of a queue with their report's text and, strike claims, their evidence and figure spans (read from
    the store version: neither is held)."""
    snap = snapshot(store)
    return snap.with_text(rows if "evidence" in rows.columns else snap.with_evidence(rows))


def outages(store: str | Path) -> pl.DataFrame:
    """Every outage claim in use as extracted, with its key, short id, reasons, weight, the decision in force and its
    report's source and content hash."""
    snap = snapshot(store)

    def build() -> pl.DataFrame:
        rows = snap.extracted_outages
        keyed = rows.join(outage_keys(rows), on="claim_id", how="left", maintain_order="left")
        keyed = keyed.with_columns(c("claim_key").map_elements(short_id, return_dtype=pl.Utf8).alias("short_id"))
        return _reviewed(snap, keyed, OUTAGE_MOVES)

    return snap.memo.get("review-outages", build)


def area_claims(store: str | Path, outage: dict) -> pl.DataFrame:
    """The other outage claims for the same date and region (as extracted), by source kind and publication."""
    if outage.get("date") is None:
        return outages(store).clear()
    rows = outages(store).filter((c("date") == outage["date"]) & (c("region") == outage["region"])
                                 & (c("claim_id") != outage["claim_id"]))
    return rows.sort(["source_kind", "published"], nulls_last=True)


def night_claims(store: str | Path, claim: dict) -> pl.DataFrame:
    """The other sources' claims for the same night, attacker and class (as extracted)."""
    if claim.get("attack_date") is None:
        return claims(store).clear()
    rows = claims(store).filter((c("attack_date") == claim["attack_date"]) & (c("attacker") == claim["attacker"])
                                & (c("weapon") == claim["weapon"]) & (c("claim_id") != claim["claim_id"]))
    return rows.sort(["source_kind", "published"], nulls_last=True)
