"""Extraction on a Dask distributed cluster (issue 17, "more than one machine"): the same output as the local
pool, the same per-report time limit, and a dying worker costs only the report that killed it. Real local Dask
clusters, started by etl/daskpool.py; the jobs below run in their worker processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime

import dask
import pytest

from etl.daskpool import dask_client, run_chunks_dask
from etl.model import Report
from etl.pipeline import ExtractOptions, extract_all, extract_frames, safe_extract
from etl.sources import read_source
from tests.conftest import REPO, SAMPLE
from tests.test_workers import _descendants, square_or_die

DEV = SAMPLE / "corpus-dev"
SLOW = Report(text="Russia launched 40 drones overnight. " * 400, path="slow.txt")


@pytest.fixture(scope="module")
def cluster():
    """A local cluster of two workers whose scheduler gives up on a task after the first worker it kills."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), dask_client(workers=2) as client:
        yield client


def test_strikes_extract_on_dask_gives_the_local_json():
    """`strikes extract --executor dask` (a local cluster started and closed by the command) prints, byte for
    byte, what the local pool prints on the dev corpus."""
    def run(*extra: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "etl", "extract", str(DEV), "--format", "json", *extra],
                              capture_output=True, text=True, cwd=REPO, timeout=300,
                              env={**os.environ, "STRIKES_EXTRACT_WORKERS": "2"})
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    on_dask = run("--executor", "dask")
    assert len(json.loads(on_dask)["reports"]) == len(list(DEV.glob("*.txt"))) == 24
    assert on_dask == run()


def test_store_rows_on_a_local_dask_cluster_equal_the_local_pool_and_the_cluster_is_closed():
    """The refresh's rows (reports, claims, problems) from several chunks on a cluster started for the call."""
    base = list(read_source(str(DEV)))
    items = [("corpus", replace(r, path=f"{r.path}#{n}")) for n in range(6) for r in base]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    before = _workers(os.getpid())
    on_dask = extract_frames(items, now, options=ExtractOptions(workers=2, executor="dask"))
    assert _workers(os.getpid()) <= before  # its worker processes are gone
    local = extract_frames(items, now, options=ExtractOptions(workers=1))
    for name in local:
        assert on_dask[name].equals(local[name]), name
    assert local["reports"].height == len(items) > 64  # more than one chunk went to the cluster


def _workers(pid: int) -> set[int]:
    """The living processes below `pid`, but for multiprocessing's resource tracker (one per process, for good)."""
    return {p for p in _descendants(pid) if b"resource_tracker" not in _cmdline(p)}


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def test_a_dying_dask_worker_loses_only_its_own_item(cluster):
    chunks = [[n, n + 1] for n in range(0, 30, 2)]
    got = run_chunks_dask(chunks, square_or_die, cluster, lost=lambda n: [-n])
    flat = [x for part in got for x in part]
    assert flat == [-13 if n == 13 else n * n for n in range(30)]


def test_a_slow_report_is_stopped_on_a_dask_worker(cluster):
    """A Dask worker runs its tasks in a thread, where no alarm signal can reach: the limit holds there too."""
    options = ExtractOptions(time_limit=1e-6, executor="dask", dask_scheduler=cluster.scheduler.address)
    got = extract_all([SLOW, replace(SLOW, path="slow2.txt")], options=options)
    assert [ex.report.path for ex in got] == ["slow.txt", "slow2.txt"]
    assert all(not ex.strikes and "extraction stopped after 1e-06s" in ex.problems[0] for ex in got)
    fair = extract_all([SLOW], options=replace(options, time_limit=30))
    assert fair[0].strikes and not _stopped(fair[0])


def test_the_time_limit_holds_in_a_thread_and_leaves_nothing_behind():
    """Many limits that expire, then one that does not: no stray timeout reaches the later reports."""
    found: list = []

    def work():
        stopped = [safe_extract(SLOW, time_limit=1e-6) for _ in range(50)]
        found.append(all(ex.problems and "stopped after" in ex.problems[0] for ex in stopped))
        found.append([safe_extract(SLOW, time_limit=30) for _ in range(3)])

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(120)
    assert found[0] is True
    assert all(ex.strikes and not _stopped(ex) for ex in found[1])


def _stopped(extraction) -> bool:
    return any("extraction stopped after" in p for p in extraction.problems)


TRACED_AFTER_LIMITS = """
import sys, threading
from etl.model import Report
from etl.pipeline import safe_extract
slow = Report(text="Russia launched 40 drones overnight. " * 400, path="slow.txt")
worker = threading.Thread(target=lambda: [safe_extract(slow, time_limit=1e-6) for _ in range(5)])
worker.start(); worker.join()
lines = 0
def count(frame, event, arg):
    global lines
    lines += event == "line"
    return count
sys.settrace(lambda frame, event, arg: count)
safe_extract(Report(text="Overnight 5 drones, " * 50, path="x.txt"))
sys.settrace(None)
print("traced", lines > 0)
"""


def test_expired_limits_in_a_thread_leave_the_interpreter_as_it_was():
    """Clearing a pending timeout with PyThreadState_SetAsyncExc(id, NULL) left CPython 3.11's pending-exception
    signal on for good: every later bytecode checked it, and a traced extraction (tests/test_linear_text.py)
    never finished. In a process of its own, so that a hang fails this test and not the whole suite."""
    done = subprocess.run([sys.executable, "-c", TRACED_AFTER_LIMITS], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "traced True"
