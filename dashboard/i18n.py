"""The interface language: gettext catalogues for the words, Babel for numbers and dates.

Texts are English in the code, marked with `_()` (or `N_()` where only marked), and translated
through the catalogues in dashboard/locale/<lang>/LC_MESSAGES/messages.po, compiled to .mo by
`make install` (`pybabel compile`). A catalogue whose .mo is missing or older than its .po is
compiled in memory when first used, so a checkout without the build step still speaks every language.

The language of a request is the address's `ui` (`ui=uk`); without one, the browser's preferred
language among those offered; English otherwise. Adding a language means adding a .po file and its
name to UI_LANGUAGES.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol
from babel.support import NullTranslations, Translations

__all__ = ["UI_LANGUAGES", "DEFAULT_UI", "LOCALE_DIR", "N_", "translations", "gettext", "ngettext", "valid",
           "choose", "current", "number", "percent", "day", "plotly_separators"]

UI_LANGUAGES = ("en", "uk")  # the interface languages; "en" is the language of the code
DEFAULT_UI = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def N_(text: str) -> str:
    """Marks a text for the catalogue without translating it here (labels kept in tables)."""
    return text


def valid(ui: str | None) -> str:
    """The interface language `ui` names, or the default when it names none."""
    return ui if ui in UI_LANGUAGES else DEFAULT_UI


@functools.cache
def translations(ui: str) -> NullTranslations:
    """The compiled catalogue of a language (English: the texts as written)."""
    ui = valid(ui)
    po = LOCALE_DIR / ui / "LC_MESSAGES" / f"{DOMAIN}.po"
    if ui == DEFAULT_UI or not po.exists():
        return NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=ui)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(ui: str | None) -> Callable[[str], str]:
    """The translating function of a language: `_ = gettext(ui)`, then `_("Overview")`."""
    return translations(valid(ui)).gettext


def ngettext(ui: str | None) -> Callable[[str, str, int], str]:
    """The plural-aware translating function of a language."""
    return translations(valid(ui)).ngettext


def choose(requested: str | None, accept_language: str | None = None) -> str:
    """The interface language: the one asked for in the address, else the browser's best match, else English."""
    if requested in UI_LANGUAGES:
        return requested
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower().split("-")[0]
        if tag in UI_LANGUAGES:
            return tag
    return DEFAULT_UI


def current() -> str:
    """The interface language of the request being served (a page, its layout, or a callback)."""
    import flask

    if not flask.has_request_context():
        return DEFAULT_UI
    try:
        from dash import callback_context

        states = callback_context.states or {}
    except Exception:  # noqa: BLE001 - not a callback (a page or the layout): no states
        states = {}
    if states.get("shell-ui.data") in UI_LANGUAGES:
        return states["shell-ui.data"]
    request = flask.request
    asked = request.args.get("ui") or _from_referrer(request.referrer)
    return choose(asked, request.headers.get("Accept-Language"))


def _from_referrer(referrer: str | None) -> str | None:
    """The `ui` of the page that asked (the layout of a page is fetched by the page itself)."""
    if not referrer:
        return None
    return (parse_qs(urlsplit(referrer).query).get("ui") or [None])[-1]


def number(value: float | int | None, ui: str, decimals: int = 0) -> str:
    """A number as the language writes it: "1,234" in English, "1 234" in Ukrainian; "—" when unknown."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=valid(ui))


def percent(share: float | None, ui: str, decimals: int = 1) -> str:
    """A share as a percentage: "87.3%" / "87,3%"; "—" when unknown."""
    if share is None:
        return "—"
    return format_percent(share, format="#,##0" + ("." + "0" * decimals if decimals else "") + "%",
                          locale=valid(ui))


DATE_FORMATS = {"long": "d MMMM y", "medium": "d MMM y", "short": "d MMM", "month": "LLLL y",
                "month_short": "LLL y", "weekday": "EEEE", "day_weekday": "EEE d MMM y"}


def day(value: date | datetime | None, ui: str, style: str = "long") -> str:
    """A date as the language writes it: "12 January 2025" / "12 січня 2025" (styles in DATE_FORMATS)."""
    if value is None:
        return "—"
    return format_date(value, DATE_FORMATS[style], locale=valid(ui))


def plotly_separators(ui: str) -> str:
    """Plotly's `separators` (decimal, then thousands) for a language: ".," in English, ", " in Ukrainian."""
    return get_decimal_symbol(valid(ui)) + get_group_symbol(valid(ui)).replace("\xa0", " ")
