"""`strikes export`: the same read path as the dashboard; CSV safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from dashboard.data import Filters, query
from etl.csvout import safe_cell, to_csv
from etl.refresh import refresh
from tests.conftest import REPO, SAMPLE
from tests.hostile import FORMULAS


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "s.duckdb"
    reports = tmp_path_factory.mktemp("reports")
    for p in (SAMPLE / "corpus-dev").glob("*.txt"):
        (reports / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (reports / "injection.md").write_text(
        "---\npublished: 2025-03-14\nsource: =HYPERLINK(\"http://evil.example\",\"click\")\n---\n"
        "@SUM(1+1) Russia fired 40 drones at Ukraine overnight.\n", encoding="utf-8")
    refresh(path, [str(reports)])
    return path


def export(store, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "export", "--store", str(store), *args], cwd=REPO,
                          capture_output=True, text=True)


def test_csv_round_trips_through_polars_and_equals_the_read_path(store):
    result = export(store, "--table", "attacks", "--from", "2024-12-01", "--to", "2025-02-28", "--weapon", "missile")
    assert result.returncode == 0, result.stderr
    frame = pl.read_csv(io.StringIO(result.stdout), try_parse_dates=True)
    expected = query("attacks", Filters(start=date(2024, 12, 1), end=date(2025, 2, 28), weapons=("missile",)), store)
    assert frame.height == expected.height > 0
    assert frame.columns == expected.columns
    assert frame["launched"].to_list() == expected["launched"].to_list()
    assert frame["attack_date"].to_list() == expected["attack_date"].to_list()
    assert set(frame["weapon"]) == {"missile"}


def test_formula_injection_is_neutralised(store):
    text = export(store, "--table", "reports").stdout
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    assert "'@SUM(1+1)" in text


def test_negative_numbers_stay_numbers_and_text_is_escaped():
    frame = pl.DataFrame({"n": [-5, 3], "t": ["-5", "+1"], "d": [date(2025, 1, 2), None]})
    assert to_csv(frame) == "n,t,d\n-5,\"'-5\",2025-01-02\n3,\"'+1\",\n"


def _spreadsheet_cells(text: str, separator: str) -> list[list[str]]:
    """The cells a spreadsheet whose list separator is `separator` reads (quotes enclose a cell, as in RFC 4180)."""
    return [row for row in csv.reader(io.StringIO(text), delimiter=separator)]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_a_text_cell_is_one_cell_whatever_the_separator(separator):
    """Issue 13, problem 9: `Air Force;=1+1;` was written unquoted, so a spreadsheet whose list separator is `;`
    (German and Ukrainian locales) read a cell `=1+1`."""
    payloads = ["Air Force;=1+1;", "a\t=1+1", 'say "hi";=HYPERLINK("x")', "x,=1+1"]
    text = to_csv(pl.DataFrame({"source": payloads, "n": [1, -2, 3, 4]}))
    for row in _spreadsheet_cells(text, separator)[1:]:
        assert not any(cell.lstrip().startswith(("=", "+", "@")) for cell in row), row
    assert [row[0] for row in _spreadsheet_cells(text, ",")[1:]] == payloads  # a comma reader gets them back whole
    assert pl.read_csv(io.StringIO(text))["n"].to_list() == [1, -2, 3, 4]  # numbers stay unquoted numbers
    assert [safe_cell(v) for v in ("\tx", "\rx", "ok", 1.5)] == ["'\tx", "'\rx", "ok", "1.5"]


@pytest.mark.parametrize("payload", FORMULAS + ("\uff1dSUM(1,1)", "\u3000=1+1"))
def test_the_classic_formula_payloads_become_text(payload):
    """Issue "the dashboard under load and attack": OWASP's CSV-injection payloads, DDE included."""
    assert safe_cell(payload) == "'" + payload
    row = to_csv(pl.DataFrame({"text": [payload], "n": [-2]})).split("\n", 1)[1]
    assert row.startswith(("'", "\"'")) and row.rstrip("\n").endswith(",-2")


@pytest.mark.parametrize("value, written", [(-5, "-5"), (-0.25, "-0.25"), (Decimal("-1.50"), "-1.50"),
                                            ("a=b", "a=b"), ("Kh-101", "Kh-101"), ("2+2 drones", "2+2 drones")])
def test_numbers_and_ordinary_text_are_left_alone(value, written):
    assert safe_cell(value) == written


def test_parquet_export(store, tmp_path):
    out = tmp_path / "claims.parquet"
    result = export(store, "--table", "strike_claims", "--attacker", "UA", "--format", "parquet", "-o", str(out))
    assert result.returncode == 0, result.stderr
    frame = pl.read_parquet(out)
    assert frame.height > 0 and set(frame["attacker"]) == {"UA"}


def test_source_kind_language_and_type_filters_match_the_dashboard_read_path(store):
    args = ["--table", "attacks", "--source-kind", "official", "--source-kind", "press", "--language", "en",
            "--type", "cruise_missile"]
    result = export(store, *args)
    assert result.returncode == 0, result.stderr
    expected = query("attacks", Filters(source_kinds=("official", "press"), languages=("en",),
                                        types=("cruise_missile",)), store)
    assert result.stdout == to_csv(expected) and expected.height > 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--source-kind", "blog"], "--source-kind: 'blog' is not one of official, press, record, regional"),
        (["--language", "fr"], "--language: 'fr' is not one of en, de, uk"),
        (["--table", "nope"], "unknown table 'nope'"),
        (["--table", "problems", "--weapon", "drone"], "the problems table has no weapon or attacker column"),
        (["--from", "13.12.2024"], "--from: '13.12.2024' is not a date"),
        (["--weapon", "tank"], "--weapon: 'tank' is not one of missile, drone, glide_bomb"),
        (["--format", "parquet"], "--format parquet needs --output FILE"),
    ],
)
def test_clear_errors(store, args, message):
    result = export(store, *args)
    assert result.returncode == 2 and message in result.stderr


def test_missing_store_says_how_to_fill_it(tmp_path):
    result = export(tmp_path / "none.duckdb")
    assert result.returncode == 2 and "run `strikes refresh` first" in result.stderr


def test_strikes_export_does_not_import_the_dashboard(store):
    """Issue 19: the read path lives in the ETL package, so `strikes export` runs without the dashboard."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "etl", "export", "--store", str(store),
                             "--table", "attacks", "--weapon", "drone"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("attack_date"), result.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "etl.query" in imported and not {m for m in imported if m.split(".")[0] in ("dashboard", "dash")}
