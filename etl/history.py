"""Source semantics: what becomes of the stored reports a refresh did not read again, the shrink guard over
each source's recent history, and the state of each source that a run records. No I/O.

- Streams (feeds and Telegram exports, as files or URLs) are append-only: an item that leaves them is kept
  as it was, in the reconciled attacks. (What a file gave without an item id, such as the report that says a
  feed file could not be parsed, is not an item: once the file gives something else it is withdrawn.)
- A report whose file is gone (deleted from a folder, a row gone from the Kaggle table, a source taken out
  of the sources) is *withdrawn*: it stays in the store with the time it was withdrawn, its claims leave the
  reconciled attacks, and it is restored when its file returns. Only `strikes purge` deletes it.
- A source that failed, and a file of a folder that could not be read, keep their reports.
- The shrink guard: one run may not leave a source with less than (1 - shrink_limit) of its largest size
  over its last HISTORY_RUNS runs (since the last run that was allowed to shrink it), so a source emptied
  step by step is caught as surely as one emptied at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

__all__ = ["Fate", "fate", "shrink_refusals", "source_state", "largest", "last_kinds", "HISTORY_RUNS"]

HISTORY_RUNS = 100  # runs of the past the shrink guard looks at
KAGGLE = "kaggle:"


@dataclass
class Fate:
    """The stored reports that leave the reconciled attacks now, and the withdrawn ones that come back."""

    withdraw: list[str]
    restore: list[str]


def fate(prev: pl.DataFrame, seen: set[str], read_paths: set[str], failed_origins: set[str],
         failed_paths: set[str]) -> Fate:
    """Which stored reports (report_id, origin, path, item, withdrawn) are withdrawn or restored by a run that
    read `seen` reports and looked at the files and URLs `read_paths`."""
    c = pl.col
    seen_ids = pl.Series(list(seen), dtype=pl.Utf8).implode()
    active = prev.filter(c("withdrawn").is_null() & ~c("report_id").is_in(seen_ids))
    stream = (c("path").is_in(pl.Series(list(read_paths), dtype=pl.Utf8).implode()) & c("item").is_not_null()
              & ~c("path").str.starts_with(KAGGLE))
    kept = (c("origin").is_in(pl.Series(list(failed_origins), dtype=pl.Utf8).implode()) | stream
            | c("path").is_in(pl.Series(list(failed_paths), dtype=pl.Utf8).implode()))
    withdraw = active.filter(~kept)["report_id"].to_list()
    restore = prev.filter(c("withdrawn").is_not_null() & c("report_id").is_in(seen_ids))["report_id"].to_list()
    return Fate(withdraw, restore)


def largest(history: list[dict], source: str) -> int:
    """A source's largest size over the runs of `history` (oldest first) since the last one that reset it."""
    most = 0
    for state in reversed(history):
        entry = state.get(source)
        if entry is None:
            continue
        most = max(most, int(entry.get("reports", 0)))
        if entry.get("reset"):
            break
    return most


def shrink_refusals(prev: pl.DataFrame, withdraw: list[str], history: list[dict], limit: float) -> dict[str, str]:
    """Source -> why withdrawing these reports would shrink it too far (empty when the guard lets it pass).
    A report counts for the source it was stored under; one read again under another source is no loss."""
    active = prev.filter(pl.col("withdrawn").is_null())
    lost = active.filter(pl.col("report_id").is_in(pl.Series(withdraw, dtype=pl.Utf8).implode()))
    if lost.is_empty():
        return {}
    before = dict(active.group_by("origin").len().iter_rows())
    out = {}
    for origin, count in sorted(lost.group_by("origin").len().iter_rows()):
        after, most = before[origin] - count, max(before[origin], largest(history, origin))
        if after < most * (1 - limit):
            out[origin] = f"{origin}: {after} of its reports would be left, of {most} at most over its last runs"
    return out


def source_state(after: pl.DataFrame, sources: list[str], kinds: dict[str, str], errors: dict[str, str],
                 reset: set[str], previous: dict, meta: dict[str, dict] | None = None) -> str:
    """The JSON a run records about each source: its reports in use after the run (`after` has their origin),
    what it answered with, whether it failed and why (`errors`), whether this run reset its history
    (--allow-shrink), and its name and cadence (`meta`, from its [[sources]] entry; a source read without its
    entry keeps those of the run before)."""
    counts = dict(after.group_by("origin").len().iter_rows()) if after.height else {}
    state = {}
    for source in dict.fromkeys([*sources, *sorted(counts), *sorted(reset)]):
        before = previous.get(source) or {}
        kind = kinds.get(source) or before.get("kind")
        known = (meta or {}).get(source) or {k: before.get(k) for k in ("name", "cadence")}
        state[source] = {"reports": int(counts.get(source, 0)), "kind": kind, "failed": source in errors,
                         "error": errors.get(source), "reset": source in reset, **known}
    return json.dumps(state, sort_keys=True)


def last_kinds(history: list[dict]) -> dict[str, str]:
    """Source -> what it answered with at its last good read."""
    out: dict[str, str] = {}
    for state in history:
        for source, entry in state.items():
            if entry.get("kind") and not entry.get("failed"):
                out[source] = entry["kind"]
    return out
