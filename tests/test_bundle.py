"""Export bundles (issue 19): `strikes export --bundle DIR` and /api/v1/<table>.zip write the rows and a manifest
that matches them: row count, columns and their types, data version, filters, the sources' licences, cite as."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from dashboard.app import create_app
from etl.bundle import SAMPLE, source_licence
from etl.cli import app
from etl.query import Filters, export_rows, snapshot
from etl.refresh import refresh

DEV = SAMPLE / "corpus-dev"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "s.duckdb"
    refresh(path, [str(DEV)])  # the bundled sample reports, read where they are: the project's own
    return path


def bundle(store, folder: Path, *args: str):
    return CliRunner().invoke(app, ["export", "--store", str(store), "--bundle", str(folder), *args])


@pytest.mark.parametrize("fmt, table, args, filters", [
    ("csv", "attacks", ["--weapon", "drone", "--rows", "class", "--from", "2025-01-01"],
     {"weapon": ["drone"], "rows": "class", "from": "2025-01-01"}),
    ("parquet", "strike_claims", ["--attacker", "RU", "--language", "uk"], {"attacker": "RU", "lang": ["uk"]}),
    ("csv", "reports", ["--source-kind", "press"], {"kind": ["press"]}),
])
def test_a_bundle_s_manifest_matches_its_data(store, tmp_path, fmt, table, args, filters):
    """Issue 19: the manifest's row count, columns (names and types), data version and filters are the data's."""
    result = bundle(store, tmp_path, "--table", table, "--format", fmt, *args)
    assert result.exit_code == 0, result.output
    about = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    data = tmp_path / f"{table}.{fmt}"
    assert about["file"] == data.name and about["table"] == table
    if fmt == "parquet":
        frame = pl.read_parquet(data)
        assert [{"name": n, "type": str(t)} for n, t in frame.schema.items()] == about["columns"]
    else:
        frame = pl.read_csv(data, infer_schema=False)
        assert frame.columns == [c["name"] for c in about["columns"]]
    assert frame.height == about["row_count"] > 0
    expected = export_rows(table, _filters(filters), store, filters.get("rows", "all"))
    assert about["row_count"] == expected.height
    assert [c["type"] for c in about["columns"]] == [str(t) for t in expected.schema.values()]
    assert about["data_version"]["id"] == snapshot(store).version and about["data_version"]["sources"] == [str(DEV)]
    echoed = {k: v for k, v in about["filters"].items() if v not in (None, [], "all")}
    assert echoed == filters
    assert about["licences"] == [{"source": str(DEV), **_own()}]
    assert f"table {table}, data version {snapshot(store).version}" in about["cite_as"]
    assert about["cite_as"].endswith("Sources: The project's sample reports (data/sample, written for the project).")


def _filters(given: dict) -> Filters:
    from datetime import date

    return Filters(start=date.fromisoformat(given["from"]) if "from" in given else None,
                   attacker=given.get("attacker"), weapons=tuple(given.get("weapon", ())),
                   source_kinds=tuple(given.get("kind", ())), languages=tuple(given.get("lang", ())))


def _own() -> dict:
    return {k: v for k, v in source_licence(str(DEV)).items() if k != "source"}


def test_each_source_s_licence_is_known_by_its_location(tmp_path):
    """The Kaggle table is CC BY-NC-SA 4.0, the alerts MIT, the sample reports the project's own (MIT); any other
    source's licence is said to be unknown, never guessed."""
    assert source_licence("kaggle:piterfm/massive-missile-attacks-on-ukraine")["licence"] == "CC BY-NC-SA 4.0"
    assert source_licence("kaggle:/data/missile_attacks_daily.csv")["name"].startswith("Massive Missile Attacks")
    assert source_licence("alerts:/x/volunteer_data_en.csv")["licence"] == "MIT"
    assert source_licence(str(SAMPLE))["licence"] == "MIT" and "sample" in source_licence(str(DEV / "x.txt"))["name"]
    for other in (str(tmp_path), "https://example.org/feed.xml", "telegram:kpszsu"):
        found = source_licence(other)
        assert found["licence"] is None and "publisher" in found["note"] and found["name"] == other


def test_the_api_zip_is_the_same_bundle(store, tmp_path):
    """/api/v1/<table>.zip holds the CSV and manifest `strikes export --bundle` writes for the same filters."""
    assert bundle(store, tmp_path, "--weapon", "missile", "--rows", "class").exit_code == 0
    http = create_app(store, {"rate_min_launched": 20}).server.test_client()
    answer = http.get("/api/v1/attacks.zip?weapon=missile&rows=class")
    assert answer.status_code == 200 and answer.headers["X-Data-Version"] == snapshot(store).version
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    assert sorted(archive.namelist()) == ["attacks.csv", "manifest.json"]
    assert archive.read("attacks.csv") == (tmp_path / "attacks.csv").read_bytes()
    assert json.loads(archive.read("manifest.json")) == json.loads((tmp_path / "manifest.json").read_text())
    refused = http.get("/api/v1/attacks.zip?limit=5")
    assert refused.status_code == 400 and "limit" in refused.get_json()["error"]
    assert http.get("/api/v1/problems.zip?weapon=drone").status_code == 400


def test_bundle_with_an_output_file_is_a_clear_error(store, tmp_path):
    result = bundle(store, tmp_path, "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "--bundle writes its own files" in result.output
    labelled = bundle(store, tmp_path, "--labels", "uk")
    assert labelled.exit_code == 2 and "--bundle writes its own files" in labelled.output
    assert not (tmp_path / "manifest.json").exists()
