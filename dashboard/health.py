"""Pure summaries for the data-quality view: the last refresh, problems, undated reports, counts per source."""

from __future__ import annotations

import json
from datetime import datetime

import polars as pl

__all__ = ["last_run", "recent_runs", "problem_rows", "undated_reports", "waiting_for_date", "excerpted",
           "source_counts", "withdrawn_reports",
           "source_health", "interval_text", "NO_DATE", "HEALTH_SCHEMA"]

NO_DATE = "no published date"  # the start of the problem a report without a published date gets
EXCERPT = 160


def last_run(runs: pl.DataFrame) -> dict | None:
    """The latest refresh run (start, end, counts, code version), or None before the first refresh."""
    if runs.is_empty():
        return None
    return runs.sort("finished").row(-1, named=True)


def recent_runs(runs: pl.DataFrame, limit: int = 10) -> pl.DataFrame:
    """The latest refresh runs, newest first."""
    cols = ["finished", "read", "new", "changed", "unchanged", "withdrawn", "failed", "code_version"]
    return runs.sort("finished", descending=True).head(limit).select(cols)


def problem_rows(problems: pl.DataFrame) -> pl.DataFrame:
    """Every problem and rejected row with its reason, rejected rows and contradictions first."""
    order = {"import": 0, "validate": 1, "read": 2, "extract": 3}
    return problems.with_columns(pl.col("stage").replace_strict(order, default=9).alias("_order")).sort(
        "_order", "path", "item", nulls_last=True).select("stage", "path", "item", "problem")


def undated_reports(reports: pl.DataFrame, strike_claims: pl.DataFrame, outage_claims: pl.DataFrame,
                    problems: pl.DataFrame) -> pl.DataFrame:
    """Reports waiting for a date: no published date, or every claim they make is undated (`reports` with their
    text, for the excerpt)."""
    return excerpted(waiting_for_date(reports, strike_claims, outage_claims, problems))


def waiting_for_date(reports: pl.DataFrame, strike_claims: pl.DataFrame, outage_claims: pl.DataFrame,
                     problems: pl.DataFrame) -> pl.DataFrame:
    """The reports waiting for a date, with why: no published date, or every claim they make is undated."""
    no_date = problems.filter(pl.col("problem").str.starts_with(NO_DATE))["report_id"].drop_nulls()
    dated = [pl.col("attack_date").is_not_null() | pl.col("period_start").is_not_null(), pl.col("date").is_not_null()]

    def ids(where: list[pl.Expr]) -> pl.Series:  # of the reports with a claim that meets the condition
        return pl.concat([frame.lazy().filter(w).select("report_id") for frame, w in
                          zip((strike_claims, outage_claims), where, strict=True)]).unique().collect()["report_id"]

    undated = ids([~d for d in dated])  # reports with an undated claim; those with no dated claim wait
    all_undated = undated.filter(~undated.is_in(ids([d & pl.col("report_id").is_in(undated.implode()) for d in dated])
                                                .implode()))
    wanted = pl.concat([no_date, all_undated]).unique()
    return reports.filter(pl.col("report_id").is_in(wanted.implode())).with_columns(
        pl.when(pl.col("report_id").is_in(no_date.implode())).then(pl.lit("no published date"))
        .otherwise(pl.lit("every claim is undated")).alias("why"))


def excerpted(waiting: pl.DataFrame) -> pl.DataFrame:
    """The reports of waiting_for_date, with their text, as the data-quality view lists them: with an excerpt."""
    return waiting.select(
        "path", "item", *[pl.col(c).cast(pl.Utf8) for c in ("source", "language")], "why",
        pl.col("text").str.slice(0, EXCERPT).str.replace_all(r"\s+", " ").alias("excerpt"),
    ).sort("path", "item", nulls_last=True)


