"""Quotations that span sentences: where the quotation a sentence stands in closes, so that the attribution after
it ("...», — написав міський голова Львова", '"...," the governor said') can speak for every sentence of it."""

from __future__ import annotations

from etl.extract.view import UnitView

__all__ = ["QUOTE_UNITS", "quotation_close"]

OPENING_QUOTES = frozenset('"«„“‘')
CLOSING_QUOTES = frozenset('"»“”’')
QUOTE_UNITS = 4  # sentences of one quotation that its attribution after it may speak for


def quotation_close(views: list[UnitView], unit: int) -> tuple[int, int] | None:
    """(index of the sentence, character offset in the report) where the quotation that sentence `unit` stands in
    closes: a quotation opened at the start of a sentence at most QUOTE_UNITS before, in the same paragraph; None
    when the sentence stands in none."""
    view = views[unit]
    k = unit
    while k > 0 and unit - k < QUOTE_UNITS and views[k - 1].unit.paragraph == view.unit.paragraph \
            and not _opens_quote(views[k]):
        k -= 1
    if not _opens_quote(views[k]):
        return None
    for j in range(unit, min(k + QUOTE_UNITS, len(views))):
        other = views[j]
        if other.unit.paragraph != view.unit.paragraph:
            return None
        start = other.unit.start + (1 if j == k else 0)
        close = next((i for i in range(start, other.unit.end) if other.text[i] in CLOSING_QUOTES), None)
        if close is not None:
            return j, close + 1
    return None


def _opens_quote(view: UnitView) -> bool:
    return view.text[view.unit.start:view.unit.start + 1] in OPENING_QUOTES
