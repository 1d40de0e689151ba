"""`make load`: concurrent clients on the dashboard's filter callbacks while `strikes refresh` runs in a loop.

Starts `strikes serve` (--workers, --threads) on a free loopback port against a store built from data/sample
plus the Kaggle table (../shared, when present), runs `strikes refresh` over the same sources again and again
on that store, and has --clients clients POST the /_dash-update-component requests a browser sends when
the filters change (the filter changes of bench/dashboard_callbacks.py, and the "data as of" check), each
client on its own keep-alive connection (bench/loadclient.py) and waiting for its answer before sending the next. Bounded in time and count: it stops at --seconds (once
--min-refreshes refreshes have finished, but never after --max-seconds) or after --max-requests requests (once
those refreshes have finished too).

An error is a failed connection, a timeout (--timeout s), a status other than 200 or 204, a 200 whose body
is not a callback answer for the outputs asked for, or an answer carrying the dashboard's error alert.
Prints errors, p50/p95 latency and requests/s with bench/harness.py, writes bench/load_results.json with the CPU
time the clients, the server's processes and the refreshes used during the run (they share the machine's cores).

    python bench/load.py                                   # 50 clients, 60 s, 2 workers x 8 threads
    python bench/load.py --clients 10 --seconds 10 --workers 1
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.harness import Figure, machine, print_table  # noqa: E402

KAGGLE = REPO.parent / "shared" / "data" / "external" / "ua-air-defense-tracker" / "missile_attacks_daily.csv"
RESULTS = REPO / "bench" / "load_results.json"
ERROR_ALERT = "shell-error"
TICK_EVERY = 10  # filter callbacks between two "data as of" checks
SLOWEST = 10  # slowest requests kept for the results file
WARM_CONNECTIONS = 4  # per worker, each sending every distinct request before the clock starts
P95_TARGET_MS = 300  # issue 17: the p95 under 50 clients with 2 workers while refreshes run


@dataclass
class Load:
    """What to run: the clients, the bounds, and the server's processes and threads."""

    clients: int = 50
    seconds: float = 60.0
    max_seconds: float = 180.0
    max_requests: int = 200_000
    min_refreshes: int = 1
    timeout: float = 30.0
    workers: int = 2
    threads: int = 8
    seed: int = 20221010


