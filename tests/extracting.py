"""Helpers for unit tests: extract claims from a snippet of text."""

from __future__ import annotations

from datetime import datetime

from etl.extract import extract_report
from etl.model import Report
from etl.sources.common import KYIV


def extract(text: str, lang: str, published: str | None = "2025-03-14T10:00"):
    """The extraction of a one-off report (published a Friday morning in Kyiv by default)."""
    pub = datetime.fromisoformat(published).replace(tzinfo=KYIV) if published else None
    return extract_report(Report(text=text, path="test.txt", published=pub, language=lang))


def strikes(text: str, lang: str, published: str | None = "2025-03-14T10:00") -> dict:
    """(date or period, attacker, weapon) -> claim, for a snippet."""
    out = {}
    for c in extract(text, lang, published).strikes:
        when = c.attack_date.isoformat() if c.attack_date else (
            f"{c.period_start}..{c.period_end}" if c.is_aggregate else None)
        out[(when, c.attacker, c.weapon)] = c
    return out


def only(text: str, lang: str, published: str | None = "2025-03-14T10:00"):
    """The single strike claim of a snippet."""
    found = list(strikes(text, lang, published).values())
    assert len(found) == 1, found
    return found[0]


def regions(text: str, lang: str, published: str | None = "2025-03-14T10:00") -> set[tuple]:
    """{(region, kind, extent)} of the outage claims of a snippet."""
    return {(o.region, o.kind, o.extent) for o in extract(text, lang, published).outages}
