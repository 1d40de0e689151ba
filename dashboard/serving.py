"""`strikes serve`: the dashboard on waitress, in one process or in several sharing one listening socket.

Waitress answers each request on one of `threads` threads. Threads overlap waiting (slow clients, reading
the store) but Python runs one of them at a time, and drawing a chart (plotly figures, JSON) is Python
work; so with `workers` > 1 the socket is bound once here and handed to that many worker processes, each
a waitress with its own threads and its own copy of the data, and the kernel gives each new connection
to whichever process accepts it first. This process then only watches them: a worker that dies is
replaced, and SIGTERM or Ctrl+C stops them all.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

__all__ = ["serve", "listen", "exposed", "Supervisor"]

WORKER_ENV = "_STRIKES_WORKER"  # how the supervisor tells a worker what to serve (not a setting)
RESTARTS = 5  # more worker deaths than this within RESTART_WINDOW seconds stops the server
RESTART_WINDOW = 60.0
log = logging.getLogger("strikes.serve")


def exposed(host: str) -> bool:
    """True when the address is reachable from other machines (not loopback)."""
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return False
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: assume it is meant to be reached
        return True


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (OSError when the address is taken or not ours)."""
    family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.create_server(address[:2], family=family, backlog=1024)
    sock.set_inheritable(True)
    return sock


def serve(store: str | Path, host: str = "127.0.0.1", port: int = 8050, threads: int = 8, workers: int = 1,
          settings: dict | None = None) -> None:
    """Run the dashboard until stopped: one waitress, or `workers` of them behind one socket."""
    _logging()
    sock = listen(host, port)
    if workers <= 1:
        run_worker(sock, str(store), threads, settings)
    else:
        Supervisor(sock, workers, {"store": str(store), "threads": threads, "settings": settings}).run()


def run_worker(sock: socket.socket, store: str, threads: int, settings: dict | None) -> None:
    """One waitress serving the app on an already listening socket, debug off, no tracebacks."""
    from waitress import serve as waitress_serve

    from dashboard.app import create_app

    app = create_app(store, settings)
    waitress_serve(app.server, sockets=[sock], threads=threads, ident="strikes", expose_tracebacks=False)


class Supervisor:
    """Starts the worker processes, replaces one that dies, and stops them all on SIGTERM or SIGINT."""

    def __init__(self, sock: socket.socket, workers: int, job: dict):
        self.sock, self.workers, self.job = sock, workers, job
        self.procs: list[subprocess.Popen] = []
        self.deaths: list[float] = []
        self.stopping = False

    def spawn(self) -> subprocess.Popen:
        env = {**os.environ, WORKER_ENV: json.dumps({**self.job, "fd": self.sock.fileno(), "parent": os.getpid()})}
        return subprocess.Popen([sys.executable, "-m", "dashboard.serving"], env=env, pass_fds=(self.sock.fileno(),))

    def run(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._stop)
        self.procs = [self.spawn() for _ in range(self.workers)]
        log.info("%d worker processes: %s", self.workers, " ".join(str(p.pid) for p in self.procs))
        try:
            while not self.stopping:
                self._replace_dead()
                time.sleep(0.5)
        finally:
            self._stop_all()

    def _replace_dead(self) -> None:
        for n, proc in enumerate(self.procs):
            if proc.poll() is None or self.stopping:
                continue
            now = time.monotonic()
            self.deaths = [t for t in self.deaths if now - t < RESTART_WINDOW] + [now]
            if len(self.deaths) > RESTARTS:
                raise SystemExit(f"worker processes keep dying ({len(self.deaths)} in {RESTART_WINDOW:.0f} s); "
                                 "stopping; see the log above")
            log.warning("worker %d exited with %s; starting another", proc.pid, proc.returncode)
            self.procs[n] = self.spawn()

    def _stop(self, *_) -> None:
        self.stopping = True

    def _stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 10
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.sock.close()


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(process)d] %(name)s %(levelname)s: %(message)s")


def _exit_with_parent(parent: int) -> None:
    """A worker whose supervisor is gone (even by kill -9) ends too, instead of holding the port."""
    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_main() -> None:
    job = json.loads(os.environ.pop(WORKER_ENV))
    _logging()
    _exit_with_parent(job["parent"])
    sock = socket.socket(fileno=job["fd"])
    run_worker(sock, job["store"], job["threads"], job["settings"])


if __name__ == "__main__":
    _worker_main()
