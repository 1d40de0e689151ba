"""`strikes refresh --every`: runs at an interval, survives a failed run, stops on a signal."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest

from etl.schedule import parse_interval, run_every
from tests.conftest import REPO, SAMPLE


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
    assert "received SIGTERM; stopping after the current run" in err and "stopped after" in err


def test_bad_interval_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "etl", "refresh", "--every", "soon", "--store",
                             str(tmp_path / "s.duckdb")], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 2 and "is not an interval like 30m" in result.stderr
