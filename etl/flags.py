"""Why an extracted claim needs a look: pure functions from the claims and the reconciled attacks of some nights
to rows of the `claim_flags` table (etl/schemas.py FlagTable), one per claim and reason.

- `disagrees_with_record` / `disagrees_with_source`: a figure more than `share` away from the figure its night
  was reconciled to, taken from the record (the Kaggle table or an official post) or from another source;
- `contradicts_report`: a claim whose own figures contradict each other (59 shot down of 8 launched), or a report
  that gives the same night, attacker and class twice with different figures;
- `undated`: a figure with no night or period (an undated report, or no date found for it);
- `extreme`: a figure of one night above `extreme`;
- `fallback`: a figure whose measure, attacker or date no words of its own sentence said (the extractor fell
  back to launched, to Russia, to the side of the figures before, to the date of the paragraph or the report).

The Kaggle table's rows are the record itself and are not flagged. Each flag has a weight: how far the claim's
figure would move its night's reconciled figure (the review queue puts the heaviest first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

from etl.model import MEASURES
from etl.schemas import RULES, FlagTable, StrikeClaimTable, failure_checks, polars_schema

__all__ = ["FlagOptions", "claim_flags", "DEFAULT_FLAGS"]

TABLE_KINDS = ("record", "regional")
OFFICIAL = ("record", "regional", "official")
c = pl.col


@dataclass(frozen=True)
class FlagOptions:
    """The settings review_share and review_extreme."""

    share: float = 0.2
    extreme: int = 1000


DEFAULT_FLAGS = FlagOptions()


def claim_flags(claims: pl.DataFrame, attacks: pl.DataFrame, options: FlagOptions = DEFAULT_FLAGS) -> pl.DataFrame:
    """The flags of the extracted class claims given (against the reconciled class rows of their nights)."""
    own = claims.filter((c("row_kind") == "class") & ~c("source_kind").is_in(TABLE_KINDS))
    rows = [*_undated(own), *_extreme(own, options.extreme), *_contradictions(own),
            *_disagreements(own, claims, attacks, options.share), *_fallbacks(own, attacks)]
    schema = polars_schema(FlagTable)
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(rows, schema=schema, orient="row").unique(["claim_id", "reason", "detail"],
                                                                  maintain_order=True)


def _flag(row: dict, reason: str, detail: str, weight: int | None) -> dict:
    return {"claim_id": row["claim_id"], "report_id": row["report_id"], "reason": reason, "detail": detail,
            "weight": max(0, int(weight or 0))}


def _largest(row: dict) -> int:
    return max((row[m] or 0) for m in MEASURES)


def _undated(own: pl.DataFrame) -> list[dict]:
    undated = own.filter(c("attack_date").is_null() & c("period_start").is_null() & c("period_end").is_null())
    return [_flag(r, "undated", "no night or period for these figures" + (
        " (the report has no published date)" if r["published"] is None else ""), _largest(r))
            for r in undated.iter_rows(named=True)]


def _extreme(own: pl.DataFrame, limit: int) -> list[dict]:
    out = []
    for r in own.filter(c("attack_date").is_not_null()).iter_rows(named=True):
        out += [_flag(r, "extreme", f"{m.replace('_', ' ')} {r[m]} is more than review_extreme ({limit}) in one night",
                      r[m]) for m in MEASURES if r[m] is not None and r[m] > limit]
    return out


FELL_BACK = {  # (property, cue kind) -> what the figure fell back to, said of the claim's row
    ("measure", "default"): "no measure was said: taken as launched",
    ("attacker", "default"): "no attacker was named: taken as {attacker}, the default",
    ("attacker", "carried"): "no attacker was named in its sentence: {attacker}, carried from the figures before",
    ("date", "document"): "no date was said: {day}, the report's night or published day",
    ("date", "paragraph"): "no date was stated in its sentence: {day}, from earlier in its paragraph or a relative "
                           "word such as 'overnight' read against the published day",
}


def _fallbacks(own: pl.DataFrame, attacks: pl.DataFrame) -> list[dict]:
    """Weighed by how far the night's reconciled figure would move were the fallback wrong: by the whole figure
    when the night took it from this claim, else by its difference from the figure the night took."""
    nights = attacks.filter(c("row_kind") == "class").select(
        "attack_date", "attacker", "weapon", *[c(m).alias(f"_chosen_{m}") for m in MEASURES],
        *[f"from_{m}" for m in MEASURES])
    rows = own.filter(c("fallbacks").is_not_null()).join(nights, on=["attack_date", "attacker", "weapon"], how="left")
    out = []
    for r in rows.iter_rows(named=True):
        day = r["attack_date"] or (f"{r['period_start']}..{r['period_end']}"
                                   if r["period_start"] or r["period_end"] else None)
        said: dict[str, list[str]] = {}  # what fell back -> the figures it fell back for
        for m, fallen in json.loads(r["fallbacks"]).items():
            if r.get(m) is None:
                continue
            for name, kind in sorted(fallen.items(), key=lambda nk: ("measure", "attacker", "date").index(nk[0])):
                if name == "date" and day is None:
                    continue  # an undated figure: flagged `undated`
                text = FELL_BACK.get((name, kind), f"its {name} fell back to {kind}")
                said.setdefault(text.format(attacker=r["attacker"], day=day), []).append(m)
        for text, measures in said.items():
            figures = ", ".join(f"{m.replace('_', ' ')} {r[m]}" for m in MEASURES if m in measures)
            out.append(_flag(r, "fallback", f"{figures}: {text}", max(_moves(r, m) for m in measures)))
    return out


def _moves(row: dict, measure: str) -> int:
    chosen = row[f"_chosen_{measure}"]
    if row[f"from_{measure}"] == row["claim_id"] or chosen is None:
        return row[measure]
    return abs(row[measure] - chosen)


def _contradictions(own: pl.DataFrame) -> list[dict]:
    out = []
    rows = own.select(list(polars_schema(StrikeClaimTable)))
    for index, checks in failure_checks(StrikeClaimTable, rows).items():
        if index >= 0:
            row = rows.row(index, named=True)
            out += [_flag(row, "contradicts_report", message, _largest(row)) for check, message in checks
                    if check in RULES]
    keys = ["report_id", "attack_date", "attacker", "weapon"]
    dated = own.filter(c("attack_date").is_not_null())
    twice = dated.filter(pl.len().over(keys) > 1)
    for _, group in twice.group_by(keys, maintain_order=True):
        figures = {tuple(r[m] for m in MEASURES) for r in group.iter_rows(named=True)}
        if len(figures) < 2:
            continue
        said = " and ".join(f"{r['launched'] if r['launched'] is not None else '?'} launched"
                            for r in group.iter_rows(named=True))
        spread = max(group[m].max() - group[m].min() for m in MEASURES if group[m].null_count() == 0) \
            if any(group[m].null_count() == 0 for m in MEASURES) else 0
        out += [_flag(r, "contradicts_report", f"the report gives this night twice: {said}", spread)
                for r in group.iter_rows(named=True)]
    return out


def _disagreements(own: pl.DataFrame, claims: pl.DataFrame, attacks: pl.DataFrame, share: float) -> list[dict]:
    kinds = dict(zip(claims["claim_id"], claims["source_kind"], strict=True))
    nights = attacks.filter(c("row_kind") == "class").select(
        "attack_date", "attacker", "weapon", *[c(m).alias(f"_chosen_{m}") for m in MEASURES],
        *[f"from_{m}" for m in MEASURES])
    joined = own.filter(c("attack_date").is_not_null()).join(nights, on=["attack_date", "attacker", "weapon"],
                                                             how="inner")
    out = []
    for r in joined.iter_rows(named=True):
        for m in MEASURES:
            mine, chosen, source = r[m], r[f"_chosen_{m}"], r[f"from_{m}"]
            if mine is None or chosen is None or source is None or source == r["claim_id"]:
                continue
            if abs(mine - chosen) <= share * max(chosen, mine, 1):
                continue
            kind = source.split(":")[1] if source.startswith("table:") else kinds.get(source, "press")
            reason = "disagrees_with_record" if kind in OFFICIAL else "disagrees_with_source"
            out.append(_flag(r, reason, f"{m.replace('_', ' ')} {mine} against {chosen} taken from the {kind} "
                                        f"source of the night", abs(mine - chosen)))
    return out
