"""The one schema module: every table's columns, types and cross-column rules (pandera + polars).

Validation is lazy and runs on collected frames (pandera skips data checks on a LazyFrame).
A failed row is never dropped silently: `failures` turns pandera's failure cases into one
readable message per failing row, which callers attach to the report or the problems table.
StrikeClaimTable has a plain-Python mirror, etl/claimrows.py, with which `strikes extract` passes rows without
importing pandera (issue 17); tests/test_claimrows.py fails until a change here is made there too.
"""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from etl.lexicon import REGION_CODES
from etl.model import ATTACKERS, EXTENTS, OUTAGE_KINDS, QUALIFIERS, REGION_FROM, SOURCE_KINDS, TYPES, WEAPONS

__all__ = [
    "SOURCE_KINDS",
    "ReportTable",
    "StrikeClaimTable",
    "OutageClaimTable",
    "AttackTable",
    "ProblemTable",
    "RefreshRunTable",
    "SourceFileTable",
    "AlertTable",
    "ALERT_LEVELS",
    "ReviewTable",
    "FlagTable",
    "DECISIONS",
    "FLAG_REASONS",
    "TABLES",
    "empty",
    "failures",
    "failure_checks",
    "RULES",
    "RENAMED",
]

UTC = pl.Datetime("us", "UTC")
COUNT = {"nullable": True, "ge": 0}


def _both(a: str, b: str) -> pl.Expr:
    """True where the rule does not apply: a figure is missing, or one of them is not exact."""
    inexact = [pl.col(f"q_{c}").is_not_null() & (pl.col(f"q_{c}") != "exact") for c in (a, b)]
    return pl.col(a).is_null() | pl.col(b).is_null() | inexact[0] | inexact[1]


