"""Telegram Desktop chat exports (result.json): each message is one report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from etl.model import Report
from etl.sources.common import parse_published, to_kyiv

__all__ = ["looks_like_telegram", "reports_from_telegram", "message_text"]


def looks_like_telegram(data) -> bool:
    """True when parsed JSON is a Telegram Desktop export of one chat."""
    return isinstance(data, dict) and isinstance(data.get("messages"), list)


def reports_from_telegram(text: str, path: str) -> Iterator[Report]:
    """The messages of an export as reports. Service messages and empty messages are skipped."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        yield Report(text="", path=path, problems=[f"not valid JSON: {exc}"])
        return
    if not looks_like_telegram(data):
        yield Report(text="", path=path, problems=["JSON without a 'messages' list: not a Telegram Desktop export"])
        return
    source = data.get("name")
    username = data.get("username")
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
        item = str(msg.get("id")) if msg.get("id") is not None else None
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
            elif isinstance(part, dict):
                parts.append(str(part.get("text", "")))
        return "".join(parts)
    return ""


def _message_time(msg: dict, problems: list[str]) -> datetime | None:
    """The message's time: date_unixtime (UTC) when present, else its local `date`."""
    unix = msg.get("date_unixtime")
    if unix is not None:
        try:
            return to_kyiv(datetime.fromtimestamp(int(unix), tz=UTC))
        except (TypeError, ValueError, OverflowError):
            pass
    if msg.get("date"):
        try:
            return parse_published(msg["date"])
        except ValueError as exc:
            problems.append(f"message date: {exc}")
    else:
        problems.append("the message has no date")
    return None
