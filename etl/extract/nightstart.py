"""Readers of when a night's attack or a reporting window starts: "from 18:00 on 12 March", "since the evening
of Nov. 15", "the attack began at 21:00 on 1 February", "in the night from 11 to 12 March", "8-9 June"."""

from __future__ import annotations

from datetime import date, timedelta

from etl.extract.datewords import day_at, hour_of, skip_article
from etl.extract.daydates import day_value, explicit_date
from etl.extract.when import NIGHT, PERIOD, DateState, Expr, When

__all__ = ["attack_start", "early_next_day", "evening_start", "range_to_next_day", "second_day",
           "window_start"]

EVENING_HOUR = 12  # a reporting window opening at this hour or later is a night's


def window_start(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"from 18:00 on 27 December": a reporting window that opens in the afternoon or evening is the night that
    ends the next morning (28 December); one that opens in the morning dates nothing of its own."""
    j = m.end
    if j >= len(view.tokens):
        return None
    if view.tokens[j].kind != "time":
        return _range(view, m, state, consumed)
    hour = hour_of(view.tokens[j].text)
    d, end = _day_after(view, j, state, explicit_date_only=True)  # "ab 23:00 Uhr am Freitag, 27. Dezember"
    if d is None:
        d, end = _day_after(view, j, state)  # "von 21:30 Uhr am Dienstag"
    if d is not None:
        consumed.update(range(j, end))
    if d is not None and hour is not None and hour >= EVENING_HOUR:
        night = d + timedelta(days=1)
        return [Expr(NIGHT, When(day=night), "night", m.start, night)]
    return []


def _day_after(view, j: int, state: DateState, explicit_date_only: bool = False) -> tuple[date | None, int]:
    """The day said within a few tokens after the time at token j, and where it ends."""
    for k in range(j + 1, min(j + 6, len(view.tokens))):
        d, end = (explicit_date(view, k, state.published, view.lang.code) if explicit_date_only
                  else day_at(view, k, state))
        if end > k:
            return d, end
        if view.tokens[k].kind in ("num", "time", "date"):
            break
    return None, j + 1


def _range(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"from Monday to today", "vom 1. bis zum 7. März", "з 1 по 7 березня": a period from its first day to its
    last (two days apart or more; two days in a row are a night, read by the night phrases)."""
    toks = view.tokens
    j = skip_article(view, m.end)
    first, end = day_at(view, j, state)
    bare_day = end <= j and j < len(toks) and toks[j].kind == "num" and day_value(toks[j])
    if bare_day:  # "vom 1. bis 7. März": the first day takes the month of the last
        end = j + 2 if j + 1 < len(toks) and toks[j + 1].norm == "." else j + 1
    if end <= j or end >= len(toks):
        return None
    link = view.match_at(end)
    if link is None or not link.has("range_to"):
        return None
    k = skip_article(view, link.end)
    last, last_end = day_at(view, k, state)
    if last is not None and bare_day:
        first = same_month(last, int(toks[j].text))
    if first is None or last is None or (last - first).days < 2:
        return None
    consumed.update(range(m.end, last_end))
    return [Expr(PERIOD, When(start=first, end=last, period=True), "period", m.start)]


def same_month(day: date, day_of_month: int) -> date | None:
    try:
        return day.replace(day=day_of_month)
    except ValueError:
        return None


def evening_start(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"seit dem Abend des 15. November", "since the evening of Nov. 15", "з вечора 15 листопада", "з вечора неділі,
    23 лютого": an attack that began that evening is the night that ends the next morning; without a day, the night
    before publication."""
    j = skip_article(view, m.end)
    day, end = day_at(view, j, state)
    if end > j and end + 1 < len(view.tokens) and view.tokens[end].norm == ",":
        dated, dated_end = explicit_date(view, end + 1, state.published, view.lang.code)
        if dated_end > end + 1:  # "з вечора неділі, 23 лютого": the weekday, then its date
            day, end = dated, dated_end
    if end > j:
        consumed.update(range(m.end, end))
    elif state.published is not None:
        day = state.published - timedelta(days=1)
    if day is None:
        return None
    night = day + timedelta(days=1)
    return [Expr(NIGHT, When(day=night), "night", m.start, night)]


START_REACH = 8  # tokens after a start verb in which its time and day are said


EVENING = 17  # a start at this hour or later begins the night that ends the next morning


def attack_start(view, m, state: DateState, consumed: set[int]) -> list[Expr] | None:
    """"Ворог розпочав повітряну атаку о 21:00 1 лютого", "the attack began at 23:00 on 1 February": an attack
    that began in the evening of a day is the night that ends the next morning (after midnight: that morning)."""
    hour = None
    for j in range(m.end, min(len(view.tokens), m.end + START_REACH)):
        if view.tokens[j].kind == "time":
            hour = hour_of(view.tokens[j].text)
            continue
        day, end = day_at(view, j, state)
        if day is None or end <= j:
            continue
        if hour is not None:
            consumed.update(range(j, end))
            return _night_started(m, day, hour)
        # "begann am 21. Oktober um 19:00 Uhr", "began on 1 February at 23:00": the day first
        clock = next((k for k in range(end, min(len(view.tokens), end + 3)) if view.tokens[k].kind == "time"), None)
        if clock is not None and (late := hour_of(view.tokens[clock].text)) is not None:
            consumed.update(range(j, clock + 1))
            return _night_started(m, day, late)
    return None


def _night_started(m, day, hour: int) -> list[Expr]:
    """The night an attack that started on that day at that hour belongs to."""
    night = day + timedelta(days=1) if hour >= EVENING else day
    return [Expr(NIGHT, When(day=night), "night", m.start, night)]


def second_day(view, end: int, day: date | None, state: DateState) -> tuple[date | None, int]:
    """"between Saturday and Sunday", "з 11 на 12 березня", "vom 12. auf den 13.": the night ends on the second."""
    link = view.match_at(end)
    if link is not None and (link.has("conjunctions") or link.has("night_of")):
        link_end = link.end
    elif end < len(view.tokens) and view.words[end] in view.lang.data["dates"]["range_link"]:
        link_end = end + 1  # "June 8 to 9", "з 8 на 9 червня" (only here: "to" is no date word elsewhere)
    else:
        return day, end
    j = skip_article(view, link_end)
    second, second_end = day_at(view, j, state)
    if second_end > j:
        return second, second_end
    if day is not None and j < len(view.tokens) and view.tokens[j].kind == "num" and day_value(view.tokens[j]):
        following = day + timedelta(days=1)  # "June 8 to 9": the day after, in the first day's month
        if following.day == int(view.tokens[j].text):
            return following, j + 1
    return day, end


def early_next_day(view, end: int, day: date | None, state: DateState) -> tuple[date | None, int]:
    """"... and early Monday" right after Sunday: (Monday, end index), else (None, end)."""
    link = view.match_at(end)
    if day is None or link is None or not link.has("conjunctions"):
        return None, end
    early = view.match_at(link.end)
    if early is None or not (early.has("start_of") or early.has("day_of")):
        return None, end
    second, second_end = day_at(view, early.end, state)
    if second is not None and second == day + timedelta(days=1):
        return second, second_end
    return None, end


def range_to_next_day(view, end: int, day: date | None, state: DateState) -> tuple[date | None, int]:
    """"Saturday into (early) Sunday", "Samstag auf Sonntag": (the second day, end index), else (None, end)."""
    if day is None or end >= len(view.tokens) or view.words[end] not in view.lang.data["dates"]["range_link"]:
        return None, end
    j = end + 1
    early = view.match_at(j)
    if early is not None and early.has("start_of"):
        j = early.end
    second, second_end = day_at(view, j, state)
    if second is not None and second == day + timedelta(days=1):
        return second, second_end
    return None, end
