"""Data versions: every refresh is one, named by its run id (refresh_runs), and its store file is kept in
`<store>.versions/` (etl/storefile.py). `strikes diff A B` says which nights and figures changed between two.

Finding a version reads the kept files (I/O); `figure_changes` is pure.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.model import MEASURES
from etl.storefile import StoreDamaged, verify, version_files

__all__ = ["find_version", "figure_changes", "KEY", "LIVE"]

KEY = ("attack_date", "attacker", "weapon", "row_kind", "type", "model")  # one attacks row
LIVE = "live"  # the version name of the live store file


def find_version(store: Path, name: str) -> Path:
    """The store file of a data version: a refresh run id, a kept version's file name, or "live" (the live
    store). ValueError naming the version when no readable file holds it."""
    if name == LIVE:
        if not store.exists():
            raise ValueError(f"{store}: no store yet; run `strikes refresh` first")
        return store
    candidates = [store, *version_files(store)] if store.exists() else version_files(store)
    for path in candidates:
        if path != store and path.name in (name, f"{name}{path.suffix}"):
            return path
    for path in candidates:
        try:
            if verify(path).run_id == name:
                return path
        except StoreDamaged:
            continue
    raise ValueError(f"no data version {name!r} of {store}: give a refresh run id or a kept version "
                     "(`strikes store versions` lists them), or `live`")


def figure_changes(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """Every figure of the attacks that differs between two versions: one row per attacks row and measure, with
    the figure before and after (null where the row or the figure is absent) and what happened to it."""
    key = list(KEY)
    old = before.select(*key, *MEASURES).with_columns(pl.lit(True).alias("_old"))
    new = after.select(*key, *MEASURES).with_columns(pl.lit(True).alias("_new"))
    joined = old.join(new, on=key, how="full", coalesce=True, nulls_equal=True, suffix="_after")
    frames = []
    for m in MEASURES:
        was, now = pl.col(m), pl.col(f"{m}_after")
        frames.append(joined.filter(was.ne_missing(now)).select(
            *key, pl.lit(m).alias("measure"), was.alias("before"), now.alias("after"),
            pl.when(pl.col("_old").is_null()).then(pl.lit("new night row"))
            .when(pl.col("_new").is_null()).then(pl.lit("row gone"))
            .otherwise(pl.lit("changed")).alias("change")))
    schema = {**{k: before.schema[k] for k in key}, "measure": pl.String, "before": pl.Int64, "after": pl.Int64,
              "change": pl.String}
    out = pl.concat([f.cast(schema) for f in frames]) if frames else pl.DataFrame(schema=schema)
    order = [pl.col("row_kind") != "class", pl.col("type").fill_null(""), pl.col("model").fill_null("")]
    return out.sort(pl.col("attack_date"), pl.col("attacker"), pl.col("weapon"), *order,
                    pl.col("measure").replace_strict(list(MEASURES), list(range(len(MEASURES))), return_dtype=pl.Int8))