@dataclass
class Outcome:
    """What happened: every latency, every error, the refreshes that finished and the store versions served."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    refreshes: int = 0
    data_changes: int = 0  # refreshes that found a new, changed or withdrawn report (the others: the same data)
    refresh_failures: list[str] = field(default_factory=list)
    versions: set[str] = field(default_factory=set)
    slowest: list[tuple[float, float, str]] = field(default_factory=list)  # (ms, seconds into the run, what)
    refreshed_at: list[float] = field(default_factory=list)  # seconds into the run when a refresh finished
    started: float = field(default_factory=time.monotonic)
    rss_mib: float = 0.0  # resident memory of the server's processes at the end of the run
    alone_ms: list[float] = field(default_factory=list)  # the reference: each distinct request sent alone, warm
    load_average: tuple[float, ...] = ()  # of the machine, at the start and the end of the run
    cpu_s: dict[str, float] = field(default_factory=dict)  # CPU seconds of the clients, the server, the refreshes

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + len(self.errors)

    def note_slow(self, ms: float, what: str) -> None:
        """Keep the SLOWEST slowest requests, with when they were sent (to read against the refreshes)."""
        self.slowest.append((round(ms), round(time.monotonic() - self.started - ms / 1000, 1), what))
        if len(self.slowest) > 4 * SLOWEST:
            self.slowest = sorted(self.slowest, reverse=True)[:SLOWEST]


def _what(body: dict) -> str:
    """A request in a few words: its first output and the filters it carries."""
    filters = next((i["value"] for i in body["inputs"] + body.get("state", []) if i["id"] == "filters-store"), None)
    short = {k: v for k, v in (filters or {}).items() if v}
    return f"{body['output'].strip('.').split('.')[0]} {json.dumps(short, separators=(',', ':'))}"


def sources() -> list[str]:
    """data/sample, plus the Kaggle table when ../shared has it."""
    return [str(REPO / "data" / "sample")] + ([f"kaggle:{KAGGLE}"] if KAGGLE.is_file() else [])


def build_store(folder: Path, srcs: list[str]) -> Path:
    from etl.refresh import refresh

    store = folder / "strikes.duckdb"
    print(refresh(store, srcs).line(), file=sys.stderr)
    return store


def requests_for(deps: list[dict], store: Path) -> list[tuple[dict, set[str]]]:
    """(request body, output ids it must answer) of every filter callback of every filter change, with the
    "data as of" check (which a page sends every minute) after every TICK_EVERY of them."""
    from bench.dashboard_callbacks import filter_callbacks, payload, scenarios

    bodies = [payload(dep, f) for _, f in scenarios(store) for dep in filter_callbacks(deps)]
    tick = next(d for d in deps if d["output"].startswith("..shell-asof.children"))
    tick_body = {"output": tick["output"], "outputs": [{"id": "shell-asof", "property": "children"},
                                                       {"id": "shell-version", "property": "data"}],
                 "inputs": [{"id": "shell-tick", "property": "n_intervals", "value": 1}],
                 "state": [{"id": "shell-version", "property": "data", "value": "load"},
                           {"id": "shell-ui", "property": "data", "value": "en"}],
                 "changedPropIds": ["shell-tick.n_intervals"]}
    for n in range(len(bodies) // TICK_EVERY, 0, -1):
        bodies.insert(n * TICK_EVERY, tick_body)
    return [(b, {o["id"] for o in (b["outputs"] if isinstance(b["outputs"], list) else [b["outputs"]])})
            for b in bodies]


def check(response, expected: set[str], outcome: Outcome) -> str | None:
    """Why an answer is not a good callback answer (None when it is)."""
    if response.status_code == 204:
        return None
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    try:
        body = response.json()
    except ValueError:
        return f"not JSON: {response.text[:200]}"
    if ERROR_ALERT in (body.get("sideUpdate") or {}):
        return f"the dashboard's error alert: {json.dumps(body['sideUpdate'])[:200]}"
    answered = set(body.get("response") or {})
    if not answered and "response" in body:  # every output no_update: Dash's 200 with nothing to change, like a 204
        return None
    if not answered or not answered <= expected:
        return f"answered {sorted(answered)} instead of {sorted(expected)}"
    version = (body["response"].get("shell-version") or {}).get("data")
    if version:
        outcome.versions.add(version)
    return None


class Refresher(threading.Thread):
    """`strikes refresh` on the served store, again and again until stopped."""

    def __init__(self, store: Path, srcs: list[str], outcome: Outcome):
        super().__init__(name="refresher", daemon=True)
        self.cmd = [sys.executable, "-m", "etl", "refresh", "--store", str(store), "--wait",
                    *itertools.chain.from_iterable(("--source", s) for s in srcs)]
        self.outcome = outcome
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            result = subprocess.run(self.cmd, cwd=REPO, capture_output=True, text=True)
            if result.returncode == 0:
                self.outcome.refreshes += 1
                found = re.search(r"(\d+) new, (\d+) changed, \d+ unchanged, (\d+) withdrawn", result.stdout)
                self.outcome.data_changes += bool(found and any(int(n) for n in found.groups()))
                self.outcome.refreshed_at.append(round(time.monotonic() - self.outcome.started, 1))
            else:
                self.outcome.refresh_failures.append(f"exit {result.returncode}: {result.stderr.strip()[-300:]}")


async def _client(n: int, conn, work: list, outcome: Outcome, stop: asyncio.Event, cfg: Load) -> None:
    from bench.loadclient import ClientError

    try:
        for body, sent, expected in itertools.islice(itertools.cycle(work), n * 7 % len(work), None):
            if stop.is_set():
                return
            start = time.perf_counter()
            try:
                problem = check(await conn.post("/_dash-update-component", sent), expected, outcome)
            except ClientError as exc:
                problem = str(exc)
            took = (time.perf_counter() - start) * 1000
            if problem:
                outcome.errors.append(f"{body['output'][:60]}: {problem} (after {took / 1000:.1f} s)")
            else:
                outcome.latencies_ms.append(took)
            outcome.note_slow(took, _what(body))
            if outcome.requests >= cfg.max_requests and outcome.refreshes >= cfg.min_refreshes:
                stop.set()  # not before the refreshes the run is for (a loaded machine refreshes slowly)
    finally:
        await conn.close()


async def _drive(url: str, work: list, outcome: Outcome, cfg: Load) -> None:
    """The clients, each on its own keep-alive connection (bench/loadclient.py), until the run's bounds."""
    from urllib.parse import urlsplit

    from bench.loadclient import Connection, encoded

    stop = asyncio.Event()
    address = urlsplit(url)
    sent = [(body, encoded(body), expected) for body, expected in work]  # each body encoded once, as sent
    start = outcome.started = time.monotonic()
    outcome.load_average = os.getloadavg()[:1]
    tasks = [asyncio.create_task(_client(n, Connection(address.hostname, address.port, cfg.timeout), sent, outcome,
                                         stop, cfg)) for n in range(cfg.clients)]
    while not stop.is_set():
        elapsed = time.monotonic() - start
        if elapsed >= cfg.max_seconds or (elapsed >= cfg.seconds and outcome.refreshes >= cfg.min_refreshes):
            stop.set()
        await asyncio.sleep(0.1)
    await asyncio.gather(*tasks)
    outcome.seconds = time.monotonic() - start
    outcome.load_average += os.getloadavg()[:1]


