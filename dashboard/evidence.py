"""Where a number comes from: the claims behind a reconciled attack row, with their evidence. Pure.

A claim's evidence is the report text sliced by its `evidence` spans; the figures inside it are the
`figure_spans` to highlight. A figure taken from a Kaggle aggregate ("table:record:2025-01-01:RU:drone")
came from the Kaggle rows of that kind listed in the attack's `sources`.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import polars as pl

from etl.model import MEASURES

__all__ = ["KYIV", "attack_key", "parse_key", "claims_of", "provenance", "segments", "figure_marks", "kyiv_time", "evidence_text", "with_sources",
           "grid_rows", "outage_evidence", "latest_outages"]

KYIV = ZoneInfo("Europe/Kyiv")
KEY_FIELDS = ("attack_date", "attacker", "weapon", "row_kind", "type", "model")
SEP = "|"


def attack_key(row: dict) -> str:
    """A stable text id of an attacks row: date|attacker|weapon|row_kind|type|model."""
    return SEP.join("" if row.get(k) is None else str(row[k]) for k in KEY_FIELDS)


def parse_key(key: str) -> dict:
    """The key fields of an attacks row id (empty parts are None)."""
    parts = key.split(SEP)
    if len(parts) != len(KEY_FIELDS):
        raise ValueError(f"not an attack key: {key!r}")
    return {k: (v or None) for k, v in zip(KEY_FIELDS, parts, strict=True)}


def claims_of(attack: dict, claims: pl.DataFrame) -> pl.DataFrame:
    """The strike claims reconciled into one attacks row (same class or type row of the listed claim ids)."""
    ids = json.loads(attack["sources"] or "[]")
    rows = claims.filter(pl.col("claim_id").is_in(ids) & (pl.col("row_kind") == attack["row_kind"])
                         & (pl.col("weapon") == attack["weapon"]))
    if attack["row_kind"] == "type":
        rows = rows.filter(pl.col("type").eq_missing(attack["type"]) & pl.col("model").eq_missing(attack["model"]))
    return rows


def _reports_of(rows: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """The reports a few rows come from (picked before joining, so a join never hashes every report)."""
    return reports.filter(pl.col("report_id").is_in(rows["report_id"].unique().implode()))


def kyiv_time(moment: datetime | None, ui: str = "en") -> str:
    """"2025-01-14 09:30 Kyiv" in English, "14 січ. 2025, 09:30 (Київ)" in Ukrainian (empty when unknown)."""
    if moment is None:
        return ""
    from dashboard import i18n

    local = moment.astimezone(KYIV)
    if i18n.valid(ui) == "en":
        return local.strftime("%Y-%m-%d %H:%M") + " Kyiv"
    _ = i18n.gettext(ui)
    return _("{day}, {time} Kyiv").format(day=i18n.day(local, ui, "medium"),
                                                       time=local.strftime("%H:%M"))


def segments(text: str, evidence: list[list[int]], figures: list[list[int]]) -> list[dict]:
    """The evidence spans of a text as [{text, mark}] pieces, the figures marked; "…" between spans."""
    out: list[dict] = []
    for n, (start, end) in enumerate(sorted(evidence)):
        if n:
            out.append({"text": " … ", "mark": False})
        cuts = sorted((max(s, start), min(e, end)) for s, e in figures if s < end and e > start)
        pos = start
        for s, e in cuts:
            if s < pos:
                continue
            if s > pos:
                out.append({"text": text[pos:s], "mark": False})
            out.append({"text": text[s:e], "mark": True})
            pos = e
        if pos < end:
            out.append({"text": text[pos:end], "mark": False})
    return [piece for piece in out if piece["text"]]


def provenance(attack: dict, claims: pl.DataFrame, reports: pl.DataFrame) -> dict:
    """The figures of an attacks row and, per claim behind it, its source, link, evidence and what it gave."""
    rows = claims_of(attack, claims)
    rows = rows.join(_reports_of(rows, reports).select(
        "report_id", "source", "url", "path", "item", "language", "text", pl.col("published").alias("report_published")),
        on="report_id", how="left")
    cards = [_card(attack, row) for row in rows.iter_rows(named=True)]
    cards.sort(key=lambda c: (not c["used_for"], -(c["published_ts"] or 0), c["claim_id"]))
    names = {c["claim_id"]: c["source"] for c in cards}
    return {
        "key": attack_key(attack),
        "attack": {k: attack.get(k) for k in (*KEY_FIELDS, *MEASURES)},
        "claims": cards,
        "disagreements": [_disagreement(d, names) for d in json.loads(attack.get("disagreements") or "[]")],
    }


def figure_marks(text: str, evidence: list[list[int]], spans: dict, values: list[int]) -> list[list[int]]:
    """The spans to highlight: the claim's figure spans, or, when those are just the whole evidence
    (a table row rendered as one line), every place in the evidence where one of its figures is written."""
    marks = [span for measure in MEASURES for span in spans.get(measure, [])]
    if marks and not any(list(span) in [list(e) for e in evidence] for span in marks):
        return marks
    out = []
    for value in {v for v in values if v is not None}:
        pattern = re.compile(rf"(?<![\w.:/-]){value}(?![\w:/-])")
        for start, end in evidence:
            out += [[start + m.start(), start + m.end()] for m in pattern.finditer(text[start:end])]
    return sorted(out)


def _card(attack: dict, row: dict) -> dict:
    evidence = json.loads(row["evidence"] or "[]")
    figure_spans = figure_marks(row["text"] or "", evidence, json.loads(row["figure_spans"] or "{}"),
                                [row[m] for m in MEASURES])
    used = [m for m in MEASURES if _gave(attack.get(f"from_{m}"), row)]
    published = row["published"] or row["report_published"]
    return {
        "claim_id": row["claim_id"],
        "source": row["source"] or row["path"],
        "source_kind": row["source_kind"],
        "url": row["url"],
        "path": row["path"],
        "item": row["item"],
        "published": kyiv_time(published),
        "published_at": published,
        "published_ts": published.timestamp() if published else None,
        "figures": {m: _figure(row[m], row[f"q_{m}"]) for m in MEASURES if row[m] is not None},
        "used_for": used,
        "evidence": segments(row["text"] or "", evidence, figure_spans),
        "review": ({"status": row["review"], "by": row.get("reviewed_by"), "on": row.get("reviewed_on")}
                   if row.get("review") else None),
    }


def _gave(chosen: str | None, row: dict) -> bool:
    """True when a figure of the attack was taken from this claim (directly or through its Kaggle aggregate)."""
    if chosen is None:
        return False
    if chosen.startswith("table:"):
        return chosen.startswith(f"table:{row['source_kind']}:")
    return chosen == row["claim_id"]


def _figure(value: int, qualifier: str | None) -> str:
    prefix = {"approx": "about ", "at_least": "at least ", "at_most": "up to "}.get(qualifier or "", "")
    return f"{prefix}{value:,}"


def _disagreement(d: dict, names: dict[str, str]) -> dict:
    def who(claim_id: str) -> str:
        if claim_id.startswith("table:"):
            return "Kaggle table (" + claim_id.split(":")[1] + " rows)"
        return names.get(claim_id, claim_id)

    return {
        "measure": d["measure"],
        "chosen": d["chosen"],
        "chosen_source": who(d["chosen_claim"]),
        "other": _figure(d["other"], d.get("other_qualifier")),
        "other_source": who(d["other_claim"]),
        "other_kind": d.get("other_kind"),
    }


def evidence_text(text: str, evidence_json: str) -> str:
    """The evidence of a claim as plain text ("…" between its spans)."""
    return "".join(piece["text"] for piece in segments(text or "", json.loads(evidence_json or "[]"), []))


def with_sources(rows: pl.DataFrame, claims: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """Adds `source`: where each row's launched figure came from (a source name, or the Kaggle table)."""
    c = pl.col
    wanted = rows["from_launched"].drop_nulls().unique()
    names = claims.lazy().filter(c("claim_id").is_in(wanted.implode())).select("claim_id", "report_id").collect(
    ).unique("claim_id", keep="last", maintain_order=True)
    named = _reports_of(names, reports).select("report_id", c("source").cast(pl.Utf8))  # sources: held as an enum
    names = names.join(named, on="report_id", how="left").select(c("claim_id").alias("from_launched"),
                                                                 c("source").alias("_source"))
    table = c("from_launched").str.split(":").list.get(1, null_on_oob=True).replace_strict(
        {"record": "Kaggle table (national)", "regional": "Kaggle table (regional)"}, default="Kaggle table")
    label = (pl.when(c("from_launched").is_null() | (c("from_launched") == "")).then(pl.lit(""))
             .when(c("from_launched").str.starts_with("table:")).then(table)
             .when(c("_source").is_null() | (c("_source") == "")).then(c("from_launched"))
             .otherwise(c("_source")))
    joined = rows.join(names, on="from_launched", how="left", maintain_order="left")
    return joined.with_columns(label.alias("source")).drop("_source")


