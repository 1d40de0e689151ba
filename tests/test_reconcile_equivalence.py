"""The vectorised reconciliation (etl/reconcile.py) gives exactly the attacks table of the plain claim-by-claim
reading of the rule it replaced (tests/reconcile_reference.py): on seeded random claims that hit every branch
(ties, missing figures and dates, bounded qualifiers, a claim id used twice, regional beside national rows),
on the bundled sample, and on the Kaggle table. Issue 5: the dashboard's source filters reconcile on request."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from etl.model import MEASURES, QUALIFIERS
from etl.reconcile import reconcile
from etl.schemas import SOURCE_KINDS, StrikeClaimTable, polars_schema
from tests import reconcile_reference
from tests.conftest import KAGGLE_CSV, SAMPLE, need_shared

TYPES = {"drone": ("attack_drone", "decoy_drone", None), "missile": ("cruise_missile", "ballistic_missile", None)}
MODELS = (None, None, "Kh-101", "Shahed-136", 'odd "model" \\ name')
PUBLISHED = (None, datetime(2025, 1, 1, 8, tzinfo=UTC), datetime(2025, 1, 1, 9, tzinfo=UTC))


def random_claims(seed: int, n: int = 80) -> pl.DataFrame:
    """Claims about three nights drawn so that groups collide, figures tie and every qualifier occurs."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        weapon = rng.choice(("drone", "missile"))
        row_kind = rng.choice(("class", "class", "type"))
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(3))
        row = dict.fromkeys(polars_schema(StrikeClaimTable))
        row.update(claim_id=f"c{rng.randrange(n // 2)}", report_id=f"r{rng.randrange(n)}", row_kind=row_kind,
                   attack_date=None if rng.random() < 0.05 else day, attacker=rng.choice(("RU", "RU", "UA")),
                   weapon=weapon, source_kind=rng.choice(SOURCE_KINDS), published=rng.choice(PUBLISHED),
                   type=rng.choice(TYPES[weapon]) if row_kind == "type" else None,
                   model=rng.choice(MODELS) if row_kind == "type" else None, evidence="[]", figure_spans="{}")
        if rng.random() < 0.05:
            row.update(period_start=day.replace(day=1), period_end=day.replace(day=28))
        for m in MEASURES:
            if rng.random() < 0.6:
                row[m], row[f"q_{m}"] = rng.randrange(0, 40), rng.choice((*QUALIFIERS, None))
        rows.append(row)
    return pl.DataFrame(rows, schema=polars_schema(StrikeClaimTable), orient="row")


def assert_same(claims: pl.DataFrame) -> None:
    expected, got = reconcile_reference.reconcile(claims), reconcile(claims)
    assert got.schema == expected.schema
    for column in expected.columns:  # column by column, so that a failure names the column
        assert got[column].to_list() == expected[column].to_list(), column


@pytest.mark.parametrize("seed", range(40))
def test_random_claims_reconcile_as_the_plain_rule_does(seed):
    assert_same(random_claims(seed))


def test_no_dated_claims_make_no_attacks():
    claims = random_claims(1).with_columns(pl.lit(None, pl.Date).alias("attack_date"))
    assert reconcile(claims).is_empty() and reconcile(claims).schema == reconcile_reference.reconcile(claims).schema


def test_the_sample_reconciles_as_the_plain_rule_does():
    from etl.frames import strike_frame
    from etl.pipeline import extract_all
    from etl.sources import read_source

    assert_same(strike_frame(extract_all(list(read_source(str(SAMPLE))))))


def test_the_kaggle_table_reconciles_as_the_plain_rule_does():
    from etl.frames import strike_frame
    from etl.sources.kaggle import read_kaggle

    claims = strike_frame(read_kaggle(need_shared(KAGGLE_CSV)).extractions)
    assert_same(claims)
    for kinds in (["record"], ["regional"], ["record", "regional"]):
        assert_same(claims.filter(pl.col("source_kind").is_in(kinds)))
