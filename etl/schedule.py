"""`strikes refresh --every 30m`: run a job at an interval until SIGTERM or SIGINT.

A failed run is logged and tried again at the next tick. SIGTERM or SIGINT ends the loop: between runs at
once, and during a run by stopping that run where it is (a refresh is atomic, so the store is left as it was
and its half-built file is removed), so the process ends within a second or two whatever the run waits for.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from collections.abc import Callable

__all__ = ["parse_interval", "run_every", "Stopped"]

log = logging.getLogger("strikes.schedule")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in an interval like "30m", "1h30m", "90s" or "2h"."""
    parts = re.fullmatch(r"(?:\s*(\d+(?:\.\d+)?)\s*([smhd]))+\s*", text.strip().lower())
    if not parts:
        raise ValueError(f"{text!r} is not an interval like 30m, 1h or 90s")
    seconds = sum(float(n) * _UNITS[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", text.lower()))
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a positive interval")
    return seconds


class Stopped(BaseException):  # noqa: N818 - not an error: what a signal raises to end the run in progress
    """Raised in the run in progress by SIGTERM or SIGINT (a BaseException, so that no `except Exception` of the
    run takes it for a failure of one source or one report)."""


def run_every(seconds: float, job: Callable[[], int], stop: threading.Event | None = None) -> int:
    """Run `job` now and then every `seconds` until stopped; returns the number of runs."""
    stop = stop or threading.Event()
    running = threading.Event()
    _install_handlers(stop, running)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    runs = 0
    next_tick = time.monotonic()
    while not stop.is_set():
        runs += 1
        try:
            running.set()
            code = job()
            if code:
                log.warning("run %d ended with exit code %d; trying again at the next tick", runs, code)
        except Stopped:
            log.info("run %d was stopped; the store was left as it was", runs)
        except Exception:  # noqa: BLE001 - a failed run must not end the schedule
            log.exception("run %d failed; trying again at the next tick", runs)
        finally:
            running.clear()
        next_tick += seconds
        stop.wait(max(0.0, next_tick - time.monotonic()))
    log.info("stopped after %d runs", runs)
    return runs


def _install_handlers(stop: threading.Event, running: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum, _frame):
        name = signal.Signals(signum).name
        stop.set()
        if running.is_set():
            log.info("received %s; stopping the run in progress", name)
            running.clear()
            raise Stopped
        log.info("received %s; stopping", name)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
