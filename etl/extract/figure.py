"""The typed figure: one stated count of weapons and, for each thing decided about it, the cue that decided it.

Stages 4-6 of extraction (etl/extract/figures.py, document.py) produce figures; stage 7 (claims.py) groups
them into strike claims. Keeping the cue of every decision lets a test assert why, the review queue flag
figures decided by a fallback, and the evidence panel say why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from etl.extract.when import When

__all__ = ["Figure", "Cue", "Role", "FALLBACKS"]


class Role(StrEnum):
    """What a figure is to the other figures of its report."""

    STATED = "stated"  # a count with its weapons: "94 missiles", "47 of them"
    FURTHER = "further"  # adds to the count before it: "a further six", "35 weitere", "ще 9"
    COMPLEMENT = "complement"  # all but this many: "all but four of the 32 missiles were intercepted"
    DERIVED = "derived"  # the same count under a second measure: "5 missiles, all of which were shot down"
    SUM = "sum"  # a count and the further counts added to it
    REGIONAL = "regional"  # one region's part of a night the report also counts nationally (spec decision 6)


ROUNDING = 0.1  # an approximate figure this close to an exact one says it ("about 40" of 38, "понад 5 тисяч" of 5 120)

@dataclass(frozen=True)
class Cue:
    """What decided one property of a figure: a kind (see the constants below) and the words, if any."""

    kind: str
    at: tuple[int, int] | None = None  # characters of the deciding words in the report text

    @property
    def fallback(self) -> bool:
        """True when no words of the figure's own sentence decided it."""
        return self.kind in FALLBACKS


# measure cues
PREDICATE = "predicate"  # a measure word of its clause ("were shot down")
SENTENCE = "sentence"  # the nearest measure word of its sentence, outside its clause
PARTICIPLE = "participle"  # a participle inside the weapon phrase ("29 abgefangene Raketen")
BASE = "base"  # the whole of a part ("of the 63 drones"): launched
LIST_HEADER = "list_header"  # the measure of the list header above an item
RELATIVE = "relative"  # a relative clause after it ("..., which were shot down")
ENTIRETY = "entirety"  # "..., all of which were shot down"
SAME = "same"  # "Dasselbe gelte für 40 von 109 Drohnen": the way of stopping of the sentence before
DEFAULT = "default"  # nothing said: launched / the attacker RU / the report's day
# attacker cues
OWN_WORDS = "own_words"  # the weapon phrase names the side ("Russian drones", "Shahed", "ATACMS")
PERSPECTIVE = "perspective"  # the weapon phrase calls it the other side's ("enemy drones"): the sentence's defender decides
LISTED = "listed"  # another figure of its list names the side ("23 russischen Kampfdrohnen und einer Rakete")
HEADING_BELOW = "heading_below"  # a headline naming no side: the side of the sentences below it
CARRIED = "carried"  # the side of the figures said before
# date cues
STATED_DATE = "stated"  # a date phrase of its own sentence
CLAUSE = "clause"  # a date of its own clause, in a sentence that names two days
PARAGRAPH = "paragraph"  # the date said earlier in its paragraph
DOCUMENT = "document"  # the report's night, or its published day
REFERRED = "referred"  # the date of the weapons it refers back to ("47 of them")
RESTATED = "restated"  # a heading restated by the body: the body's date

FALLBACKS = frozenset({DEFAULT, CARRIED, DOCUMENT, PARAGRAPH})


@dataclass(frozen=True)
class Figure:
    """One stated count of weapons, with the cue of every decision about it."""

    value: int | None  # None when the number cannot be a count (see `doubt`)
    qualifier: str  # exact | approx | at_least | at_most
    measure: str  # launched | shot_down | suppressed | neutralized | hit | none
    weapon: str | None  # missile | drone | glide_bomb; None: several classes ("287 air attack assets")
    type: str | None
    model: str | None
    attacker: str | None  # RU | UA; None until the document reader decides it
    unit: int  # index of the unit in the report
    span: tuple[int, int]  # characters of the number and its weapon phrase
    measure_cue: Cue = Cue(DEFAULT)
    attacker_cue: Cue = Cue(DEFAULT)
    role: Role = Role.STATED
    refers: bool = False  # counts weapons named before ("47 of them", "81 of the missiles")
    total: bool = False  # introduced by "a total of", "insgesamt", "загалом"
    revision: bool = False  # said in a sentence that corrects earlier figures ("now says")
    list_header: int | None = None  # the unit index of the list header it is an item of
    parts: tuple[Figure, ...] = ()  # for a SUM: the figures added up
    when: When | None = None  # the day or period, once dated
    date_cue: Cue = Cue(DOCUMENT)
    unit_span: tuple[int, int] | None = None  # characters of its sentence: the claim's evidence
    doubt: str | None = None  # why the number is not a count of weapons ("it is negative")
    kinds: bool = False  # counts named kinds of several types ("15 Zircon and Iskander missiles"): a part, as a type is
    included: bool = False  # after "darunter", "including", "з них": a part of the count said before it
    definite: bool = False  # "the missile": the one weapon of its class counted before, a figure only then
    rounded: bool = False  # said in tens or dozens ("шість десятків"): a figure in digits beside it is the precise one

    @property
    def specific(self) -> bool:
        """True when the figure is about one weapon type (a type row), not the whole class."""
        return self.type is not None and not (self.type == "attack_drone" and self.model is None)

    def spans(self) -> list[tuple[int, int]]:
        """The characters that state it: its own, or those of the figures it adds up."""
        return [p.span for p in self.parts] if self.parts else [self.span]
