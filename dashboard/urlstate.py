"""The filter state in the address bar: `?from=2025-01-01&to=2025-03-31&attacker=RU&weapon=drone`.

The query string is the only place a view's filters are kept between page loads, so a view can be
shared by pasting its address. Parsing is forgiving: an unknown or malformed value falls back to the
default instead of failing the page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from dashboard.data import Filters
from etl.model import ATTACKERS, TYPES, WEAPONS
from etl.schemas import SOURCE_KINDS

__all__ = ["parse_search", "to_search", "to_store", "from_store", "LANGUAGES"]

LANGUAGES = ("en", "de", "uk")
_LISTS = {  # query key -> (Filters field, allowed values)
    "weapon": ("weapons", WEAPONS),
    "type": ("types", TYPES),
    "kind": ("source_kinds", SOURCE_KINDS),
    "lang": ("languages", LANGUAGES),
}


def parse_search(search: str | None, default: Filters) -> Filters:
    """The filters a query string asks for; missing or invalid values take the default."""
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    start = _day(params.get("from"), default.start)
    end = _day(params.get("to"), default.end)
    if start and end and start > end:
        start, end = end, start
    attacker = (params.get("attacker") or [default.attacker])[-1]
    if attacker not in ATTACKERS:
        attacker = default.attacker
    lists = {}
    for key, (name, allowed) in _LISTS.items():
        values = [v for v in params.get(key, []) if v in allowed]
        lists[name] = tuple(dict.fromkeys(values)) if key in params else getattr(default, name)
    return replace(default, start=start, end=end, attacker=attacker, **lists)


def to_search(f: Filters) -> str:
    """The query string that encodes the filters ("" when there is nothing to say)."""
    pairs: list[tuple[str, str]] = []
    if f.start:
        pairs.append(("from", f.start.isoformat()))
    if f.end:
        pairs.append(("to", f.end.isoformat()))
    if f.attacker:
        pairs.append(("attacker", f.attacker))
    for key, (name, _) in _LISTS.items():
        pairs += [(key, v) for v in getattr(f, name)]
    return "?" + urlencode(pairs) if pairs else ""


def to_store(f: Filters) -> dict:
    """The filters as the JSON a dcc.Store holds."""
    return {
        "start": f.start.isoformat() if f.start else None,
        "end": f.end.isoformat() if f.end else None,
        "attacker": f.attacker,
        **{name: list(getattr(f, name)) for name, _ in _LISTS.values()},
    }


def from_store(data: dict | None) -> Filters:
    """The filters held by the store (no filters when it is empty)."""
    if not data:
        return Filters()
    return Filters(
        start=date.fromisoformat(data["start"]) if data.get("start") else None,
        end=date.fromisoformat(data["end"]) if data.get("end") else None,
        attacker=data.get("attacker"),
        **{name: tuple(data.get(name) or ()) for name, _ in _LISTS.values()},
    )


def _day(values: list[str] | None, default: date | None) -> date | None:
    if not values:
        return default
    try:
        return date.fromisoformat(values[-1])
    except ValueError:
        return default
