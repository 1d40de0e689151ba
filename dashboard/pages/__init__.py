"""The dashboard's views, one module per page (Dash Pages loads them by file; see dashboard/app.py)."""

from __future__ import annotations

from collections.abc import Callable

from dashboard import i18n

__all__ = ["page_title", "view_query", "day_title", "clicked_night_href"]


def page_title(name: str) -> Callable[..., str]:
    """A page's browser-tab title in the interface language of the request ("Огляд · strikes")."""

    def title(**_path) -> str:
        return f"{i18n.gettext(i18n.current())(name)} · strikes"

    return title


def day_title(name: str, key: str, style: str) -> Callable[..., str]:
    """The tab title of a night's or month's page: "Night · 13 Dec 2024 · strikes" (the day from its address)."""
    from dashboard.export import page_day

    def title(**path) -> str:
        ui = i18n.current()
        found = page_day(f"/{key}/{path.get(key) or ''}")
        when = f" · {i18n.day(found[1], ui, style)}" if found else ""
        return f"{i18n.gettext(ui)(name)}{when} · strikes"

    return title


def view_query(stored: dict | None, ui: str) -> str:
    """The query string of the current filters and language, for links to other views (a night's page)."""
    from dashboard.urlstate import from_store, to_search

    return to_search(from_store(stored), {"ui": ui} if ui != i18n.DEFAULT_UI else None)


def clicked_night_href(click: dict | None, ui: str | None, stored: dict | None) -> str:
    """The night page a click on a chart's night opens, with the view's filters (PreventUpdate when the click was
    on no night)."""
    from dash.exceptions import PreventUpdate

    from dashboard.figures import clicked_night

    night = clicked_night(click)
    if night is None:
        raise PreventUpdate
    return f"/night/{night}{view_query(stored, i18n.valid(ui))}"
