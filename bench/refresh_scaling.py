"""How `strikes refresh` grows with the work: a full refresh, a no-op one and one where 1% changed.

For each size a new store is filled from the generated corpus (full), refreshed again with nothing
changed (no-op), then refreshed after 1% of the files were edited (1%). Times are wall-clock seconds
of the whole command, as a user waits for it, each in a fresh process; peak memory is that of the
refresh process and of its largest extraction worker. The edited files are put back afterwards so
the generated corpus stays reusable.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from bench.extraction import child
from bench.generate import generate
from bench.harness import Context, Figure

__all__ = ["run"]

LINEAR_SLACK = 1.25  # a full refresh may cost this much more per report at 10x the size
NOOP_LIMIT = 5.0  # seconds, at every size
MEMORY_LIMIT = 2 * 2**30
EDITED = "\n\nUpdate: air defence shot down 3 more drones later in the morning, the regional administration said.\n"


def run(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    fulls: dict[int, float] = {}
    cores = os.cpu_count() or 1
    for size in ctx.sizes:
        corpus = generate(size, ctx.seed, ctx.workdir)
        store = ctx.workdir / f"store-{size}.duckdb"
        for p in store.parent.glob(f"{store.name}*"):  # the store, its lock and its kept versions
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink()
        args = ["cli", "refresh", "--store", str(store), "--source", str(corpus.folder)]
        ctx.log(f"refresh: {size:,} reports, full")
        full, full_m = _timed(args)
        ctx.log(f"refresh: {size:,} reports, no-op")
        noop, _ = _timed(args)
        files = sorted(corpus.folder.rglob("*.md"))[::100]
        ctx.log(f"refresh: {size:,} reports, {len(files)} edited")
        with _edited(files):
            part, _ = _timed(args)
        fulls[size] = full
        overhead_ok = part <= 0.01 * full + 1.5 * noop
        main, total = full_m["peak_rss"], full_m["peak_rss_total"]
        figures += [
            Figure("refresh", "full refresh", full, "s", size, reference="per report, ms",
                   ratio=1000 * full / size),
            Figure("refresh", "no-op refresh", noop, "s", size, reference="full refresh", ratio=noop / full,
                   target=f"< {NOOP_LIMIT:g} s, nothing extracted", met=noop < NOOP_LIMIT,
                   note="" if noop < NOOP_LIMIT else "every file is listed and stat'ed; the store is read in full, "
                   "copied, and the new version read in full and kept among the store's versions"),
            Figure("refresh", f"1% changed ({len(files)} files)", part, "s", size, reference="full refresh",
                   ratio=part / full, target="<= 1% of full + 1.5 x no-op", met=overhead_ok,
                   note="" if overhead_ok else
                   "the changed reports are spread over the whole generated history, so nearly every night is "
                   "reconciled again and the attacks table validated and rewritten (about 1.5 s at 100k), and "
                   "they are extracted by a freshly started worker pool (about 0.5 s more than 1% of a full "
                   "refresh); a refresh of the last night's reports touches one or two nights"),
            Figure("memory", "refresh, main process peak RSS", main / 2**20, "MiB", size,
                   reference="generated corpus size", ratio=main / corpus.bytes),
            Figure("memory", "refresh, all its processes, peak resident total", total / 2**20, "MiB", size,
                   reference="generated corpus size", ratio=total / corpus.bytes,
                   target="< 2 GiB", met=total < MEMORY_LIMIT,
                   note=f"the main process, the fork server and {cores} extraction workers, sampled every 0.25 s; "
                        "pages the workers share with the fork server are counted in each"),
        ]
    sizes = sorted(fulls)
    for small, big in zip(sizes, sizes[1:], strict=False):
        growth, scale = fulls[big] / fulls[small], big / small
        figures.append(Figure("refresh", f"full refresh growth {small:,} -> {big:,}", growth, "x", big,
                              reference="size ratio (growth/size ratio)", ratio=growth / scale,
                              target=f"roughly linear (<= {LINEAR_SLACK:g} x {scale:g})",
                              met=growth <= LINEAR_SLACK * scale))
    return figures


def _timed(args: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    measured = child(args)
    return time.perf_counter() - start, measured


class _edited:
    """Edit some files for the duration of a block, then put back their bytes and times."""

    def __init__(self, files: list[Path]):
        self.files = files
        self.saved: list[tuple[Path, bytes, int, int]] = []

    def __enter__(self):
        for f in self.files:
            st = f.stat()
            self.saved.append((f, f.read_bytes(), st.st_atime_ns, st.st_mtime_ns))
            f.write_bytes(f.read_bytes() + EDITED.encode())

    def __exit__(self, *exc):
        for f, data, atime, mtime in self.saved:
            f.write_bytes(data)
            os.utime(f, ns=(atime, mtime))
