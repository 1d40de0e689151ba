"""One version of the store in memory: part of the read path of etl/query.py (nothing else imports it).

The tables are read once per version of the file (its inode, size and mtime) and the file closed again.
`Snapshot.digest` is the digest of the data read (etl/storeread.read_version), leaving out VOLATILE: what every
refresh writes anew whatever it finds (its own run, the files it looked at, when each report was last seen). A new
version with the digest of the one it replaces (a refresh that found nothing new) takes over that version's Memo,
so what the views derived survives it; anything derived from VOLATILE is read from the version itself, never kept
in the Memo. A version whose data changed has another digest and starts an empty Memo.
The strike claims kept here have the analysts' decisions applied (etl/review.py: rejected claims left out,
corrected values in place, and columns saying so); `Snapshot.extracted` keeps them as extracted.
Withdrawn reports (their file is gone; etl/history.py) are not in use: the tables kept here leave them and their
claims and problems out, and list them apart (`Snapshot.withdrawn`, shown on Data quality). A store file that
cannot be read in full is replaced, for reading, by the newest kept version that can (`Snapshot.fallback`), and
the shell says so.

What only a few rows at a time are shown with is not held (LEFT_OUT; issue 17: report texts alone were a third of
the server's data with a million claims): it is written aside when the version is read, and `Snapshot.with_text`,
`with_evidence` and `with_reconciliation` read it back for those rows (etl/stored.py), so it is always of this
version. The text columns of ENUMS (a few values repeated over a million rows) are held as polars enums of the
values the version holds, a byte or two a row instead of a 16-byte string view; `plain` gives them back as text,
and query() gives every row as text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl
import polars.selectors as cs

from etl.memo import Memo
from etl.model import ATTACKERS, MEASURES, QUALIFIERS, SOURCE_KINDS, TYPES, WEAPONS
from etl.review import reviewed_claims, reviewed_outages
from etl.schemas import TABLES, polars_schema
from etl.stored import KEYS, Spill, spilled

__all__ = ["Snapshot", "snapshot", "reading", "in_use", "plain", "LEFT_OUT", "ENUMS", "VOLATILE"]

LEFT_OUT = {"reports": ("text", "title", "path"), "strike_claims": ("evidence", "figure_spans", "fallbacks"),
            "attacks": ("disagreements", "sources")}
# ^ columns never held in memory: written aside when a version is read, read back for the rows a view shows
VOLATILE = {"refresh_runs": tuple(polars_schema(TABLES["refresh_runs"])),
            "source_files": tuple(polars_schema(TABLES["source_files"])), "reports": ("last_seen",)}
# ^ what a refresh writes anew even when it finds nothing new: left out of Snapshot.digest; never derived into a Memo
ENUMS = {  # text columns held as enums (of the values a version holds and the vocabulary a correction may bring)
    "strike_claims": {"row_kind": ("class", "type"), "attacker": ATTACKERS, "weapon": WEAPONS, "type": TYPES,
                      "model": (), "source_kind": SOURCE_KINDS, **{f"q_{m}": QUALIFIERS for m in MEASURES}},
    "reports": {"origin": (), "source": (), "source_kind": SOURCE_KINDS, "language": ()},
}


@dataclass
class Snapshot:
    """One version of the store, read into memory."""

    path: Path
    signature: tuple
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    memo: Memo = field(default_factory=Memo)  # what the views derived from this version's data (not from VOLATILE)
    digest: str = ""  # of the data read, VOLATILE left out (etl/storeread.read_version); "": no store file
    withdrawn: pl.DataFrame | None = None  # the withdrawn reports, with the number of claims each keeps
    fallback: Path | None = None  # the kept version read instead of a damaged store file
    extracted: pl.DataFrame | None = None  # the strike claims in use as extracted, before the analysts' decisions
    extracted_outages: pl.DataFrame | None = None  # the outage claims likewise
    spill: Spill | None = field(default=None, repr=False)  # what is not held (etl/stored.py), freed with the version

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

    def with_stored(self, table: str, rows: pl.DataFrame) -> pl.DataFrame:
        """Rows of a table (with its key, etl/stored.py KEYS) with its columns not held (LEFT_OUT)."""
        return spilled(self.spill, table, rows, LEFT_OUT[table])

    def with_text(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Rows with a report_id (a few reports, or claims) with their report's text, title and path."""
        return self.with_stored("reports", rows)

    def with_evidence(self, claims: pl.DataFrame) -> pl.DataFrame:
        """Rows of strike_claims with their evidence, figure spans and fallbacks."""
        return self.with_stored("strike_claims", claims)

    def with_reconciliation(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Rows of attacks with the claims behind them and their disagreements (sources, disagreements)."""
        return self.with_stored("attacks", rows)


_lock = threading.Lock()  # guards _cache and _readers
_cache: dict[Path, Snapshot] = {}
_readers: dict[Path, threading.Lock] = {}  # held by the thread reading a new version of that store


def snapshot(store: str | Path) -> Snapshot:
    """The current version of the store (read again only when the file was replaced).

    One thread reads a new version; while it does, the others are answered from the version before it (a whole,
    consistent version: as if the refresh had finished a moment later) instead of all waiting for the read (issue 17:
    under load each new version held every thread of a worker for 0.2 to 0.6 s). With no version read yet, they wait.
    """
    path = Path(store).resolve()
    try:
        st = path.stat()
        signature = (st.st_ino, st.st_size, st.st_mtime_ns)
    except FileNotFoundError:  # no store yet: every table, empty, so that every view draws "no data"
        empty = {name: pl.DataFrame(schema=_held(name)) for name in TABLES}
        return Snapshot(path, (), empty, extracted=empty["strike_claims"], extracted_outages=empty["outage_claims"])
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached.signature == signature:
            return cached
        reader = _readers.setdefault(path, threading.Lock())
    if not reader.acquire(blocking=cached is None):
        return cached  # another thread is reading the new version
    try:
        with _lock:
            cached = _cache.get(path)
        if cached is not None and cached.signature == signature:  # read by another thread meanwhile
            return cached
        snap = _load(path, signature)
        if cached is not None and cached.digest == snap.digest and snap.digest:
            snap.memo = cached.memo  # the same data: what the views derived from it still holds
        with _lock:
            _cache[path] = snap
        return snap
    finally:
        reader.release()


def reading(store: str | Path) -> threading.Lock:
    """The lock a thread holds while it reads a new version of the store (held: the others use the one before)."""
    path = Path(store).resolve()
    with _lock:
        return _readers.setdefault(path, threading.Lock())


def _held(table: str) -> dict[str, pl.DataType]:
    """The columns of a table held in memory, with their types."""
    return {c: t for c, t in polars_schema(TABLES[table]).items() if c not in LEFT_OUT.get(table, ())}


def _load(path: Path, signature: tuple) -> Snapshot:
    """A version of the store read into memory: the live file, or the newest good kept version when the live
    file cannot be read (the error of the live file when none can)."""
    from etl.storefile import version_files
    from etl.storeread import read_version

    held = {name: list(_held(name)) for name in TABLES}
    spill = {name: [*KEYS[name], *columns] for name, columns in LEFT_OUT.items()}
    fallback = None
    try:
        aside = Spill()
        tables, digest = read_version(path, held, ENUMS, spill, aside.folder, VOLATILE)
    except Exception as damaged:  # noqa: BLE001 - any failure to read: try the kept versions
        for version in version_files(path):
            try:
                aside = Spill()
                (tables, digest), fallback = read_version(version, held, ENUMS, spill, aside.folder, VOLATILE), version
                break
            except Exception:  # noqa: BLE001, S112 - a damaged version too: try an older one
                continue
        else:
            raise damaged
    aside.seal()
    tables, withdrawn = in_use(tables)
    withdrawn = spilled(aside, "reports", withdrawn, ("path",))
    extracted, extracted_outages = tables["strike_claims"], tables["outage_claims"]
    hashes = tables["reports"].select("report_id", "content_hash")
    claims = _as_enums(reviewed_claims(extracted, tables["reviews"], hashes), ENUMS["strike_claims"])
    tables = {**tables, "strike_claims": claims,
              "outage_claims": reviewed_outages(extracted_outages, tables["reviews"], hashes)}
    return Snapshot(path, signature, tables, withdrawn=withdrawn, fallback=fallback, extracted=extracted,
                    extracted_outages=extracted_outages, spill=aside, digest=digest)


def _as_enums(frame: pl.DataFrame, columns: dict[str, tuple[str, ...]]) -> pl.DataFrame:
    """The frame with those of the columns that are text (corrected ones are) as enums again."""
    again = [pl.col(c).cast(pl.Enum(sorted({*frame[c].drop_nulls().unique(), *vocabulary})))
             for c, vocabulary in columns.items() if frame.schema[c] == pl.String]
    return frame.with_columns(again) if again else frame


def plain(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with its enum columns as text (what query() gives, and what an export writes)."""
    if not any(isinstance(t, pl.Enum) for t in frame.schema.values()):
        return frame
    return frame.with_columns(cs.enum().cast(pl.Utf8))


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
