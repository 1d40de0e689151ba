"""Helpers for comparing `extract` output with gold files."""

from __future__ import annotations

import json
from pathlib import Path

from etl.model import MEASURES
from etl.pipeline import extract_all
from etl.sources import read_source

STRIKE_FIELDS = ("attack_date", "period_start", "period_end", "attacker", "weapon", *MEASURES)
TYPE_FIELDS = ("type", "model", *MEASURES)


def extract_file(path: Path) -> dict:
    """The contract entry `strikes extract` gives for one report file."""
    (ex,) = extract_all(list(read_source(str(path))))
    return ex.as_dict()


def strike_key(row: dict) -> tuple:
    return (row.get("attack_date"), row.get("period_start"), row.get("period_end"), row["attacker"], row["weapon"])


def normal_strikes(rows: list[dict], with_types: bool = True, with_qualifiers: bool = True) -> dict:
    out = {}
    for row in rows:
        entry = {f: row.get(f) for f in STRIKE_FIELDS}
        if with_qualifiers:
            entry["qualifier"] = row.get("qualifier", {})
        if with_types:
            entry["types"] = sorted(
                (tuple(t.get(f) for f in TYPE_FIELDS) for t in row.get("types", [])), key=repr
            )
        out[strike_key(row)] = entry
    return out


def normal_outages(rows: list[dict]) -> list[tuple]:
    return sorted((o.get("date"), o["region"], o.get("kind"), o.get("extent")) for o in rows)


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
