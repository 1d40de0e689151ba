"""Throughput of `extract`: the dev corpus replicated to 5,000 reports, on one core.

Prints reports per second for reading+extraction+validation (the work `strikes extract` does
after the files are read). Target: at least 500 reports/s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from etl.pipeline import extract_all  # noqa: E402
from etl.sources import read_source  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--corpus", default=str(REPO / "data" / "sample" / "corpus-dev"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = list(read_source(args.corpus))
    reports = [replace(base[i % len(base)], path=f"{base[i % len(base)].path}#{i}") for i in range(args.reports)]
    extract_all(reports[: len(base)])  # warm-up: lexicons compiled, libraries imported
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        extract_all(reports)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best, median = min(times), statistics.median(times)
    print(f"extract: {args.reports} reports (dev corpus x{args.reports / len(base):.0f}), "
          f"wall best {best:.2f}s = {args.reports / best:,.0f} reports/s, median {args.reports / median:,.0f} "
          f"reports/s; CPU time best {min(cpu):.2f}s = {args.reports / min(cpu):,.0f} reports/s "
          f"(target >= 500 reports/s on one core)")


if __name__ == "__main__":
    main()
