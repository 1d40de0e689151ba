"""Extraction in worker processes (issue 5): same answers as one process, and a dying worker costs
only the report that killed it. Real process pools; the jobs below run in the workers."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from etl.model import Report
from etl.pipeline import PARALLEL_MIN, ExtractOptions, extract_all, extract_frames, safe_extract
from etl.render import extraction_json
from etl.sources import read_source
from etl.workers import run_chunks
from tests.conftest import SAMPLE


def square_or_die(chunk: list[int]) -> list[int]:
    """A job for the pool: item 13 kills its worker the way the kernel's OOM killer would."""
    if 13 in chunk:
        os._exit(137)
    return [n * n for n in chunk]


@pytest.fixture(scope="module")
def many_reports() -> list[Report]:
    """The dev corpus repeated past the size at which a pool is used, each copy its own report."""
    base = list(read_source(str(SAMPLE / "corpus-dev")))
    copies = PARALLEL_MIN // len(base) + 1
    return [replace(r, path=f"{r.path}#{n}") for n in range(copies) for r in base]


def test_workers_give_the_same_extractions_in_the_same_order(many_reports):
    one = extract_all(many_reports, options=ExtractOptions(workers=1))
    two = extract_all(many_reports, options=ExtractOptions(workers=2))
    assert ExtractOptions(workers=2).pool_size(len(many_reports)) == 2
    assert [ex.report.path for ex in two] == [r.path for r in many_reports]
    assert all(ex.report.text for ex in two)  # the texts are put back after the round trip
    assert json.dumps(extraction_json(two)) == json.dumps(extraction_json(one))


def test_workers_give_the_same_store_rows(many_reports):
    items = [("corpus", r) for r in many_reports]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    one = extract_frames(items, now, options=ExtractOptions(workers=1))
    two = extract_frames(items, now, options=ExtractOptions(workers=2))
    for name in one:
        assert two[name].equals(one[name]), name
    assert one["reports"].height == len(many_reports) and one["strike_claims"].height > len(many_reports)


def test_a_dying_worker_loses_only_its_own_item():
    chunks = [[n, n + 1] for n in range(0, 30, 2)]
    got = run_chunks(chunks, square_or_die, workers=2, lost=lambda n: [-n])
    flat = [x for part in got for x in part]
    assert flat == [-13 if n == 13 else n * n for n in range(30)]


def test_a_slow_report_is_stopped_and_kept():
    report = Report(text="Russia launched 40 drones overnight. " * 400, path="slow.txt")
    ex = safe_extract(report, time_limit=1e-6)
    assert not ex.strikes and ex.report is report
    assert ex.problems and "extraction stopped after 1e-06s" in ex.problems[0]
    assert safe_extract(report, time_limit=30).strikes  # the same report with time to spare


def test_small_inputs_stay_in_this_process():
    assert ExtractOptions(workers=8).pool_size(PARALLEL_MIN - 1) == 1
    assert ExtractOptions(workers=8).pool_size(PARALLEL_MIN) == 4  # one per chunk of 64 at most
    assert ExtractOptions(workers=0).pool_size(10_000) == (os.cpu_count() or 1)


def test_the_cli_extracts_with_workers(tmp_path):
    """`strikes extract` over a folder big enough for the pool gives what one process gives."""
    import subprocess
    import sys

    folder = tmp_path / "many"
    for n in range(PARALLEL_MIN // 24 + 1):
        shutil.copytree(SAMPLE / "corpus-dev", folder / f"copy{n}")
    env = {**os.environ, "STRIKES_EXTRACT_WORKERS": "2"}
    two = subprocess.run([sys.executable, "-m", "etl", "extract", str(folder), "--format", "json"],
                         capture_output=True, text=True, env=env, timeout=600)
    one = subprocess.run([sys.executable, "-m", "etl", "extract", str(folder), "--format", "json"],
                         capture_output=True, text=True, env={**env, "STRIKES_EXTRACT_WORKERS": "1"}, timeout=600)
    assert two.returncode == 0, two.stderr
    assert len(json.loads(two.stdout)["reports"]) > PARALLEL_MIN
    assert two.stdout == one.stdout


def _descendants(pid: int) -> set[int]:
    """Every living process below `pid` (children, grandchildren ...), zombies left out."""
    from tests.serving import children

    found, todo = set(), [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in found and _alive(child):
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    """True while a process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory):
    """Enough reports for a refresh to extract them in a pool of worker processes."""
    folder = tmp_path_factory.mktemp("many")
    for n in range(PARALLEL_MIN // 24 + 2):
        shutil.copytree(SAMPLE / "corpus-dev", folder / f"copy{n}")
    return folder


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGTERM --every"])
def test_worker_processes_die_with_a_killed_refresh(big_folder, tmp_path, how):
    """Issue 13, problem 8: after kill -9 or SIGTERM during parallel extraction the fork server, the resource
    tracker and the workers lived on (about 590 MB each time)."""
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    every = ["--every", "1h"] if "every" in how else []
    env = {**os.environ, "STRIKES_EXTRACT_WORKERS": "2", "STRIKES_REPORT_TIME_LIMIT": "0"}
    log = (tmp_path / "refresh.log").open("w")  # not a pipe: orphans holding it would keep a reader waiting
    proc = subprocess.Popen([sys.executable, "-m", "etl", "refresh", "--store", str(tmp_path / "s.duckdb"),
                             "--source", str(big_folder), *every], cwd=REPO, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 300
    below: set[int] = set()
    while len(below) < 3:  # the fork server and two workers at least: extraction is under way
        assert proc.poll() is None and time.monotonic() < deadline, "no worker processes were started"
        time.sleep(0.05)
        below = _descendants(proc.pid)
    time.sleep(0.5)
    below = _descendants(proc.pid)
    proc.send_signal(signal.SIGKILL if how == "SIGKILL" else signal.SIGTERM)
    proc.wait(timeout=120)
    end = time.monotonic() + 30
    while any(_alive(p) for p in below) and time.monotonic() < end:
        time.sleep(0.2)
    left = [p for p in below if _alive(p)]
    for p in left:  # do not leave them to the next test
        os.kill(p, signal.SIGKILL)
    assert left == [], (tmp_path / "refresh.log").read_text()
