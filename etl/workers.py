"""A pool of worker processes for CPU-bound work on chunks, that survives a worker dying.

Workers are forked from a fork server that has imported the `preload` modules once, so each starts
warm and none inherits the threads of the calling process (DuckDB's, a web server's). Results come
back in the order of the chunks. When a worker dies (killed, out of memory), every chunk still in
the pool fails with it: those chunks go to a fresh pool. When a whole pass gets nothing through,
the first chunk is run one item at a time, and the item that kills its worker becomes `lost(item)`.
Callers must be importable without side effects (`if __name__ == "__main__":` in scripts).

Workers die with their parent (etl/workerguard.py), and a pool left by an exception of the caller (SIGTERM
stopping a scheduled refresh) has its workers killed at once instead of finishing their chunks.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

from etl.workerguard import die_with_parent

__all__ = ["run_chunks"]

T = TypeVar("T")
R = TypeVar("R")


def run_chunks(chunks: Sequence[list[T]], job: Callable[[list[T]], R], workers: int, *,
               lost: Callable[[T], R], preload: Sequence[str] = (),
               on_done: Callable[[int], None] | None = None) -> list[R]:
    """job(chunk) for every chunk, in order; a chunk whose worker died may give one result per item."""
    if workers <= 1:
        out = []
        for chunk in chunks:
            out.append(job(chunk))
            if on_done:
                on_done(len(chunk))
        return out
    results: list[list[R] | None] = [None] * len(chunks)
    pending = list(range(len(chunks)))
    while pending:
        broken = _pass(pending, chunks, job, results, workers, preload, on_done)
        if broken and len(broken) == len(pending):
            first = broken.pop(0)
            results[first] = _isolate(chunks[first], job, lost, preload)
            if on_done:
                on_done(len(chunks[first]))
        pending = broken
    return [r for got in results for r in got]  # type: ignore[union-attr]


GUARD = "etl.forkserverguard"  # preloaded by the fork server: it dies with this process


def _pool(workers: int, preload: Sequence[str]) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([GUARD, *preload])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent)


@contextmanager
def _running(pool: ProcessPoolExecutor):
    """The pool, shut down on leaving; when left by an exception, its workers are killed first, so that
    nothing waits for the chunks they are working on."""
    try:
        yield pool
    except BaseException:
        _kill(pool)
        raise
    pool.shutdown()


def _kill(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers and let it go without waiting for anything."""
    for process in list((pool._processes or {}).values()):  # the executor keeps no public list of them
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _pass(pending: list[int], chunks, job, results: list, workers: int, preload, on_done) -> list[int]:
    """Run the pending chunks in one pool; the indexes of the chunks lost when a worker died."""
    broken = []
    with _running(_pool(workers, preload)) as pool:
        futures = {pool.submit(job, chunks[i]): i for i in pending}
        remaining = set(futures)
        while remaining:
            done, remaining = wait(remaining, return_when=FIRST_COMPLETED)
            for f in done:
                i = futures[f]
                try:
                    results[i] = [f.result()]
                except BrokenProcessPool:
                    broken.append(i)
                    continue
                if on_done:
                    on_done(len(chunks[i]))
    return sorted(broken)


def _isolate(chunk: list, job, lost, preload) -> list:
    """Each item of a chunk on its own; the one that kills its worker becomes lost(item)."""
    out = []
    pool = None
    try:
        for item in chunk:
            pool = pool or _pool(1, preload)
            try:
                out.append(pool.submit(job, [item]).result())
            except BrokenProcessPool:
                out.append(lost(item))
                pool.shutdown(cancel_futures=True)
                pool = None
    except BaseException:
        if pool is not None:
            _kill(pool)
        raise
    if pool is not None:
        pool.shutdown()
    return out
