"""Absolute days: a day and a month, with or without a year ("13 грудня 2024", "Dec. 13", "13.12.2024",
"am 8. Juni", "June 8-9"). A spelled date is built from the day, the lexicon's month name and the year; a
numeric date token is read by dateparser, once per distinct token. Without a year, the latest such day
not after publication.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

__all__ = ["explicit_date", "calendar_day", "year_at", "day_value"]


def explicit_date(view, i: int, published: date | None, code: str) -> tuple[date | None, int]:
    """A day-month(-year) date starting at token i: (date or None, end index); end == i if none."""
    toks = view.tokens
    n = len(toks)
    if i >= n:
        return None, i
    if toks[i].kind == "date":
        return _parse_absolute(toks[i].text, code, None, True), i + 1
    day_i = month_i = None
    j = i
    if toks[i].kind == "num" and day_value(toks[i]) or _day_range(toks[i]):  # "8-9 June": the night ends on the 9th
        day_i = i
        j = i + 1
        if j < n and toks[j].norm == ".":
            j += 1
        if j < n and view.month_at(j) is not None:
            month_i = j
            j = view.match_at(j).end
        else:
            return None, i
    elif view.month_at(i) is not None:
        month_i = i
        j = view.match_at(i).end
        if j < n and toks[j].norm == ".":
            j += 1
        if j < n and (toks[j].kind == "num" and day_value(toks[j]) or _day_range(toks[j])):
            day_i = j
            j += 1
            if j < n and toks[j].norm in (".", "-"):
                j += 1 if toks[j].norm == "." else 0
        else:
            return None, i
    else:
        return None, i
    year = None
    k = j + 1 if j < n and toks[j].norm == "," else j
    if k < n and toks[k].kind == "num" and toks[k].text.isdigit() and len(toks[k].text) == 4:
        year = int(toks[k].text)
        j = k + 1
    if year is None and published is None:
        return None, j
    return calendar_day(_day_number(toks[day_i]), view.month_at(month_i), year, published), j


def _parse_absolute(span: str, code: str, published: date | None, has_year: bool) -> date | None:
    """An absolute date span ("13.12.2024") as a date, read by dateparser once per span."""
    parts = _day_month_year(span, code, has_year)
    return None if parts is None else calendar_day(*parts, published)


def calendar_day(day: int, month: int, year: int | None, published: date | None) -> date | None:
    """The date of a day and month; without a year, the latest one not after publication (or None)."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None  # "31 June"
    if published is None:
        return None
    latest = published + timedelta(days=1)
    for year in range(latest.year, latest.year - 9, -1):  # 29 February waits for a leap year
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= latest:
            return candidate
    return None


@functools.lru_cache(maxsize=16384)
def _day_month_year(span: str, code: str, has_year: bool) -> tuple[int, int, int | None] | None:
    """dateparser on an absolute date span, once per span: (day, month, year or None)."""
    import dateparser

    # a leap year's last day as the base, so that any day and month without a year is valid
    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY",
                "RELATIVE_BASE": datetime(2000, 12, 31)}
    parsed = dateparser.parse(span, languages=[code, "en"], settings=settings)
    if parsed is None:
        return None
    return parsed.day, parsed.month, parsed.year if has_year else None


def year_at(view, i: int) -> int | None:
    if i < len(view.tokens):
        t = view.tokens[i]
        if t.kind == "num" and t.text.isdigit() and len(t.text) == 4 and 1990 <= int(t.text) <= 2100:
            return int(t.text)
    return None


def _day_range(tok) -> bool:
    """True for "8-9": two days of the month (a night's)."""
    parts = tok.text.replace("–", "-").split("-")
    return len(parts) == 2 and all(p.isdigit() and len(p) <= 2 and 1 <= int(p) <= 31 for p in parts)


def _day_number(tok) -> int:
    """The day of a day token: "13", or the second day of "8-9"."""
    return int(tok.text.replace("–", "-").split("-")[-1])


def day_value(tok) -> bool:
    return len(tok.text) <= 2 and tok.text.isdigit() and 1 <= int(tok.text) <= 31
