"""`strikes extract ONE_FILE` starts quickly (issue 17): it imports no dataframe, validation or dashboard library
that its output does not need, and still validates every claim (pandera is imported when a claim needs its message).
Its speed is measured by `python -m bench one_file`, not here (no timed assertions on a shared machine)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO, SAMPLE

ONE_FILE = SAMPLE / "corpus-dev" / "en-01.txt"
HEAVY = ("pandera", "polars", "pandas", "pyarrow", "numpy", "dash", "plotly", "flask", "duckdb", "hypothesis", "dask",
         "lxml", "charset_normalizer", "defusedxml", "ssl")
# The command run in a fresh interpreter as `python -m etl` runs it, then the heavy modules it imported, on stderr
PROBE = """
import runpy, sys
sys.argv = ["strikes", *sys.argv[1:]]
try:
    runpy.run_module("etl", run_name="__main__", alter_sys=True)
finally:
    heavy = sorted(m for m in {heavy!r} if m in sys.modules)
    print("IMPORTED " + ",".join(heavy), file=sys.stderr)
    language = sys.modules.get("etl.extract.language")
    compiled = language.language.cache_info().currsize if language else 0
    print(f"COMPILED {{compiled}}", file=sys.stderr)  # lexicons compiled for extraction
"""


def probe(*args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run `strikes ARGS` in a real subprocess: (the process, the heavy modules it imported)."""
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=REPO, capture_output=True,
                          text=True)
    line = next(x for x in proc.stderr.splitlines() if x.startswith("IMPORTED "))
    return proc, [m for m in line.removeprefix("IMPORTED ").split(",") if m]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_extract_of_one_text_file_imports_no_heavy_library(fmt):
    proc, imported = probe("extract", str(ONE_FILE), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    assert imported == []
    assert proc.stdout == run("extract", str(ONE_FILE), "--format", fmt).stdout  # the probe changes nothing
    assert "94" in proc.stdout and "193" in proc.stdout


def test_a_contradiction_in_one_file_is_reported_with_pandera_s_message(tmp_path):
    """A claim the plain check does not pass goes to pandera (etl.schemas.StrikeClaimTable), as before issue 17."""
    report = tmp_path / "contradiction.md"
    report.write_text("---\npublished: 2025-03-14\nlanguage: en\n---\nOvernight Russia launched 10 Shahed drones at "
                      "Ukraine. Air defence shot down 12 drones, the air force said.\n", encoding="utf-8")
    proc, imported = probe("extract", str(report), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "pandera" in imported
    problems = json.loads(proc.stdout)["reports"][0]["problems"]
    assert "drone on 2025-03-14: contradictory figures, 12 shot down is more than the 10 launched" in problems


def test_a_missing_file_is_the_same_one_line_error_without_heavy_imports(tmp_path):
    proc, imported = probe("extract", str(tmp_path / "missing.txt"), "--format", "json")
    assert proc.returncode == 1 and imported == []
    assert f"error: {tmp_path / 'missing.txt'}: no such file or folder" in " ".join(proc.stderr.split())


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


@pytest.mark.parametrize("front_matter", ["language: de\n", ""])
def test_one_report_compiles_the_lexicon_of_its_language_only(tmp_path, front_matter):
    """The other languages' lexicons are read (their "Read also" markers, detection words) but not compiled."""
    report = tmp_path / "de.md"
    report.write_text(f"---\npublished: 2025-03-14\n{front_matter}---\nRussland hat in der Nacht 40 Drohnen gegen "
                      "die Ukraine gestartet, die Flugabwehr hat 35 davon abgeschossen.\n", encoding="utf-8")
    proc, _ = probe("extract", str(report), "--format", "json")
    assert json.loads(proc.stdout)["reports"][0]["language"] == "de"
    assert "COMPILED 1" in proc.stderr.splitlines()
