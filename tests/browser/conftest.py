"""Browser fixtures: Debian's chromium (installed with apt when missing, never downloaded by Playwright),
a store built from data/sample plus the shared Kaggle table, and `strikes serve` on a free localhost port."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.chromium import LAUNCH_ARGS, ChromiumMissing, ensure_chromium
from tests.conftest import REPO
from tests.serving import Server

__all__ = ["Server", "SCREENSHOTS", "VIEWPORT"]  # Server lives in tests/serving.py, shared with the serving tests

# Screenshots go to an ignored folder so that `make test` leaves the checkout clean; set
# STRIKES_SCREENSHOTS=docs/screenshots to refresh the images the README shows.
SCREENSHOTS = REPO / os.environ.get("STRIKES_SCREENSHOTS", "tests/artifacts/screenshots")
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium: installed with apt-get when missing (as root); a clear failure when impossible."""
    try:
        return ensure_chromium()
    except ChromiumMissing as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def browser(chromium):
    """A headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def store(kaggle_store) -> Path:
    """A store built from data/sample and the Kaggle table in ../shared."""
    return kaggle_store


@pytest.fixture(scope="session")
def server(store, tmp_path_factory):
    """The dashboard served on localhost from the test store."""
    running = Server(store, tmp_path_factory.mktemp("logs") / "serve.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def history_server(tmp_path_factory):
    """The dashboard on the full history alone (the Kaggle table, no sample reports), as the README says to run it."""
    from etl.refresh import refresh
    from tests.conftest import KAGGLE_CSV, need_shared

    store = tmp_path_factory.mktemp("history") / "history.duckdb"
    refresh(store, [f"kaggle:{need_shared(KAGGLE_CSV)}"])
    running = Server(store, tmp_path_factory.mktemp("history-logs") / "serve.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory):
    """The dashboard on the bundled sample alone (what `make run` serves): demo data."""
    from etl.refresh import refresh
    from tests.conftest import SAMPLE

    store = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    refresh(store, [str(SAMPLE)])
    running = Server(store, tmp_path_factory.mktemp("sample-logs") / "serve.log")
    yield running
    running.stop()


class Page:
    """A Playwright page that records console errors, uncaught exceptions and dialogs (alert, confirm: a
    dialog is how an injected script shows itself; it is dismissed and recorded)."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def page(browser):
    """A fresh 1280x800 browser tab (downloads allowed)."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    yield Page(context.new_page())
    context.close()
