"""One version of the store in memory: part of the read path of etl/query.py (nothing else imports it).

The tables are read once per version of the file (its inode, size and mtime) and the file closed again.
The strike claims kept here have the analysts' decisions applied (etl/review.py: rejected claims left out,
corrected values in place, and columns saying so); `Snapshot.extracted` keeps them as extracted.
Withdrawn reports (their file is gone; etl/history.py) are not in use: the tables kept here leave them and their
claims and problems out, and list them apart (`Snapshot.withdrawn`, shown on Data quality). A store file that
cannot be read in full is replaced, for reading, by the newest kept version that can (`Snapshot.fallback`), and
the shell says so.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from etl.memo import Memo
from etl.review import reviewed_claims, reviewed_outages
from etl.schemas import TABLES, polars_schema

__all__ = ["Snapshot", "snapshot", "in_use"]


@dataclass
class Snapshot:
    """One version of the store, read into memory."""

    path: Path
    signature: tuple
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    memo: Memo = field(default_factory=Memo)  # what the views derived from this version
    withdrawn: pl.DataFrame | None = None  # the withdrawn reports, with the number of claims each keeps
    fallback: Path | None = None  # the kept version read instead of a damaged store file
    extracted: pl.DataFrame | None = None  # the strike claims in use as extracted, before the analysts' decisions
    extracted_outages: pl.DataFrame | None = None  # the outage claims likewise

    @property
    def missing(self) -> bool:
        """True when the store file does not exist (its tables read as empty)."""
        return not self.signature

    @property
    def empty(self) -> bool:
        """True when there is no store or nothing in it yet."""
        return self.tables.get("reports") is None or self.tables["reports"].is_empty()

    @property
    def as_of(self) -> datetime | None:
        """When the last refresh finished."""
        runs = self.tables.get("refresh_runs")
        if runs is None or runs.is_empty():
            return None
        return runs["finished"].max()

    @property
    def version(self) -> str | None:
        """The data version: the id of the refresh run that made this store (the last one recorded in it)."""
        runs = self.tables.get("refresh_runs")
        if runs is None or runs.is_empty():
            return None
        return runs.sort("finished", nulls_last=False)["run_id"][-1]


_lock = threading.Lock()
_cache: dict[Path, Snapshot] = {}


def snapshot(store: str | Path) -> Snapshot:
    """The current version of the store (read again only when the file was replaced)."""
    path = Path(store).resolve()
    try:
        st = path.stat()
        signature = (st.st_ino, st.st_size, st.st_mtime_ns)
    except FileNotFoundError:  # no store yet: every table, empty, so that every view draws "no data"
        empty = {name: pl.DataFrame(schema=polars_schema(model)) for name, model in TABLES.items()}
        return Snapshot(path, (), empty, extracted=empty["strike_claims"], extracted_outages=empty["outage_claims"])
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached.signature == signature:
            return cached
        snap = _load(path, signature)
        _cache[path] = snap
        return snap


def _load(path: Path, signature: tuple) -> Snapshot:
    """A version of the store read into memory: the live file, or the newest good kept version when the live
    file cannot be read (the error of the live file when none can)."""
    from etl.store import read_tables
    from etl.storefile import version_files

    fallback = None
    try:
        tables = read_tables(path)
    except Exception as damaged:  # noqa: BLE001 - any failure to read: try the kept versions
        for version in version_files(path):
            try:
                tables, fallback = read_tables(version), version
                break
            except Exception:  # noqa: BLE001, S112 - a damaged version too: try an older one
                continue
        else:
            raise damaged
    tables, withdrawn = in_use(tables)
    extracted, extracted_outages = tables["strike_claims"], tables["outage_claims"]
    hashes = tables["reports"].select("report_id", "content_hash")
    tables = {**tables, "strike_claims": reviewed_claims(extracted, tables["reviews"], hashes),
              "outage_claims": reviewed_outages(extracted_outages, tables["reviews"], hashes)}
    return Snapshot(path, signature, tables, withdrawn=withdrawn, fallback=fallback, extracted=extracted,
                    extracted_outages=extracted_outages)


def in_use(tables: dict[str, pl.DataFrame]) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """The tables without the withdrawn reports, their claims and problems; and the withdrawn reports."""
    reports = tables["reports"]
    out = reports.filter(pl.col("withdrawn").is_not_null())
    if out.is_empty():
        return tables, out.with_columns(pl.lit(0, pl.UInt32).alias("claims"))
    ids = out["report_id"].implode()
    claims = tables["strike_claims"].filter(pl.col("report_id").is_in(ids) & (pl.col("row_kind") == "class"))
    counted = out.join(claims.group_by("report_id").len("claims"), on="report_id", how="left").with_columns(
        pl.col("claims").fill_null(0))
    kept = {**tables, "reports": reports.filter(pl.col("withdrawn").is_null())}
    for name in ("strike_claims", "outage_claims", "claim_flags"):  # a withdrawn report's flags wait with its claims
        if name in tables:
            kept[name] = tables[name].filter(~pl.col("report_id").is_in(ids))
    kept["problems"] = tables["problems"].filter(pl.col("report_id").is_null() | ~pl.col("report_id").is_in(ids))
    return kept, counted
