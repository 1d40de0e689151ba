"""Where an outage sentence that names no place happened: what the units before it said.

An outage sentence often names no place of its own: the place is in the sentence before ("Russia struck
Odesa. Part of the city was left without power"), in the section heading above it ("Zhytomyr region" /
"Part of the region remained without light."), or named once in the lead. A back-reference ("the region",
"the city", "частина міста", "der Stadt") names the last place named anywhere before it (spec decision 8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from etl.extract.places import names_foreign_place, unit_regions
from etl.extract.view import UnitView
from etl.model import OutageClaim, RegionFrom, Span

__all__ = ["OutageState", "Pending"]

SECTION_WORDS = 5  # a section heading that names a region is a short line ("Zhytomyr region")
LEAD_WORDS = 1  # the lead is the first unit with a real word (not "+ ↺ − 16 px")


@dataclass
class Pending:
    """An outage said of a count of regions it does not name ("Stromausfälle in fünf Regionen"), which a sentence
    soon after may name."""

    kinds: list[str]
    count: int
    day: date | None
    extent: str | None
    said: Span  # the sentence that said it
    reach: int  # how many more units may name the regions


@dataclass
class OutageState:
    """What earlier units said: the units of the paragraph and of the report, the title, the last outage."""

    paragraph: int = -1
    views: list[UnitView] = field(default_factory=list)  # earlier units of the paragraph
    seen: list[UnitView] = field(default_factory=list)  # every earlier unit of the report
    kinds: list[str] = field(default_factory=list)  # the utilities of the paragraph's last outage words
    title: UnitView | None = None
    lead: UnitView | None = None  # the report's first unit with real words
    last_claims: list[OutageClaim] = field(default_factory=list)
    list_kinds: list[str] = field(default_factory=list)  # said by a list header ("без світла в регіонах:")
    report_kinds: list[str] = field(default_factory=list)  # the utilities of the report's last outage words
    paragraph_kinds: list[str] = field(default_factory=list)  # the utilities of the paragraph's last outage words
    title_kinds: list[str] = field(default_factory=list)  # the utilities the title names
    report: list[UnitView] = field(default_factory=list)  # every unit of the report (a quote's speaker comes after it)
    index: int = 0  # the unit being read
    pending: Pending | None = None  # "Stromausfälle in fünf Regionen": an outage whose regions are not named yet

    def note(self, view: UnitView) -> None:
        """Take note of a unit before reading it: its title, the lead."""
        if view.unit.title:
            self.title = view
        if self.lead is None and _real_words(view) >= LEAD_WORDS:
            self.lead = view

    def done(self, view: UnitView) -> None:
        """Remember a unit once read."""
        self.views.append(view)
        self.seen.append(view)

    def topic_kinds(self) -> list[str]:
        """The one utility a report is about, for an outage word that names none ("shutdowns", "відключення"): the
        one its last outage words named, else the one its title named ("... force emergency power shutdowns")."""
        for kinds in (self.report_kinds, self.title_kinds):
            if len(kinds) == 1:
                return list(kinds)
        return []

    def earlier_regions(self, back_reference: bool = False) -> tuple[list[str], RegionFrom | None]:
        """The regions an outage sentence without places refers to, and where they were found: those of the last
        earlier unit of the paragraph that names any, else the section heading's, else (with a back-reference such
        as "the city") the last place named in the report, else the title's or the lead's one."""
        for view in reversed(self.views):
            found = unit_regions(view)
            if found and _casualties_by_place(view, found):
                continue  # "5 people were injured, one in Vinnytsia, two in Odesa and two in Kyiv": not the outage's
            if found:
                return found, "paragraph"
            if names_foreign_place(view):
                return [], None  # the place named last is abroad
            if view.tagged("national"):
                return [], None  # "Під ударом опинились українські об'єкти енергетики. Через це ...": the country's
        section = self._section_region()
        if section:
            return section, "section"
        if back_reference:
            for view in reversed(self.seen):
                found = unit_regions(view)
                if found:
                    return found[-1:], "report"
        for top, where in ((self.title, "title"), (self.lead, "lead")):
            found = unit_regions(top) if top is not None else []
            if len(found) == 1:
                return found, where
        return [], None

    def last_regions(self, n: int) -> list[str]:
        """The last n different regions named in the paragraph so far, in the order they were named ("A drone hit
        a substation in the Sumy region. In the Dnipropetrovsk region a line was damaged. ... in both regions")."""
        found: list[str] = []
        for view in reversed(self.views):
            for region in reversed(unit_regions(view)):
                if region not in found:
                    found.append(region)
            if len(found) >= n:
                break
        return list(reversed(found[:n])) if len(found) >= n else []

    def _section_region(self) -> list[str]:
        """The region of the nearest section heading above ("Lviv region" on a line of its own)."""
        for view in reversed(self.seen):
            if view.unit.title or not view.heading:
                continue
            if _real_words(view) <= SECTION_WORDS:
                found = unit_regions(view)
                if len(set(found)) == 1:
                    return found[:1]
            return []
        return []


def _real_words(view: UnitView) -> int:
    return sum(1 for t in view.tokens if t.kind == "word" and len(t.text) > 2)


def _casualties_by_place(view, regions: list[str]) -> bool:
    """True for a sentence that counts people hurt or killed in several places and says no outage: its places are
    where people were hurt, not where the power went out."""
    return len(set(regions)) > 1 and bool(view.tagged("casualty")) and not any(
        view.tagged(kind) for kind in ("outage", "util", "disrupt"))
