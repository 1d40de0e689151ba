"""`strikes refresh` against real store files: incremental, idempotent, guarded, atomic."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from etl.refresh import ShrinkRefused, refresh
from etl.store import StoreBusy, read_tables, refresh_lock
from tests.conftest import KAGGLE_CSV, REPO, SAMPLE, need_shared


def strikes(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True, **kw)


@pytest.fixture
def reports(tmp_path) -> Path:
    """A private copy of some sample reports that tests may change."""
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE / "corpus-dev", folder)
    return folder


def test_second_refresh_changes_nothing(reports, tmp_path):
    store = tmp_path / "s.duckdb"
    first = refresh(store, [str(reports)])
    before = read_tables(store)
    second = refresh(store, [str(reports)])
    after = read_tables(store)
    assert (first.new, first.changed, first.withdrawn) == (24, 0, 0)
    assert (second.read, second.new, second.changed, second.unchanged, second.withdrawn) == (24, 0, 0, 24, 0)
    for name in ("strike_claims", "outage_claims", "attacks", "problems"):
        assert after[name].sort(after[name].columns).equals(before[name].sort(before[name].columns)), name
    assert after["refresh_runs"].height == 2
    assert after["reports"]["last_seen"].min() > before["reports"]["last_seen"].max()
    assert after["reports"]["first_seen"].equals(before["reports"]["first_seen"])


def test_changed_report_replaces_its_claims(reports, tmp_path):
    store = tmp_path / "s.duckdb"
    refresh(store, [str(reports)])
    path = reports / "en-06.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("728 drones", "730 drones"), encoding="utf-8")
    summary = refresh(store, [str(reports)])
    assert (summary.changed, summary.unchanged) == (1, 23)
    claims = read_tables(store)["strike_claims"].filter(pl.col("attack_date").cast(pl.Utf8) == "2025-07-09")
    drone = claims.filter((pl.col("weapon") == "drone") & (pl.col("row_kind") == "class"))
    assert drone["launched"].to_list() == [730]  # the old 728 claim is gone, not kept beside


def in_use(store: Path) -> pl.DataFrame:
    """The reports of a store that are not withdrawn."""
    return read_tables(store)["reports"].filter(pl.col("withdrawn").is_null())


def test_deleted_report_is_withdrawn_and_shrink_guard(reports, tmp_path):
    store = tmp_path / "s.duckdb"
    refresh(store, [str(reports)])
    (reports / "de-01.txt").unlink()
    assert refresh(store, [str(reports)]).withdrawn == 1
    for p in reports.glob("*.txt"):
        if not p.name.startswith("en-"):
            p.unlink()
    with pytest.raises(ShrinkRefused, match=f"{reports}: 9 of its reports would be left, of 24 at most"):
        refresh(store, [str(reports)])
    assert in_use(store).height == 23  # nothing was written
    result = strikes("refresh", "--store", str(store), "--source", str(reports))
    assert result.returncode == 1 and "--allow-shrink" in result.stderr
    assert strikes("refresh", "--store", str(store), "--source", str(reports), "--allow-shrink").returncode == 0
    assert in_use(store).height == 9 and read_tables(store)["reports"].height == 24  # withdrawn, not deleted


def test_unreadable_source_keeps_its_reports(reports, tmp_path):
    store = tmp_path / "s.duckdb"
    refresh(store, [str(reports), str(SAMPLE / "seeds")])
    missing = tmp_path / "gone"
    summary = refresh(store, [str(reports), str(SAMPLE / "seeds"), str(missing)])
    assert summary.unreadable == [str(missing)]
    problems = read_tables(store)["problems"]
    assert problems.filter(pl.col("problem").str.contains("source not read")).height == 1


def test_two_refreshes_at_once(reports, tmp_path):
    store = tmp_path / "s.duckdb"
    with refresh_lock(store):
        with pytest.raises(StoreBusy, match="another refresh is writing"):
            refresh(store, [str(reports)])
        result = strikes("refresh", "--store", str(store), "--source", str(reports))
        assert result.returncode == 75
        assert "another refresh is writing" in result.stderr and f"pid {os.getpid()}" in result.stderr
        waiting = subprocess.Popen([sys.executable, "-m", "etl", "refresh", "--store", str(store), "--source",
                                    str(reports), "--wait"], cwd=REPO, stdout=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert waiting.poll() is None  # it waits for the lock
    out, _ = waiting.communicate(timeout=60)
    assert waiting.returncode == 0 and "24 new" in out


def _state(store: Path) -> dict[str, pl.DataFrame]:
    """What a reader sees in a store: every table, sorted (the timestamps are part of it)."""
    return {name: frame.sort(frame.columns, nulls_last=True) for name, frame in read_tables(store).items()}


def _same(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> bool:
    return a.keys() == b.keys() and all(a[n].equals(b[n]) for n in a)


def test_kill_9_at_random_moments_never_damages_the_store(tmp_path):
    """Issue 6: 24 refreshes killed with SIGKILL at random moments (and some while the new file is
    written). Each time the store reads back whole: exactly the previous version, or exactly the
    new one when the kill came after the swap. No kill leaves a lock that blocks the next refresh."""
    import random

    store = tmp_path / "s.duckdb"
    sources = ["--source", str(SAMPLE)]
    assert strikes("refresh", "--store", str(store), "--source", str(SAMPLE / "seeds")).returncode == 0
    pristine = tmp_path / "pristine.duckdb"
    shutil.copy(store, pristine)
    before = _state(store)
    started = time.monotonic()
    assert strikes("refresh", "--store", str(store), *sources).returncode == 0
    took = time.monotonic() - started
    after = _state(store)
    assert not _same(before, after)
    rng = random.Random(6)
    outcomes = {"old": 0, "new": 0}
    for trial in range(24):
        shutil.copy(pristine, store)
        proc = subprocess.Popen([sys.executable, "-m", "etl", "refresh", "--store", str(store), *sources], cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if trial % 4 == 3:  # while the new store file is being written
            deadline = time.monotonic() + max(120.0, 3 * took)  # a watchdog against a hang, not a speed limit
            while not list(tmp_path.glob(".s.duckdb.*.building*")) and proc.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.002)
        else:
            time.sleep(rng.uniform(0.0, took * 1.1))
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        assert "busy" not in err, f"trial {trial}: a killed refresh left the lock held"
        now = _state(store)
        if _same(now, before):
            outcomes["old"] += 1
        else:  # killed after the swap: the new version, complete (times differ, content does not)
            assert _same(_comparable(now), _comparable(after)), f"trial {trial}: a damaged store"
            outcomes["new"] += 1
    assert outcomes["old"] >= 12, outcomes  # most kills land before the swap
    result = strikes("refresh", "--store", str(store), *sources)  # no --wait: the lock must be free
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob(".s.duckdb.*"))  # half-written files were cleaned up
    assert _same(_comparable(_state(store)), _comparable(after))


READER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from dashboard.data import Filters, query
ok = errors = 0
sizes = set()
ready, done = Path({ready!r}), Path({done!r})
deadline = time.monotonic() + 600
while True:
    finished = done.exists()  # one more query after the refresh finished: it must see the new store
    try:
        sizes.add(query("attacks", Filters(), {store!r}).height)
        ok += 1
        ready.touch()
    except Exception as exc:
        errors += 1
        print("error", type(exc).__name__, exc, file=sys.stderr)
    if finished or time.monotonic() > deadline:
        break
print(ok, errors, sorted(sizes))
"""


