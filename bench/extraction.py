"""Extraction throughput at each size, on one core and on every core, against a naive baseline.

For each size the generated corpus is read and extracted in fresh processes: the naive regex
baseline (bench/baseline.py) and our extractor on one core in one process (the files read once),
our extractor with one worker per core in another, and the same on a local Dask cluster of one worker per core
(`--executor dask`; its start-up counted, as the local pool's is). The dev corpus replicated to 5,000 reports on
one core is measured too (the first throughput target of the project). Speed is read beside accuracy: the strike F1 of both on ../shared/corpus/dev.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import generate
from bench.harness import REPO, Context, Figure

__all__ = ["run", "child"]

TARGET_ONE_CORE = 1000  # reports/s per core (issue 17; issue 2 asked for 500)
BASELINE_RATIO = 8  # issue 17: one core at most this many times the naive regex's time
SPEEDUP_SHARE = 0.75  # all cores must give at least this share of a linear speed-up, from BIG on
BIG = 10_000
DEV_REPLICAS = 5_000


def child(args: list[str], env: dict | None = None) -> dict:
    """Run `python -m bench.measure ARGS` in a fresh process; its JSON figures."""
    proc = subprocess.run([sys.executable, "-m", "bench.measure", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(f"bench.measure {' '.join(args)} failed: {proc.stderr.strip()[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(ctx: Context) -> list[Figure]:
    cores = os.cpu_count() or 1
    figures = _accuracy(ctx) + _dev_replicated(ctx)
    for size in ctx.sizes:
        ctx.log(f"extraction: generating {size:,} reports")
        corpus = generate(size, ctx.seed, ctx.workdir)
        folder = str(corpus.folder)
        ctx.log(f"extraction: {size:,} reports, baseline and one core / {cores} cores")
        one = child(["extract", folder, "--workers", "1", "--baseline"])
        every = child(["extract", folder, "--workers", "0"])
        ctx.log(f"extraction: {size:,} reports on a local Dask cluster of {cores} workers")
        on_dask = child(["extract", folder, "--workers", "0", "--executor", "dask"])
        base = one["baseline_seconds"]
        mb = corpus.bytes / 1e6
        speedup = one["seconds"] / every["seconds"]
        figures += [
            Figure("extraction", "naive regex baseline", size / base, "reports/s", size, note=f"{mb / base:.1f} MB/s"),
            *_one_core("extract, one core", one, size),
            Figure("extraction", "extract, one core", mb / one["seconds"], "MB/s", size,
                   reference="baseline MB/s (ours/baseline)", ratio=base / one["seconds"]),
            Figure("extraction", f"extract, all {cores} cores", size / every["seconds"], "reports/s", size,
                   reference="one core (speed-up)", ratio=speedup,
                   target=f"speed-up >= {SPEEDUP_SHARE * cores:.1f}" if size >= BIG and cores > 1 else None,
                   met=speedup >= SPEEDUP_SHARE * cores if size >= BIG and cores > 1 else None,
                   note="" if speedup >= SPEEDUP_SHARE * cores else
                   "small inputs pay for starting the worker pool (about a second); under 256 reports no pool "
                   "is used" if size < BIG else "the machine's cores were not free (shared runner)"),
            Figure("extraction", f"extract, all {cores} cores", mb / every["seconds"], "MB/s", size,
                   reference="one core MB/s", ratio=speedup),
            Figure("extraction", f"extract on a local Dask cluster, {cores} workers", size / on_dask["seconds"],
                   "reports/s", size, reference=f"local pool, all {cores} cores",
                   ratio=every["seconds"] / on_dask["seconds"],
                   note="includes starting the cluster (a few seconds: worker processes spawned and importing)"),
        ]
    return figures


def _one_core(name: str, one: dict, size: int) -> list[Figure]:
    """One core's reports/s against issue 17's target, and its time against the naive regex's (at most 8x)."""
    rate, ratio = size / one["seconds"], one["seconds"] / one["baseline_seconds"]
    return [Figure("extraction", name, rate, "reports/s", size, reference="baseline time (ours/baseline)",
                   ratio=ratio, target=f">= {TARGET_ONE_CORE:,} reports/s", met=rate >= TARGET_ONE_CORE,
                   note=_where(one, size)),
            Figure("extraction", f"{name}, time against the naive regex", ratio, "x", size,
                   reference="naive regex baseline", ratio=ratio, target=f"<= {BASELINE_RATIO}x", met=ratio <=
                   BASELINE_RATIO, note="" if ratio <= BASELINE_RATIO else "the extractor's own work (etl/extract/, "
                   "not changed by issue 17's dashboard and bench part): see its per-core figure")]


def _dev_replicated(ctx: Context) -> list[Figure]:
    """Issue 2's measure: the dev corpus (data/sample/corpus-dev) replicated to 5,000 reports, one core."""
    folder = REPO / "data" / "sample" / "corpus-dev"
    ctx.log(f"extraction: dev corpus x {DEV_REPLICAS:,}, one core")
    one = child(["extract", str(folder), "--workers", "1", "--baseline", "--replicate", str(DEV_REPLICAS)])
    return _one_core("extract, one core, dev corpus replicated", one, DEV_REPLICAS)


def _where(measure: dict, size: int) -> str:
    """Where one core's time went: its own CPU time against the wall clock (other work on the machine)."""
    cpu = measure["cpu_seconds"]
    return (f"{size / cpu:,.0f} reports per second of its own CPU time ({cpu:.1f} s CPU in {measure['seconds']:.1f} s; "
            f"load average {measure['load_average']:.1f} on {os.cpu_count()} cores); reading the files took "
            f"{measure['read_seconds']:.1f} s more, not counted")


def _accuracy(ctx: Context) -> list[Figure]:
    """Strike F1 of ours and of the baseline on the shared dev corpus, with the project's scorer."""
    corpus = ctx.shared / "corpus" / "dev"
    scorer = ctx.shared / "tools" / "score_extract.py"
    if not corpus.is_dir() or not scorer.is_file():
        return [Figure("extraction", "strike F1 on ../shared/corpus/dev", float("nan"), "F1",
                       note=f"{corpus} is absent: no accuracy figure")]
    from bench.baseline import baseline_json
    from etl.pipeline import extract_all, read_all
    from etl.render import extraction_json

    reports = [r for _, r in read_all([str(corpus)])[0]]
    ours = _score(scorer, corpus, extraction_json(extract_all(reports)))
    theirs = _score(scorer, corpus, baseline_json(reports))
    return [
        Figure("extraction", "strike F1 on ../shared/corpus/dev, ours", ours, "F1", len(reports),
               reference="baseline F1 (ours/baseline)", ratio=ours / theirs if theirs else None),
        Figure("extraction", "strike F1 on ../shared/corpus/dev, baseline", theirs, "F1", len(reports)),
    ]


def _score(scorer: Path, corpus: Path, doc: dict) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, default=str)
    try:
        out = subprocess.run([sys.executable, str(scorer), str(corpus), fh.name, "--quiet"], capture_output=True,
                             text=True, check=True).stdout
    finally:
        Path(fh.name).unlink()
    last = out.strip().splitlines()[-1]  # strike_f1=0.987 outage_f1=1.000
    return float(last.split()[0].split("=")[1])
