"""`strikes extract`: the JSON contract, the other formats, and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import polars as pl

from tests.conftest import REPO, SAMPLE

REPORT_KEYS = {"path", "item", "published", "language", "strikes", "outages", "problems"}
STRIKE_KEYS = {"attack_date", "period_start", "period_end", "attacker", "weapon", "launched", "shot_down",
               "suppressed", "neutralized", "qualifier", "types", "evidence"}
TYPE_KEYS = {"type", "model", "launched", "shot_down", "suppressed", "neutralized"}
OUTAGE_KEYS = {"date", "region", "extent", "kind", "evidence"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "extract", *args], cwd=REPO, capture_output=True, text=True)


def test_json_follows_the_contract():
    result = run(str(SAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == {"reports"}
    assert len(doc["reports"]) >= 35
    for rep in doc["reports"]:
        assert set(rep) == REPORT_KEYS
        for s in rep["strikes"]:
            assert set(s) == STRIKE_KEYS
            assert all(set(t) == TYPE_KEYS for t in s["types"])
            assert all(set(e) == {"start", "end"} for e in s["evidence"])
        assert all(set(o) == OUTAGE_KEYS for o in rep["outages"])


def test_evidence_spans_point_at_the_figures():
    doc = json.loads(run(str(SAMPLE / "corpus-dev" / "en-01.txt"), "--format", "json").stdout)
    text = (SAMPLE / "corpus-dev" / "en-01.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    missile = next(s for s in doc["reports"][0]["strikes"] if s["weapon"] == "missile")
    sentences = [text[e["start"]:e["end"]] for e in missile["evidence"]]
    assert any("fired 94 missiles" in s for s in sentences)
    assert any("shot down 81 of the missiles" in s for s in sentences)


def test_bad_inputs_do_not_stop_the_others(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("---\npublished: 2025-03-14\n---\nRussia fired 40 drones at Ukraine overnight.\n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    result = run(str(binary), str(good), str(tmp_path / "missing.txt"), "--format", "json")
    assert result.returncode == 1
    assert "missing.txt: no such file or folder" in result.stderr
    reports = json.loads(result.stdout)["reports"]
    assert [r["path"].rsplit("/", 1)[-1] for r in reports] == ["binary.txt", "good.md"]
    assert reports[0]["problems"] and reports[1]["strikes"][0]["launched"] == 40


def test_problems_are_exit_code_zero():
    result = run(str(SAMPLE / "formats" / "broken-front-matter.md"), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["reports"][0]["problems"]


def test_csv_and_table_formats():
    csv_text = run(str(SAMPLE / "corpus-dev" / "uk-04.txt"), "--format", "csv").stdout
    frame = pl.read_csv(io.StringIO(csv_text), infer_schema_length=0)
    strikes = frame.filter(pl.col("record") == "strike")
    assert sorted(strikes["launched"].to_list()) == ["10", "152"]
    assert frame.filter(pl.col("record") == "strike_type").height == 4
    table = run(str(SAMPLE / "corpus-dev" / "uk-04.txt")).stdout
    assert "Strike claims" in table and "152" in table


def test_usage_error_exit_code():
    assert run("--format", "yaml", str(SAMPLE)).returncode == 2
