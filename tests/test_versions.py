"""Data versions (issue 19): every refresh is a version named by its run id; `strikes diff A B` lists the nights
and figures a refresh changed; `strikes export` and `strikes store versions` name the version."""

from __future__ import annotations

import io

import polars as pl
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.refresh import refresh
from etl.storefile import verify, version_files
from etl.versions import figure_changes

REPORT = ("---\npublished: {day}T08:00:00+02:00\nsource: Air Force\nlanguage: en\n---\n"
          "Overnight Russia launched {drones} drones at Ukraine; {down} were shot down.\n")


def strikes(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """A store refreshed twice: the second time one report's figure changed and a report of a new night came."""
    folder = tmp_path_factory.mktemp("versions-reports")
    store = tmp_path_factory.mktemp("versions") / "s.duckdb"
    (folder / "a.md").write_text(REPORT.format(day="2025-11-20", drones=100, down=90), encoding="utf-8")
    (folder / "b.md").write_text(REPORT.format(day="2025-11-22", drones=60, down=55), encoding="utf-8")
    refresh(store, [str(folder)])
    first = verify(store).run_id
    (folder / "a.md").write_text(REPORT.format(day="2025-11-20", drones=120, down=90), encoding="utf-8")
    (folder / "c.md").write_text(REPORT.format(day="2025-11-25", drones=30, down=30), encoding="utf-8")
    refresh(store, [str(folder)])
    return store, first, verify(store).run_id


def test_strikes_diff_lists_a_figure_changed_by_a_refresh(versions):
    store, first, second = versions
    assert first != second
    result = strikes("diff", first, second, "--store", str(store))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"3 figures changed on 2 nights between {first} and {second}"
    assert "  2025-11-20 RU drone launched: 100 -> 120 (changed)" in lines
    assert "  2025-11-25 RU drone launched: - -> 30 (new night row)" in lines
    assert "  2025-11-25 RU drone shot_down: - -> 30 (new night row)" in lines
    assert not any("2025-11-22" in line or "shot_down: 90" in line for line in lines)  # unchanged: not listed


def test_diff_takes_kept_file_names_and_live_and_writes_csv(versions):
    store, first, _ = versions
    kept = version_files(store)
    assert len(kept) == 2 and verify(kept[1]).run_id == first
    by_file = strikes("diff", kept[1].name, "live", "--store", str(store), "--csv")
    assert by_file.exit_code == 0, by_file.output
    frame = pl.read_csv(io.StringIO(by_file.output))
    assert frame.filter(pl.col("measure") == "launched").select("attack_date", "before", "after").rows() == [
        ("2025-11-20", 100, 120), ("2025-11-25", None, 30)]
    same = strikes("diff", first, first, "--store", str(store))
    assert same.output.splitlines() == [f"0 figures changed on 0 nights between {first} and {first}"]


def test_an_unknown_version_is_a_clear_error(versions):
    store, _, _ = versions
    result = strikes("diff", "0123456789ab", "--store", str(store))
    assert result.exit_code == 2 and "no data version '0123456789ab'" in result.output
    assert "strikes store versions" in result.output


def test_a_row_gone_is_listed_as_gone():
    day = pl.date(2025, 1, 1)
    key = {"attack_date": [None], "attacker": ["RU"], "weapon": ["missile"], "row_kind": ["class"], "type": [None],
           "model": [None], "launched": [10], "shot_down": [8], "suppressed": [None], "neutralized": [None]}
    before = pl.DataFrame(key).with_columns(day.alias("attack_date"))
    changes = figure_changes(before, before.clear())
    assert changes.select("measure", "before", "after", "change").rows() == [
        ("launched", 10, None, "row gone"), ("shot_down", 8, None, "row gone")]


def test_exports_and_the_versions_list_carry_the_data_version(versions, tmp_path):
    store, _, second = versions
    out = tmp_path / "attacks.parquet"
    result = strikes("export", "--store", str(store), "--format", "parquet", "-o", str(out))
    assert result.exit_code == 0 and f"(data version {second})" in result.output
    assert pq.read_metadata(out).metadata[b"strikes_data_version"] == second.encode()
    listed = strikes("store", "versions", "--store", str(store))
    assert f"data version {second}" in listed.output.splitlines()[1]  # the newest first