GRID_COLUMNS = ("key", "attack_date", "attacker", "weapon", "type", "model", "launched", "shot_down",
                "suppressed", "stopped", "rate", "claims", "disagreement", "contradictory", "source")


def grid_rows(rows: pl.DataFrame, claims: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """Attack rows as the grid shows them: key, figures, all stopped and its share, source of the launched figure."""
    from dashboard.stats import contradictory, stopped

    key = pl.concat_str([pl.col(k).cast(pl.Utf8).fill_null("") for k in KEY_FIELDS], separator=SEP)
    rate = pl.when((pl.col("launched") > 0) & ~contradictory()).then(stopped(True) / pl.col("launched"))
    rows = with_sources(rows, claims, reports).with_columns(key.alias("key"), rate.round(3).alias("rate"),
                                                            stopped(True).alias("stopped"),
                                                            contradictory().alias("contradictory"))
    return rows.sort(["attack_date", "weapon", "row_kind"], descending=[True, False, False]).select(GRID_COLUMNS)


def latest_outages(rows: pl.DataFrame, limit: int = 50) -> pl.DataFrame:
    """The latest `limit` outage claims, newest first."""
    return rows.sort(["date", "published"], descending=True, nulls_last=True).head(limit)


def outage_evidence(rows: pl.DataFrame, reports: pl.DataFrame, limit: int = 50) -> pl.DataFrame:
    """The latest outage claims with their source, link, evidence as plain text and the review in force (review,
    reviewed_by, reviewed_on, when the rows have them); `reports` with the text of their reports at least."""
    rows = latest_outages(rows, limit)
    rows = rows.join(_reports_of(rows, reports).select("report_id", "source", "url", "text"), on="report_id",
                     how="left")
    text = pl.struct("text", "evidence").map_elements(lambda r: evidence_text(r["text"], r["evidence"]),
                                                      return_dtype=pl.Utf8)
    reviewed = [c for c in ("review", "reviewed_by", "reviewed_on") if c in rows.columns]
    return rows.with_columns(text.alias("evidence_text")).select(
        "date", "region", "kind", "extent", "source", "url", "evidence_text", *reviewed)
