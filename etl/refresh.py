"""`strikes refresh`: sources -> extract -> validate -> reconcile -> store, incrementally.

A file whose size and modification time are what the last refresh saw is not read again, and a
report whose content hash is unchanged keeps its stored claims and is not extracted again; a
changed report replaces its claims. When the extraction code or lexicons change (or with
`full=True`), every report is read and extracted anew. What becomes of the reports a run did not
read (streams keep them, deleted files withdraw them, failed sources keep them) and the shrink
guard are etl/history.py; how the sources are read, etl/gather.py. The store a refresh starts from
is verified first (read in full), and a damaged one is refused: nothing is built on it.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from rich.console import Console

from etl.fingerprint import code_version, extractor_fingerprint
from etl.flags import DEFAULT_FLAGS, FlagOptions, claim_flags, outage_flags
from etl.gather import ALERTS_PREFIX, KAGGLE_PREFIX, Gathered, gather
from etl.history import HISTORY_RUNS, fate, last_kinds, shrink_refusals, source_state
from etl.model import Report
from etl.nights import attack_problem_rows, reconcile_nights
from etl.pipeline import DEFAULT_OPTIONS, ExtractOptions
from etl.registry import SourceEntry
from etl.reviewstore import decided_nights, stored_and_pending
from etl.schemas import TABLES, ProblemTable, RefreshRunTable, SourceFileTable, polars_schema
from etl.sources.articles import cache_folder
from etl.sources.channel import newest_posts
from etl.store import StoreUpdate, read_columns, update_store
from etl.storefile import KEEP_VERSIONS, clean_stale, refresh_lock, verify

__all__ = ["RefreshSummary", "ShrinkRefused", "refresh", "KAGGLE_PREFIX", "ALERTS_PREFIX", "code_version",
           "extractor_fingerprint"]


class ShrinkRefused(RuntimeError):
    """A refresh that would withdraw too many of a source's reports."""


@dataclass
class RefreshSummary:
    """What one refresh did."""

    store: Path
    read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    restored: int = 0
    failed: int = 0
    seconds: float = 0.0
    full: bool = False  # every report was extracted again
    unreadable: list[str] = field(default_factory=list)
    alerts: int = 0  # air-raid alerts stored
    errors: dict[str, str] = field(default_factory=dict)  # source not read -> why

    def line(self) -> str:
        """The one-line summary printed after a refresh."""
        restored = f"{self.restored} restored, " if self.restored else ""
        return (f"refreshed {self.store}: {self.read} reports read, {self.new} new, {self.changed} changed, "
                f"{self.unchanged} unchanged, {self.withdrawn} withdrawn, {restored}{self.failed} failed"
                + (f", {self.alerts:,} air-raid alerts" if self.alerts else "")
                + f" in {self.seconds:.2f}s" + (" (all reports extracted again)" if self.full else ""))


@dataclass
class _Index:
    """What the store knows before the refresh: enough to decide what changed, without the texts."""

    reports: pl.DataFrame  # report_id, origin, path, item, content_hash, first_seen, withdrawn
    files: dict[str, tuple[int, int]]  # path -> (size, mtime_ns) as the last refresh saw them
    file_rows: pl.DataFrame
    extractor: str | None  # fingerprint of the extraction code of the last refresh
    history: list[dict]  # the source_state of the last runs, oldest first


@dataclass
class _Run:
    """What a refresh was asked to do."""

    sources: list[str]
    allow_shrink: bool
    shrink_limit: float
    full: bool
    progress: Console | None
    options: ExtractOptions
    meta: dict[str, dict]  # source -> what its [[sources]] entry says of it (name, cadence)
    flags: FlagOptions = DEFAULT_FLAGS


