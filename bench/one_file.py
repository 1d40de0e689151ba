"""`strikes extract ONE_FILE` against an empty Python start (`python -c pass`): issue 17's quick-CLI target.

    python -m bench one_file            # this section alone (a few seconds)
    python -m bench one_file --merge    # ... and its figures written into bench/results.json, the others kept

The two commands are run alternately, so that other work on a shared machine slows both alike, and each figure is
the median of its runs. The JSON output is the target's figure; the table and CSV outputs are measured beside it.
A miss names the largest imports of one run (`python -X importtime`).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import REPO, Context, Figure

__all__ = ["run", "import_times", "ONE_FILE", "ONE_FILE_RATIO"]

ONE_FILE = REPO / "data" / "sample" / "corpus-dev" / "en-01.txt"
ONE_FILE_RATIO = 25  # strikes extract ONE_FILE at most this many times an empty Python start (issue 17)
RUNS = 7
WATCHED = ("etl.cli", "etl.pipeline", "etl.schemas", "pandera", "pandas", "hypothesis", "polars", "typer", "rich.console",
           "etl.extract", "etl.sources", "dask", "dashboard")  # the imports `strikes extract ONE_FILE` is read by


def _command(fmt: str) -> list[str]:
    return [sys.executable, "-m", "etl", "extract", str(ONE_FILE), "--format", fmt]


def _seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, capture_output=True, check=True)
    return time.perf_counter() - start


def run(ctx: Context, runs: int = RUNS) -> list[Figure]:
    """The medians of `runs` alternating runs of `python -c pass` and `strikes extract ONE_FILE` in each format."""
    ctx.log(f"one_file: strikes extract ONE_FILE (json, table, csv) against python -c pass, {runs} runs each")
    times: dict[str, list[float]] = {"pass": [], "json": [], "table": [], "csv": []}
    for _ in range(runs):
        for name in times:
            times[name].append(_seconds([sys.executable, "-c", "pass"] if name == "pass" else _command(name)))
    empty = statistics.median(times["pass"])
    ratio = statistics.median(times["json"]) / empty
    figures = [Figure("extraction", "reference: python -c pass", empty, "s"),
               Figure("extraction", "strikes extract ONE_FILE", statistics.median(times["json"]), "s", 1,
                      reference="python -c pass", ratio=ratio, target=f"<= {ONE_FILE_RATIO}x python -c pass",
                      met=ratio <= ONE_FILE_RATIO, note=_spread(times) if ratio <= ONE_FILE_RATIO else
                      f"{_spread(times)}; {import_times(ONE_FILE)}")]
    for fmt in ("table", "csv"):
        value = statistics.median(times[fmt])
        figures.append(Figure("extraction", f"strikes extract ONE_FILE --format {fmt}", value, "s", 1,
                              reference="python -c pass", ratio=value / empty))
    return figures


def _spread(times: dict[str, list[float]]) -> str:
    """Each command's fastest and slowest run, for reading the median against the machine's noise."""
    return "runs (min-max): " + ", ".join(f"{name} {min(ts) * 1000:.0f}-{max(ts) * 1000:.0f} ms"
                                          for name, ts in times.items())


def import_times(one: Path) -> str:
    """Where `strikes extract ONE_FILE`'s start goes: its largest imports (python -X importtime), the rest of it
    being the run itself (loading the lexicons, extracting, validating)."""
    start = time.perf_counter()
    err = subprocess.run([sys.executable, "-X", "importtime", "-m", "etl", "extract", str(one), "--format", "json"],
                         cwd=REPO, capture_output=True, text=True, check=True).stderr
    total = time.perf_counter() - start
    rows = {}  # module -> cumulative microseconds
    for line in err.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() in WATCHED:
            rows[parts[2].strip()] = max(rows.get(parts[2].strip(), 0), int(parts[1]))
    shown = ", ".join(f"{k} {v / 1000:.0f} ms" for k, v in sorted(rows.items(), key=lambda kv: -kv[1]))
    return (f"one run under -X importtime took {total:.2f} s; imports (cumulative, nested ones inside their "
            f"importer): {shown}; etl.pipeline holds the rest of the run's imports, and after them come loading the "
            "lexicons (YAML), compiling the matchers, extracting and validating")
