"""Writing review decisions: the journal beside the store, and the store write that puts decisions in force.

A decision is first appended to `<store>.reviews.jsonl` (one JSON line, flushed and fsynced under a lock of its
own) and only then applied to the store: under the refresh lock, as a refresh writes it (a copy of the store with
the decision in its `reviews` table and the nights it touches reconciled again, swapped in whole). So a decision
is never lost: not when a refresh holds the store (the decision waits in the journal, and the next refresh or
review write applies it), not when a refresh or the review write is killed, and not when an older version of the
store is restored (`strikes store restore` applies the journal again).
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import date, datetime
from pathlib import Path

import polars as pl

from etl.diskerrors import write_error
from etl.schemas import AttackTable, ProblemTable, ReviewTable, StrikeClaimTable, failures, polars_schema
from etl.store import StoreUpdate, read_columns, update_store
from etl.storefile import StoreBusy, clean_stale, refresh_lock, verify

__all__ = ["journal_path", "append_journal", "read_journal", "stored_and_pending", "decided_nights", "apply_pending",
           "record"]

SCHEMA = polars_schema(ReviewTable)


def journal_path(store: Path) -> Path:
    """The append-only file of every decision taken on a store."""
    return store.with_name(store.name + ".reviews.jsonl")


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def append_journal(store: Path, rows: pl.DataFrame) -> None:
    """Append decisions to the journal, durably (flushed and fsynced before returning)."""
    path = journal_path(store)
    lines = "".join(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n"
                    for row in rows.iter_rows(named=True))
    try:
        with path.open("a", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                fh.write(lines)
                fh.flush()
                os.fsync(fh.fileno())
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError as exc:
        raise write_error(exc, path) from exc


def read_journal(store: Path) -> pl.DataFrame:
    """Every decision in the journal that reads whole and fits the schema (a line cut short by a crash is left)."""
    path = journal_path(store)
    if not path.exists():
        return pl.DataFrame(schema=SCHEMA)
    rows = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    if not rows:
        return pl.DataFrame(schema=SCHEMA)
    frame = pl.DataFrame([{k: r.get(k) for k in SCHEMA} for r in rows if isinstance(r, dict)],
                         schema={k: (pl.Utf8 if v in (pl.Date, SCHEMA["decided"]) else v) for k, v in SCHEMA.items()},
                         orient="row", strict=False)
    frame = frame.with_columns(pl.col("claim_date").str.to_date(strict=False),
                               pl.col("attack_date").str.to_date(strict=False),
                               pl.col("decided").str.to_datetime(time_zone="UTC", strict=False).cast(SCHEMA["decided"]))
    bad = failures(ReviewTable, frame.unique("review_id", keep="first", maintain_order=True))
    frame = frame.unique("review_id", keep="first", maintain_order=True)
    return frame.filter(~pl.int_range(pl.len()).is_in(list(bad))) if bad else frame


def stored_and_pending(store: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every decision (the store's and the journal's), and those of the journal the store has not yet."""
    stored = read_columns(store, "reviews", list(SCHEMA))
    journal = read_journal(store)
    pending = journal.filter(~pl.col("review_id").is_in(stored["review_id"].implode()))
    return pl.concat([stored, pending]), pending


def decided_nights(decisions: pl.DataFrame) -> set[date]:
    """The nights some decisions change: where their claims were, and where corrections moved them."""
    return set(decisions["claim_date"].drop_nulls()) | set(decisions["attack_date"].drop_nulls())


def apply_pending(store: Path, wait: bool = True, timeout: float | None = 60.0) -> int:
    """Put the journal's decisions that the store has not yet in force (under the refresh lock); how many.
    StoreBusy when a refresh holds the store longer than `timeout` (the decisions stay in the journal)."""
    from etl.nights import attack_problem_rows, reconcile_nights

    with refresh_lock(store, wait=wait, timeout=timeout):
        clean_stale(store)
        if not store.exists():
            return 0
        verify(store)
        reviews, pending = stored_and_pending(store)
        if pending.is_empty():
            return 0
        attacks = read_columns(store, "attacks", list(polars_schema(AttackTable)))
        reports = read_columns(store, "reports", ["report_id", "withdrawn"])
        out = reports.filter(pl.col("withdrawn").is_not_null())["report_id"].to_list()
        attacks, _ = reconcile_nights(store, attacks, decided_nights(pending), out,
                                   pl.DataFrame(schema=polars_schema(StrikeClaimTable)), reviews)
        problems = read_columns(store, "problems", list(polars_schema(ProblemTable)))
        kept = problems.filter(pl.col("report_id").is_null() & (pl.col("path") != "attacks"))
        run_problems = pl.concat([kept, pl.DataFrame(attack_problem_rows(attacks), schema=polars_schema(ProblemTable),
                                                     orient="row")])
        update_store(store, StoreUpdate(append={"reviews": pending}, replace={"attacks": attacks},
                                        run_problems=run_problems, validated={"attacks"}), keep=None)
        return pending.height


def record(store: Path, rows: pl.DataFrame, timeout: float | None = 60.0) -> bool:
    """Keep decisions (journal first), then put them in force; False when a refresh held the store longer than
    `timeout`: they are kept and applied by the next refresh or decision."""
    append_journal(store, rows)
    try:
        apply_pending(store, wait=True, timeout=timeout)
    except StoreBusy:
        return False
    return True
