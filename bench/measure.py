"""Run one measured job in a fresh process and print its figures as JSON (used by the bench sections).

    python -m bench.measure extract FOLDER --workers 1
    python -m bench.measure baseline FOLDER
    python -m bench.measure cli refresh --store S --source FOLDER

Each job prints one JSON line: seconds of the measured part, the bytes of text it read, and the
peak resident memory of this process and of its worker processes. A fresh process per measure
keeps one figure's memory and caches out of the next.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _peaks() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"peak_rss": own, "peak_rss_worker": children}


def extract(folder: str, workers: int) -> dict:
    """Read every report of a folder, then extract and validate them: the work of `strikes extract`."""
    from etl.pipeline import ExtractOptions, extract_all, read_all

    start = time.perf_counter()
    pairs, _ = read_all([folder])
    read_seconds = time.perf_counter() - start
    reports = [r for _, r in pairs]
    import etl.extract.preload  # noqa: F401 - lexicons and libraries loaded once, as in a long run

    extract_all(reports[:50], options=ExtractOptions(workers=1))  # first-use caches of the date parser
    start = time.perf_counter()
    extractions = extract_all(reports, options=ExtractOptions(workers=workers))
    seconds = time.perf_counter() - start
    return {"reports": len(reports), "bytes": sum(len(r.text.encode()) for r in reports), "read_seconds": read_seconds,
            "seconds": seconds, "claims": sum(len(ex.strikes) for ex in extractions)}


def baseline(folder: str) -> dict:
    """The naive baseline over the same reports: a regex for a number followed by a weapon word."""
    from bench.baseline import baseline_extract
    from etl.pipeline import read_all

    pairs, _ = read_all([folder])
    reports = [r for _, r in pairs]
    start = time.perf_counter()
    rows = [baseline_extract(r) for r in reports]
    seconds = time.perf_counter() - start
    return {"reports": len(reports), "bytes": sum(len(r.text.encode()) for r in reports), "seconds": seconds,
            "claims": sum(len(x) for x in rows)}


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
    if job == "extract":
        result = extract(rest[0], int(rest[rest.index("--workers") + 1]) if "--workers" in rest else 0)
    elif job == "baseline":
        result = baseline(rest[0])
    elif job == "cli":
        result = cli(rest)
    else:
        raise SystemExit(f"unknown job {job!r}")
    print(json.dumps({**result, **_peaks()}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
