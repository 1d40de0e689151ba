"""What a store version does not hold in memory, read from its file when a view shows it: part of the read path of
etl/query.py (etl/snapshot.py LEFT_OUT: a report's text, title and path; a strike claim's evidence, figure spans and
fallbacks; an attacks row's claims and disagreements). Issue 17: with a million claims these were more than half of
what the server held, for the few rows a page shows.

A row is taken only from a file whose report has the content hash the version holds (an attacks row: from a file
written by the refresh run that made the version), so a refresh that replaced the file in between never mixes
versions: the kept versions are read then (newest first).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import polars as pl

from etl.schemas import TABLES, polars_schema
from etl.storeread import read_columns, read_with_hash

__all__ = ["report_columns", "claim_columns", "attack_columns", "run_of", "CLAIM_KEY", "ATTACK_KEY"]

CLAIM_KEY = ["claim_id", "row_kind", "type", "model"]  # one row of strike_claims (a class row, or one of its types)
ATTACK_KEY = ["attack_date", "attacker", "weapon", "row_kind", "type", "model"]  # one row of attacks


def report_columns(files: list[Path], wanted: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """report_id and `columns` of the reports of `wanted` (report_id, content_hash), from the first of `files` that
    has each with that content hash; a report none has is left out."""
    def read(file: Path, ids: list[str]) -> pl.DataFrame:
        return read_columns(file, "reports", ["report_id", "content_hash", *columns], keys=("report_id", ids))

    schema = polars_schema(TABLES["reports"])
    return _first_found(files, wanted, read, {"report_id": pl.Utf8, **{c: schema[c] for c in columns}})


def claim_columns(files: list[Path], wanted: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """CLAIM_KEY and `columns` of every row of the claims of `wanted` (claim_id, report_id, content_hash of the
    report), from the first of `files` whose report has that content hash; one row per key."""
    def read(file: Path, ids: list[str]) -> pl.DataFrame:
        claim_ids = wanted.filter(pl.col("report_id").is_in(ids))["claim_id"].unique().to_list()
        return read_with_hash(file, "strike_claims", [*CLAIM_KEY, "report_id", *columns], ("claim_id", claim_ids), ids)

    schema = polars_schema(TABLES["strike_claims"])
    found = _first_found(files, wanted.select("report_id", "content_hash").unique(), read,
                         {c: schema[c] for c in (*CLAIM_KEY, *columns)})
    return found.unique(CLAIM_KEY, keep="first", maintain_order=True)  # a key is one row: a join never multiplies


def attack_columns(files: list[Path], run: tuple, days: list, columns: list[str]) -> pl.DataFrame:
    """ATTACK_KEY and `columns` of the attacks rows of some days, from the first of `files` that the refresh `run`
    made (run_of); nothing when none did."""
    schema = polars_schema(TABLES["attacks"])
    for file in files:
        try:
            st = file.stat()
            if _run_of_file(file, (st.st_ino, st.st_size, st.st_mtime_ns)) != run:
                continue
            found = read_columns(file, "attacks", [*ATTACK_KEY, *columns], keys=("attack_date", days))
        except Exception:  # noqa: BLE001, S112 - a file that cannot be read: the next one may have the rows
            continue
        return found.unique(ATTACK_KEY, keep="first", maintain_order=True)
    return pl.DataFrame(schema={c: schema[c] for c in (*ATTACK_KEY, *columns)})


@functools.lru_cache(maxsize=16)
def _run_of_file(file: Path, _signature: tuple) -> tuple:
    """run_of a store file, kept while the file is the same (inode, size, mtime: a refresh renames a new file over
    it)."""
    return run_of(read_columns(file, "refresh_runs", ["run_id", "finished"]))


def run_of(runs: pl.DataFrame) -> tuple:
    """What says which refresh made a store version: how many runs it records, and the id of the last."""
    last = runs.sort("finished", nulls_last=False)["run_id"][-1] if runs.height else None
    return runs.height, last


def _first_found(files: list[Path], wanted: pl.DataFrame, read: Callable[[Path, list[str]], pl.DataFrame],
                 schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows `read` gives of the reports of `wanted` (report_id, content_hash), each report from the first file
    that has it with its content hash."""
    found = [pl.DataFrame(schema=schema)]
    for file in files:
        if wanted.is_empty():
            break
        try:
            rows = read(file, wanted["report_id"].to_list())
        except Exception:  # noqa: BLE001, S112 - a file that cannot be read: the next one may have the rows
            continue
        rows = rows.join(wanted, on=["report_id", "content_hash"], how="semi")
        wanted = wanted.join(rows, on="report_id", how="anti")
        found.append(rows.select(list(schema)))
    return pl.concat(found)
