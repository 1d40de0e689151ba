"""The naive baseline the extractor is measured against: a number followed by a weapon word.

This is what a spreadsheet user's first script does: for each weapon class, the first number
that stands (within three words) before a drone, missile or glide-bomb word is "launched", dated
on the day of publication, attacked by Russia. It knows nothing about shot down, periods,
attackers, dates in the text or number words. Used by `make bench` for speed and accuracy.
"""

from __future__ import annotations

import re

from etl.model import Report

__all__ = ["baseline_extract", "baseline_json"]

_WORDS = {
    "drone": r"drones?|uavs?|shaheds?|\w*drohnen?|дрон\w*|бпла|шахед\w*|безпілотник\w*",
    "missile": r"missiles?|\w*raketen?|marschflugkörper|ракет\w*",
    "glide_bomb": r"glide bombs?|\w*gleitbomben?|авіабомб\w*|каб\w*",
}
_PATTERNS = {
    weapon: re.compile(r"(?<![\w.,])(\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d+)\s+(?:[^\W\d]+\s+){0,3}?(?:" + words + r")\b",
                       re.IGNORECASE)
    for weapon, words in _WORDS.items()
}


def baseline_extract(report: Report) -> list[dict]:
    """Strike rows in the shape of `strikes extract --format json`."""
    day = report.published_date.isoformat() if report.published_date else None
    rows = []
    for weapon, pattern in _PATTERNS.items():
        m = pattern.search(report.text)
        if m:
            rows.append({"attack_date": day, "attacker": "RU", "weapon": weapon,
                         "launched": int(re.sub(r"\D", "", m.group(1)))})
    return rows


def baseline_json(reports: list[Report]) -> dict:
    """The baseline's answer for many reports, as the scorer reads it."""
    return {"reports": [{"path": r.path, "strikes": baseline_extract(r), "outages": []} for r in reports]}
