"""Issue 15: `kaggle:OWNER/DATASET` with credentials, end to end. kagglehub, Kaggle's own client, talks HTTP to a
local stand-in for Kaggle's API (tests/kaggleserver.py, on 127.0.0.1:7777 as kagglesdk's TEST environment wants):
the version check, the download of the version's archive through a redirect, kagglehub's cache in KAGGLEHUB_CACHE,
and what the refresh stores. The tables served are small ones written here with the real header."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from etl.refresh import refresh
from etl.store import read_tables
from tests.conftest import REPO
from tests.kaggleserver import API, BLOBS, Kaggle, kaggle_stand_in
from tests.test_kaggle import HEADER, _row

HANDLE = "piterfm/massive-missile-attacks-on-ukraine"
SOURCE = f"kaggle:{HANDLE}"
NIGHTS = [_row(),  # 30 January 2026: 10 launched, 8 shot down
          _row(time_start="2026-01-30 18:00", time_end="2026-01-31 08:00", launched="20.0", destroyed="15.0"),
          _row(time_start="2026-01-31 18:00", time_end="2026-02-01 08:00", launched="30.0", destroyed="25.0")]
FIRST_TWO = [(date(2026, 1, 30), 10, 8), (date(2026, 1, 31), 20, 15)]
VERSION_CHECK = f"POST {API}GetDataset"


def _table(*rows: dict) -> bytes:
    """missile_attacks_daily.csv with these rows, as the dataset's archive holds it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def kaggle(tmp_path, monkeypatch):
    """The stand-in serving version 1 of HANDLE (the first two nights), and an environment that reaches it with an
    API token: KAGGLE_API_ENVIRONMENT=TEST, kagglehub's cache in tmp_path, an empty home, no proxy for localhost."""
    for name in ("KAGGLE_API_TOKEN", "KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_KERNEL_RUN_TYPE",
                 "KAGGLE_DATA_PROXY_URL"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "home").mkdir()
    site = Kaggle(HANDLE)
    site.publish(_table(*NIGHTS[:2]))
    for name, value in {"HOME": tmp_path / "home", "KAGGLE_CONFIG_DIR": tmp_path / "home" / ".kaggle",
                        "KAGGLE_API_ENVIRONMENT": "TEST", "KAGGLEHUB_CACHE": tmp_path / "kagglehub",
                        "KAGGLE_API_TOKEN": site.token, "NO_PROXY": "localhost,127.0.0.1",
                        "no_proxy": "localhost,127.0.0.1"}.items():
        monkeypatch.setenv(name, str(value))
    with kaggle_stand_in(site):
        yield site


def _claims(store: Path) -> list[tuple[date, int, int]]:
    """(attack date, launched, shot down) of every stored claim (its class row) of the reports in use."""
    tables = read_tables(store, ("reports", "strike_claims"))
    used = tables["reports"].filter(pl.col("withdrawn").is_null())["report_id"]
    claims = tables["strike_claims"].filter(pl.col("report_id").is_in(used.implode()) & (pl.col("row_kind") == "class"))
    return sorted(zip(claims["attack_date"], claims["launched"], claims["shot_down"], strict=True))


def _reports(store: Path) -> pl.DataFrame:
    """The stored reports: id, path, item, when first seen and withdrawn."""
    reports = read_tables(store, ("reports",))["reports"]
    return reports.select("report_id", "path", "item", "first_seen", "withdrawn").sort("item")


