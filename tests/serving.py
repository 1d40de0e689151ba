"""`strikes serve` in a subprocess on a free localhost port, for the browser, serving and load tests."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import REPO

__all__ = ["Server", "free_port", "basic", "children"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def basic(user: str, password: str) -> dict[str, str]:
    """The Authorization header of HTTP basic auth."""
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


class Server:
    """`strikes serve` in a subprocess, stopped on exit. `args` are more serve options, `env` more variables,
    `headers` what the readiness check sends (credentials when basic auth is on)."""

    def __init__(self, store: Path, log: Path, args: tuple[str, ...] = (), env: dict | None = None,
                 headers: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.log = log.open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "etl", "serve", "--store", str(store), "--port",
                                      str(self.port), *args], cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"strikes serve exited with {self.proc.returncode}: {log.read_text()}")
            try:
                request = urllib.request.Request(self.url + "/", headers=headers or {})
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"strikes serve did not answer on {self.url}: {log.read_text()}")

    def output(self) -> str:
        """What the server has logged so far."""
        self.log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
