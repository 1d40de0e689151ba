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

Outage claims (`outage_flags`) are flagged `fallback` when their own sentence named no region (it was taken from an
earlier sentence, the section heading, the title or the lead: OutageClaim.region_from) and `undated` when they
have no date.

The Kaggle table's rows are the record itself and are not flagged. Each flag has a weight: how far the claim's
figure would move its night's reconciled figure (the review queue puts the heaviest first); an outage claim's is
1, the one report it adds to its region's count on the outage map (0 when undated: it is on no map).

Each detail is written from a template of DETAILS and its values, kept beside it in `args`, so that the dashboard
writes it in the interface language (the templates are in its gettext catalogue).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

from etl.model import MEASURES
from etl.schemas import RULES, FlagTable, StrikeClaimTable, failure_checks, polars_schema

__all__ = ["FlagOptions", "claim_flags", "outage_flags", "DEFAULT_FLAGS", "DETAILS", "N_"]

TABLE_KINDS = ("record", "regional")
OFFICIAL = ("record", "regional", "official")
c = pl.col


@dataclass(frozen=True)
class FlagOptions:
    """The settings review_share and review_extreme."""

    share: float = 0.2
    extreme: int = 1000


DEFAULT_FLAGS = FlagOptions()


def N_(text: str) -> str:  # noqa: N802 - gettext's marker convention
    """Marks a detail template for the dashboard's catalogue (babel.cfg extracts this module); the text itself."""
    return text


# key -> the English template of a detail. Values: {measure}, {attacker}, {region} codes; {figures} a list of
# [measure, value]; {said} a list of launched figures; {day}, {period_start}, {period_end} ISO dates (or a period
# "start..end"); the other values counts.
DETAILS = {
    "undated": N_("no night or period for these figures"),
    "undated_unpublished": N_("no night or period for these figures (the report has no published date)"),
    "extreme": N_("{measure} {value} is more than review_extreme ({limit}) in one night"),
    "shot_down_exceeds_launched": N_("{shot_down} shot down is more than the {launched} launched"),
    "neutralized_below_shot_down": N_("{neutralized} stopped in total is less than the {shot_down} shot down"),
    "neutralized_exceeds_launched": N_("{neutralized} stopped in total is more than the {launched} launched"),
    "period_reversed": N_("the period ends ({period_end}) before it starts ({period_start})"),
    "twice": N_("the report gives this night twice: {said}"),
    "against_record": N_("{measure} {mine} against {chosen} taken from the record source of the night"),
    "against_regional": N_("{measure} {mine} against {chosen} taken from the regional source of the night"),
    "against_official": N_("{measure} {mine} against {chosen} taken from the official source of the night"),
    "against_press": N_("{measure} {mine} against {chosen} taken from the press source of the night"),
    "measure_default": N_("{figures}: no measure was said: taken as launched"),
    "attacker_default": N_("{figures}: no attacker was named: taken as {attacker}, the default"),
    "attacker_carried": N_("{figures}: no attacker was named in its sentence: {attacker}, carried from the figures "
                           "before"),
    "date_document": N_("{figures}: no date was said: {day}, the report's night or published day"),
    "date_paragraph": N_("{figures}: no date was stated in its sentence: {day}, from earlier in its paragraph or a "
                         "relative word such as 'overnight' read against the published day"),
    "fell_back": N_("{figures}: its {name} fell back to {cue}"),
    "region_paragraph": N_("region {region}: its sentence names no region: taken from an earlier sentence of its "
                           "paragraph"),
    "region_section": N_("region {region}: its sentence names no region: taken from the section heading above it"),
    "region_report": N_("region {region}: its sentence names no region: the last place named before it in the "
                        "report (after a word such as 'the city')"),
    "region_title": N_("region {region}: its sentence names no region: taken from the report's title"),
    "region_lead": N_("region {region}: its sentence names no region: taken from the report's first sentence"),
    "outage_undated": N_("no date for this outage"),
    "outage_undated_unpublished": N_("no date for this outage (the report has no published date)"),
}
FELL_BACK = {("measure", "default"): "measure_default", ("attacker", "default"): "attacker_default",
             ("attacker", "carried"): "attacker_carried", ("date", "document"): "date_document",
             ("date", "paragraph"): "date_paragraph"}  # (property, cue kind) -> its key in DETAILS


def english(key: str, values: dict) -> str:
    """A detail in English, as stored and as `strikes review list` prints it."""
    shown = {k: _plain(k, v) for k, v in values.items()}
    return DETAILS[key].format(**shown) if key in DETAILS else key


def _plain(name: str, value) -> str:
    if name == "figures":
        return ", ".join(f"{m.replace('_', ' ')} {v}" for m, v in value)
    if name == "said":
        return " and ".join(f"{'?' if v is None else v} launched" for v in value)
    if name == "measure":
        return value.replace("_", " ")
    return str(value)


