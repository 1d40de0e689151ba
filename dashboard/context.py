"""What a callback needs to know about the app it runs in: the store path, settings and filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash

from dashboard import data
from dashboard.data import Filters
from dashboard.urlstate import from_store, read_search

__all__ = ["AppState", "state", "store", "setting", "filters", "address_filters", "version"]


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


def address_filters(search: str | None, ui: str, store_path: str | None = None) -> tuple[Filters, list[str]]:
    """The filters an address asks for, dates clamped to the data's, and a notice for each part not understood:
    what the shell's filter store holds for that address."""
    path = store_path or store()
    bounds = data.date_bounds(path)
    return read_search(search, data.default_filters(path), None if bounds[0] is None else bounds, ui)


def version(store_path: str | None = None) -> str:
    """A token of the store version served, which changes when a refresh replaces the store file."""
    return ":".join(str(part) for part in data.snapshot(store_path or store()).signature)
