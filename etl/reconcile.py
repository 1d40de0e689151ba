"""Claims from many reports -> one row per attack date x attacker x weapon class (plus type rows).

The rule, per figure (launched, shot down, suppressed, neutralized), among the claims that state it:

0. a figure an analyst corrected beats every other (etl/review.py applies the decisions first; a rejected claim
   is not among the claims at all);
1. an official source beats a press retelling (the Air Force, ministries, and the Kaggle record
   transcribed from Air Force posts are official);
2. an exact figure beats an approximate or bounded one;
3. a later publication beats an earlier one (so a later update from the same source wins);
4. on a full tie, the record beats an official post, which beats the press.

The Kaggle table is the sum of its rows: one Air Force post is split over several rows (one per
missile model, sub-windows of one night), so its national rows for a night are added up into one
"record" claim. Rows of the regional air commands overlap with the national ones and are never
added to them: they form a "regional" claim that only counts for a night and weapon class with no
national row at all.

Every figure keeps the claim it came from; the claims that state a different figure are listed
as disagreements ("94 missiles" in a press report against the record's 93). Approximate figures
disagree only when they are more than 10% off; "more than N" and "up to N" when the chosen
figure is outside their bound. Period aggregates ("in January") are never added into attacks.

The rule runs as whole-column polars operations (group-bys, per-group maxima, joins), never a loop over claims,
so a store of a million claims reconciles in seconds; the JSON columns are built as text the way
json.dumps writes them (non-ASCII and control characters escaped as \\uXXXX, \\t, ...).
"""

from __future__ import annotations

import json

import polars as pl

from etl.model import MEASURES
from etl.schemas import AttackTable, polars_schema

__all__ = ["reconcile", "APPROX_TOLERANCE"]

APPROX_TOLERANCE = 0.10
KIND_RANK = {"record": 3, "regional": 2, "official": 1, "press": 0}
OFFICIAL = {"record", "regional", "official"}
KEY = ("attack_date", "attacker", "weapon", "row_kind", "type", "model")
NIGHT = ["attack_date", "attacker", "weapon"]
_SPECIAL = r'[^ -~]|["\\]'  # what json.dumps escapes: outside printable ASCII, a quote, a backslash
c = pl.col


def reconcile(claims: pl.DataFrame) -> pl.DataFrame:
    """The attacks table from the strike_claims table (class and type rows)."""
    dated = claims.filter(c("attack_date").is_not_null() & c("period_start").is_null())
    if "review" not in dated.columns:
        dated = dated.with_columns(pl.lit(None, pl.Utf8).alias("review"))
    if dated.is_empty():
        return pl.DataFrame(schema=polars_schema(AttackTable))
    candidates = pl.concat([_record_claims(dated), _own_claims(dated)]).with_row_index("order")
    # A group (one attacks row) is known by the position of its first candidate, the order rows keep on a tie.
    candidates = candidates.with_columns(c("order").min().over(KEY).alias("group"))
    groups = candidates.group_by("group").agg(*[c(k).first() for k in KEY], pl.len().alias("claims"))
    escapes = _json_escapes(candidates)
    groups = groups.join(_sources(candidates, escapes), on="group", how="left")
    for m in MEASURES:
        best, disagree = _figure(candidates, m, escapes)
        groups = groups.join(best, on="group", how="left").join(disagree, on="group", how="left")
    listed = pl.concat_list([c(f"_d_{m}") for m in MEASURES]).list.drop_nulls()
    groups = groups.with_columns((listed.list.len() > 0).alias("disagreement"),
                                 ("[" + listed.list.join(", ") + "]").alias("disagreements"))
    groups = _reviewed(groups, candidates)
    order = [c("attack_date"), c("attacker"), c("weapon"), c("row_kind") != "class", c("type").fill_null(""),
             c("model").fill_null(""), c("group")]
    schema = polars_schema(AttackTable)
    return groups.sort(order).select([c(name).cast(dtype) for name, dtype in schema.items()])


def _reviewed(groups: pl.DataFrame, candidates: pl.DataFrame) -> pl.DataFrame:
    """"corrected" on a row with a figure from a corrected claim, else "confirmed" with one from a confirmed claim."""
    marked = candidates.filter(c("review").is_not_null())
    status = dict(zip(marked["claim_id"], marked["review"], strict=True))
    if not status:
        return groups.with_columns(pl.lit(None, pl.Utf8).alias("reviewed"))
    taken = [c(f"from_{m}").replace_strict(status, default=None, return_dtype=pl.Utf8) for m in MEASURES]
    corrected = pl.any_horizontal([t == "corrected" for t in taken]).fill_null(False)
    confirmed = pl.any_horizontal([t == "confirmed" for t in taken]).fill_null(False)
    return groups.with_columns(pl.when(corrected).then(pl.lit("corrected")).when(confirmed)
                               .then(pl.lit("confirmed")).otherwise(None).alias("reviewed"))


def _sources(candidates: pl.DataFrame, escapes: dict[str, str]) -> pl.DataFrame:
    """Per group, the JSON list of the claim ids behind it, sorted."""
    ids = candidates.select("group", c("members").alias("id")).explode("id").unique()
    listed = ids.group_by("group").agg(_escaped(c("id").sort(), escapes).str.join('", "'))
    return listed.select("group", ('["' + c("id") + '"]').alias("sources"))


def _is_table_row() -> pl.Expr:
    return c("source_kind").is_in(["record", "regional"])


