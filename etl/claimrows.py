"""The rows of `strike_claims` as plain dicts, and a check of them that needs neither polars nor pandera.

`strikes extract` on a handful of reports would spend most of its time importing pandera and building a frame
to validate a few rows. `check_extractions` first checks the rows in plain Python against `STRIKE_CLAIM_COLUMNS`
and `STRIKE_CLAIM_RULES`, a mirror of `etl.schemas.StrikeClaimTable` that only says yes when pandera would: every
column with its type, nullability, allowed values and lower bound, and the cross-field rules. When a row is not
plainly valid (a contradiction, or anything unusual), the batch is validated by pandera (`etl.frames`), whose
messages become the reports' problems exactly as before. tests/test_claimrows.py holds the mirror to the schema:
the same columns and checks, and no row that pandera rejects is passed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from etl.extract.language import is_official_source
from etl.model import (
    ATTACKERS,
    MEASURES,
    QUALIFIERS,
    SOURCE_KINDS,
    TYPES,
    WEAPONS,
    Extraction,
    Report,
    StrikeClaim,
)

__all__ = ["source_kind", "kind_as_checked", "as_utc", "strike_rows", "Column", "STRIKE_CLAIM_COLUMNS", "STRIKE_CLAIM_RULES",
           "plainly_valid", "check_extractions"]

INT64_MAX = 2**63 - 1


def source_kind(report: Report) -> str:
    """"official" for air force and ministry posts, "press" for retellings (front matter `kind` wins)."""
    if report.kind in SOURCE_KINDS:
        return report.kind
    return "official" if is_official_source(report.source) else "press"


def as_utc(moment: datetime | None) -> datetime | None:
    """The moment in UTC (a naive one as it is)."""
    return moment.astimezone(UTC) if moment is not None and moment.tzinfo else moment


def strike_rows(extractions: Sequence[Extraction], kind_of: Callable[[Report], str] = source_kind) -> list[dict]:
    """The rows of `strike_claims`: one class row per strike claim and one row per type, with evidence as JSON."""
    rows = []
    for ex in extractions:
        kind = kind_of(ex.report)
        published = as_utc(ex.report.published)
        for n, claim in enumerate(ex.strikes):
            claim_id = f"{ex.report.report_id}-s{n}"
            base = _claim_base(claim, claim_id, ex.report.report_id, kind, published)
            rows.append({**base, "row_kind": "class", "type": None, "model": None,
                         "fallbacks": json.dumps(claim.fallbacks, sort_keys=True),
                         **{m: getattr(claim, m) for m in MEASURES},
                         **{f"q_{m}": claim.qualifier.get(m) for m in MEASURES}})
            for t in claim.types:
                rows.append({**base, "row_kind": "type", "type": t.type, "model": t.model, "fallbacks": None,
                             **{m: getattr(t, m) for m in MEASURES},
                             **{f"q_{m}": "exact" if getattr(t, m) is not None else None for m in MEASURES}})
    return rows


def _claim_base(claim: StrikeClaim, claim_id: str, report_id: str, kind: str, published) -> dict:
    return {
        "claim_id": claim_id,
        "report_id": report_id,
        "attack_date": claim.attack_date,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "attacker": claim.attacker,
        "weapon": claim.weapon,
        "source_kind": kind,
        "published": published,
        "evidence": json.dumps([[s.start, s.end] for s in claim.evidence]),
        "figure_spans": json.dumps({m: [[s.start, s.end] for s in spans] for m, spans in claim.figure_spans.items()}),
    }


@dataclass(frozen=True)
class Column:
    """One column of the mirror: its kind ("text", "day", "moment", "count"), nullability, allowed values, minimum."""

    kind: str
    nullable: bool = False
    isin: tuple[str, ...] | None = None
    ge: int | None = None


_COUNT = Column("count", nullable=True, ge=0)
_QUALIFIER = Column("text", nullable=True, isin=QUALIFIERS)

STRIKE_CLAIM_COLUMNS: dict[str, Column] = {  # etl.schemas.StrikeClaimTable, column by column
    **{m: _COUNT for m in MEASURES},
    **{f"q_{m}": _QUALIFIER for m in MEASURES},
    "claim_id": Column("text"),
    "report_id": Column("text"),
    "row_kind": Column("text", isin=("class", "type")),
    "attack_date": Column("day", nullable=True),
    "period_start": Column("day", nullable=True),
    "period_end": Column("day", nullable=True),
    "attacker": Column("text", isin=ATTACKERS),
    "weapon": Column("text", isin=WEAPONS),
    "type": Column("text", nullable=True, isin=TYPES),
    "model": Column("text", nullable=True),
    "source_kind": Column("text", isin=SOURCE_KINDS),
    "published": Column("moment", nullable=True),
    "evidence": Column("text"),
    "figure_spans": Column("text"),
    "fallbacks": Column("text", nullable=True),
}


def _exact_pair(row: dict, a: str, b: str) -> bool:
    """True when both figures are given and neither is qualified as inexact (the rule applies)."""
    return (row[a] is not None and row[b] is not None
            and row[f"q_{a}"] in (None, "exact") and row[f"q_{b}"] in (None, "exact"))


STRIKE_CLAIM_RULES = {  # etl.schemas.RULES: check name -> True when the row keeps the rule
    "shot_down_exceeds_launched": lambda r: not _exact_pair(r, "shot_down", "launched")
    or r["shot_down"] <= r["launched"],
    "neutralized_below_shot_down": lambda r: not _exact_pair(r, "neutralized", "shot_down")
    or r["neutralized"] >= r["shot_down"],
    "neutralized_exceeds_launched": lambda r: not _exact_pair(r, "neutralized", "launched")
    or r["neutralized"] <= r["launched"],
    "period_reversed": lambda r: r["period_start"] is None or r["period_end"] is None
    or r["period_start"] <= r["period_end"],
}


def _plain_value(value, column: Column) -> bool:
    """True when the value is plainly of its column and passes the column's checks."""
    if value is None:
        return column.nullable
    if column.kind == "count":
        return type(value) is int and (column.ge is None or value >= column.ge) and value <= INT64_MAX
    if column.kind == "day":
        return type(value) is date
    if column.kind == "moment":
        return type(value) is datetime and value.tzinfo in (None, UTC)
    if type(value) is not str or (column.isin is not None and value not in column.isin):
        return False
    try:
        value.encode("utf-8")  # a lone surrogate cannot be stored
    except UnicodeEncodeError:
        return False
    return True


def plainly_valid(rows: Sequence[dict]) -> bool:
    """True when every row has exactly the mirror's columns, each value plainly valid, and keeps every rule."""
    for row in rows:
        if row.keys() != STRIKE_CLAIM_COLUMNS.keys():
            return False
        if not all(_plain_value(row[name], column) for name, column in STRIKE_CLAIM_COLUMNS.items()):
            return False
        if not all(keeps(row) for keeps in STRIKE_CLAIM_RULES.values()):
            return False
    return True


def kind_as_checked(report: Report) -> str:
    """A value of `source_kind` that passes or fails the column's check exactly as `source_kind(report)` does:
    `source_kind` gives the report's own kind when it is one of SOURCE_KINDS, else "official" or "press", which
    pass alike; telling those two apart would compile every language's publisher names for nothing."""
    return report.kind if report.kind in SOURCE_KINDS else "press"


def check_extractions(extractions: Sequence[Extraction]) -> None:
    """Validate every claim of every report, as etl.frames.validate_extractions does (contradictions become report
    problems), importing pandera only when some row is not plainly valid."""
    if plainly_valid(strike_rows(extractions, kind_as_checked)):
        return
    from etl.frames import validate_extractions

    validate_extractions(extractions)
