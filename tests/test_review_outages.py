"""Issue 16: an analyst corrects the region or kind of an outage claim (or rejects it); the decision survives a
refresh and reaches the outage view's rows and `strikes export --table outage_claims`. The report is ours."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.refresh import refresh

REPORT = """---
published: 2025-02-07T09:00:00+02:00
source: Example News
language: en
---
Overnight into 7 February, Russia launched 100 attack drones at Ukraine. Kharkiv region was left without power after
the attack.
"""


@pytest.fixture
def store(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "report.md").write_text(REPORT, encoding="utf-8")
    path = tmp_path / "s.duckdb"
    refresh(path, [str(src)])
    return path, src


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def outages(path) -> list[dict]:
    return pl.read_csv(run("export", "--store", str(path), "--table", "outage_claims").encode()).to_dicts()


def test_a_corrected_region_and_kind_are_exported_and_survive_a_refresh(store):
    path, src = store
    (row,) = outages(path)
    assert (row["region"], row["kind"], row["review"]) == ("UA-63", "power", None)
    run("review", "correct", row["claim_id"], "--region", "ua-65", "--kind", "heating", "--by", "ana",
        "--store", str(path))
    (got,) = outages(path)
    assert (got["region"], got["kind"], got["review"], got["reviewed_by"]) == ("UA-65", "heating", "corrected", "ana")
    refresh(path, [str(src)], full=True)  # extracted again: the decision stays on its claim
    (got,) = outages(path)
    assert (got["region"], got["kind"], got["review"]) == ("UA-65", "heating", "corrected")
    from dashboard.data import outage_rows
    from etl.filters import Filters

    rows = outage_rows(Filters(), path)  # what the Outages view draws
    assert rows.select("region", "kind").rows() == [("UA-65", "heating")]


def test_a_rejected_outage_claim_leaves_the_export(store):
    path, _ = store
    (row,) = outages(path)
    run("review", "reject", row["claim_id"], "--store", str(path))
    assert outages(path) == []


def test_bad_outage_corrections_are_refused_with_a_clear_error(store):
    path, _ = store
    (row,) = outages(path)
    said = run("review", "correct", row["claim_id"], "--region", "UA-99", "--store", str(path), code=2)
    assert "region 'UA-99' is not a region code" in said
    said = run("review", "correct", row["claim_id"], "--launched", "5", "--store", str(path), code=2)
    assert "cannot correct launched of an outage claim" in said
    strike = pl.read_csv(run("export", "--store", str(path), "--table", "strike_claims").encode())["claim_id"][0]
    said = run("review", "correct", strike, "--kind", "water", "--store", str(path), code=2)
    assert "cannot correct kind of a strike claim" in said
    assert outages(path)[0]["review"] is None  # nothing was recorded
    assert json.loads(run("review", "list", "--format", "json", "--store", str(path)))  # the queue still reads


def test_review_list_lists_the_flagged_outage_claims_and_a_decision_takes_one_off(store):
    path, src = store
    (src / "odesa.md").write_text("---\npublished: 2025-02-07T10:00:00+02:00\nsource: Other Wire\nlanguage: en\n---\n"
                                  "Russian drones struck Odesa overnight into 7 February. Part of the city was left "
                                  "without power.\n", encoding="utf-8")
    refresh(path, [str(src)])
    listed = json.loads(run("review", "list", "--format", "json", "--store", str(path)))["outages"]
    assert [(o["region"], o["kind"], o["region_from"], o["reasons"]) for o in listed] == [
        ("UA-51", "power", "paragraph", "fallback")]  # Kharkiv's own sentence names it: not flagged
    assert listed[0]["details"] == ["region UA-51: its sentence names no region: taken from an earlier sentence of "
                                    "its paragraph"]
    run("review", "confirm", listed[0]["short_id"], "--store", str(path))
    assert json.loads(run("review", "list", "--format", "json", "--store", str(path)))["outages"] == []
    assert "Outage claims to review (0)" in run("review", "list", "--store", str(path))