def _record_claims(dated: pl.DataFrame) -> pl.DataFrame:
    """The Kaggle rows added up per night, weapon (and type), national and regional apart."""
    table = dated.filter(_is_table_row())
    national = table.filter((c("source_kind") == "record") & (c("row_kind") == "class")).select(NIGHT).unique()
    summed = table.group_by(["source_kind", *KEY], maintain_order=True).agg(
        *[pl.when(c(m).count() > 0).then(c(m).sum()).alias(m) for m in MEASURES],
        c("published").max(), c("claim_id").alias("members"), c("review").drop_nulls().sort(descending=True).first())
    summed = summed.join(national.with_columns(pl.lit(True).alias("_national")), on=NIGHT, how="left",
                         maintain_order="left")
    summed = summed.filter(~((c("source_kind") == "regional") & c("_national").fill_null(False)))
    parts = [c("source_kind"), c("attack_date").cast(pl.Utf8), c("attacker"), c("weapon")]
    typed = pl.concat_str([*parts, c("type").fill_null(""), c("model").fill_null("")], separator=":")
    claim_id = "table:" + pl.when(c("row_kind") == "type").then(typed).otherwise(pl.concat_str(parts, separator=":"))
    return summed.select(
        *KEY, *MEASURES, *[pl.when(c(m).is_not_null()).then(pl.lit("exact")).alias(f"q_{m}") for m in MEASURES],
        claim_id.alias("claim_id"), c("members"), c("source_kind").alias("kind"), c("published"), c("review"))


def _own_claims(dated: pl.DataFrame) -> pl.DataFrame:
    """Every other claim is a candidate of its own."""
    return dated.filter(~_is_table_row()).select(
        *KEY, *MEASURES, *[f"q_{m}" for m in MEASURES], "claim_id", pl.concat_list("claim_id").alias("members"),
        c("source_kind").alias("kind"), "published", "review")


def _figure(candidates: pl.DataFrame, m: str, escapes: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per group, the best claim stating a figure (its value, qualifier and id), and the JSON records of the
    claims that state a figure it cannot be."""
    stating = candidates.filter(c(m).is_not_null()).with_columns(
        c("review").eq_missing("corrected").alias("_corrected"), c("kind").is_in(list(OFFICIAL)).alias("_official"), c(f"q_{m}").eq_missing("exact").alias("_exact"),
        c("published").cast(pl.Int64).fill_null(-(2**62)).alias("_published"),
        c("kind").replace_strict(KIND_RANK, return_dtype=pl.Int8).alias("_kind"))
    best = stating
    for rank in ("_corrected", "_official", "_exact", "_published", "_kind", "claim_id"):  # the rule, one criterion at a time
        best = best.filter(c(rank) == c(rank).max().over("group"))
    best = best.filter(c("order") == c("order").min().over("group")).select(
        "group", c(m), c(f"q_{m}"), c("claim_id").alias(f"from_{m}"), c("order").alias("_best"))
    others = stating.join(best.select("group", c(m).alias("_chosen"), c(f"from_{m}").alias("_chosen_claim"), "_best"),
                          on="group", how="inner", maintain_order="left")
    others = others.filter((c("order") != c("_best")) & _disagrees(c("_chosen"), c(m), c(f"q_{m}")))
    texts = [_quoted(c(name), escapes) for name in ("_chosen_claim", f"q_{m}", "claim_id", "kind")]
    record = pl.format('{{"measure": "{}", "chosen": {}, "chosen_claim": {}, "other": {}, "other_qualifier": {}, '
                       '"other_claim": {}, "other_kind": {}}}', pl.lit(m), c("_chosen"), texts[0], c(m), *texts[1:])
    disagree = others.sort("order").group_by("group", maintain_order=True).agg(record.str.join(", ").alias(f"_d_{m}"))
    return best.drop("_best"), disagree


def _disagrees(chosen: pl.Expr, other: pl.Expr, qualifier: pl.Expr) -> pl.Expr:
    """True when another claim's figure cannot be the chosen one."""
    approx = (other - chosen).abs() > APPROX_TOLERANCE * pl.max_horizontal(chosen, other, pl.lit(1))
    return (pl.when(qualifier.is_null() | (qualifier == "exact")).then(other != chosen)
            .when(qualifier == "approx").then(approx)
            .when(qualifier == "at_least").then(chosen < other)
            .otherwise(chosen > other))


def _json_escapes(candidates: pl.DataFrame) -> dict[str, str]:
    """Every character of the candidates' texts that json.dumps escapes (quote, backslash, control and
    non-ASCII characters), with its escape; a loop over distinct characters, not claims."""
    texts = ["claim_id", "kind", *[f"q_{m}" for m in MEASURES]]
    every = pl.concat([candidates["members"].explode(), *[candidates[name] for name in texts]])
    special = every.filter(every.str.contains(_SPECIAL)).str.extract_all(_SPECIAL).explode().unique()
    return {char: json.dumps(char)[1:-1] for char in special}


def _escaped(text: pl.Expr, escapes: dict[str, str]) -> pl.Expr:
    """A text escaped for a JSON string, as json.dumps (ensure_ascii) escapes it."""
    return text.str.replace_many(list(escapes), list(escapes.values())) if escapes else text


def _quoted(text: pl.Expr, escapes: dict[str, str]) -> pl.Expr:
    """A text as a JSON string (null as null)."""
    return pl.when(text.is_null()).then(pl.lit("null")).otherwise('"' + _escaped(text, escapes) + '"')
