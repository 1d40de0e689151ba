"""The store never loses history (issue 13, "integrity and backups"): a damaged store is refused by `refresh` and
`store verify` and brought back by `store restore`; the last N versions are kept; the dashboard serves the newest
good version of a damaged store and says so; paths reach DuckDB as parameters. Real store files, real `strikes`
processes and `strikes serve`."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import httpx
import polars as pl
import pytest

from etl.refresh import refresh
from etl.store import read_tables
from etl.storefile import StoreDamaged, verify, version_files, versions_dir
from tests.conftest import REPO, SAMPLE
from tests.serving import Server

HEADER = 3 * 4096  # DuckDB's file header and its two database headers, before the first block
BLOCK = 262_144  # DuckDB's block size


def strikes(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


def one_line(text: str) -> str:
    return " ".join(text.split())


def damage(store: Path, table: str = "reports", column: str = "text") -> None:
    """Write 4 KiB of random bytes into the block that holds a column of a table (found with DuckDB's own
    storage_info, so the bytes land on data the store uses)."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        info = con.execute(f"PRAGMA storage_info('{table}')").fetchall()
        names = [d[0] for d in con.description]
    finally:
        con.close()
    row = next(dict(zip(names, r, strict=True)) for r in info
               if r[names.index("column_name")] == column and r[names.index("block_id")] >= 0)
    with store.open("r+b") as fh:
        fh.seek(HEADER + row["block_id"] * BLOCK + 8 + row["block_offset"])
        fh.write(random.Random(13).randbytes(4096))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def built(tmp_path) -> Path:
    """A store refreshed twice (the seeds, then the whole sample), so two versions are kept."""
    store = tmp_path / "data" / "strikes.duckdb"
    refresh(store, [str(SAMPLE / "seeds")])
    refresh(store, [str(SAMPLE)])
    return store


def test_random_bytes_in_the_store_are_refused_by_refresh_and_verify_and_restore_brings_it_back(built):
    """Issue 13, problem 4: random bytes written into the store were copied into every next version."""
    before = read_tables(built)
    assert strikes("store", "verify", "--store", str(built)).returncode == 0
    damage(built)
    damaged = digest(built)
    kept = version_files(built)

    checked = strikes("store", "verify", "--store", str(built))
    assert checked.returncode == 1
    said = one_line(checked.stderr)
    assert f"{built} is damaged" in said and "strikes store restore" in said and "Traceback" not in said

    refused = strikes("refresh", "--store", str(built), "--source", str(SAMPLE))
    assert refused.returncode == 1 and refused.stdout == ""
    said = one_line(refused.stderr)
    assert f"{built} is damaged" in said and "nothing was written" in said and "strikes store restore" in said
    assert digest(built) == damaged and version_files(built) == kept  # nothing built on it, nothing kept of it

    restored = strikes("store", "restore", "--store", str(built))
    assert restored.returncode == 0, restored.stderr
    assert f"restored {built} from version {kept[0].name}" in one_line(restored.stdout)
    aside = list(built.parent.glob("strikes.duckdb.before-restore-*"))
    assert len(aside) == 1 and digest(aside[0]) == damaged  # the damaged file is kept for a look, not lost
    after = read_tables(built)
    for name, frame in before.items():
        assert after[name].equals(frame), name
    assert strikes("store", "verify", "--store", str(built)).returncode == 0
    again = strikes("refresh", "--store", str(built), "--source", str(SAMPLE))
    assert again.returncode == 0 and " 0 new, 0 changed" in again.stdout


