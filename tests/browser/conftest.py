"""Browser fixtures: Debian's chromium (installed with apt when missing, never downloaded by Playwright),
a store built from data/sample plus the shared Kaggle table, and `strikes serve` on a free localhost port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import KAGGLE_CSV, REPO, SAMPLE, need_shared

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]
# Screenshots go to an ignored folder so that `make test` leaves the checkout clean; set
# STRIKES_SCREENSHOTS=docs/screenshots to refresh the images the README shows.
SCREENSHOTS = REPO / os.environ.get("STRIKES_SCREENSHOTS", "tests/artifacts/screenshots")
VIEWPORT = {"width": 1280, "height": 800}


def _apt(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(["apt-get", *args], capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium: installed with apt-get when missing (as root); a clear failure when impossible."""
    if CHROMIUM.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.fail(f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get): "
                    "run `apt-get install --no-install-recommends chromium`")
    install = ("install", "-y", "--no-install-recommends", "chromium")
    result = _apt(*install)
    if result.returncode != 0:  # the package lists may be missing or stale
        _apt("update")
        result = _apt(*install)
    if result.returncode != 0 or not CHROMIUM.exists():
        pytest.fail(f"could not install chromium with apt-get (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium):
    """A headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> Path:
    """A store built from data/sample and the Kaggle table in ../shared."""
    from etl.refresh import refresh

    kaggle = need_shared(KAGGLE_CSV)
    path = tmp_path_factory.mktemp("browser") / "strikes.duckdb"
    refresh(path, [str(SAMPLE), f"kaggle:{kaggle}"])
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`strikes serve` in a subprocess, stopped on exit."""

    def __init__(self, store: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "etl", "serve", "--store", str(store), "--port",
                                      str(self.port)], cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"strikes serve exited with {self.proc.returncode}: {log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"strikes serve did not answer on {self.url}: {log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture(scope="session")
def server(store, tmp_path_factory):
    """The dashboard served on localhost from the test store."""
    running = Server(store, tmp_path_factory.mktemp("logs") / "serve.log")
    yield running
    running.stop()


class Page:
    """A Playwright page that records console errors and uncaught exceptions."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))


@pytest.fixture
def page(browser):
    """A fresh 1280x800 browser tab (downloads allowed)."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    yield Page(context.new_page())
    context.close()
