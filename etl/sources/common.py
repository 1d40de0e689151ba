"""Helpers shared by the readers: dates, languages, file reading."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

__all__ = ["KYIV", "parse_published", "to_kyiv", "language_code"]

KYIV = ZoneInfo("Europe/Kyiv")


def to_kyiv(moment: datetime) -> datetime:
    """A time-zone-aware moment in Kyiv time; naive moments are taken as Kyiv time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=KYIV)
    return moment.astimezone(KYIV)


def parse_published(value) -> datetime:
    """A published date or date-time from front matter, a feed or a page, in Kyiv time.

    Raises ValueError with a readable message when the value is not a date.
    """
    if isinstance(value, datetime):
        return to_kyiv(value)
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=KYIV)
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            return to_kyiv(datetime.fromisoformat(text))
        except ValueError:
            pass
        import dateparser

        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is not None:
            return to_kyiv(parsed)
    raise ValueError(f"cannot read {value!r} as a date")


def language_code(value: str | None) -> str | None:
    """The primary language subtag of a tag like "uk-UA" or "de" (None when empty)."""
    if not value:
        return None
    code = str(value).strip().lower().replace("_", "-").split("-")[0]
    return code or None
