"""The objects that flow through the ETL: reports in, claims out.

Terms follow ../shared/spec/extraction.md. Offsets are Python string indices into
`Report.text`, the report's body after any front matter has been removed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, get_args

__all__ = [
    "MEASURES",
    "WEAPONS",
    "TYPES",
    "QUALIFIERS",
    "OUTAGE_KINDS",
    "EXTENTS",
    "ATTACKERS",
    "REGION_FROM",
    "RegionFrom",
    "SOURCE_KINDS",
    "MAX_COUNT",
    "Span",
    "Report",
    "TypeRow",
    "StrikeClaim",
    "OutageClaim",
    "Extraction",
]

MEASURES = ("launched", "shot_down", "suppressed", "neutralized")
DEFENSIVE = MEASURES[1:]  # the ways of stopping a weapon
WEAPONS = ("missile", "drone", "glide_bomb")
TYPES = (
    "cruise_missile",
    "ballistic_missile",
    "hypersonic_missile",
    "guided_missile",
    "anti_aircraft_missile",
    "attack_drone",
    "decoy_drone",
    "reconnaissance_drone",
)
QUALIFIERS = ("exact", "approx", "at_least", "at_most")
OUTAGE_KINDS = ("power", "heating", "water")
EXTENTS = ("full", "partial")
ATTACKERS = ("RU", "UA")
# Where an outage claim's region was taken from when its own sentence named none: an earlier sentence of its
# paragraph, the section heading above it, the last place named in the report (after "the city", "частина
# міста"), the report's title or its lead (etl/extract/outage_context.py).
RegionFrom = Literal["paragraph", "section", "report", "title", "lead"]
REGION_FROM: tuple[str, ...] = get_args(RegionFrom)
SOURCE_KINDS = ("official", "press", "record", "regional")  # who published a report (etl.claimrows.source_kind)
# The most weapons one figure can count. Real figures run to several hundred a night and tens of thousands
# over the whole war; a figure above this is a typo or hostile input, never a count of weapons.
MAX_COUNT = 1_000_000


@dataclass(frozen=True, order=True)
class Span:
    """A character range [start, end) in a report's text."""

    start: int
    end: int

    def as_dict(self) -> dict[str, int]:
        """The span as the contract's {"start", "end"} object."""
        return {"start": self.start, "end": self.end}


@dataclass
class Report:
    """One published text about air attacks, as read from a source."""

    text: str
    path: str
    item: str | None = None
    published: datetime | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    kind: str | None = None  # "official" or "press" when the source says so
    title: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def report_id(self) -> str:
        """A stable id for this report: its path and item."""
        key = f"{self.path}\x00{self.item or ''}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    @property
    def content_hash(self) -> str:
        """A hash of everything that changes what extraction returns."""
        parts = [
            self.text,
            self.published.isoformat() if self.published else "",
            self.source or "",
            self.url or "",
            self.language or "",
            self.kind or "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    @property
    def published_date(self) -> date | None:
        """The calendar date of publication, in the report's own time zone."""
        return self.published.date() if self.published else None


@dataclass
class TypeRow:
    """The finer breakdown of a strike claim: one weapon type and model."""

    type: str
    model: str | None = None
    launched: int | None = None
    shot_down: int | None = None
    suppressed: int | None = None
    neutralized: int | None = None

    def as_dict(self) -> dict:
        """The type row as the contract's object."""
        return {
            "type": self.type,
            "model": self.model,
            "launched": self.launched,
            "shot_down": self.shot_down,
            "suppressed": self.suppressed,
            "neutralized": self.neutralized,
        }


@dataclass
class StrikeClaim:
    """What one report says about one attack (or period) by one attacker with one weapon class."""

    attacker: str
    weapon: str
    attack_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    launched: int | None = None
    shot_down: int | None = None
    suppressed: int | None = None
    neutralized: int | None = None
    qualifier: dict[str, str] = field(default_factory=dict)
    types: list[TypeRow] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    # Where each class-level figure was stated: measure -> span of the number phrase.
    figure_spans: dict[str, list[Span]] = field(default_factory=dict)
    # Measure -> {"measure" | "attacker" | "date": the cue kind (etl/extract/figure.py) it fell back to} for each
    # class figure that words of its own sentence did not wholly decide. Not part of the `extract` contract.
    fallbacks: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def is_aggregate(self) -> bool:
        """True for a claim over a period rather than one attack."""
        return self.period_start is not None or self.period_end is not None

    def as_dict(self) -> dict:
        """The claim as the contract's strike object."""
        return {
            "attack_date": _iso(self.attack_date),
            "period_start": _iso(self.period_start),
            "period_end": _iso(self.period_end),
            "attacker": self.attacker,
            "weapon": self.weapon,
            "launched": self.launched,
            "shot_down": self.shot_down,
            "suppressed": self.suppressed,
            "neutralized": self.neutralized,
            "qualifier": {m: self.qualifier[m] for m in MEASURES if m in self.qualifier},
            "types": [t.as_dict() for t in self.types],
            "evidence": [s.as_dict() for s in sorted(set(self.evidence))],
        }


@dataclass
class OutageClaim:
    """A report that a region lost power, heating or water."""

    region: str
    date: date | None = None
    extent: str | None = None
    kind: str | None = None
    evidence: list[Span] = field(default_factory=list)
    # None when its own sentence named the region; else where the region was taken from. Not part of the
    # `extract` contract (like StrikeClaim.fallbacks).
    region_from: RegionFrom | None = None

    def as_dict(self) -> dict:
        """The claim as the contract's outage object."""
        return {
            "date": _iso(self.date),
            "region": self.region,
            "extent": self.extent,
            "kind": self.kind,
            "evidence": [s.as_dict() for s in sorted(set(self.evidence))],
        }


@dataclass
class Extraction:
    """A report with the claims extracted from it and what went wrong."""

    report: Report
    strikes: list[StrikeClaim] = field(default_factory=list)
    outages: list[OutageClaim] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    contradictions: list[str] = field(default_factory=list)  # the problems that validation found
    detected_language: str | None = None  # when the report did not state its language

    @property
    def language(self) -> str | None:
        """The report's language: as stated by its source, else as detected."""
        return self.report.language or self.detected_language

    def as_dict(self) -> dict:
        """The report entry of the `extract` JSON contract."""
        r = self.report
        return {
            "path": r.path,
            "item": r.item,
            "published": _iso(r.published_date),
            "language": self.language,
            "strikes": [s.as_dict() for s in self.strikes],
            "outages": [o.as_dict() for o in self.outages],
            "problems": list(r.problems) + list(self.problems),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
