"""The previous row-by-row `etl.reconcile`, kept unchanged as an oracle for the vectorised one.

Copied from etl/reconcile.py before it was rewritten in polars expressions; the rule is the one its
module docstring states. Only tests/test_reconcile_equivalence.py uses it: do not change it to make
a test pass.
"""

from __future__ import annotations

import json
from collections import defaultdict

import polars as pl

from etl.model import MEASURES
from etl.schemas import AttackTable, polars_schema

APPROX_TOLERANCE = 0.10
KIND_RANK = {"record": 3, "regional": 2, "official": 1, "press": 0}
OFFICIAL = {"record", "regional", "official"}
KEY = ("attack_date", "attacker", "weapon", "row_kind", "type", "model")


def reconcile(claims: pl.DataFrame) -> pl.DataFrame:
    """The attacks table from the strike_claims table (class and type rows)."""
    dated = claims.filter(pl.col("attack_date").is_not_null() & pl.col("period_start").is_null())
    if dated.is_empty():
        return pl.DataFrame(schema=polars_schema(AttackTable))
    candidates = _record_claims(dated) + [
        _candidate(row, [row["claim_id"]]) for row in dated.filter(~_is_table_row()).iter_rows(named=True)
    ]
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for c in candidates:
        groups[tuple(c[k] for k in KEY)].append(c)
    rows = [_attack_row(key, members) for key, members in sorted(groups.items(), key=lambda kv: _sort_key(kv[0]))]
    return pl.DataFrame(rows, schema=polars_schema(AttackTable), orient="row")


def _is_table_row() -> pl.Expr:
    return pl.col("source_kind").is_in(["record", "regional"])


def _record_claims(dated: pl.DataFrame) -> list[dict]:
    """The Kaggle rows added up per night, weapon (and type), national and regional apart."""
    table = dated.filter(_is_table_row())
    if table.is_empty():
        return []
    national_nights = set(
        table.filter((pl.col("source_kind") == "record") & (pl.col("row_kind") == "class"))
        .select("attack_date", "attacker", "weapon").unique().iter_rows()
    )
    out = []
    group_cols = ["source_kind", *KEY]
    for key, part in table.group_by(group_cols, maintain_order=True):
        kind, attack_date, attacker, weapon = key[0], key[1], key[2], key[3]
        if kind == "regional" and (attack_date, attacker, weapon) in national_nights:
            continue  # never added to the national totals of the same night
        summed = {m: _sum(part[m]) for m in MEASURES}
        row = dict(zip(group_cols, key, strict=True))
        row.update(summed)
        row.update({f"q_{m}": "exact" if summed[m] is not None else None for m in MEASURES})
        row["published"] = part["published"].max()
        out.append(_candidate(row, part["claim_id"].to_list(), claim_id=_aggregate_id(row)))
    return out


def _sum(column: pl.Series) -> int | None:
    return None if column.null_count() == len(column) else int(column.sum())


def _aggregate_id(row: dict) -> str:
    parts = [row["source_kind"], str(row["attack_date"]), row["attacker"], row["weapon"]]
    if row["row_kind"] == "type":
        parts += [row["type"] or "", row["model"] or ""]
    return "table:" + ":".join(parts)


def _candidate(row: dict, members: list[str], claim_id: str | None = None) -> dict:
    """A claim as reconciliation sees it: its key, figures, qualifiers and rank."""
    out = {k: row[k] for k in KEY}
    out.update({m: row[m] for m in MEASURES})
    out.update({f"q_{m}": row[f"q_{m}"] for m in MEASURES})
    out["claim_id"] = claim_id or row["claim_id"]
    out["members"] = members
    out["kind"] = row["source_kind"]
    out["published"] = row["published"]
    return out


def _rank(c: dict, measure: str) -> tuple:
    published = c["published"].timestamp() if c["published"] is not None else float("-inf")
    return (c["kind"] in OFFICIAL, c[f"q_{measure}"] == "exact", published, KIND_RANK[c["kind"]], c["claim_id"])


def _attack_row(key: tuple, members: list[dict]) -> dict:
    row = dict(zip(KEY, key, strict=True))
    disagreements = []
    for m in MEASURES:
        stating = [c for c in members if c[m] is not None]
        if not stating:
            row.update({m: None, f"q_{m}": None, f"from_{m}": None})
            continue
        best = max(stating, key=lambda c, m=m: _rank(c, m))
        row.update({m: best[m], f"q_{m}": best[f"q_{m}"], f"from_{m}": best["claim_id"]})
        disagreements += [
            {"measure": m, "chosen": best[m], "chosen_claim": best["claim_id"], "other": c[m],
             "other_qualifier": c[f"q_{m}"], "other_claim": c["claim_id"], "other_kind": c["kind"]}
            for c in stating if c is not best and _disagrees(best[m], c[m], c[f"q_{m}"])
        ]
    row["claims"] = len(members)
    row["disagreement"] = bool(disagreements)
    row["disagreements"] = json.dumps(disagreements)
    row["sources"] = json.dumps(sorted({cid for c in members for cid in c["members"]}))
    return row


def _disagrees(chosen: int, other: int, qualifier: str | None) -> bool:
    """True when another claim's figure cannot be the chosen one."""
    if qualifier in (None, "exact"):
        return other != chosen
    if qualifier == "approx":
        return abs(other - chosen) > APPROX_TOLERANCE * max(chosen, other, 1)
    if qualifier == "at_least":
        return chosen < other
    return chosen > other  # at_most


def _sort_key(key: tuple) -> tuple:
    attack_date, attacker, weapon, row_kind, wtype, model = key
    return (attack_date, attacker, weapon, row_kind != "class", wtype or "", model or "")
