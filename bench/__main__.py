"""`make bench`: every benchmark section, one table, and bench/results.json.

    python -m bench                      # all sections at BENCH_SIZES (default 1k,10k,100k)
    python -m bench extraction refresh   # some sections
    python -m bench one_file --merge     # one section, its figures replacing theirs in bench/results.json
    BENCH_SIZES=1k,10k python -m bench   # smaller sizes

Generated inputs go to bench/out/ (ignored by git). A section that fails is reported and the others go on.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.harness import Context, merge_results, print_table, sizes_from_env, write_results  # noqa: E402

# section name -> module under bench/ with run(ctx) -> list[Figure]
SECTIONS = {
    "extraction": "bench.extraction",
    "one_file": "bench.one_file",  # strikes extract ONE_FILE against python -c pass (a few seconds)
    "refresh": "bench.refresh_scaling",
    "dashboard": "bench.dashboard_callbacks",
    "serve": "bench.dashboard_serve",
    "load": "bench.load",  # also `make load`: 60 s of 50 clients while refreshing
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", metavar="SECTION",
                        help=f"sections to run (default: all of {', '.join(SECTIONS)})")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other figures of the results file: the sections run replace only their own "
                             "figures, and the README says when they were measured")
    args = parser.parse_args(argv)
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    ctx = Context(sizes=sizes_from_env())
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    chosen = args.sections or list(SECTIONS)
    figures, errors, sections = [], [], {}
    start = time.perf_counter()
    for name in chosen:
        ctx.log(f"== {name} at sizes {', '.join(f'{s:,}' for s in ctx.sizes)}")
        t0, load0 = time.perf_counter(), os.getloadavg()[0]
        try:
            figures += importlib.import_module(SECTIONS[name]).run(ctx)
        except Exception as exc:  # noqa: BLE001 - one failing section must not hide the others
            traceback.print_exc()
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
        sections[name] = {"seconds": round(time.perf_counter() - t0, 1), "load_before": round(load0, 2),
                          "load_after": round(os.getloadavg()[0], 2)}
        ctx.log(f"== {name} done in {sections[name]['seconds']:.0f}s")
    seconds = time.perf_counter() - start
    print_table(figures)
    if args.merge:
        merge_results(args.results, figures, errors, sections)
    else:
        write_results(args.results, figures, ctx.sizes, seconds, errors, sections)
    print("seconds and load average (1 min) per section, on " + f"{os.cpu_count()} cores: " + "; ".join(
        f"{n} {v['seconds']:.0f}s, load {v['load_before']:.1f} -> {v['load_after']:.1f}" for n, v in sections.items()))
    missed = [f for f in figures if f.met is False]
    print(f"{len(figures)} figures in {seconds:.0f}s; {sum(f.met is True for f in figures)} targets met, "
          f"{len(missed)} missed; written to {args.results}")
    for e in errors:
        print(f"SECTION FAILED {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