def claim_flags(claims: pl.DataFrame, attacks: pl.DataFrame, options: FlagOptions = DEFAULT_FLAGS) -> pl.DataFrame:
    """The flags of the extracted class claims given (against the reconciled class rows of their nights)."""
    own = claims.filter((c("row_kind") == "class") & ~c("source_kind").is_in(TABLE_KINDS))
    rows = [*_undated(own), *_extreme(own, options.extreme), *_contradictions(own),
            *_disagreements(own, claims, attacks, options.share), *_fallbacks(own, attacks)]
    return _frame(rows)


def _flag(row: dict, reason: str, key: str, values: dict, weight: int | None) -> dict:
    return {"claim_id": row["claim_id"], "report_id": row["report_id"], "reason": reason,
            "detail": english(key, values), "weight": max(0, int(weight or 0)),
            "args": json.dumps({"key": key, **values}, ensure_ascii=False, default=str)}


def _frame(rows: list[dict]) -> pl.DataFrame:
    schema = polars_schema(FlagTable)
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(rows, schema=schema, orient="row").unique(["claim_id", "reason", "detail"],
                                                                  maintain_order=True)


def outage_flags(outages: pl.DataFrame) -> pl.DataFrame:
    """The flags of outage claims (rows of `outage_claims`): a region taken from outside its own sentence, no date."""
    rows = []
    for r in outages.iter_rows(named=True):
        if r.get("region_from"):
            rows.append(_flag(r, "fallback", f"region_{r['region_from']}", {"region": r["region"]},
                              0 if r["date"] is None else 1))
        if r["date"] is None:
            rows.append(_flag(r, "undated", "outage_undated" + ("_unpublished" if r["published"] is None else ""),
                              {}, 0))
    return _frame(rows)


def _largest(row: dict) -> int:
    return max((row[m] or 0) for m in MEASURES)


def _undated(own: pl.DataFrame) -> list[dict]:
    undated = own.filter(c("attack_date").is_null() & c("period_start").is_null() & c("period_end").is_null())
    return [_flag(r, "undated", "undated" + ("_unpublished" if r["published"] is None else ""), {}, _largest(r))
            for r in undated.iter_rows(named=True)]


def _extreme(own: pl.DataFrame, limit: int) -> list[dict]:
    out = []
    for r in own.filter(c("attack_date").is_not_null()).iter_rows(named=True):
        out += [_flag(r, "extreme", "extreme", {"measure": m, "value": r[m], "limit": limit}, r[m])
                for m in MEASURES if r[m] is not None and r[m] > limit]
    return out


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
        said: dict[tuple[str, str], list[str]] = {}  # what fell back, to what -> the figures it fell back for
        for m, fallen in json.loads(r["fallbacks"]).items():
            if r.get(m) is None:
                continue
            for name, kind in sorted(fallen.items(), key=lambda nk: ("measure", "attacker", "date").index(nk[0])):
                if name == "date" and day is None:
                    continue  # an undated figure: flagged `undated`
                said.setdefault((name, kind), []).append(m)
        for (name, kind), measures in said.items():
            values = {"figures": [[m, r[m]] for m in MEASURES if m in measures],
                      **({"attacker": r["attacker"]} if name == "attacker" else {"day": str(day)} if name == "date"
                         else {})}
            key = FELL_BACK.get((name, kind))
            if key is None:
                key, values = "fell_back", {"figures": values["figures"], "name": name, "cue": kind}
            out.append(_flag(r, "fallback", key, values, max(_moves(r, m) for m in measures)))
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
            out += [_flag(row, "contradicts_report", check, _rule_values(row), _largest(row)) for check, _ in checks
                    if check in RULES]
    keys = ["report_id", "attack_date", "attacker", "weapon"]
    dated = own.filter(c("attack_date").is_not_null())
    twice = dated.filter(pl.len().over(keys) > 1)
    for _, group in twice.group_by(keys, maintain_order=True):
        figures = {tuple(r[m] for m in MEASURES) for r in group.iter_rows(named=True)}
        if len(figures) < 2:
            continue
        said = {"said": [r["launched"] for r in group.iter_rows(named=True)]}
        spread = max(group[m].max() - group[m].min() for m in MEASURES if group[m].null_count() == 0) \
            if any(group[m].null_count() == 0 for m in MEASURES) else 0
        out += [_flag(r, "contradicts_report", "twice", said, spread) for r in group.iter_rows(named=True)]
    return out


def _rule_values(row: dict) -> dict:
    """The values the rules' details name (etl/schemas.py RULES)."""
    return {k: row[k] for k in (*MEASURES, "period_start", "period_end") if row.get(k) is not None}


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
            out.append(_flag(r, reason, f"against_{kind}", {"measure": m, "mine": mine, "chosen": chosen},
                             abs(mine - chosen)))
    return out
