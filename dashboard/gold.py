"""`strikes review export-gold DIR`: each reviewed report as a gold file in the corpus format
(`../shared/corpus/real`), so that every correction becomes a regression case for the extractor.

The gold is the report's claims as the analysts left them (rejected claims out, corrections in). The text goes
beside it only where it is ours to share (a report read from a folder of our own reports, marked with `.demo`);
for third-party reports the folder's README.md gives a pointer instead: outlet, url and the opening words.
Read through dashboard/data.py's snapshot.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl

from dashboard.data import snapshot
from dashboard.records import _marked
from etl.model import MEASURES
from etl.review import in_force

__all__ = ["gold_files", "write_gold"]

c = pl.col


def gold_files(store: str | Path) -> list[tuple[str, dict, dict]]:
    """(name, gold, report) of every report with a decision in force."""
    snap = snapshot(store)
    decided = in_force(snap.tables["reviews"])
    ids = sorted(set(decided["report_id"]) & set(snap.tables["reports"]["report_id"]))
    claims = snap.tables["strike_claims"].filter(c("report_id").is_in(ids))
    out = []
    reports = snap.with_text(snap.tables["reports"].filter(c("report_id").is_in(ids)))  # texts are read on demand
    for report in reports.sort("report_id").iter_rows(named=True):
        mine = claims.filter(c("report_id") == report["report_id"])
        gold = {"published": report["published_date"].isoformat() if report["published_date"] else None,
                "language": report["language"], "strikes": _strikes(mine), "outages": _outages(snap, report)}
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(report["path"]).stem).strip("-") or "report"
        out.append((f"{stem}-{report['report_id'][:8]}", gold, report))
    return out


def _strikes(claims: pl.DataFrame) -> list[dict]:
    strikes = []
    for row in claims.filter(c("row_kind") == "class").iter_rows(named=True):
        types = claims.filter((c("row_kind") == "type") & (c("claim_id") == row["claim_id"]))
        strikes.append({
            **{k: row[k].isoformat() if row[k] else None for k in ("attack_date", "period_start", "period_end")},
            "attacker": row["attacker"], "weapon": row["weapon"], **{m: row[m] for m in MEASURES},
            "qualifier": {m: row[f"q_{m}"] for m in MEASURES if row[f"q_{m}"]},
            "types": [{"type": t["type"], "model": t["model"], **{m: t[m] for m in MEASURES}}
                      for t in types.iter_rows(named=True)]})
    return strikes


def _outages(snap, report: dict) -> list[dict]:
    rows = snap.tables["outage_claims"].filter(c("report_id") == report["report_id"])
    return [{"date": r["date"].isoformat() if r["date"] else None, "region": r["region"], "extent": r["extent"],
             "kind": r["kind"]} for r in rows.iter_rows(named=True)]


def write_gold(store: str | Path, folder: Path) -> int:
    """Write the gold files (and our own texts, and pointers to the others) into a folder; how many."""
    files = gold_files(store)
    folder.mkdir(parents=True, exist_ok=True)
    pointers = []
    for name, gold, report in files:
        (folder / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n",
                                                  encoding="utf-8")
        if _marked(Path(report["origin"])):
            (folder / f"{name}.md").write_text(_front_matter(report) + report["text"], encoding="utf-8")
        else:
            opening = " ".join(report["text"].split()[:12])
            pointers.append(f"| {name} | {report['language'] or ''} | {gold['published'] or ''} | "
                            f"{_cell(report['source'])} | {_cell(report['url'])} | {_cell(opening)} |")
    if pointers:
        head = ["# Reviewed reports: gold and pointers", "",
                "The texts of these reports belong to their publishers and are not here: each is found at its url,",
                "from its opening words.", "", "| id | lang | published | outlet | url | locator (opening words) |",
                "|---|---|---|---|---|---|"]
        (folder / "README.md").write_text("\n".join(head + pointers) + "\n", encoding="utf-8")
    return len(files)


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _front_matter(report: dict) -> str:
    fields = {"published": report["published"].isoformat() if report["published"] else None,
              "source": report["source"], "url": report["url"], "language": report["language"]}
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items() if v) + "---\n"
