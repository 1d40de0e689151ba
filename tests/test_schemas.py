"""The schema module's cross-field rules, as readable failure messages."""

from __future__ import annotations

from datetime import date

import polars as pl

from etl.schemas import StrikeClaimTable, failures, polars_schema


def claim(**values) -> dict:
    row = dict.fromkeys(polars_schema(StrikeClaimTable))
    row.update(claim_id="c", report_id="r", row_kind="class", attacker="RU", weapon="drone", source_kind="press",
               evidence="[]", figure_spans="{}", attack_date=date(2025, 1, 1))
    row.update(values)
    return row


def frame(*rows) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=polars_schema(StrikeClaimTable), orient="row")


def test_valid_claims_pass():
    assert failures(StrikeClaimTable, frame(claim(launched=10, q_launched="exact", shot_down=8, q_shot_down="exact"))) == {}


def test_each_rule_names_the_contradiction():
    rows = frame(
        claim(launched=10, q_launched="exact", shot_down=12, q_shot_down="exact"),
        claim(shot_down=8, q_shot_down="exact", neutralized=5, q_neutralized="exact"),
        claim(attack_date=None, period_start=date(2025, 2, 1), period_end=date(2025, 1, 1)),
        claim(launched=-1, q_launched="exact"),
    )
    found = failures(StrikeClaimTable, rows)
    assert found[0] == ["drone on 2025-01-01: contradictory figures, 12 shot down is more than the 10 launched"]
    assert found[1] == ["drone on 2025-01-01: contradictory figures, 5 stopped in total is less than the 8 shot down"]
    assert "the period ends (2025-01-01) before it starts (2025-02-01)" in found[2][0]
    assert "launched -1" in found[3][0] or "-1" in found[3][0]


def test_rules_compare_exact_figures_only():
    rows = frame(claim(shot_down=623, q_shot_down="exact", neutralized=620, q_neutralized="approx"),
                 claim(launched=650, q_launched="at_least", shot_down=653, q_shot_down="exact"))
    assert failures(StrikeClaimTable, rows) == {}


def test_structural_check_without_rules():
    rows = frame(claim(launched=10, q_launched="exact", shot_down=12, q_shot_down="exact"))
    assert failures(StrikeClaimTable, rows, rules=False) == {}
    assert failures(StrikeClaimTable, frame(claim(weapon="tank")), rules=False)