def test_a_truncated_store_is_a_clear_error_not_a_traceback(built):
    data = built.read_bytes()
    built.write_bytes(data[: len(data) // 2])
    for args in (("refresh", "--source", str(SAMPLE)), ("store", "verify")):
        result = strikes(*args, "--store", str(built))
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"{built} is damaged" in one_line(result.stderr) or f"{built} cannot be opened" in one_line(result.stderr)
    assert strikes("store", "restore", "--store", str(built)).returncode == 0
    verify(built)


def test_the_last_n_versions_are_kept_and_listed(tmp_path):
    store = tmp_path / "s.duckdb"
    env = {"STRIKES_STORE_VERSIONS": "2"}
    folders = [SAMPLE / "seeds", SAMPLE / "corpus-dev", SAMPLE / "formats"]
    for n in range(1, 4):
        sources = [a for f in folders[:n] for a in ("--source", str(f))]
        assert strikes("refresh", "--store", str(store), *sources, env=env).returncode == 0
    kept = version_files(store)
    assert len(kept) == 2 and kept == sorted(kept, reverse=True)
    assert [verify(v).rows["reports"] for v in kept] == [read_tables(store)["reports"].height, 26]
    listed = strikes("store", "versions", "--store", str(store))
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0] == f"versions of {store} kept in {versions_dir(store)}, newest first:"
    assert lines[1].split()[0] == kept[0].name and "26 reports" in lines[2] and "last refresh 20" in lines[2]
    damage(kept[0])
    listed = strikes("store", "versions", "--store", str(store))
    assert "DAMAGED" in listed.stdout.splitlines()[1]
    chosen = strikes("store", "restore", "--store", str(store))  # the newest good one
    assert chosen.returncode == 0 and kept[1].name in chosen.stdout
    assert read_tables(store)["reports"].height == 26
    named = strikes("store", "restore", kept[0].name, "--store", str(store))
    assert named.returncode == 1 and "is damaged too" in one_line(named.stderr)
    assert strikes("store", "restore", "nope", "--store", str(store)).returncode == 1


def test_no_versions_with_store_versions_0(tmp_path):
    store = tmp_path / "s.duckdb"
    refresh(store, [str(SAMPLE / "seeds")], keep_versions=0)
    assert version_files(store) == []
    result = strikes("store", "restore", "--store", str(store))
    assert result.returncode == 1 and "no version of" in one_line(result.stderr)


def test_a_store_path_with_a_quote(tmp_path):
    """Issue 13, problem 6: `ATTACH '{store}'` was formatted from the path, so a `'` in it broke the SQL."""
    folder = tmp_path / "Kyiv's data"
    reports = tmp_path / "reports"
    reports.mkdir()
    for n in range(1, 5):
        (reports / f"r{n}.md").write_text(f"---\npublished: 2025-01-0{n}\n---\nRussia launched {20 + n} drones "
                                          "at Ukraine overnight.\n", encoding="utf-8")
    store = folder / "it's.duckdb"
    assert strikes("refresh", "--store", str(store), "--source", str(reports)).returncode == 0
    for n in (3, 4):
        (reports / f"r{n}.md").unlink()
    assert strikes("refresh", "--store", str(store), "--source", str(reports)).returncode == 0
    purged = strikes("purge", "--store", str(store), "--withdrawn-before", "2999-01-01")  # half the store: rebuilt
    assert purged.returncode == 0, purged.stderr
    assert read_tables(store)["reports"].height == 2
    assert strikes("store", "verify", "--store", str(store)).returncode == 0


def test_verify_names_the_file_and_the_table_read():
    with pytest.raises(StoreDamaged, match="cannot be opened as a store"):
        verify(REPO / "README.md")


def test_the_dashboard_reads_the_newest_good_version_of_a_damaged_store(built):
    from dashboard import data

    good = data.snapshot(built)
    assert good.fallback is None
    damage(built)
    snap = data.snapshot(built)
    assert snap.fallback == version_files(built)[0]
    assert snap.tables["reports"].height == good.tables["reports"].height
    assert data.query("attacks", data.Filters(), built).equals(read_tables(version_files(built)[0])["attacks"])


def test_strikes_serve_says_it_serves_a_kept_version(built, tmp_path):
    damage(built)
    server = Server(built, tmp_path / "serve.log")
    try:
        layout = httpx.get(server.url + "/_dash-layout", timeout=60)
        assert layout.status_code == 200
        text = layout.text
        assert "The store file is damaged" in text and "strikes store restore" in text
        assert version_files(built)[0].name in text and str(built.parent) not in text  # no server path leaks
        assert "The data cannot be read right now" not in text
        uk = json.dumps(httpx.get(server.url + "/_dash-layout?ui=uk", timeout=60).json(), ensure_ascii=False)
        assert "Файл сховища пошкоджений" in uk and "strikes store restore" in uk  # the Ukrainian interface too
        assert version_files(built)[0].name in uk and "The store file is damaged" not in uk
    finally:
        server.stop()


def test_refresh_verifies_the_version_it_writes(built, monkeypatch):
    """A new store file that does not read back whole is never put in place (verified before the swap)."""
    import etl.storefile as storefile

    real = storefile.verify
    calls = []

    def counting(path):
        calls.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(storefile, "verify", counting)
    import etl.refresh as refresh_module

    monkeypatch.setattr(refresh_module, "verify", counting)
    refresh(built, [str(SAMPLE)])
    assert calls[0] == built.name and calls[1].endswith(".building")  # the store it starts from, then the new one
    tables = read_tables(built)
    assert tables["reports"].filter(pl.col("withdrawn").is_null()).height == tables["reports"].height
