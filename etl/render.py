"""Extractions -> the output formats of `strikes extract` (JSON contract, CSV, rich tables)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from etl.csvout import rows_to_csv
from etl.model import MEASURES, Extraction

__all__ = ["extraction_json", "extraction_csv", "extraction_tables"]


def extraction_json(extractions: Sequence[Extraction]) -> dict:
    """The `extract` JSON document of the spec."""
    return {"reports": [ex.as_dict() for ex in extractions]}


def extraction_csv(extractions: Sequence[Extraction]) -> str:
    """One CSV row per strike claim, type row and outage claim, with the report it came from."""
    rows = []
    for ex in extractions:
        d = ex.as_dict()
        base = {"path": d["path"], "item": d["item"], "published": d["published"], "language": d["language"]}
        for s in d["strikes"]:
            when = {k: s[k] for k in ("attack_date", "period_start", "period_end", "attacker", "weapon")}
            rows.append({**base, "record": "strike", **when, "type": None, "model": None,
                         **{m: s[m] for m in MEASURES},
                         **{f"q_{m}": s["qualifier"].get(m) for m in MEASURES}})
            for t in s["types"]:
                rows.append({**base, "record": "strike_type", **when, "type": t["type"], "model": t["model"],
                             **{m: t[m] for m in MEASURES}})
        for o in d["outages"]:
            rows.append({**base, "record": "outage", "attack_date": o["date"], "region": o["region"],
                         "extent": o["extent"], "kind": o["kind"]})
        for p in d["problems"]:
            rows.append({**base, "record": "problem", "problem": p})
    columns = ["path", "item", "published", "language", "record", "attack_date", "period_start", "period_end",
               "attacker", "weapon", "type", "model", *MEASURES, *(f"q_{m}" for m in MEASURES),
               "region", "extent", "kind", "problem"]
    return rows_to_csv(columns, ([r.get(c) for c in columns] for r in rows))


def extraction_tables(extractions: Sequence[Extraction]) -> list:
    """Readable tables: strikes, outages and problems of every report."""
    strikes = Table(title="Strike claims", show_lines=False, header_style="bold")
    for col in ("report", "date / period", "by", "weapon", "launched", "shot down", "suppressed", "neutralized", "types"):
        strikes.add_column(col, justify="right" if col in ("launched", "shot down", "suppressed", "neutralized") else "left")
    outages = Table(title="Outage claims", header_style="bold")
    for col in ("report", "date", "region", "kind", "extent"):
        outages.add_column(col)
    problems = Table(title="Problems", header_style="bold")
    problems.add_column("report")
    problems.add_column("problem")
    for ex in extractions:
        name = ex.report.path.rsplit("/", 1)[-1] + (f" #{ex.report.item}" if ex.report.item else "")
        for s in ex.strikes:
            when = str(s.attack_date) if s.attack_date else (
                f"{s.period_start}..{s.period_end}" if s.is_aggregate else "undated")
            types = ", ".join(f"{t.model or t.type} {t.launched if t.launched is not None else ''}".strip()
                              for t in s.types)
            strikes.add_row(name, when, s.attacker, s.weapon,
                            *(_figure(getattr(s, m), s.qualifier.get(m)) for m in MEASURES), types)
        for o in ex.outages:
            outages.add_row(name, str(o.date or "undated"), o.region, o.kind or "", o.extent or "")
        for p in list(ex.report.problems) + ex.problems:
            problems.add_row(name, Text(p, style="yellow"))
    out = [strikes, outages]
    if problems.row_count:
        out.append(problems)
    out.append(Text(f"{len(extractions)} reports, {sum(len(e.strikes) for e in extractions)} strike claims, "
                    f"{sum(len(e.outages) for e in extractions)} outage claims"))
    return out


def _figure(value, qualifier) -> str:
    if value is None:
        return ""
    mark = {"approx": "~", "at_least": "≥", "at_most": "≤"}.get(qualifier or "exact", "")
    return f"{mark}{value:,}"