def refresh(store: Path, sources: list[str], *, allow_shrink: bool = False, shrink_limit: float = 0.5,
            wait: bool = False, progress: Console | None = None, full: bool = False,
            options: ExtractOptions = DEFAULT_OPTIONS, keep_versions: int = KEEP_VERSIONS,
            flags: FlagOptions = DEFAULT_FLAGS, entries: list[SourceEntry] | None = None) -> RefreshSummary:
    """Bring the store up to date with the sources; raises StoreBusy, StoreDamaged, StoreWriteError or
    ShrinkRefused, and then leaves the store as it was. `entries` say what is known of the sources ([[sources]]:
    the kind and language of their reports, their name and cadence)."""
    declared = {e.location: e for e in entries or []}
    start = time.monotonic()
    started = datetime.now(UTC)
    with refresh_lock(store, wait=wait):
        clean_stale(store)
        if store.exists():
            verify(store)  # a damaged store is refused before anything is built on it
        index = _read_index(store)
        full = full or (index.extractor is not None and index.extractor != extractor_fingerprint())
        got = gather(sources, {} if full else index.files, last_kinds(index.history), newest_posts(index.reports),
                     declared, cache_folder(store))
        run = _Run(sources, allow_shrink, shrink_limit, full, progress, options,
                   {loc: e.meta() for loc, e in declared.items()}, flags)
        update, summary, state = _plan(store, index, got, started, run)
        summary.store, summary.full, summary.seconds = store, full, time.monotonic() - start
        summary.alerts = update.replace["alerts"].height
        summary.unreadable, summary.errors = sorted(got.failed_origins), dict(got.errors)
        update.append["refresh_runs"] = _run_row(summary, started, sources, state)
        update_store(store, update, keep_versions)
    return summary


def _read_index(store: Path) -> _Index:
    reports = read_columns(store, "reports", ["report_id", "origin", "path", "item", "content_hash", "first_seen",
                                              "withdrawn"])
    files = read_columns(store, "source_files", list(polars_schema(SourceFileTable)))
    runs = read_columns(store, "refresh_runs", ["finished", "extractor", "source_state"]).sort("finished")
    history = [json.loads(s) for s in runs["source_state"].tail(HISTORY_RUNS).drop_nulls()]
    return _Index(reports, {p: (s, m) for p, s, m in zip(files["path"], files["size"], files["mtime_ns"], strict=True)},
                  files, runs["extractor"][-1] if runs.height else None, history)


def _plan(store: Path, index: _Index, got: Gathered, now: datetime, run: _Run
          ) -> tuple[StoreUpdate, RefreshSummary, str]:
    """The store update that brings it in line with what was read, the counts of the run and the state of
    each source after it."""
    prev = index.reports
    summary = RefreshSummary(store=Path())
    read = got.reports + [(o, ex.report) for o, ex in got.table_rows]
    pending = _count(summary, read, prev, run.full)
    origins = _origins(prev, got, read, summary)
    change = fate(prev, set(origins), got.read_paths, got.failed_origins, got.failed_paths)
    summary.withdrawn, summary.restored = len(change.withdraw), len(change.restore)
    refused = shrink_refusals(prev, change.withdraw, index.history, run.shrink_limit)
    if refused and not run.allow_shrink:
        raise ShrinkRefused(
            f"this refresh would withdraw more than {run.shrink_limit:.0%} of a source's reports ("
            + "; ".join(refused.values()) + "); check the sources, or pass --allow-shrink to do it anyway")
    rows = _extract_pending(pending, got, now, run.progress, run.options)
    summary.failed = got.failed + rows["reports"].filter(pl.col("text").str.strip_chars() == "").height
    update, out = _update(store, index, got, rows, pending, origins, change, now, run.flags)
    state = source_state(_in_use(prev, origins, out, rows["reports"]), run.sources, got.kinds, got.errors,
                         set(refused) if run.allow_shrink else set(), index.history[-1] if index.history else {},
                         run.meta)
    return update, summary, state


def _origins(prev: pl.DataFrame, got: Gathered, read: list[tuple[str, Report]], summary: RefreshSummary
             ) -> dict[str, str]:
    """report_id -> source of every report this run saw: read, or in a file passed over as unchanged (those
    count as read and unchanged)."""
    origins = {r.report_id: o for o, r in read}
    file_origin = {f["path"]: f["origin"] for f in got.files}
    skipped = prev.filter(pl.col("path").is_in(list(got.skipped)))
    origins.update({rid: file_origin[p] for rid, p in zip(skipped["report_id"], skipped["path"], strict=True)})
    summary.unchanged += skipped.height
    summary.read = len(read) + skipped.height
    return origins


