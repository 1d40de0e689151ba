"""Low-level readers of date words shared by the date phrase readers: a day or a month at a token, a weekday's
date, articles and small words skipped before a date, and the demotion of a date that says when something was
said."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from etl.extract.daydates import day_value, explicit_date, year_at
from etl.extract.view import weaponish
from etl.extract.when import SPEECH, DateState, When

__all__ = ["day_at", "demoted", "hour_of", "month_at", "skip_article", "skip_small_word", "weekday_day"]

SPEECH_AFTER = 2  # words between a date and a speech verb after it ("am Montag mitteilte", "у понеділок повідомили")
SPEECH_REACH = 6  # words (names, "by", "on") between a speech verb and the date it gives


def day_at(view, i: int, state: DateState) -> tuple[date | None, int]:
    """A day named at token i (date, weekday or "yesterday"): (day, end index)."""
    m = view.match_at(i)
    pub = state.published
    if m is not None and m.has("weekday"):
        return weekday_day(m.get("weekday"), pub), m.end
    if m is not None and m.has("relday"):
        return (pub + timedelta(days=m.get("relday")) if pub else None), m.end
    return explicit_date(view, i, pub, view.lang.code)


def month_at(view, i: int, published: date | None) -> tuple[When, int] | None:
    """A month name at token i (with an optional year): the calendar month as a period."""
    if i >= len(view.tokens):
        return None
    month = view.month_at(i)
    if month is None:
        return None
    end = view.match_at(i).end
    if end < len(view.tokens) and view.tokens[end].kind == "num" and day_value(view.tokens[end]):
        return None  # "July 4" is a day, not a month
    year = year_at(view, end)
    if year is not None:
        end += 1
    elif published is not None:
        year = published.year if month <= published.month else published.year - 1
    else:
        return When(period=True), end
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if published is not None and first <= published < last:
        last = published  # the month so far: "im September" in a report of 6 September counts 1-6 September
    return When(start=first, end=last, period=True), end


def weekday_day(weekday: int, published: date | None) -> date | None:
    """The latest day with this weekday on or before the published date."""
    if published is None:
        return None
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def skip_article(view, i: int) -> int:
    """Skip one article ("the", "den") before a date, and a word that says the weekday after it is the one just
    past ("the night between last Wednesday and Thursday", "in der Nacht zum vergangenen Donnerstag")."""
    if i < len(view.tokens) and view.tokens[i].norm in view.lang.data["text"]["articles"]:
        i += 1
    k = view.phrase_at(i, view.lang.data["dates"]["weekday_qualifiers"]) if i < len(view.tokens) else None
    if k is not None and k < len(view.tokens) and (m := view.match_at(k)) is not None and m.has("weekday"):
        return k
    return i


def skip_small_word(view, i: int) -> int:
    if i < len(view.tokens) and view.tokens[i].kind == "word" and len(view.tokens[i].norm) <= 3:
        if view.match_at(i) is None or not view.match_at(i).has("month"):
            return i + 1
    return i


def demoted(view, i: int, priority: int) -> int:
    """Lower the priority of a date that says when something was said ("said on Monday", "published by
    President Volodymyr Zelensky on Jan. 1"), or a dateline."""
    for k in range(i - 1, max(-1, i - SPEECH_REACH - 1), -1):
        m = view.match_covering(k)
        if m is not None and m.has("speech"):
            return SPEECH
        if view.tokens[k].kind == "punct" or (m is not None and not (m.has("month_in") or m.has("determiners"))):
            break  # an article does not end the speaker ("schrieb der Präsident am Sonntag")
    if i < view.dateline_end():
        return SPEECH  # dateline: "KYIV, Dec 13 (Agency) - ..."
    for k in range(i + 1, min(len(view.tokens), i + SPEECH_AFTER + 1)):
        m = view.match_covering(k)
        if m is not None and m.has("speech"):
            return SPEECH  # the verb last: "wie das Verteidigungsministerium am Montag mitteilte"
        if view.tokens[k].kind == "punct" or view.number_at(k) is not None or (
                m is not None and (m.has("measure") or weaponish(m))):
            break
    return priority


def hour_of(text: str) -> int | None:
    """The hour of a time token ("18:00", "18.00")."""
    head = text.replace(".", ":").split(":")[0]
    return int(head) if head.isdigit() else None
