"""The view state in the address bar: `?from=2025-01-01&to=2025-03-31&attacker=RU&weapon=drone&res=week&ui=uk`.

The query string is the only place a view is kept between page loads, so a view can be shared by
pasting its address: the filters, and the page's own options (VIEW: resolution, rolling mean, the
suppressed toggle and the alert overlay, the outage kind, region and map colouring, the type-rows toggle and
the selected attack row) and
the interface language. Parsing is forgiving but not silent: an unknown or malformed value falls back
to the default for its field, and a notice says what was ignored (shown above the view). A notice
quotes the value it ignores, cut short, as text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from dashboard import i18n
from dashboard.data import DATE_MARGIN, Filters
from dashboard.i18n import UI_LANGUAGES
from etl.lexicon import REGION_CODES
from etl.model import ATTACKERS, OUTAGE_KINDS, TYPES, WEAPONS
from etl.schemas import SOURCE_KINDS

__all__ = ["parse_search", "read_search", "to_search", "search_of", "to_store", "from_store", "LANGUAGES", "VIEW", "view_value",
           "view_pairs"]

LANGUAGES = ("en", "de", "uk")
_LISTS = {  # query key -> (Filters field, allowed values, what the notice calls it)
    "weapon": ("weapons", WEAPONS, "weapon class"),
    "type": ("types", TYPES, "weapon type"),
    "kind": ("source_kinds", SOURCE_KINDS, "source kind"),
    "lang": ("languages", LANGUAGES, "language"),
}
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ROW_KEY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\|(RU|UA)\|[a-z_]+\|(class|type)\|[a-z_]*\|[^|]{0,60}")
VIEW = {  # query key -> (allowed values, or a pattern; what the notice calls it). Absent: the page's default.
    "res": (("day", "week", "month"), "resolution"),
    "rolling": (("1",), "rolling mean"),
    "suppressed": (("0", "1"), "suppressed toggle"),
    "outage": (OUTAGE_KINDS, "outage kind"),
    "region": (REGION_CODES, "region"),
    "types": (("1",), "type rows toggle"),
    "row": (_ROW_KEY, "attack row"),
    "alerts": (("1",), "air-raid alert overlay"),
    "colour": (("reports", "alerts"), "map colouring"),
    "ui": (UI_LANGUAGES, "interface language"),
}
MAX_FIELDS = 100  # more query fields than this is not a view anyone shared
QUOTED = 40  # characters of an ignored value a notice repeats


def parse_search(search: str | None, default: Filters) -> Filters:
    """The filters a query string asks for; missing or invalid values take the default."""
    return read_search(search, default)[0]


def read_search(search: str | None, default: Filters, bounds: tuple[date, date] | None = None,
                ui: str = i18n.DEFAULT_UI) -> tuple[Filters, list[str]]:
    """The filters a query string asks for, and a notice for every value ignored in favour of the default.
    With `bounds` (the data's first and last day), dates beyond them by more than DATE_MARGIN are clamped, with a
    notice in the interface language `ui`."""
    try:
        params = parse_qs((search or "").lstrip("?"), keep_blank_values=False, max_num_fields=MAX_FIELDS)
    except ValueError:
        return default, [f"The address has more than {MAX_FIELDS} filter values; showing the default view."]
    notes: list[str] = []
    start = _day(params, "from", default.start, notes)
    end = _day(params, "to", default.end, notes)
    if start and end and start > end:
        notes.append(f"The start date {start} is after the end date {end}; showing the default dates.")
        start, end = default.start, default.end
    if bounds is not None:
        start, end = _within(start, end, bounds, notes, ui)
    attacker = (params.get("attacker") or [default.attacker])[-1]
    if "attacker" in params and attacker not in ATTACKERS:
        notes.append(f"Unknown attacker {_quoted(attacker)} ignored (known: {', '.join(ATTACKERS)}).")
        attacker = default.attacker
    lists = {}
    for key, (name, allowed, what) in _LISTS.items():
        given = params.get(key, [])
        notes += [f"Unknown {what} {_quoted(v)} ignored (known: {', '.join(allowed)})." for v in given
                  if v not in allowed]
        values = tuple(dict.fromkeys(v for v in given if v in allowed))
        lists[name] = values or getattr(default, name)
    notes += [_view_note(key, params[key][-1]) for key in VIEW if key in params and view_value(params, key) is None]
    return replace(default, start=start, end=end, attacker=attacker, **lists), notes


def view_value(params: dict, key: str, default: str | None = None) -> str | None:
    """A page option from the query (a dict of lists, or of values as Dash passes them), when valid."""
    given = params.get(key)
    value = given[-1] if isinstance(given, list) and given else given
    allowed = VIEW[key][0]
    if not isinstance(value, str):
        return default
    ok = bool(allowed.fullmatch(value)) if isinstance(allowed, re.Pattern) else value in allowed
    return value if ok else default


def view_pairs(view: dict | None) -> list[tuple[str, str]]:
    """The query pairs of the page options that differ from the page's defaults (None: the default)."""
    return [(key, str(view[key])) for key in VIEW if (view or {}).get(key) not in (None, "")]


def _view_note(key: str, value: str) -> str:
    allowed, what = VIEW[key]
    known = "" if isinstance(allowed, re.Pattern) else f" (known: {', '.join(allowed)})"
    return f"Unknown {what} {_quoted(value)} ignored{known}."


def to_search(f: Filters, view: dict | None = None) -> str:
    """The query string that encodes the filters and page options ("" when there is nothing to say)."""
    pairs: list[tuple[str, str]] = []
    if f.start:
        pairs.append(("from", f.start.isoformat()))
    if f.end:
        pairs.append(("to", f.end.isoformat()))
    if f.attacker:
        pairs.append(("attacker", f.attacker))
    for key, (name, _, _) in _LISTS.items():
        pairs += [(key, v) for v in getattr(f, name)]
    pairs += view_pairs(view)
    return "?" + urlencode(pairs) if pairs else ""


def search_of(query: dict) -> str:
    """The query string of a query as Dash's pages router hands it to a layout (a value, or a list of them)."""
    return "?" + urlencode(query, doseq=True) if query else ""


def to_store(f: Filters) -> dict:
    """The filters as the JSON a dcc.Store holds."""
    return {
        "start": f.start.isoformat() if f.start else None,
        "end": f.end.isoformat() if f.end else None,
        "attacker": f.attacker,
        **{name: list(getattr(f, name)) for name, _, _ in _LISTS.values()},
    }


def from_store(data: dict | None) -> Filters:
    """The filters held by the store (no filters when it is empty)."""
    if not data:
        return Filters()
    return Filters(
        start=date.fromisoformat(data["start"]) if data.get("start") else None,
        end=date.fromisoformat(data["end"]) if data.get("end") else None,
        attacker=data.get("attacker"),
        **{name: tuple(data.get(name) or ()) for name, _, _ in _LISTS.values()},
    )


def _day(params: dict[str, list[str]], key: str, default: date | None, notes: list[str]) -> date | None:
    """The last value of a date field when it is a real YYYY-MM-DD day, else the default (with a notice)."""
    if not params.get(key):
        return default
    value = params[key][-1]
    try:
        if _ISO_DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    notes.append(f"The date {key}={_quoted(value)} is not a day (YYYY-MM-DD); showing the default {key} date.")
    return default


def _within(start: date | None, end: date | None, bounds: tuple[date, date], notes: list[str],
            ui: str) -> tuple[date | None, date | None]:
    """The dates clamped to the data's range and DATE_MARGIN either side, with a notice when that changed them
    (the days written as in the address, YYYY-MM-DD)."""
    low, high = bounds[0] - DATE_MARGIN, bounds[1] + DATE_MARGIN
    new_start = None if start is None else min(max(start, low), high)
    new_end = None if end is None else min(max(end, low), high)
    if (new_start, new_end) != (start, end):
        _ = i18n.gettext(ui)
        days = {"start": start, "end": end, "first": bounds[0], "last": bounds[1], "new_start": new_start,
                "new_end": new_end}
        notes.append(_("The dates asked for ({start} to {end}) lie outside the data ({first} to {last}); showing "
                       "{new_start} to {new_end}, the data and a year either side.").format(
            **{k: v.isoformat() if v else "…" for k, v in days.items()}))
    return new_start, new_end


def _quoted(value: str) -> str:
    """A value from the address as a notice repeats it: quoted, and cut short."""
    return repr(value if len(value) <= QUOTED else value[:QUOTED] + "…")