def test_strikes_refresh_downloads_the_table_with_credentials(tmp_path, kaggle):
    """(1) A real `strikes refresh` with a token: kagglehub asks for the current version, follows the download's
    redirect to the archive, extracts it into KAGGLEHUB_CACHE, and every row is stored as a claim under the
    handle; an unknown handle beside it is one line naming it (Kaggle's 404)."""
    store, unknown = tmp_path / "s.duckdb", "kaggle:piterfm/no-such-dataset"
    result = subprocess.run([sys.executable, "-m", "etl", "refresh", "--store", str(store), "--source", SOURCE,
                             "--source", unknown], cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert _claims(store) == FIRST_TWO
    assert set(_reports(store)["path"]) == {SOURCE}
    assert kaggle.downloads == [1]
    assert kaggle.asked[:3] == [VERSION_CHECK, f"POST {API}DownloadDataset",
                                f"GET {BLOBS}1/archive.zip?X-Goog-Algorithm=GOOG4-RSA-SHA256"]
    cached = tmp_path / "kagglehub" / "datasets" / "piterfm" / "massive-missile-attacks-on-ukraine" / "versions" / "1"
    assert (cached / "missile_attacks_daily.csv").read_bytes() == kaggle.versions[1]
    warnings = [line for line in result.stderr.splitlines() if "could not be read" in line]
    assert len(warnings) == 1 and unknown in warnings[0], result.stderr
    assert "404 Client Error" in warnings[0] and "check the handle, the credentials and the network" in warnings[0]


def test_the_same_version_is_not_downloaded_again(tmp_path, kaggle):
    """(2) kagglehub asks for the current version on every refresh (one small request) and reads its cached copy
    while that version is the same: nothing is downloaded, nothing added."""
    store = tmp_path / "s.duckdb"
    first = refresh(store, [SOURCE])
    assert (first.new, first.failed, first.unreadable) == (2, 0, [])
    before = _reports(store)
    kaggle.asked.clear()
    again = refresh(store, [SOURCE])
    assert (again.read, again.new, again.changed, again.unchanged, again.withdrawn) == (2, 0, 0, 2, 0)
    assert kaggle.downloads == [1]
    assert kaggle.asked == [VERSION_CHECK]
    assert _reports(store).equals(before) and _claims(store) == FIRST_TWO


def test_a_new_version_is_downloaded_once_and_adds_its_row(tmp_path, kaggle):
    """(3) The dataset gets a version 2 with a third night: one download, one new claim, and the first two reports
    kept as they were (same ids, first seen, none withdrawn)."""
    store = tmp_path / "s.duckdb"
    refresh(store, [SOURCE])
    before = _reports(store)
    kaggle.publish(_table(*NIGHTS))
    newer = refresh(store, [SOURCE])
    assert (newer.new, newer.unchanged, newer.withdrawn, newer.unreadable) == (1, 2, 0, [])
    assert kaggle.downloads == [1, 2]
    assert _claims(store) == [*FIRST_TWO, (date(2026, 2, 1), 30, 25)]
    after = _reports(store)
    assert after.filter(pl.col("report_id").is_in(before["report_id"].implode())).equals(before)
    assert after["withdrawn"].null_count() == 3


FAILURES = {  # how the download fails -> (failing, failing_for, handle served, token, what the line says)
    "server error": (500, "/", HANDLE, "stand-in-token", "500 Server Error"),
    "archive error": (503, BLOBS, HANDLE, "stand-in-token", "503 Server Error"),  # the version check answers
    "unreachable": ("drop", "/", HANDLE, "stand-in-token", "ConnectionError"),  # the version check needs Kaggle
    "unknown handle": (None, "/", "piterfm/renamed", "stand-in-token", "404 Client Error"),
    "token refused": (None, "/", HANDLE, "a-revoked-token", "401 Client Error"),
}


def _fail(kaggle: Kaggle, monkeypatch, way: str) -> str:
    """Make the stand-in (or the token) fail as FAILURES says; returns what the line must say."""
    failing, failing_for, served, token, said = FAILURES[way]
    kaggle.failing, kaggle.failing_for, kaggle.handle = failing, failing_for, served
    monkeypatch.setenv("KAGGLE_API_TOKEN", token)
    return said


def test_a_failed_download_is_one_line_naming_the_source_and_loses_nothing(tmp_path, kaggle, monkeypatch):
    """(4) After a first refresh, version 2 is published and the refresh fails, on the version check and on the
    archive: the source is one line naming it and what Kaggle answered, its stored reports and claims are kept (none
    withdrawn); the refresh that can download again adds the new row, once. Every other way is one line too."""
    from etl.sources.kaggle_handle import download_table

    store = tmp_path / "s.duckdb"
    refresh(store, [SOURCE])
    before = _reports(store)
    kaggle.publish(_table(*NIGHTS))
    for way in FAILURES:
        said = _fail(kaggle, monkeypatch, way)
        if way in ("server error", "archive error"):
            failed = refresh(store, [SOURCE])
            assert (failed.unreadable, failed.withdrawn, failed.new) == ([SOURCE], 0, 0), way
            assert _reports(store).equals(before) and _claims(store) == FIRST_TWO, way
            error = failed.errors[SOURCE]
        else:  # the same line, from the download alone (a refresh costs half a second)
            with pytest.raises(OSError) as raised:
                download_table(HANDLE)
            error = str(raised.value)
        assert "\n" not in error and error.startswith(f"{SOURCE}: the download failed ("), (way, error)
        assert said in error, (way, error)
        assert kaggle.downloads == [1], way
    kaggle.failing, kaggle.handle = None, HANDLE
    monkeypatch.setenv("KAGGLE_API_TOKEN", kaggle.token)
    assert refresh(store, [SOURCE]).new == 1 and _claims(store)[-1] == (date(2026, 2, 1), 30, 25)
    assert kaggle.downloads == [1, 2]


@pytest.mark.parametrize("where", ["environment", "kaggle.json"])
def test_username_and_key_reach_kaggle_too(kaggle, monkeypatch, where):
    """The legacy username and key, as KAGGLE_USERNAME and KAGGLE_KEY or in ~/.kaggle/kaggle.json, download too
    (HTTP Basic auth, which the stand-in checks)."""
    from etl.sources.kaggle_handle import download_table

    monkeypatch.delenv("KAGGLE_API_TOKEN")
    if where == "environment":
        monkeypatch.setenv("KAGGLE_USERNAME", kaggle.username)
        monkeypatch.setenv("KAGGLE_KEY", kaggle.key)
    else:
        folder = Path(os.environ["KAGGLE_CONFIG_DIR"])
        folder.mkdir()
        (folder / "kaggle.json").write_text(json.dumps({"username": kaggle.username, "key": kaggle.key}))
    assert download_table(HANDLE).read_bytes() == kaggle.versions[1]
    assert kaggle.downloads == [1]
