"""What every benchmark section shares: the figures it reports, the sizes it runs at, and how it measures.

A section is a module with `run(ctx: Context) -> list[Figure]`. Each figure carries its value, the
reference it is compared with in the same run (absolute times on shared machines are noisy; ratios
are steadier), and the target it is held to, so the printed table says by itself what was met.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["Figure", "Context", "measure", "run_measured", "sizes_from_env", "machine", "write_results",
           "merge_results", "print_table", "REPO", "DEFAULT_SIZES"]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1_000, 10_000, 100_000)


@dataclass
class Figure:
    """One measured figure, with the reference it is read against and the target it is held to."""

    section: str  # extraction | refresh | dashboard | memory | load
    name: str  # what was measured, e.g. "extract, one core"
    value: float
    unit: str  # s | ms | reports/s | MB/s | MiB | ratio | F1 ...
    size: int | None = None  # reports (or rows) the figure was measured at
    reference: str | None = None  # what the ratio divides by, e.g. "naive regex baseline"
    ratio: float | None = None  # value / reference value (or as stated in `reference`)
    target: str | None = None  # the target in words, e.g. "p95 < 150 ms"
    met: bool | None = None  # None when the figure has no target of its own
    note: str = ""  # where the time goes when a target is missed, or a caveat


@dataclass
class Context:
    """What a section is given: the sizes to run at, a scratch folder, and the fixed seed."""

    sizes: tuple[int, ...] = DEFAULT_SIZES
    workdir: Path = REPO / "bench" / "out"
    seed: int = 20221010
    shared: Path = REPO.parent / "shared"
    log: Callable[[str], None] = field(default=lambda msg: print(msg, file=sys.stderr, flush=True))


def sizes_from_env(default: Sequence[int] = DEFAULT_SIZES, var: str = "BENCH_SIZES") -> tuple[int, ...]:
    """Sizes from BENCH_SIZES (or `var`: "1000,10000" or "1k,10k,100k" or "1m"), else the default."""
    raw = os.environ.get(var, "").strip()
    if not raw:
        return tuple(default)
    out = []
    for part in raw.replace(" ", "").split(","):
        mult = 1_000 if part.lower().endswith("k") else 1_000_000 if part.lower().endswith("m") else 1
        try:
            out.append(int(float(part.rstrip("kKmM")) * mult))
        except ValueError:
            raise SystemExit(f"{var}: {part!r} is not a size (use e.g. 1000,10000 or 1k,10k)") from None
    return tuple(sorted(set(out)))


def measure(fn: Callable[[], object]) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run_measured(cmd: Sequence[str], *, env: dict | None = None, cwd: Path | None = None,
                 timeout: float | None = None) -> tuple[float, int, str]:
    """Run a command: (wall seconds, peak RSS in bytes of the process and its children, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=cwd)
    out, err = proc.communicate(timeout=timeout)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err.strip()[-2000:]}")
    return seconds, _peak_rss(out), out


def _peak_rss(stdout: str) -> int:
    """The peak RSS a measured child reports on its last line as `peak_rss=<bytes>`, else RUSAGE_CHILDREN."""
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("peak_rss="):
            return int(line.split("=", 1)[1])
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def self_peak_rss() -> int:
    """Peak RSS in bytes of this process and the children it has waited for (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024


def machine() -> dict:
    """The machine the figures came from."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}


def write_results(path: Path, figures: list[Figure], sizes: Sequence[int], seconds: float,
                  errors: list[str], sections: dict | None = None) -> None:
    """bench/results.json: the machine, the sizes, every figure, each section's time and the machine's
    load average around it (other work on a shared machine explains slow figures), and any failure."""
    doc = {"machine": machine(), "sizes": list(sizes), "seconds": round(seconds, 1), "errors": errors,
           "sections": sections or {}, "figures": [asdict(f) for f in figures]}
    path.write_text(json.dumps(doc, indent=1, default=str) + "\n", encoding="utf-8")


RUN_SIZED = {"load"}  # sections whose size is what the run did (requests answered), not a size it was asked for


def merge_results(path: Path, figures: list[Figure], errors: list[str], sections: dict) -> None:
    """bench/results.json with the sections just run replacing their own figures (same section, name, size and
    unit: "extract, one core" is given in reports/s and in MB/s; of RUN_SIZED, whatever its size) in place, new
    ones after the last replaced; the other figures, the machine and the sizes stay those of the full run, and each
    section run records when it was measured (`measured`), which the README says."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    old = doc["figures"]
    at = len(old)

    def key(f: dict) -> tuple:
        return f["section"], f["name"], None if f["section"] in RUN_SIZED else f["size"], f.get("unit")

    for new in (asdict(f) for f in figures):
        same = [i for i, f in enumerate(old) if key(f) == key(new)]
        if same:
            old[same[0]] = new
            at = same[0] + 1
        else:
            old.insert(at, new)
            at += 1
    when = machine()["date"]
    doc["sections"].update({name: {**got, "measured": when} for name, got in sections.items()})
    doc["errors"] = [e for e in doc.get("errors", []) if e.split(":", 1)[0] not in sections] + errors
    path.write_text(json.dumps(doc, indent=1, default=str) + "\n", encoding="utf-8")


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:,.1f}"
    return f"{value:,.3g}"


def print_table(figures: list[Figure]) -> None:
    """Every figure with its ratio and whether its target was met, grouped by section."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="make bench", show_lines=False)
    for col in ("section", "figure", "size", "value", "ratio", "reference", "target", "met"):
        table.add_column(col, justify="right" if col in ("size", "value", "ratio") else "left")
    for f in figures:
        met = "" if f.met is None else "yes" if f.met else "NO"
        table.add_row(f.section, f.name, _fmt(f.size), f"{_fmt(f.value)} {f.unit}", _fmt(f.ratio),
                      f.reference or "", f.target or "", met)
    console = Console(width=max(160, Console().width))
    console.print(table)
    for f in figures:
        if f.note and f.met is not True:
            label = "missed" if f.met is False else "note"
            console.print(f"[bold]{label}[/bold] {f.section} / {f.name}: {f.note}")