class _Figures(pa.DataFrameModel):
    """Counts with their qualifiers, and the cross-field rules every table of counts obeys.

    The rules compare exact figures only ("about 620 stopped" does not contradict "623 shot down").
    A row that breaks one is kept and reported (see `RULES`), never dropped.
    """

    launched: pl.Int64 = pa.Field(**COUNT)
    shot_down: pl.Int64 = pa.Field(**COUNT)
    suppressed: pl.Int64 = pa.Field(**COUNT)
    neutralized: pl.Int64 = pa.Field(**COUNT)
    q_launched: pl.Utf8 = pa.Field(nullable=True, isin=QUALIFIERS)
    q_shot_down: pl.Utf8 = pa.Field(nullable=True, isin=QUALIFIERS)
    q_suppressed: pl.Utf8 = pa.Field(nullable=True, isin=QUALIFIERS)
    q_neutralized: pl.Utf8 = pa.Field(nullable=True, isin=QUALIFIERS)

    @pa.dataframe_check(error="shot_down_exceeds_launched")
    def shot_down_le_launched(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(_both("shot_down", "launched") | (pl.col("shot_down") <= pl.col("launched")))

    @pa.dataframe_check(error="neutralized_below_shot_down")
    def neutralized_ge_shot_down(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(_both("neutralized", "shot_down") | (pl.col("neutralized") >= pl.col("shot_down")))

    @pa.dataframe_check(error="neutralized_exceeds_launched")
    def neutralized_le_launched(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(_both("neutralized", "launched") | (pl.col("neutralized") <= pl.col("launched")))


class ReportTable(pa.DataFrameModel):
    """`reports`: one row per report read from a source."""

    report_id: pl.Utf8 = pa.Field(unique=True)
    origin: pl.Utf8
    path: pl.Utf8
    item: pl.Utf8 = pa.Field(nullable=True)
    source: pl.Utf8 = pa.Field(nullable=True)
    source_kind: pl.Utf8 = pa.Field(isin=SOURCE_KINDS)
    url: pl.Utf8 = pa.Field(nullable=True)
    published: UTC = pa.Field(nullable=True)
    published_date: pl.Date = pa.Field(nullable=True)
    language: pl.Utf8 = pa.Field(nullable=True)
    title: pl.Utf8 = pa.Field(nullable=True)
    text: pl.Utf8
    content_hash: pl.Utf8
    first_seen: UTC
    last_seen: UTC
    withdrawn: UTC = pa.Field(nullable=True)  # when its file was found gone; null while the report is in use

    class Config:
        strict = True


class _ClaimKeys(pa.DataFrameModel):
    claim_id: pl.Utf8
    report_id: pl.Utf8
    row_kind: pl.Utf8 = pa.Field(isin=("class", "type"))
    attack_date: pl.Date = pa.Field(nullable=True)
    period_start: pl.Date = pa.Field(nullable=True)
    period_end: pl.Date = pa.Field(nullable=True)
    attacker: pl.Utf8 = pa.Field(isin=ATTACKERS)
    weapon: pl.Utf8 = pa.Field(isin=WEAPONS)
    type: pl.Utf8 = pa.Field(nullable=True, isin=TYPES)
    model: pl.Utf8 = pa.Field(nullable=True)


class StrikeClaimTable(_Figures, _ClaimKeys):
    """`strike_claims`: what each report says, one class row per claim plus its type rows."""

    source_kind: pl.Utf8 = pa.Field(isin=SOURCE_KINDS)
    published: UTC = pa.Field(nullable=True)
    evidence: pl.Utf8  # JSON [[start, end], ...] into the report text
    figure_spans: pl.Utf8  # JSON {measure: [[start, end], ...]}
    # JSON {measure: {"measure"|"attacker"|"date": cue kind}}: what of each class figure fell back rather than being
    # said in its own sentence (etl/extract/figure.py FALLBACKS); null on type rows and in stores of older versions
    fallbacks: pl.Utf8 = pa.Field(nullable=True)

    @pa.dataframe_check(error="period_reversed")
    def period_in_order(cls, data) -> pl.LazyFrame:
        c = pl.col
        return data.lazyframe.select(c("period_start").is_null() | c("period_end").is_null()
                                     | (c("period_start") <= c("period_end")))

    class Config:
        strict = True


class OutageClaimTable(pa.DataFrameModel):
    """`outage_claims`: a region that lost power, heating or water, as a report says."""

    claim_id: pl.Utf8
    report_id: pl.Utf8
    date: pl.Date = pa.Field(nullable=True)
    region: pl.Utf8 = pa.Field(isin=REGION_CODES)
    extent: pl.Utf8 = pa.Field(nullable=True, isin=EXTENTS)
    kind: pl.Utf8 = pa.Field(nullable=True, isin=OUTAGE_KINDS)
    source_kind: pl.Utf8 = pa.Field(isin=SOURCE_KINDS)
    published: UTC = pa.Field(nullable=True)
    evidence: pl.Utf8
    # where the region was taken from when its own sentence named none (etl/model.py REGION_FROM); null when its
    # sentence named it, and in stores of older versions
    region_from: pl.Utf8 = pa.Field(nullable=True, isin=REGION_FROM)

    class Config:
        strict = True


class _AttackKeys(pa.DataFrameModel):
    attack_date: pl.Date
    attacker: pl.Utf8 = pa.Field(isin=ATTACKERS)
    weapon: pl.Utf8 = pa.Field(isin=WEAPONS)
    row_kind: pl.Utf8 = pa.Field(isin=("class", "type"))
    type: pl.Utf8 = pa.Field(nullable=True, isin=TYPES)
    model: pl.Utf8 = pa.Field(nullable=True)


class AttackTable(_Figures, _AttackKeys):
    """`attacks`: reconciled, one class row per attack date x attacker x weapon, plus type rows."""

    from_launched: pl.Utf8 = pa.Field(nullable=True)  # claim_id each figure was taken from
    from_shot_down: pl.Utf8 = pa.Field(nullable=True)
    from_suppressed: pl.Utf8 = pa.Field(nullable=True)
    from_neutralized: pl.Utf8 = pa.Field(nullable=True)
    claims: pl.Int64 = pa.Field(ge=1)  # how many claims were reconciled into the row
    disagreement: pl.Boolean
    disagreements: pl.Utf8  # JSON [{measure, chosen, other, claim_id, source}] of claims that differ
    sources: pl.Utf8  # JSON list of the claim_ids behind the row
    reviewed: pl.Utf8 = pa.Field(nullable=True, isin=("confirmed", "corrected"))  # a figure from a reviewed claim

    class Config:
        strict = True


class ProblemTable(pa.DataFrameModel):
    """`problems`: every report problem and every rejected row, with its reason."""

    report_id: pl.Utf8 = pa.Field(nullable=True)
    path: pl.Utf8 = pa.Field(nullable=True)
    item: pl.Utf8 = pa.Field(nullable=True)
    stage: pl.Utf8 = pa.Field(isin=("read", "extract", "validate", "import"))
    problem: pl.Utf8

    class Config:
        strict = True


class RefreshRunTable(pa.DataFrameModel):
    """`refresh_runs`: one row per refresh, with its counts, the code version and the state of each source."""

    run_id: pl.Utf8
    started: UTC
    finished: UTC
    read: pl.Int64 = pa.Field(ge=0)
    new: pl.Int64 = pa.Field(ge=0)
    changed: pl.Int64 = pa.Field(ge=0)
    unchanged: pl.Int64 = pa.Field(ge=0)
    withdrawn: pl.Int64 = pa.Field(ge=0)  # reports whose file was gone (kept in the store; "removed" before)
    failed: pl.Int64 = pa.Field(ge=0)
    code_version: pl.Utf8
    sources: pl.Utf8  # JSON list of the sources read
    extractor: pl.Utf8 = pa.Field(nullable=True)  # fingerprint of the extraction code and lexicons
    restored: pl.Int64 = pa.Field(nullable=True, ge=0)  # withdrawn reports whose file came back
    source_state: pl.Utf8 = pa.Field(nullable=True)  # JSON {source: {reports, kind, failed, reset}} after the run

    class Config:
        strict = True


class SourceFileTable(pa.DataFrameModel):
    """`source_files`: each file read by the last refresh, so an unchanged file is not read again."""

    path: pl.Utf8 = pa.Field(unique=True)
    origin: pl.Utf8  # the source (folder, file) it was found under
    size: pl.Int64 = pa.Field(ge=0)
    mtime_ns: pl.Int64

    class Config:
        strict = True


ALERT_LEVELS = ("oblast", "raion", "hromada")


class AlertTable(pa.DataFrameModel):
    """`alerts`: air-raid alerts from the sirens dataset (`alerts:PATH`), times in UTC, one row per alert."""

    region: pl.Utf8 = pa.Field(isin=REGION_CODES)
    level: pl.Utf8 = pa.Field(isin=ALERT_LEVELS)  # the alert covered the oblast, or a raion or hromada in it
    place: pl.Utf8 = pa.Field(nullable=True)  # the raion or hromada of a local alert
    started: UTC
    finished: UTC
    naive: pl.Boolean  # no end message: the dataset assumed the end (start + 30 minutes)
    origin: pl.Utf8  # the source it was read from
    line: pl.Int64 = pa.Field(ge=1)  # its line in that file

    @pa.dataframe_check(error="alert_ends_before_start")
    def ends_after_start(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("finished") >= pl.col("started"))

    class Config:
        strict = True


DECISIONS = ("confirm", "correct", "reject")
FLAG_REASONS = ("disagrees_with_record", "disagrees_with_source", "contradicts_report", "undated", "extreme",
                "report_changed", "fallback")


class ReviewTable(pa.DataFrameModel):
    """`reviews`: every decision an analyst took on a claim, never rewritten (the latest per claim_key is in force).

    Kept across refreshes, store versions and restores: each decision is also in `<store>.reviews.jsonl`."""

    review_id: pl.Utf8 = pa.Field(unique=True)
    claim_key: pl.Utf8  # report, night or period, attacker, class: stable when the report is extracted again
    claim_id: pl.Utf8  # the claim's id when it was reviewed
    report_id: pl.Utf8
    content_hash: pl.Utf8  # of the report as reviewed: a changed report's decision is marked for a second look
    claim_date: pl.Date = pa.Field(nullable=True)  # the claim's attack date as extracted
    decision: pl.Utf8 = pa.Field(isin=DECISIONS)
    launched: pl.Int64 = pa.Field(**COUNT)  # corrected values; null: as extracted
    shot_down: pl.Int64 = pa.Field(**COUNT)
    suppressed: pl.Int64 = pa.Field(**COUNT)
    neutralized: pl.Int64 = pa.Field(**COUNT)
    attack_date: pl.Date = pa.Field(nullable=True)
    attacker: pl.Utf8 = pa.Field(nullable=True, isin=ATTACKERS)
    weapon: pl.Utf8 = pa.Field(nullable=True, isin=WEAPONS)
    region: pl.Utf8 = pa.Field(nullable=True, isin=REGION_CODES)  # an outage claim's corrected region and kind
    kind: pl.Utf8 = pa.Field(nullable=True, isin=OUTAGE_KINDS)
    reviewer: pl.Utf8 = pa.Field(str_length={"min_value": 1})
    decided: UTC
    note: pl.Utf8 = pa.Field(nullable=True)

    @pa.dataframe_check(error="correction_without_values")
    def correction_has_values(cls, data) -> pl.LazyFrame:
        fields = ["launched", "shot_down", "suppressed", "neutralized", "attack_date", "attacker", "weapon", "region",
                  "kind"]
        given = pl.any_horizontal([pl.col(f).is_not_null() for f in fields])
        return data.lazyframe.select((pl.col("decision") != "correct") | given)

    class Config:
        strict = True


class FlagTable(pa.DataFrameModel):
    """`claim_flags`: why a claim needs a look, one row per claim and reason (computed by each refresh)."""

    claim_id: pl.Utf8
    report_id: pl.Utf8
    reason: pl.Utf8 = pa.Field(isin=FLAG_REASONS)
    detail: pl.Utf8
    weight: pl.Int64 = pa.Field(ge=0)  # how far the claim's figure moves its night's reconciled figure
    # JSON {"key": a key of etl/flags.py DETAILS, values...}: what the detail is written from, so the dashboard can
    # write it in the interface language; null in stores of older versions
    args: pl.Utf8 = pa.Field(nullable=True)

    class Config:
        strict = True


TABLES: dict[str, type[pa.DataFrameModel]] = {
    "reports": ReportTable,
    "strike_claims": StrikeClaimTable,
    "outage_claims": OutageClaimTable,
    "attacks": AttackTable,
    "problems": ProblemTable,
    "refresh_runs": RefreshRunTable,
    "source_files": SourceFileTable,
    "alerts": AlertTable,
    "reviews": ReviewTable,
    "claim_flags": FlagTable,
}


RENAMED = {"refresh_runs": {"withdrawn": "removed"}}  # table -> {column: its name in stores of older versions}


def polars_schema(model: type[pa.DataFrameModel]) -> dict[str, pl.DataType]:
    """Column name -> polars dtype of a table model."""
    return {name: col.dtype.type for name, col in model.to_schema().columns.items()}


def empty(model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """An empty frame with a table's columns."""
    return pl.DataFrame(schema=polars_schema(model))


RULES = ("shot_down_exceeds_launched", "neutralized_below_shot_down", "neutralized_exceeds_launched",
         "period_reversed")  # cross-field rules: broken rows are kept and listed as problems

_MESSAGES = {
    "shot_down_exceeds_launched": "{shot_down} shot down is more than the {launched} launched",
    "neutralized_below_shot_down": "{neutralized} stopped in total is less than the {shot_down} shot down",
    "neutralized_exceeds_launched": "{neutralized} stopped in total is more than the {launched} launched",
    "period_reversed": "the period ends ({period_end}) before it starts ({period_start})",
}


def failures(model: type[pa.DataFrameModel], frame: pl.DataFrame, rules: bool = True) -> dict[int, list[str]]:
    """Row index -> readable messages for every check a collected frame fails (empty when valid).

    With rules=False the cross-field RULES are left out: only what makes a row unstorable counts.
    """
    return {index: [m for check, m in checks if rules or check not in RULES]
            for index, checks in failure_checks(model, frame).items()
            if rules or any(check not in RULES for check, _ in checks)}


def failure_checks(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> dict[int, list[tuple[str, str]]]:
    """Row index (-1: the whole frame) -> (check, readable message) for every check the frame fails."""
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return {}
    indexes = sorted({i for i in cases["index"].to_list() if i is not None}) if "index" in cases.columns else []
    rows = dict(zip(indexes, frame[indexes].to_dicts(), strict=True)) if indexes else {}
    out: dict[int, list[tuple[str, str]]] = {}
    for case in cases.iter_rows(named=True):
        index, check = case.get("index"), str(case.get("check"))
        if index is None:
            out.setdefault(-1, []).append((check, f"{case.get('column')}: {check}"))
            continue
        row = rows[index]
        template = _MESSAGES.get(check)
        if template:
            message = f"{_describe(row)}: contradictory figures, " + template.format(**row)
        else:
            message = f"{_describe(row)}: {case.get('column')} {case.get('failure_case')!r} fails {check}"
        if (check, message) not in out.setdefault(index, []):
            out[index].append((check, message))
    return out


def _describe(row: dict) -> str:
    """"missile (Kh-101) on 2024-12-13" for messages about a row."""
    what = row.get("weapon") or row.get("region") or "row"
    if row.get("model") or row.get("type"):
        what += f" ({row.get('model') or row.get('type')})"
    when = row.get("attack_date") or row.get("date")
    if isinstance(when, date):
        return f"{what} on {when.isoformat()}"
    if row.get("period_start") or row.get("period_end"):
        return f"{what} for {row.get('period_start')}..{row.get('period_end')}"
    return f"{what} (undated)"
