"""What a callback needs to know about the app it runs in: the store path, settings and filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash

from dashboard.data import Filters
from dashboard.urlstate import from_store

__all__ = ["AppState", "state", "store", "setting", "filters"]


@dataclass(frozen=True)
class AppState:
    """The store the app reads and the settings it was started with."""

    store: str
    settings: dict[str, Any]


def state() -> AppState:
    """The state of the running app."""
    return dash.get_app().strikes


def store() -> str:
    """The store file of the running app."""
    return state().store


def setting(name: str) -> Any:
    """One setting of the running app."""
    return state().settings[name]


def filters(data: dict | None) -> Filters:
    """The filters held by the shell's filter store."""
    return from_store(data)
