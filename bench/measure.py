"""Run one measured job in a fresh process and print its figures as JSON (used by the bench sections).

    python -m bench.measure extract FOLDER --workers 1 [--baseline] [--replicate 5000] [--executor dask]
    python -m bench.measure cli refresh --store S --source FOLDER

Each job prints one JSON line: seconds of the measured part, the bytes of text it read, and the
peak resident memory of this process and of its worker processes. A fresh process per measure
keeps one figure's memory and caches out of the next.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


class Descendants(threading.Thread):
    """Watches the processes below this one (the worker pool forks its workers from a fork server, so
    RUSAGE_CHILDREN never sees them): the largest peak RSS (VmHWM) of any one of them, and the largest
    resident total of this process and all of them at one moment, sampled every `every` seconds."""

    def __init__(self, every: float = 0.25):
        super().__init__(daemon=True)
        self.every, self.stop = every, threading.Event()
        self.worker_peak = self.total_peak = 0

    def run(self) -> None:
        while not self.stop.wait(self.every):
            self.sample()

    def sample(self) -> None:
        me = os.getpid()
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
        below, frontier = set(), {me}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - below
            below |= frontier
        total = _status_kib(me, "VmRSS")
        for pid in below:
            self.worker_peak = max(self.worker_peak, _status_kib(pid, "VmHWM") * 1024)
            total += _status_kib(pid, "VmRSS")
        self.total_peak = max(self.total_peak, total * 1024)


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _peaks(watch: Descendants) -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"peak_rss": own, "peak_rss_worker": watch.worker_peak, "peak_rss_total": max(watch.total_peak, own)}


def extract(folder: str, workers: int, with_baseline: bool = False, replicate: int = 0, executor: str = "local") -> dict:
    """Read every report of a folder, then extract and validate them: the work of `strikes extract`.

    with_baseline: time the naive baseline on the same reports first (the files are read once).
    replicate: extract the folder's reports repeated to this many (the dev corpus x 5,000).
    executor: "dask" maps the chunks over a local Dask cluster started (and closed) within the measured time.
    """
    from etl.pipeline import ExtractOptions, extract_all, read_all

    start = time.perf_counter()
    pairs, _ = read_all([folder])
    read_seconds = time.perf_counter() - start
    reports = [r for _, r in pairs]
    if replicate:
        from dataclasses import replace

        reports = [replace(reports[i % len(reports)], path=f"{reports[i % len(reports)].path}#{i}")
                   for i in range(replicate)]
    base = _baseline_seconds(reports) if with_baseline else None
    import etl.extract.preload  # noqa: F401 - lexicons and libraries loaded once, as in a long run

    extract_all(reports[:50], options=ExtractOptions(workers=1))  # first-use caches of the date parser
    start, cpu = time.perf_counter(), time.process_time()
    extractions = extract_all(reports, options=ExtractOptions(workers=workers, executor=executor))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"reports": len(reports), "bytes": sum(len(r.text.encode()) for r in reports), "read_seconds": read_seconds,
            "seconds": seconds, "cpu_seconds": cpu, "load_average": os.getloadavg()[0],
            "claims": sum(len(ex.strikes) for ex in extractions), "baseline_seconds": base}


def _baseline_seconds(reports: list) -> float:
    """Seconds the naive baseline (a regex for a number followed by a weapon word) takes over reports."""
    from bench.baseline import baseline_extract

    start = time.perf_counter()
    for r in reports:
        baseline_extract(r)
    return time.perf_counter() - start


def cli(args: list[str]) -> dict:
    """A `strikes` command run in this process."""
    from etl.cli import app

    start = time.perf_counter()
    try:
        app(args, standalone_mode=False)
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    return {"seconds": time.perf_counter() - start}


def main(argv: list[str]) -> None:
    job, rest = argv[0], argv[1:]
    watch = Descendants()
    watch.start()
    if job == "extract":
        result = extract(rest[0], int(rest[rest.index("--workers") + 1]) if "--workers" in rest else 0,
                         with_baseline="--baseline" in rest,
                         replicate=int(rest[rest.index("--replicate") + 1]) if "--replicate" in rest else 0,
                         executor=rest[rest.index("--executor") + 1] if "--executor" in rest else "local")
    elif job == "cli":
        result = cli(rest)
    else:
        raise SystemExit(f"unknown job {job!r}")
    watch.stop.set()
    print(json.dumps({**result, **_peaks(watch)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