def test_reader_in_another_process_keeps_answering_during_refresh(tmp_path, kaggle_csv):
    """The reader queries without pause from before the refresh starts until after it ended (no timing
    assumptions: a slow machine only makes it query more often)."""
    store = tmp_path / "s.duckdb"
    ready, done = tmp_path / "reader-ready", tmp_path / "refresh-done"
    refresh(store, [str(SAMPLE / "corpus-dev")])
    reader = subprocess.Popen([sys.executable, "-c", READER.format(repo=str(REPO), store=str(store), ready=str(ready),
                                                                   done=str(done))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not ready.exists():  # the reader has answered from the old store
        assert reader.poll() is None and time.monotonic() < deadline, reader.stderr.read() if reader.poll() else ""
        time.sleep(0.05)
    assert strikes("refresh", "--store", str(store), "--source", str(SAMPLE), "--source",
                   f"kaggle:{kaggle_csv}").returncode == 0
    done.touch()
    out, err = reader.communicate(timeout=120)
    ok, errors, sizes = out.split(" ", 2)
    assert int(errors) == 0, err
    assert int(ok) >= 2
    assert len(eval(sizes)) == 2  # it saw the old store, then the new one, with no restart


def test_refresh_survives_a_sample_without_shared(tmp_path):
    """The bundled sample alone (what `make run` loads) refreshes with every kind of input."""
    store = tmp_path / "s.duckdb"
    summary = refresh(store, [str(SAMPLE)])
    tables = read_tables(store)
    assert summary.failed == 0 and summary.read == tables["reports"].height > 60
    assert set(tables["reports"]["source_kind"]) == {"official", "press"}
    assert tables["problems"].filter(pl.col("problem").str.contains("front matter")).height == 1


def test_kaggle_source_that_is_missing_names_the_file(tmp_path):
    result = strikes("refresh", "--store", str(tmp_path / "s.duckdb"), "--source", "kaggle:/nowhere/x.csv")
    assert result.returncode == 0  # the run is recorded; the source is listed as unreadable
    assert "kaggle:/nowhere/x.csv could not be read" in result.stderr


def test_cli_summary_line(reports, tmp_path):
    result = strikes("refresh", "--store", str(tmp_path / "s.duckdb"), "--source", str(reports))
    assert result.returncode == 0
    assert "24 reports read, 24 new, 0 changed, 0 unchanged, 0 withdrawn, 0 failed" in result.stdout


def test_kaggle_csv_constant_points_at_shared():
    assert KAGGLE_CSV.name == "missile_attacks_daily.csv"
    need_shared(KAGGLE_CSV)


def _comparable(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The tables in use (withdrawn reports left out, as the read path does) without what differs between runs
    by nature (times, run ids, where files lie)."""
    from etl.snapshot import in_use

    drop = {"reports": ["first_seen", "last_seen", "withdrawn"], "refresh_runs": None, "source_files": None}
    tables = in_use(tables)[0]
    out = {}
    for name, frame in tables.items():
        if name in drop and drop[name] is None:
            continue
        frame = frame.drop(drop.get(name) or [])
        out[name] = frame.sort(frame.columns, nulls_last=True)
    return out


def test_incremental_store_equals_a_store_built_from_scratch(reports, tmp_path):
    """Changed, removed and new reports applied to a copy of the store give what a fresh build gives."""
    store = tmp_path / "s.duckdb"
    refresh(store, [str(reports), str(SAMPLE / "seeds")])
    path = reports / "en-06.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("728 drones", "731 drones"), encoding="utf-8")
    (reports / "de-02.txt").unlink()
    shutil.copy(SAMPLE / "corpus-challenge" / "ch-en-01.txt", reports / "new-en.txt")
    summary = refresh(store, [str(reports), str(SAMPLE / "seeds")])
    assert (summary.new, summary.changed, summary.withdrawn) == (1, 1, 1)
    fresh = tmp_path / "fresh.duckdb"
    refresh(fresh, [str(reports), str(SAMPLE / "seeds")])
    got, want = _comparable(read_tables(store)), _comparable(read_tables(fresh))
    for name in want:
        assert got[name].equals(want[name]), name
    assert read_tables(store)["attacks"].equals(read_tables(fresh)["attacks"])  # in the same order, too
    for p in sorted(reports.glob("uk-*.txt"))[:8]:
        p.unlink()
    assert refresh(store, [str(reports), str(SAMPLE / "seeds")]).withdrawn == 8
    from etl.purge import purge_withdrawn

    assert purge_withdrawn(store, date.today() + timedelta(days=2)) == 9  # a third of the store goes: rebuilt compact
    assert read_tables(store)["reports"]["withdrawn"].null_count() == read_tables(store)["reports"].height
    fresh.unlink()
    refresh(fresh, [str(reports), str(SAMPLE / "seeds")])
    got, want = _comparable(read_tables(store)), _comparable(read_tables(fresh))
    for name in want:
        assert got[name].equals(want[name]), name


def test_unchanged_files_are_not_read_again(reports, tmp_path):
    """A file with the size and modification time of the last refresh is skipped; --full reads it."""
    store = tmp_path / "s.duckdb"
    refresh(store, [str(reports)])
    path = reports / "en-06.txt"
    st = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("728 drones", "729 drones"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same time: looks untouched

    def drones() -> list[int]:
        claims = read_tables(store)["strike_claims"].filter(
            (pl.col("attack_date").cast(pl.Utf8) == "2025-07-09") & (pl.col("weapon") == "drone")
            & (pl.col("row_kind") == "class"))
        return claims["launched"].to_list()

    skipped = refresh(store, [str(reports)])
    assert (skipped.read, skipped.unchanged, skipped.changed) == (24, 24, 0) and drones() == [728]
    full = refresh(store, [str(reports)], full=True)
    assert full.full and full.changed == 1 and drones() == [729]
    assert "all reports extracted again" in full.line()


def test_a_new_extractor_extracts_everything_again(reports, tmp_path, monkeypatch):
    import etl.refresh as refresh_module

    store = tmp_path / "s.duckdb"
    refresh(store, [str(reports)])
    assert not refresh(store, [str(reports)]).full
    monkeypatch.setattr(refresh_module, "extractor_fingerprint", lambda: "a-newer-extractor")
    again = refresh(store, [str(reports)])
    assert again.full and (again.read, again.unchanged) == (24, 24)
    assert read_tables(store)["refresh_runs"]["extractor"].to_list()[-1] == "a-newer-extractor"
    assert not refresh(store, [str(reports)]).full


def test_a_store_from_an_older_version_is_upgraded(reports, tmp_path):
    """A store without the source_files table and the extractor column refreshes and gains them."""
    import duckdb

    store = tmp_path / "s.duckdb"
    refresh(store, [str(reports)])
    con = duckdb.connect(str(store))
    con.execute("DROP TABLE source_files")
    con.execute("ALTER TABLE refresh_runs DROP COLUMN extractor")
    for table, column in (("refresh_runs", "restored"), ("refresh_runs", "source_state"), ("reports", "withdrawn")):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # issue 13 added them
    con.execute("ALTER TABLE refresh_runs RENAME COLUMN withdrawn TO removed")  # and named this one
    con.close()
    old = read_tables(store)
    assert old["source_files"].is_empty() and old["refresh_runs"]["extractor"].to_list() == [None]
    assert old["refresh_runs"]["withdrawn"].to_list() == [0] and old["reports"]["withdrawn"].null_count() == 24
    summary = refresh(store, [str(reports)])
    assert summary.unchanged == 24 and not summary.full
    new = read_tables(store)
    assert new["source_files"].height == 24 and new["refresh_runs"]["extractor"].null_count() == 1
    assert new["refresh_runs"]["withdrawn"].to_list() == [0, 0]
    (reports / "de-01.txt").unlink()
    assert refresh(store, [str(reports)]).withdrawn == 1