def run_load(store: Path, srcs: list[str], cfg: Load, log_dir: Path) -> Outcome:
    """Serve the store, refresh it in a loop, and drive the clients against it; the outcome of the run."""
    import httpx

    from tests.serving import Server, children

    server = Server(store, log_dir / "serve.log", args=("--workers", str(cfg.workers), "--threads", str(cfg.threads)))
    outcome = Outcome()
    try:
        with httpx.Client(base_url=server.url, timeout=cfg.timeout) as http:
            http.get("/")
            work = requests_for(http.get("/_dash-dependencies").json(), store)
        _run_async(_warm(server.url, work, outcome, cfg))
        outcome.alone_ms = alone(server.url, work, cfg.timeout)
        serving = (server.proc.pid, *children(server.proc.pid))
        before = time.process_time(), cpu_seconds(serving), resource.getrusage(resource.RUSAGE_CHILDREN)
        refresher = Refresher(store, srcs, outcome)
        refresher.start()
        _run_async(_drive(server.url, work, outcome, cfg))
        outcome.rss_mib = round(sum(rss_mib(pid) for pid in serving))
        clients, served = time.process_time() - before[0], cpu_seconds(serving) - before[1]
        refresher.stopping.set()
        refresher.join(timeout=120)
        done = resource.getrusage(resource.RUSAGE_CHILDREN)
        outcome.cpu_s = {"clients": round(clients, 1), "server": round(served, 1), "refreshes": round(
            done.ru_utime + done.ru_stime - before[2].ru_utime - before[2].ru_stime, 1)}
    finally:
        server.stop()
    return outcome


def _run_async(coroutine) -> None:
    """Run a coroutine to its end on a fresh event loop in its own thread (the caller may have a loop running:
    Playwright's, in the test session)."""
    failure: list[BaseException] = []

    def target():
        try:
            asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            failure.append(exc)

    thread = threading.Thread(target=target, name="load-clients")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


