"""The dashboard's views, one module per page (Dash Pages loads them by file; see dashboard/app.py)."""

from __future__ import annotations

from collections.abc import Callable

from dashboard import i18n

__all__ = ["page_title"]


def page_title(name: str) -> Callable[..., str]:
    """A page's browser-tab title in the interface language of the request ("Огляд · strikes")."""

    def title(**_path) -> str:
        return f"{i18n.gettext(i18n.current())(name)} · strikes"

    return title