def _update(store: Path, index: _Index, got: Gathered, rows: dict[str, pl.DataFrame], pending, origins: dict[str, str],
            change, now: datetime, flags: FlagOptions) -> tuple[StoreUpdate, list[str]]:
    """The store update, and the reports withdrawn once it is stored."""
    prev = index.reports
    drop = [rid for _, r in pending if (rid := r.report_id) in set(prev["report_id"])]
    rows["reports"] = _keep_first_seen(rows["reports"], prev.filter(pl.col("report_id").is_in(drop)))
    seen = pl.DataFrame({"report_id": list(origins), "origin": list(origins.values())},
                        schema={"report_id": pl.Utf8, "origin": pl.Utf8})
    update = StoreUpdate(drop_reports=drop, append=rows, seen=seen.filter(~pl.col("report_id").is_in(drop)), now=now,
                         withdraw=change.withdraw, restore=change.restore, validated={"alerts"},
                         replace={"source_files": _file_rows(index, got), "alerts": _alert_rows(store, got)})
    out = _withdrawn_after(prev, change, drop)
    attacks = read_columns(store, "attacks", list(polars_schema(TABLES["attacks"])))
    reviews, pending = stored_and_pending(store)
    if pending.height:
        update.append["reviews"] = pending
    if drop or rows["strike_claims"].height or change.withdraw or change.restore or pending.height:
        touched = drop + change.withdraw + change.restore
        gone = read_columns(store, "strike_claims", ["attack_date"], keys=("report_id", touched))["attack_date"]
        nights = set(gone.drop_nulls()) | set(rows["strike_claims"]["attack_date"].drop_nulls()) | decided_nights(pending)
        attacks, used = reconcile_nights(store, attacks, nights, drop + out, rows["strike_claims"], reviews)
        update.replace["attacks"] = attacks
        update.validated.add("attacks")  # attack_problem_rows validates the whole table below
        _flag(update, pl.concat([used, rows["strike_claims"]]).unique(["claim_id", "row_kind", "type", "model"],
                                                                       maintain_order=True), attacks, flags)
    if rows["outage_claims"].height:  # an outage claim's flags depend on it alone: those of the reports extracted now
        update.append["claim_flags"] = pl.concat([update.append.get("claim_flags", pl.DataFrame(
            schema=polars_schema(TABLES["claim_flags"]))), outage_flags(rows["outage_claims"])])
    update.run_problems = pl.DataFrame(got.problems + attack_problem_rows(attacks),
                                       schema=polars_schema(ProblemTable), orient="row")
    return update, out


def _flag(update: StoreUpdate, claims: pl.DataFrame, attacks: pl.DataFrame, options: FlagOptions) -> None:
    """The flags of the claims of the nights reconciled again (and of the new reports) replace theirs."""
    found = claim_flags(claims, attacks.filter(pl.col("attack_date").is_in(claims["attack_date"].drop_nulls().implode())),
                        options)
    update.delete["claim_flags"] = ("claim_id", claims["claim_id"].unique().to_list())
    update.append["claim_flags"] = found


def _count(summary: RefreshSummary, read: list[tuple[str, Report]], prev: pl.DataFrame,
           full: bool) -> list[tuple[str, Report]]:
    """Counts the new, changed and unchanged reports read; returns those to extract."""
    prev_hash = dict(zip(prev["report_id"], prev["content_hash"], strict=True))
    pending = []
    for origin, report in read:
        known = prev_hash.get(report.report_id)
        summary.new += known is None
        summary.changed += known is not None and known != report.content_hash
        summary.unchanged += known == report.content_hash
        if full or known != report.content_hash:
            pending.append((origin, report))
    return pending


