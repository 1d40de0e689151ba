"""`strikes extract --format csv`: every row, however many (found while making the one-file path quick, issue 17)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from tests.conftest import REPO, SAMPLE


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True)


def test_the_csv_of_more_than_a_hundred_rows_has_every_row():
    """Found while making the one-file path quick (issue 17): `strikes extract data/sample --format csv` stopped with
    a polars ComputeError, as the frame it built guessed each column's type from its first 100 rows (a problem
    after 100 rows without one). The CSV is now written from the rows themselves, one per strike claim, type row,
    outage claim and problem, exactly as the JSON has them."""
    result = run("extract", str(SAMPLE), "--format", "csv")
    assert result.returncode == 0, result.stderr[-2000:]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    doc = json.loads(run("extract", str(SAMPLE), "--format", "json").stdout)
    reports = doc["reports"]
    expected = {"strike": sum(len(r["strikes"]) for r in reports),
                "strike_type": sum(len(s["types"]) for r in reports for s in r["strikes"]),
                "outage": sum(len(r["outages"]) for r in reports), "problem": sum(len(r["problems"]) for r in reports)}
    assert len(rows) > 100 and {k: sum(r["record"] == k for r in rows) for k in expected} == expected
    assert expected["problem"] and [r["problem"] for r in rows if r["record"] == "problem"] == [
        p for r in reports for p in r["problems"]]