async def _warm(url: str, work: list, outcome: Outcome, cfg: Load) -> None:
    """Every distinct request on each of WARM_CONNECTIONS connections per worker, before the clock starts: a deployed
    dashboard is warm. The kernel gives each connection to one worker, so every worker that gets one answers every
    request (were they shared at random, 2 workers would both get one but in 1 run of 128; the old warm-up, each
    request twice on any of 4 connections, left some cold). Each connection starts at another request, so a worker
    computes its answers on all its threads. Not timed; a failure still counts as an error."""
    from urllib.parse import urlsplit

    from bench.loadclient import ClientError, Connection, encoded

    distinct = list({json.dumps(b, sort_keys=True): (b, e) for b, e in work}.values())
    address, n = urlsplit(url), cfg.workers * WARM_CONNECTIONS

    async def each(k: int) -> None:
        conn = Connection(address.hostname, address.port, cfg.timeout * 4)
        try:
            for body, expected in distinct[k * len(distinct) // n:] + distinct[:k * len(distinct) // n]:
                try:
                    problem = check(await conn.post("/_dash-update-component", encoded(body)), expected, outcome)
                except ClientError as exc:
                    problem = str(exc)
                if problem:
                    outcome.errors.append(f"warm-up {body['output'][:60]}: {problem}")
        finally:
            await conn.close()

    await asyncio.gather(*(each(k) for k in range(n)))


def alone(url: str, work: list, timeout: float) -> list[float]:
    """Milliseconds of each distinct request sent by one client alone on the warm server, before the refreshes, on
    the connection the load's clients use: the reference the latencies under load are read against."""
    from urllib.parse import urlsplit

    from bench.loadclient import Connection, encoded

    distinct = [encoded(b) for b in {json.dumps(b, sort_keys=True): b for b, _ in work}.values()]
    address, times = urlsplit(url), []

    async def send_each():
        conn = Connection(address.hostname, address.port, timeout)
        try:
            for body in distinct:
                start = time.perf_counter()
                await conn.post("/_dash-update-component", body)
                times.append((time.perf_counter() - start) * 1000)
        finally:
            await conn.close()

    _run_async(send_each())
    return times


def p95_of(values: list[float]) -> float:
    """The 95th percentile (the largest value when there are fewer than 20)."""
    ordered = sorted(values) or [0.0]
    return statistics.quantiles(ordered, n=20)[-1] if len(ordered) >= 20 else ordered[-1]


def cpu_seconds(pids) -> float:
    """CPU time (user and system) the processes have used so far (Linux /proc; 0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def figures(outcome: Outcome, cfg: Load) -> list[Figure]:
    """The figures of a run: errors, latency, throughput, refreshes."""
    lat = sorted(outcome.latencies_ms) or [0.0]
    p95 = p95_of(lat)
    where = f"{cfg.clients} clients, {cfg.workers} worker(s) x {cfg.threads} threads"
    ref = p95_of(outcome.alone_ms) if outcome.alone_ms else None
    full = cfg.clients >= 50 and cfg.workers == 2  # issue 17's target is for this configuration
    return [
        Figure("load", "reference: p95 of each request sent alone (one client, warm, no refresh)", ref or 0.0, "ms",
               size=len(outcome.alone_ms)),
        Figure("load", f"errors ({where}, refreshing)", len(outcome.errors) + len(outcome.refresh_failures),
               "errors", size=outcome.requests, target="0 errors", met=not outcome.errors and not
               outcome.refresh_failures),
        Figure("load", f"p50 latency ({where})", statistics.median(lat), "ms", size=outcome.requests),
        Figure("load", f"p95 latency ({where})", p95, "ms", size=outcome.requests,
               reference="one client alone" if ref else None, ratio=p95 / ref if ref else None,
               target=f"< {P95_TARGET_MS} ms" if full else None, met=p95 < P95_TARGET_MS if full else None,
               note="" if p95 < P95_TARGET_MS else why_slow(outcome, cfg)),
        Figure("load", f"throughput ({where})", outcome.requests / max(outcome.seconds, 1e-9), "requests/s",
               size=outcome.requests, note=f"over {outcome.seconds:.0f} s"),
        Figure("load", "refreshes finished during the run", outcome.refreshes, "refreshes",
               target=f">= {cfg.min_refreshes}", met=outcome.refreshes >= cfg.min_refreshes,
               note=f"{len(outcome.versions)} store versions served, {outcome.data_changes} of them with new data"),
        Figure("load", f"server memory ({cfg.workers} worker(s))", outcome.rss_mib, "MiB",
               note="resident, all processes, at the end of the run"),
    ]


def why_slow(outcome: Outcome, cfg: Load) -> str:
    """Where the time of a slow p95 goes: waiting in line (clients over the requests the server answers per
    second), against the time a request takes alone, and the slowest requests with when they came."""
    rate = outcome.requests / max(outcome.seconds, 1e-9)
    waiting = cfg.clients / rate * 1000 if rate else float("nan")
    alone_median = statistics.median(outcome.alone_ms) if outcome.alone_ms else float("nan")
    slowest = "; ".join(f"{ms} ms at {at} s: {what[:70]}" for ms, at, what in sorted(outcome.slowest, reverse=True)[:3])
    return (f"{cfg.clients} clients over {rate:.0f} requests/s answered: each request waits about {waiting:.0f} ms "
            f"in all (Little's law), against a median of {alone_median:.1f} ms alone; the refreshes "
            f"({outcome.refreshes}, each a new store version; {outcome.data_changes} of them with new data, which "
            f"empties the kept outputs and frames) and the clients share "
            f"the {os.cpu_count()} cores with the server{cpu_shares(outcome)}. Slowest: {slowest}; refreshes "
            f"finished at {', '.join(str(t) for t in outcome.refreshed_at[:8])} s")


def cpu_shares(outcome: Outcome) -> str:
    """The CPU the run's parts used (clients and server per request, the refreshes in all), as a clause."""
    cpu, n = outcome.cpu_s, max(outcome.requests, 1)
    if not cpu:
        return ""
    return (f" (CPU: the server {cpu['server'] / n * 1000:.1f} ms a request, the clients "
            f"{cpu['clients'] / n * 1000:.1f} ms, the refreshes {cpu['refreshes']:.0f} s in all, of "
            f"{os.cpu_count() * outcome.seconds:.0f} core-seconds)")


def run(ctx) -> list[Figure]:
    """The `load` section of `python -m bench`: the default run, results in bench/load_results.json."""
    return main([], workdir=ctx.workdir, show=False)  # the runner prints every section in one table


def main(argv: list[str] | None = None, workdir: Path | None = None, show: bool = True) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, value in asdict(Load()).items():
        parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    parser.add_argument("--store", type=Path, help="serve (and refresh) a copy of this store instead of building one")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    cfg = Load(**{k: getattr(args, k) for k in asdict(Load())})
    folder = Path(tempfile.mkdtemp(prefix="strikes-load-", dir=workdir))
    srcs = sources()
    store = build_store(folder, srcs) if args.store is None else _copy(args.store, folder)
    print(f"load: {cfg.clients} clients for {cfg.seconds:.0f} s against {cfg.workers} worker(s) x {cfg.threads} "
          f"threads, refreshing {', '.join(srcs)} in a loop", file=sys.stderr)
    outcome = run_load(store, srcs, cfg, folder)
    result = figures(outcome, cfg)
    if show:
        print_table(result)
    for problem in (outcome.errors + outcome.refresh_failures)[:10]:
        print("ERROR", problem)
    args.results.write_text(json.dumps({
        "machine": machine(), "config": asdict(cfg), "sources": srcs, "seconds": round(outcome.seconds, 1),
        "requests": outcome.requests, "refreshes": outcome.refreshes, "data_changes": outcome.data_changes,
        "versions": len(outcome.versions),
        "refreshed_at_s": outcome.refreshed_at, "slowest": sorted(outcome.slowest, reverse=True)[:SLOWEST],
        "server_rss_mib": outcome.rss_mib, "cpu_seconds": outcome.cpu_s, "load_average_start_end": outcome.load_average,
        "errors": (outcome.errors + outcome.refresh_failures)[:50], "figures": [asdict(f) for f in result],
    }, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"written to {args.results}", file=sys.stderr)
    return result


def _copy(store: Path, folder: Path) -> Path:
    import shutil

    return Path(shutil.copy(store, folder / "strikes.duckdb"))


if __name__ == "__main__":
    figs = main()
    sys.exit(0 if all(f.met is not False for f in figs) else 1)
