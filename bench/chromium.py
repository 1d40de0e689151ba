"""Debian's chromium for the browser tests and the page-load benchmark: installed with apt-get when
missing (as root), never downloaded by Playwright. One place, so that tests and bench agree."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

__all__ = ["CHROMIUM", "LAUNCH_ARGS", "ChromiumMissing", "ensure_chromium"]

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]


class ChromiumMissing(RuntimeError):
    """Chromium is not installed and cannot be installed here; the message says what to run."""


def _apt(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(["apt-get", *args], capture_output=True, text=True, env=env, timeout=900)


def ensure_chromium() -> Path:
    """The chromium binary, installed with `apt-get install --no-install-recommends chromium` when missing."""
    if CHROMIUM.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise ChromiumMissing(f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get): "
                              "run `apt-get install --no-install-recommends chromium`")
    install = ("install", "-y", "--no-install-recommends", "chromium")
    result = _apt(*install)
    if result.returncode != 0:  # the package lists may be missing or stale
        _apt("update")
        result = _apt(*install)
    if result.returncode != 0 or not CHROMIUM.exists():
        raise ChromiumMissing(f"could not install chromium with apt-get (exit {result.returncode}):\n"
                              f"{result.stderr[-2000:]}")
    return CHROMIUM
