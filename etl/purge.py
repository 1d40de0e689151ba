"""`strikes purge --withdrawn-before DATE`: the one way withdrawn reports leave the store for good."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import polars as pl

from etl.sources.common import KYIV
from etl.store import StoreUpdate, read_columns, update_store
from etl.storefile import KEEP_VERSIONS, clean_stale, refresh_lock, verify

__all__ = ["purge_withdrawn"]


def purge_withdrawn(store: Path, before: date, keep: int = KEEP_VERSIONS, wait: bool = False) -> int:
    """Delete the reports withdrawn before the start of `before` (Kyiv time), with their claims and problems;
    the number deleted. Their claims are out of the attacks already, so no attack changes. The kept versions
    of the store still hold them until they are rotated out."""
    with refresh_lock(store, wait=wait):
        clean_stale(store)
        if not store.exists():
            return 0
        verify(store)
        reports = read_columns(store, "reports", ["report_id", "withdrawn"])
        cutoff = datetime.combine(before, time.min, tzinfo=KYIV).astimezone(UTC)
        gone = reports.filter(pl.col("withdrawn").is_not_null() & (pl.col("withdrawn") < cutoff))["report_id"]
        if gone.is_empty():
            return 0
        update_store(store, StoreUpdate(drop_reports=gone.to_list()), keep)
        return gone.len()
