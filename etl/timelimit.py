"""A time limit on a block of Python code, in the main thread or in any other.

In the main thread (`strikes extract`, the local pool's workers) a SIGALRM timer raises ReportTimeout. Other
threads cannot take a signal: a Dask worker runs its tasks in a thread pool, so there a watchdog thread raises
ReportTimeout in the limited thread (CPython's PyThreadState_SetAsyncExc). Both interrupt Python code between
two bytecodes, and neither can interrupt one long call into C.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from contextlib import contextmanager

__all__ = ["ReportTimeout", "time_limit"]


class ReportTimeout(Exception):
    """A report took longer than the time limit."""


@contextmanager
def time_limit(seconds: float):
    """Raise ReportTimeout in this thread after `seconds` (0 or less: no limit)."""
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _watchdog().limit(seconds):
            yield


@contextmanager
def _alarm(seconds: float):
    def expire(signum, frame):
        raise ReportTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_local = threading.local()


def _watchdog() -> _Watchdog:
    """This thread's watchdog, started on first use (one per thread, reused for every report)."""
    dog = getattr(_local, "dog", None)
    if dog is None:
        dog = _local.dog = _Watchdog(threading.get_ident())
    return dog


def _raise_in(thread_id: int, exc: type[BaseException]) -> None:
    """Have `exc` raised in a thread at its next bytecode."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc))


PENDING_REACH = 10_000  # loop turns within which an exception set for this thread is raised


def _take_pending() -> None:
    """Let an exception the watchdog set for this thread and that was not raised yet be raised here, and drop it.

    Never clear it with PyThreadState_SetAsyncExc(id, NULL): on CPython 3.11 that leaves the interpreter's
    "async exception pending" signal on with nothing to take it, so every thread checks for it at every bytecode
    from then on (sys.settrace then hung the process). Raised and caught, it is taken off properly."""
    try:
        for _ in range(PENDING_REACH):
            pass
    except ReportTimeout:
        pass


class _Watchdog:
    """A daemon thread that raises ReportTimeout in one thread when its armed deadline passes."""

    def __init__(self, target: int):
        self.target, self.deadline, self.fired = target, None, False
        self.cond = threading.Condition()
        threading.Thread(target=self._run, daemon=True, name=f"time-limit-{target}").start()

    @contextmanager
    def limit(self, seconds: float):
        with self.cond:
            self.deadline, self.fired = time.monotonic() + seconds, False
            self.cond.notify()
        try:
            yield
        finally:
            with self.cond:
                self.deadline = None
                fired, self.fired = self.fired, False
            if fired:
                _take_pending()
                raise ReportTimeout

    def _run(self) -> None:
        with self.cond:
            while True:
                if self.deadline is None:
                    self.cond.wait()
                elif time.monotonic() < self.deadline:
                    self.cond.wait(self.deadline - time.monotonic())
                else:
                    self.fired, self.deadline = True, None
                    _raise_in(self.target, ReportTimeout)
