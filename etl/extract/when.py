"""What a date phrase says and what the document has said so far: the values dates are read into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["When", "DateState", "Expr", "NIGHT", "EXPLICIT", "PERIOD", "VAGUE", "SPEECH"]

# Priorities: which expression of a sentence decides its date.
NIGHT, EXPLICIT, PERIOD, VAGUE, SPEECH = 5, 4, 3, 2, 1


@dataclass(frozen=True)
class When:
    """An attack date, or a period [start, end], or nothing known."""

    day: date | None = None
    start: date | None = None
    end: date | None = None
    period: bool = False
    stated: bool = field(default=False, compare=False)  # said in the unit or its paragraph, not defaulted
    night: bool = field(default=False, compare=False)  # an overnight attack ("night to ...", "overnight")
    past: bool = False  # some earlier time the text does not date ("last winter"): no claim of this report

    @property
    def key(self) -> tuple:
        """What claims are grouped by."""
        return ("period", self.start, self.end) if self.period else ("day", self.day)


@dataclass
class DateState:
    """What the document has said so far about dates."""

    published: date | None
    doc_day: date | None
    paragraph: int = -1
    context: When | None = None
    last_point: date | None = None
    last_period: When | None = None
    used_periods: list[When] = field(default_factory=list)
    said: dict[int, date] = field(default_factory=dict)  # paragraph -> the day its statements are dated
    counted_day: bool = False  # figures of one day were read already: the report is about a night or a day

    def now(self, view) -> date | None:
        """The day a unit's relative words count from: its paragraph's statement day, else the published day."""
        return self.said.get(view.unit.paragraph, self.published)


@dataclass
class Expr:
    """One date phrase: how strongly it dates its sentence, what it says, and where it starts."""

    priority: int
    when: When | None
    kind: str
    index: int
    point: date | None = None
