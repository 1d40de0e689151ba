"""The stores the dashboard benchmarks read, built once and kept in bench/out/ for the next run.

- the Kaggle table (../shared) with the bundled sample, refreshed as a user would (None without ../shared);
- a synthetic store of N strike-claim rows (bench/synthetic.py), written through etl.store.write_store.

Each file name carries a digest of what the store is built from (inputs, seed, table schemas and the code
that builds it), so a change to any of them builds a new store and the stale one is removed.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from bench.harness import REPO, Context, sizes_from_env

__all__ = ["KAGGLE", "kaggle_csv", "kaggle_store", "synthetic_rows", "synthetic_store", "DEFAULT_ROWS"]

KAGGLE = Path("data") / "external" / "ua-air-defense-tracker" / "missile_attacks_daily.csv"
DEFAULT_ROWS = 1_000_000


def kaggle_csv(ctx: Context) -> Path:
    """Where the Kaggle table is expected (it may be absent)."""
    return ctx.shared / KAGGLE


def synthetic_rows() -> int:
    """Strike-claim rows of the synthetic store: BENCH_DASHBOARD_ROWS (e.g. 1m, 200k), else one million."""
    return sizes_from_env((DEFAULT_ROWS,), var="BENCH_DASHBOARD_ROWS")[-1]


def _digest(*parts: object, files: list[Path] = ()) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode())
    for f in sorted(files):
        h.update(str(f.relative_to(REPO) if f.is_relative_to(REPO) else f).encode())
        h.update(f.read_bytes() if f.stat().st_size < 1 << 20 else repr(f.stat()[6:9]).encode())
    return h.hexdigest()[:12]


def _code(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (REPO / folder).rglob("*") if p.suffix in (".py", ".yaml")]


def _schema() -> str:
    from etl.schemas import TABLES, polars_schema

    return repr({name: polars_schema(model) for name, model in TABLES.items()})


def _cached(ctx: Context, prefix: str, key: str) -> tuple[Path, bool]:
    """The store's path, and whether it is already built; older stores of the same prefix are removed."""
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    path = ctx.workdir / f"{prefix}-{key}.duckdb"
    for stale in ctx.workdir.glob(f"{prefix}-*.duckdb*"):
        if not stale.name.startswith(path.name):
            if stale.is_dir():  # the kept versions of a store refreshed before they were turned off here
                shutil.rmtree(stale)
            else:
                stale.unlink(missing_ok=True)
    return path, path.exists()


def kaggle_store(ctx: Context) -> Path | None:
    """data/sample plus the Kaggle table, refreshed into a store; None when ../shared is absent."""
    from etl.refresh import refresh

    csv = kaggle_csv(ctx)
    if not csv.is_file():
        return None
    sample = REPO / "data" / "sample"
    key = _digest(_schema(), files=[csv, *_code("etl"), *(p for p in sample.rglob("*") if p.is_file())])
    path, built = _cached(ctx, "kaggle", key)
    if not built:
        ctx.log(f"building the Kaggle store {path.name}")
        refresh(path, [str(sample), f"kaggle:{csv}"], keep_versions=0)  # a benchmark needs no backups
    return path


def synthetic_store(ctx: Context, rows: int) -> Path:
    """A synthetic store of `rows` strike-claim rows from the context's seed."""
    from bench.synthetic import generate
    from etl.store import write_store

    key = _digest(rows, ctx.seed, _schema(), files=[REPO / "bench" / "synthetic.py", REPO / "etl" / "reconcile.py"])
    path, built = _cached(ctx, f"synthetic-{rows}", key)
    if not built:
        ctx.log(f"generating the synthetic store {path.name} ({rows:,} claim rows, seed {ctx.seed})")
        write_store(path, generate(rows, ctx.seed))
    return path