def _alert_rows(store: Path, got: Gathered) -> pl.DataFrame:
    """The alerts table after this run: the tables read (each row checked by etl/sources/alerts.py), and the
    stored alerts of alert sources that failed."""
    from etl.schemas import AlertTable

    failed = [o for o in got.failed_origins if o.startswith(ALERTS_PREFIX)]
    kept = read_columns(store, "alerts", list(polars_schema(AlertTable))).filter(pl.col("origin").is_in(failed))
    return pl.concat([kept, *got.alerts])


def _withdrawn_after(prev: pl.DataFrame, change, drop: list[str]) -> list[str]:
    """The reports that are withdrawn once the run is stored (their claims stay out of the attacks)."""
    before = set(prev.filter(pl.col("withdrawn").is_not_null())["report_id"])
    return sorted((before - set(change.restore) - set(drop)) | set(change.withdraw))


def _in_use(prev: pl.DataFrame, origins: dict[str, str], out: list[str], new_reports: pl.DataFrame) -> pl.DataFrame:
    """report_id and origin of every report in use after the run."""
    frame = pl.concat([prev.select("report_id", "origin"), new_reports.select("report_id", "origin")]).unique(
        "report_id", keep="last")
    moved = pl.DataFrame({"report_id": list(origins), "new": list(origins.values())},
                         schema={"report_id": pl.Utf8, "new": pl.Utf8})
    frame = frame.join(moved, on="report_id", how="left").select(
        "report_id", pl.coalesce("new", "origin").alias("origin"))
    return frame.filter(~pl.col("report_id").is_in(pl.Series(out, dtype=pl.Utf8).implode()))


def _extract_pending(pending: list[tuple[str, Report]], got: Gathered, now: datetime, progress,
                     options: ExtractOptions) -> dict[str, pl.DataFrame]:
    """Rows of the new and changed reports (Kaggle rows are claims already, only validated here)."""
    from etl.frames import extraction_frames, validate_extractions
    from etl.pipeline import extract_frames

    table = {ex.report.report_id: (o, ex) for o, ex in got.table_rows}
    texts = [(o, r) for o, r in pending if r.report_id not in table]
    frames = extract_frames(texts, now, progress, options)
    rows = [table[r.report_id] for _, r in pending if r.report_id in table]
    if rows:
        exs = [ex for _, ex in rows]
        kaggle = extraction_frames(exs, {ex.report.report_id: o for o, ex in rows}, now, validate_extractions(exs))
        frames = {name: pl.concat([frames[name], kaggle[name]]) for name in frames}
    return frames


def _keep_first_seen(new: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """A changed report keeps the time it was first seen."""
    if previous.is_empty():
        return new
    first = dict(zip(previous["report_id"], previous["first_seen"], strict=True))
    return new.with_columns(
        pl.col("report_id").replace_strict(first, default=pl.col("first_seen"), return_dtype=new.schema["first_seen"])
        .alias("first_seen"))


def _file_rows(index: _Index, got: Gathered) -> pl.DataFrame:
    """The files this run looked at, and those of unreadable sources as the last run saw them."""
    ours = pl.DataFrame(got.files, schema=polars_schema(SourceFileTable), orient="row")
    kept = index.file_rows.filter(pl.col("origin").is_in(list(got.failed_origins)))
    ours = ours.filter(~pl.col("origin").is_in(list(got.failed_origins)))
    return pl.concat([kept, ours]).unique("path", keep="last", maintain_order=True)


def _run_row(summary: RefreshSummary, started: datetime, sources: list[str], state: str) -> pl.DataFrame:
    row = {
        "run_id": uuid.uuid4().hex[:12], "started": started, "finished": datetime.now(UTC),
        "read": summary.read, "new": summary.new, "changed": summary.changed, "unchanged": summary.unchanged,
        "withdrawn": summary.withdrawn, "failed": summary.failed, "code_version": code_version(),
        "sources": json.dumps(sources), "extractor": extractor_fingerprint(), "restored": summary.restored,
        "source_state": state,
    }
    return pl.DataFrame([row], schema=polars_schema(RefreshRunTable), orient="row")
