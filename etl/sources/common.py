"""Helpers shared by the readers: dates, languages, file reading."""

from __future__ import annotations

import urllib.parse
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = ["KYIV", "TELEGRAM_PREFIX", "url_scheme", "parse_published", "plausible_published", "to_kyiv",
           "language_code", "shown"]

KYIV = ZoneInfo("Europe/Kyiv")
TELEGRAM_PREFIX = "telegram:"  # a public Telegram channel as a source (etl/sources/channel.py)
FUTURE_SLACK = timedelta(days=1)  # time zones and clocks a little fast: a day ahead is still "now"
# No report of this kind was published before the web: an earlier date is a placeholder (0001-01-01, the Unix
# epoch) or a mistake, and one at the start of the calendar cannot even be moved to UTC.
EARLIEST_PUBLISHED = datetime(1990, 1, 1, tzinfo=KYIV)
LONGEST_DATE = 64  # characters; a longer value is not a date, and is not handed to dateparser


def to_kyiv(moment: datetime) -> datetime:
    """A time-zone-aware moment in Kyiv time; naive moments are taken as Kyiv time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=KYIV)
    return moment.astimezone(KYIV)


def parse_published(value) -> datetime:
    """A published date or date-time from front matter, a feed or a page, in Kyiv time.

    Raises ValueError with a readable message when the value is not a date, or not a plausible one.
    """
    try:
        moment = _moment(value)
    except OverflowError:  # a year past 9999 once moved to Kyiv time
        raise ValueError(f"cannot read {shown(value)} as a date") from None
    return plausible_published(moment)


def _moment(value) -> datetime:
    if isinstance(value, datetime):
        return to_kyiv(value)
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=KYIV)
    if isinstance(value, str) and len(value.strip()) <= LONGEST_DATE:
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            return to_kyiv(datetime.fromisoformat(text))
        except (ValueError, OverflowError):
            pass
        import dateparser

        try:
            parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
        except (ValueError, OverflowError):
            parsed = None
        if parsed is not None:
            return to_kyiv(parsed)
    raise ValueError(f"cannot read {shown(value)} as a date")


def plausible_published(moment: datetime) -> datetime:
    """The moment, or ValueError when no report can have been published then: later than now, or before 1990."""
    if moment > datetime.now(KYIV) + FUTURE_SLACK:
        raise ValueError(f"{moment.isoformat()} is in the future, so it is not when the report was published; "
                         "the date was ignored")
    if moment < EARLIEST_PUBLISHED:
        raise ValueError(f"{moment.isoformat()} is before {EARLIEST_PUBLISHED.year}, so it is not when the report "
                         "was published; the date was ignored")
    return moment


def shown(value, width: int = 60) -> str:
    """A value as it can be shown in a problem: a scalar's repr, shortened; the kind of anything else."""
    if isinstance(value, (list, dict, set, tuple)):
        return f"a {type(value).__name__}"
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def language_code(value: str | None) -> str | None:
    """The primary language subtag of a tag like "uk-UA" or "de" (None when empty)."""
    if not value:
        return None
    code = str(value).strip().lower().replace("_", "-").split("-")[0]
    return code or None


def url_scheme(source: str) -> str | None:
    """The scheme of a source written as a URL ("https", "ftp", "file"), or None for a path."""
    parsed = urllib.parse.urlsplit(source)
    if len(parsed.scheme) > 1 and (parsed.netloc or source[len(parsed.scheme) + 1 :][:2] == "//" or
                                   parsed.scheme.lower() in ("file", "data", "javascript", "mailto")):
        return parsed.scheme.lower()
    return None
