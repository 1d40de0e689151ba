"""`strikes refresh --every 30m`: run a job at an interval until SIGTERM or SIGINT.

A failed run is logged and tried again at the next tick; a signal ends the loop cleanly between
runs (a run in progress finishes first, so the store is never left half-written by us).
"""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from collections.abc import Callable

__all__ = ["parse_interval", "run_every"]

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


def run_every(seconds: float, job: Callable[[], int], stop: threading.Event | None = None) -> int:
    """Run `job` now and then every `seconds` until stopped; returns the number of runs."""
    stop = stop or threading.Event()
    _install_handlers(stop)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    runs = 0
    next_tick = time.monotonic()
    while not stop.is_set():
        runs += 1
        try:
            code = job()
            if code:
                log.warning("run %d ended with exit code %d; trying again at the next tick", runs, code)
        except Exception:  # noqa: BLE001 - a failed run must not end the schedule
            log.exception("run %d failed; trying again at the next tick", runs)
        next_tick += seconds
        stop.wait(max(0.0, next_tick - time.monotonic()))
    log.info("stopped after %d runs", runs)
    return runs


def _install_handlers(stop: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum, _frame):
        log.info("received %s; stopping after the current run", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
