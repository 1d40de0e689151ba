"""One attack night: its outcome per class and type, and which rule chose each figure. Pure, no I/O.

The outcome runs launched -> shot down -> suppressed -> stopped without a split -> not stopped, where
not stopped = launched - stopped, known only when the night states both and they do not contradict each
other. The rule behind a figure is the reconciliation rule (etl/reconcile.py) that set the chosen claim
above the best other claim stating that measure.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from dashboard.stats import contradictory, same_claim, stopped, with_split
from etl.model import MEASURES

__all__ = ["outcome", "reasons", "RULES", "STEPS"]

STEPS = ("launched", "shot_down", "suppressed", "unsplit", "not_stopped")  # the waterfall, left to right
RULES = ("record_sum", "only", "official", "exact", "later", "tie")  # why a figure was chosen
OFFICIAL = {"record", "regional", "official"}
KIND_RANK = {"record": 3, "regional": 2, "official": 1, "press": 0}
c = pl.col


def outcome(rows: pl.DataFrame) -> pl.DataFrame:
    """Per attacks row of a night (class rows first, then types): the waterfall's figures, the stopped total,
    whether the figures contradict each other or come from different claims."""
    if rows.is_empty():
        return rows.with_columns(*(pl.lit(None, pl.Int64).alias(m) for m in ("unsplit", "stopped", "not_stopped")),
                                 pl.lit(None, pl.Boolean).alias("contradictory"), pl.lit(None, pl.Boolean).alias("mixed"))
    split = with_split(rows)
    known = c("launched").is_not_null() & stopped(True).is_not_null()
    bad = contradictory()
    return split.with_columns(
        c("unsplit_n").alias("unsplit"), stopped(True).alias("stopped"), bad.alias("contradictory"),
        (known & ~same_claim(True).fill_null(False)).alias("mixed"),
        pl.when(known & ~bad).then(c("launched") - c("stopped_n")).alias("not_stopped"),
    ).sort(c("row_kind") != "class", "weapon", c("type").fill_null(""), c("model").fill_null("")).drop(
        [f"{m}_n" for m in ("launched", "shot_down", "suppressed", "unsplit", "stopped")])


def _key(claim: dict, measure: str) -> tuple:
    """How a claim ranks for one measure under the reconciliation rule: official, exact, later, kind."""
    published = claim.get("published")
    return (claim["source_kind"] in OFFICIAL, (claim.get(f"q_{measure}") or "exact") == "exact",
            published.timestamp() if isinstance(published, datetime) else float("-inf"),
            KIND_RANK.get(claim["source_kind"], 0))


def reasons(attack: dict, claims: pl.DataFrame) -> dict[str, str]:
    """Measure -> the rule that chose the attack row's figure (see RULES), for each figure it has.

    `claims` are the claims behind the row (dashboard/evidence.claims_of)."""
    out = {}
    rows = claims.to_dicts()
    for m in MEASURES:
        chosen = attack.get(f"from_{m}")
        if attack.get(m) is None or not chosen:
            continue
        if chosen.startswith("table:"):
            out[m] = "record_sum"
            continue
        mine = next((r for r in rows if r["claim_id"] == chosen), None)
        others = [r for r in rows if r[m] is not None and r["claim_id"] != chosen]
        if mine is None or not others:
            out[m] = "only"
            continue
        best = max(_key(r, m) for r in others)
        ranks = _key(mine, m)
        decided = next((n for n, (a, b) in enumerate(zip(ranks, best, strict=True)) if a != b), None)
        out[m] = ("official", "exact", "later", "tie")[decided] if decided is not None else "tie"
    return out
