"""Telegram Desktop chat exports (result.json): each message is one report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from etl.model import Report
from etl.sources.common import parse_published, plausible_published, shown, to_kyiv

__all__ = ["looks_like_telegram", "reports_from_telegram", "message_text"]


def looks_like_telegram(data) -> bool:
    """True when parsed JSON is a Telegram Desktop export of one chat."""
    return isinstance(data, dict) and isinstance(data.get("messages"), list)


def reports_from_telegram(text: str, path: str) -> Iterator[Report]:
    """The messages of an export as reports. Service messages and empty messages are skipped."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        reason = exc if isinstance(exc, ValueError) else "nested too deeply"
        yield Report(text="", path=path, problems=[f"not valid JSON ({reason}); check that the file is a "
                                                   "Telegram Desktop export (result.json)"])
        return
    if not looks_like_telegram(data):
        yield Report(text="", path=path, problems=["JSON without a 'messages' list: not a Telegram Desktop export; "
                                                   "export the chat as JSON from Telegram Desktop"])
        return
    source = _single(data.get("name"))
    username = _single(data.get("username"))
    for msg in data["messages"]:
        if not isinstance(msg, dict) or msg.get("type", "message") != "message":
            continue
        body = message_text(msg.get("text"))
        if not body.strip() and isinstance(msg.get("text_entities"), list):
            body = message_text(msg["text_entities"])
        if not body.strip():
            continue
        problems: list[str] = []
        published = _message_time(msg, problems)
        item = _single(msg.get("id"))
        yield Report(
            text=body,
            path=path,
            item=item,
            published=published,
            source=source,
            url=f"https://t.me/{username}/{item}" if username and item else None,
            problems=problems,
        )


def message_text(value) -> str:
    """The plain text of a message: a string, or a list of strings and entity objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    return ""


def _single(value) -> str | None:
    """A name or id as text: strings and numbers only (an export with a list there is malformed)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip() or None


def _message_time(msg: dict, problems: list[str]) -> datetime | None:
    """The message's time: date_unixtime (UTC) when it is usable, else its local `date`."""
    unix, local = msg.get("date_unixtime"), msg.get("date")
    found: list[str] = []
    if unix is not None:
        try:
            return plausible_published(_from_unix(unix))
        except ValueError as exc:
            found.append(f"message date_unixtime: {exc}")
    if local:
        try:
            return parse_published(local)
        except ValueError as exc:
            found.append(f"message date: {exc}")
    problems.extend(found or ["the message has no date"])
    return None


def _from_unix(value) -> datetime:
    try:
        return to_kyiv(datetime.fromtimestamp(int(value), tz=UTC))
    except (TypeError, ValueError, OverflowError, OSError):
        raise ValueError(f"{shown(value)} is not a time") from None
