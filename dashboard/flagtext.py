"""Why a claim is in the review queue, in the interface language: the reason's label and its detail, written from
the template and values a flag keeps (etl/flags.py DETAILS, the `args` of `claim_flags`). Pure."""

from __future__ import annotations

import json
from datetime import date

from babel.lists import format_list

from dashboard import i18n
from dashboard.labels import label
from etl.flags import DETAILS

__all__ = ["reason", "detail", "when"]


def reason(code: str, ui: str = i18n.DEFAULT_UI) -> str:
    """A flag's reason as the interface calls it ("disagrees with the record")."""
    return label("flag_reason", code, ui)


def detail(args: str | None, stored: str | None, ui: str = i18n.DEFAULT_UI) -> str:
    """A flag's detail in the language `ui`; the stored English detail when the flag keeps no values (a store of an
    older version) or names a template this version does not know."""
    values = json.loads(args) if args else None
    template = DETAILS.get(values.pop("key", None)) if isinstance(values, dict) else None
    if template is None:
        return stored or ""
    _ = i18n.gettext(ui)
    return _(template).format(**{name: _value(name, value, ui) for name, value in values.items()})


def when(value: date | str | None, ui: str = i18n.DEFAULT_UI) -> str:
    """A day ("7 Feb 2025"), a period ("1 Feb 2025 – 7 Feb 2025", from "start..end") or "undated"."""
    if value is None or value == "":
        _ = i18n.gettext(ui)
        return _("undated")
    if isinstance(value, date):
        return i18n.day(value, ui, "medium")
    start, period, end = value.partition("..")
    days = [i18n.day(date.fromisoformat(d), ui, "medium") if d else "…" for d in (start, end)]
    return " – ".join(days) if period else days[0]


def _value(name: str, value, ui: str) -> str:
    """One value of a detail, as the interface writes it: codes by their labels, counts and dates by Babel."""
    if name == "figures":
        return ", ".join(f"{label('measure', m, ui)} {i18n.number(v, ui)}" for m, v in value)
    if name == "said":
        launched = label("measure", "launched", ui)
        return format_list([f"{i18n.number(v, ui) if v is not None else '?'} {launched}" for v in value],
                           locale=i18n.valid(ui))
    if name in ("measure", "attacker", "region"):
        return label(name, value, ui)
    if name in ("day", "period_start", "period_end"):
        return when(value, ui)
    if isinstance(value, int):
        return i18n.number(value, ui)
    return str(value)
