"""`strikes refresh --every`: runs at an interval, survives a failed run, stops on a signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from etl.schedule import parse_interval, run_every
from etl.store import refresh_lock
from tests.conftest import REPO, SAMPLE
from tests.feedserver import Answers, serve, trickle


@pytest.mark.parametrize("text, seconds", [("30m", 1800), ("1h", 3600), ("90s", 90), ("1h30m", 5400), ("2d", 172800)])
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "30", "0s", "-5m"])
def test_bad_interval(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_failed_run_is_retried_at_the_next_tick():
    stop = threading.Event()
    calls = []

    def job():
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise RuntimeError("source down")
        if len(calls) == 3:
            stop.set()
        return 0

    assert run_every(0.05, job, stop) == 3


def test_sigterm_ends_the_schedule_cleanly(tmp_path):
    store = tmp_path / "s.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "etl", "refresh", "--every", "1s", "--store", str(store),
                             "--source", str(SAMPLE / "seeds")], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not store.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2.5)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert out.count("refreshed") >= 2
    assert "received SIGTERM; stopping" in err and "stopped after" in err


def test_bad_interval_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "etl", "refresh", "--every", "soon", "--store",
                             str(tmp_path / "s.duckdb")], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 2 and "is not an interval like 30m" in result.stderr


def test_sigterm_stops_a_refresh_in_progress_within_seconds(tmp_path):
    """Issue 13, problem 7: SIGTERM let the run in progress finish first, so a source that trickled its headers
    held `--every` for as long as the fetch took (here up to 120 s)."""
    asked = threading.Event()
    url, stop = serve(Answers(), {"/slow.rss": trickle(120, asked)})
    store = tmp_path / "s.duckdb"
    proc = None
    try:
        proc = subprocess.Popen([sys.executable, "-m", "etl", "refresh", "--every", "1h", "--store", str(store),
                                 "--source", f"{url}/slow.rss"], cwd=REPO, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ, "STRIKES_HTTP_TIMEOUT": "300"})
        assert asked.wait(120), "the refresh never asked the server"
        time.sleep(1.0)  # well inside the fetch
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
        took = time.monotonic() - sent
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        stop()
    assert proc.returncode == 0, err
    assert "received SIGTERM; stopping the run in progress" in err and "stopped after" in err
    assert took < 15  # a generous bound: the fetch alone would hold it 120 s
    assert not store.exists() and not list(tmp_path.glob(".s.duckdb.*"))  # nothing half-written is left
    with refresh_lock(store):  # and the lock is free
        pass
