"""CPU-bound work on chunks mapped over a Dask distributed cluster, surviving workers that die.

The same contract as etl/workers.py's local pool: job(chunk) for every chunk, results in the order of the
chunks. A worker that dies (killed, out of memory) has its tasks rescheduled on the others by the scheduler;
a task that took down `distributed.scheduler.allowed-failures` workers ends in KilledWorker, and its chunk
is then run one item at a time, the item that still kills its worker becoming `lost(item)`.

With no scheduler address a local cluster (one single-threaded worker process per core, no web dashboard) is
started here and closed afterwards; with one (`tcp://host:8786`) the chunks go to that cluster, whose workers
must have this project installed at the same version.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["run_chunks_dask", "dask_client"]

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def dask_client(scheduler: str = "", workers: int = 0):
    """A client of the cluster at `scheduler`, or of a local cluster with `workers` processes (0: one per core)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers if workers > 0 else (os.cpu_count() or 1)
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def run_chunks_dask(chunks: Sequence[list[T]], job: Callable[[list[T]], R], client, *,
                    lost: Callable[[T], R], on_done: Callable[[int], None] | None = None) -> list[R]:
    """job(chunk) for every chunk on the cluster, in order; a chunk that killed its workers gives one result
    per item."""
    from distributed import as_completed

    futures = {client.submit(job, chunk, pure=False): i for i, chunk in enumerate(chunks)}
    results: list[list[R] | None] = [None] * len(chunks)
    killed = []
    for future in as_completed(futures):
        i = futures[future]
        if _killed(future):
            killed.append(i)
            continue
        results[i] = [future.result()]  # an error of the job itself is raised here, as in the local pool
        if on_done:
            on_done(len(chunks[i]))
    for i in sorted(killed):
        results[i] = _isolate(chunks[i], job, client, lost)
        if on_done:
            on_done(len(chunks[i]))
    return [r for got in results for r in got]  # type: ignore[union-attr]


def _killed(future) -> bool:
    """True when the task failed because the workers running it died (not because the job raised)."""
    from distributed import KilledWorker

    return future.status == "error" and isinstance(future.exception(), KilledWorker)


def _isolate(chunk: list, job, client, lost) -> list:
    """Each item of a chunk as its own task; the one that kills its workers becomes lost(item)."""
    futures = [client.submit(job, [item], pure=False) for item in chunk]
    return [lost(item) if _killed(f) else f.result() for item, f in zip(chunk, _wait(futures), strict=True)]


def _wait(futures: list) -> list:
    from distributed import wait

    wait(futures)
    return futures