def source_counts(reports: pl.DataFrame, strike_claims: pl.DataFrame, outage_claims: pl.DataFrame) -> pl.DataFrame:
    """Reports, strike claims and outage claims per source, kind and language, most reports first.

    Kaggle rows count per account (kpszsu, PvKPivden, ...), not per post.
    """
    keys = ["source_kind", "source", "language"]  # counted per report's kind, source and language first (few)
    keyed = reports.lazy().select("report_id", *keys)

    def counted(claims: pl.LazyFrame, name: str) -> pl.LazyFrame:
        return claims.select("report_id").join(keyed, on="report_id").group_by(keys).len(name)

    per_key = keyed.group_by(keys).len("reports").join(
        counted(strike_claims.lazy().filter(pl.col("row_kind") == "class"), "strike_claims"), on=keys, how="left",
        nulls_equal=True).join(counted(outage_claims.lazy(), "outage_claims"), on=keys, how="left", nulls_equal=True)
    named = pl.col("source").cast(pl.Utf8)  # the dashboard holds the source names as an enum (etl/snapshot.py)
    account = named.str.extract(r"^(?:https?://(?:www\.)?[^/]+/)?([^/]+)")
    source = pl.when(pl.col("source_kind").is_in(["record", "regional"])).then(account).otherwise(named)
    out = per_key.select(pl.col("source_kind").cast(pl.Utf8), source.alias("source"), pl.col("language").cast(pl.Utf8),
                         "reports", "strike_claims", "outage_claims").group_by(keys).agg(
        pl.col("reports").sum(), pl.col("strike_claims").sum(), pl.col("outage_claims").sum()).collect()
    return out.with_columns(pl.col("source").fill_null("(no source)"), pl.col("language").fill_null("—")).sort(
        ["reports", "source"], descending=[True, False])


def withdrawn_reports(withdrawn: pl.DataFrame | None) -> pl.DataFrame:
    """The withdrawn reports (their file is gone; kept until `strikes purge`), most recently withdrawn first."""
    cols = ["path", "item", "source", "withdrawn", "claims"]
    if withdrawn is None:
        return pl.DataFrame(schema={"path": pl.Utf8, "item": pl.Utf8, "source": pl.Utf8,
                                    "withdrawn": pl.Datetime("us", "UTC"), "claims": pl.UInt32})
    return withdrawn.sort(["withdrawn", "path", "item"], descending=[True, False, False], nulls_last=True).select(cols)


HEALTH_SCHEMA = {"source": pl.Utf8, "name": pl.Utf8, "cadence": pl.Utf8, "stale": pl.Boolean,
                 "last_success": pl.Datetime("us", "UTC"), "last_new_report": pl.Datetime("us", "UTC"),
                 "reports": pl.Int64, "last_error": pl.Utf8, "last_error_at": pl.Datetime("us", "UTC")}


def source_health(runs: pl.DataFrame, reports: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """Each source of the last refresh: its last successful read, the last time a new report of it came, the
    reports it holds, its last error and when, and whether it is stale: silent (no new report, or none yet since
    it was first read) for longer than its cadence. A source without a cadence is never stale. Stale first."""
    states = [(f, json.loads(s)) for f, s in runs.sort("finished").select("finished", "source_state").iter_rows()
              if s]
    if not states:
        return pl.DataFrame(schema=HEALTH_SCHEMA)
    newest = dict(reports.group_by("origin").agg(pl.col("first_seen").max()).iter_rows()) if reports.height else {}
    rows = [_health_row(source, entry, states, newest.get(source), now) for source, entry in states[-1][1].items()]
    return pl.DataFrame(rows, schema=HEALTH_SCHEMA, orient="row").sort(["stale", "source"], descending=[True, False])


def _health_row(source: str, entry: dict, states: list[tuple[datetime, dict]], last_new, now: datetime) -> dict:
    seen = [(f, st[source]) for f, st in states if source in st]
    successes = [f for f, e in seen if not e.get("failed")]
    errors = [(f, e["error"]) for f, e in seen if e.get("error")]
    cadence = entry.get("cadence")
    silent_since = last_new or seen[0][0]
    return {"source": source, "name": entry.get("name"), "cadence": interval_text(cadence),
            "stale": cadence is not None and (now - silent_since).total_seconds() > cadence,
            "last_success": successes[-1] if successes else None, "last_new_report": last_new,
            "reports": entry.get("reports", 0), "last_error": errors[-1][1] if errors else None,
            "last_error_at": errors[-1][0] if errors else None}


def interval_text(seconds: float | None) -> str | None:
    """A cadence as written in strikes.toml: 1d, 6h, 1h30m, 90s."""
    if seconds is None:
        return None
    left, parts = int(round(seconds)), []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if left >= size:
            parts.append(f"{left // size}{unit}")
            left %= size
    return "".join(parts) or "0s"
