"""Reconciling some nights again: what a refresh and a review decision change in the attacks table.

Only the nights whose claims changed are reconciled again, from every claim in use for them with the analysts'
decisions applied (etl/review.py); the other nights stay as they were. A decision that moves a claim to another
night ties the two nights, so both are reconciled from the same claims.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from etl.frames import problem_row
from etl.reconcile import reconcile
from etl.review import review_nights, reviewed_claims
from etl.schemas import RULES, AttackTable, StrikeClaimTable, failure_checks, polars_schema
from etl.store import read_columns

__all__ = ["reconcile_nights", "attack_problem_rows"]

c = pl.col


def reconcile_nights(store: Path, attacks: pl.DataFrame, nights: set[date], excluded: list[str],
                     new_claims: pl.DataFrame, reviews: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The attacks table with `nights` (and the nights reviews tie to them) reconciled again from the claims in
    use: the stored ones less the `excluded` reports' (replaced or withdrawn), and `new_claims`; and those claims
    (as extracted)."""
    moved_in = reviews.filter(c("claim_date").is_null() & c("attack_date").is_not_null())
    nights = review_nights(set(nights) | set(moved_in["attack_date"]), reviews)
    if not nights:
        return attacks, new_claims.clear()
    days = sorted(nights)
    columns = list(polars_schema(StrikeClaimTable))
    stored = read_columns(store, "strike_claims", columns, keys=("attack_date", days))
    undated = read_columns(store, "strike_claims", columns, keys=("report_id", moved_in["report_id"].unique().to_list()))
    out = pl.Series(excluded, dtype=pl.Utf8).implode()
    fresh_new = new_claims.select(columns)
    kept = pl.concat([stored, undated.filter(c("attack_date").is_null())]).filter(~c("report_id").is_in(out))
    claims = pl.concat([kept, fresh_new.filter(c("attack_date").is_null() | c("attack_date").is_in(days))])
    fresh = reconcile(reviewed_claims(claims, reviews)).filter(c("attack_date").is_in(days))
    merged = pl.concat([attacks.filter(~c("attack_date").is_in(days)), fresh])
    return merged.sort(c("attack_date"), c("attacker"), c("weapon"), c("row_kind") != "class",
                       c("type").fill_null(""), c("model").fill_null("")), claims


def attack_problem_rows(attacks: pl.DataFrame) -> list[dict]:
    """Reconciled rows whose figures, taken from different claims, contradict each other.

    Raises ValueError when a row breaks the table's schema (not only a cross-field rule): such a
    table must never be stored, and the store is left as it was."""
    found = failure_checks(AttackTable, attacks)
    broken = [m for checks in found.values() for check, m in checks if check not in RULES]
    if broken:
        raise ValueError(f"table attacks fails its schema ({len(broken)} rows), e.g. {broken[0]}")
    return [problem_row(None, "attacks", None, "validate",
                        m.replace("contradictory figures", "figures reconciled from different sources contradict"))
            for checks in found.values() for _, m in checks]
