"""`strikes serve` as a user meets it: start-up, first page load in headless Chromium, and peak memory.

    python -m bench serve                      # as a section of `make bench`
    python bench/dashboard_serve.py            # alone

For the Kaggle table (when ../shared is there) and the synthetic history of one million claim rows
(BENCH_DASHBOARD_ROWS), a real `strikes serve` subprocess is started on a free localhost port and:

- start-up: seconds from the command to the first answer (it reads the store version into memory);
- first page load: Debian's chromium (driven by Playwright, never downloaded) opens the Overview in a
  fresh browser profile; the time runs from navigation start to the moment every chart of the page has
  drawn its traces and no callback is running (the browser's own clock, performance.now()). Then three
  more loads (warm server, fresh profile each) give a median, and the other four pages are opened;
- memory: after those page loads and one pass of every filter callback over the benchmark's filter
  changes (bench/dashboard_callbacks.py) sent over HTTP, the server's peak RSS (VmHWM in
  /proc/<pid>/status). Target: under 2 GiB with the synthetic history.

Reference for all three: the same command on an empty store (imports, the app, the "no data yet" page,
no data), started in the same run.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import stores  # noqa: E402
from bench.chromium import LAUNCH_ARGS, ChromiumMissing, ensure_chromium  # noqa: E402
from bench.dashboard_callbacks import filter_callbacks, payload, scenarios  # noqa: E402
from bench.harness import Context, Figure, print_table  # noqa: E402

__all__ = ["run", "Served"]

PAGES = {"/weapons": "weapons-salvo", "/outages": "outages-map", "/attacks": None, "/quality": None}
OVERVIEW = ("overview-volumes", "overview-rates", "overview-rate-trend")
MEMORY_TARGET = 800 * 10**6  # issue 17: strikes serve with a million claims under 800 MB
BYTES_TARGET = 2 * 10**6  # issue 17: a cold Overview load at most 2 MB over the network (Accept-Encoding: gzip)
TIME_RATIO = 0.6  # issue 17: time to a drawn Overview at most 0.6x the page as it was served before
REFERENCE = "strikes serve on an empty store (no data)"
BEFORE = "the same page served as before issue 17 (plotly.js's full bundle, no compression, the view by callback)"
BEFORE_ENV = {"STRIKES_PLOTLY_BUNDLE": "full", "STRIKES_PRERENDER": "0"}  # and Accept-Encoding: identity
TIMEOUT_MS = 180_000


def drawn(graphs: tuple[str, ...], marker: str | None = None) -> str:
    """A JS predicate: every graph has drawn a trace (or `marker` is there), nothing is loading; then the
    time since navigation start."""
    checks = [f"document.querySelector('#{g} .js-plotly-plot .trace')" for g in graphs]
    if marker:
        checks.append(f"document.querySelector('{marker}')")
    checks.append("!document.querySelector('[data-dash-is-loading=\"true\"]')")
    return f"() => ({' && '.join(checks)}) ? performance.now() : false"


class Served:
    """`strikes serve` on a store, in a subprocess on a free port."""

    def __init__(self, store: Path, log: Path, env: dict | None = None):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        start = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "etl", "serve", "--store", str(store), "--port",
                                      str(self.port)], cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 300
        while True:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"strikes serve did not start: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_dash-dependencies", timeout=5) as response:
                    self.deps = json.load(response)
                    break
            except OSError:
                time.sleep(0.1)
        self.startup = time.perf_counter() - start

    def peak_rss(self) -> int:
        """The server's peak resident set size in bytes (VmHWM)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM in /proc/<pid>/status")

    def post(self, body: dict) -> None:
        """One callback request, as the browser sends it."""
        request = urllib.request.Request(self.url + "/_dash-update-component", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def load(browser, url: str, predicate: str, requests: list | None = None, headers: dict | None = None) -> float:
    """Milliseconds from navigation start to the predicate holding, in a fresh browser profile; the requests the
    page made go into `requests` (method, url, body) when given."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, extra_http_headers=headers)
    try:
        page = context.new_page()
        if requests is not None:
            page.on("request", lambda r: requests.append((r.method, r.url, r.post_data_buffer)))
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        return float(page.wait_for_function(predicate, timeout=TIMEOUT_MS, polling=50).json_value())
    finally:
        context.close()


def sent_bytes(requests: list, encoding: str = "gzip") -> tuple[int, int, list[tuple[int, str]]]:
    """What the page's requests cost over the network, each asked again with `Accept-Encoding: encoding`:
    (bytes sent with it, bytes without compression, the largest few answers as (bytes, path)). Headers count."""
    sized, plain = [], 0
    for method, url, body in requests:
        answers = []
        for accept in (encoding, "identity"):
            request = urllib.request.Request(url, data=body if method == "POST" else None, method=method,
                                             headers={"Accept-Encoding": accept, "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=600) as response:
                answers.append(len(response.read()) + len(str(response.headers)) + len(response.reason) + 15)
        sized.append((answers[0], url.split("?")[0].split("/", 3)[-1]))
        plain += answers[1]
    return sum(n for n, _ in sized), plain, sorted(sized, reverse=True)[:4]


def exercise(served: Served, store: Path, browser) -> dict[str, float]:
    """Page loads (first, three warm, the other pages) and one pass of every filter callback."""
    overview = drawn(OVERVIEW, "#overview-card-launched")
    requests: list = []
    times = {"first": load(browser, served.url + "/", overview, requests)}
    times["bytes"], times["plain_bytes"], times["largest"] = sent_bytes(requests)
    times["warm"] = statistics.median(load(browser, served.url + "/", overview) for _ in range(3))
    for path, graph in PAGES.items():
        marker = None if graph else f"#{path.strip('/')}-{'grid' if path == '/attacks' else 'problems'} .ag-row"
        times[path] = load(browser, served.url + path, drawn((graph,) if graph else (), marker))
    for _, f in scenarios(store):
        for dep in filter_callbacks(served.deps):
            served.post(payload(dep, f))
    return times


def measure(ctx: Context, label: str, store: Path, size: int, browser, ref: dict, target: bool) -> list[Figure]:
    """Start-up, page loads, bytes and peak RSS of strikes serve on one store; the time to a drawn Overview against
    the same page served as before issue 17."""
    served = Served(store, ctx.workdir / f"serve-{store.stem}.log")
    try:
        ctx.log(f"{label}: strikes serve answered after {served.startup:.1f}s")
        times = exercise(served, store, browser) if browser else None
        if browser is None:  # no browser: the pages are still fetched and the callbacks sent
            for _, f in scenarios(store):
                for dep in filter_callbacks(served.deps):
                    served.post(payload(dep, f))
        peak = served.peak_rss()
    finally:
        served.stop()
    figures = [Figure("serve", f"strikes serve start-up (reads the store), {label}", served.startup, "s", size,
                      REFERENCE, served.startup / ref["startup"])]
    if times:
        figures += page_figures(ctx, label, store, size, browser, times, ref)
    mib = peak / 2**20
    met = peak < MEMORY_TARGET if target else None
    figures.append(Figure("memory", f"peak RSS of strikes serve after pages and callbacks, {label}", mib, "MiB",
                          size, REFERENCE, peak / ref["rss"], f"< {MEMORY_TARGET // 10**6} MB" if target else None,
                          met, where_memory(store) if met is False else ""))
    return figures


def page_figures(ctx: Context, label: str, store: Path, size: int, browser, times: dict, ref: dict) -> list[Figure]:
    """The Overview's first load, its bytes over the network, and its time to a drawn page against the page
    served as before issue 17 (plotly.js's full bundle, answers not compressed, the view and its charts asked for by
    callback once the page has loaded: setting `prerender` off), medians of 3 fresh profiles."""
    pages = ", ".join(f"{p} {t / 1000:.1f} s" for p, t in times.items() if p.startswith("/"))
    before = Served(store, ctx.workdir / f"serve-{store.stem}-before.log", env=BEFORE_ENV)
    try:
        overview, identity = drawn(OVERVIEW, "#overview-card-launched"), {"Accept-Encoding": "identity"}
        load(browser, before.url + "/", overview, headers=identity)  # warm, like the measured server
        then = statistics.median(load(browser, before.url + "/", overview, headers=identity) for _ in range(3))
    finally:
        before.stop()
    ratio = times["warm"] / then
    largest = ", ".join(f"{path} {n / 1e6:.2f} MB" for n, path in times["largest"])
    return [
        Figure("serve", f"first page load, Overview in Chromium, {label}", times["first"] / 1000, "s", size,
               REFERENCE, times["first"] / ref["load"], note=f"other pages' first loads: {pages}"),
        Figure("serve", f"cold Overview load over the network (gzip), {label}", times["bytes"] / 1e6, "MB", size,
               "the same requests uncompressed", times["bytes"] / times["plain_bytes"],
               f"<= {BYTES_TARGET / 1e6:.0f} MB", times["bytes"] <= BYTES_TARGET, f"largest: {largest}"),
        Figure("serve", f"reference: {BEFORE}, time to a drawn Overview, median of 3, {label}", then / 1000, "s",
               size),
        Figure("serve", f"time to a drawn Overview, warm server, median of 3, {label}", times["warm"] / 1000, "s",
               size, BEFORE, ratio, f"<= {TIME_RATIO}x before", ratio <= TIME_RATIO,
               "" if ratio <= TIME_RATIO else where_page_time(browser, ctx, store)),
    ]


def where_page_time(browser, ctx: Context, store: Path) -> str:
    """Where a page load's time goes, by the browser's own resource timings: when the layout and plotly.js had
    arrived, when the last callback answered, when every chart had drawn."""
    served = Served(store, ctx.workdir / f"serve-{store.stem}-timing.log")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(served.url + "/", wait_until="commit", timeout=TIMEOUT_MS)
        done = float(page.wait_for_function(drawn(OVERVIEW, "#overview-card-launched"), timeout=TIMEOUT_MS,
                                            polling=50).json_value())
        got = page.evaluate("""() => { const r = performance.getEntriesByType('resource');
            const end = f => Math.max(0, ...r.filter(f).map(e => e.responseEnd));
            return {scripts: end(e => e.initiatorType === 'script' && !e.name.includes('plotly')),
                    plotly: end(e => e.name.includes('plotly')), callbacks: end(e => e.name.includes('_dash-update')),
                    layout: end(e => e.name.includes('_dash-layout')),
                    n: r.filter(e => e.name.includes('_dash-update')).length}; }""")
    finally:
        context.close()
        served.stop()
    return (f"Dash's other scripts in by {got['scripts']:,.0f} ms, the layout (with the Overview's first charts) by "
            f"{got['layout']:,.0f} ms, plotly.js by {got['plotly']:,.0f} ms, the last of "
            f"{got['n']} callbacks answered by {got['callbacks']:,.0f} ms, every chart drawn at {done:,.0f} ms: the "
            "rest is the browser compiling plotly.js and drawing (one core of a shared machine)")


def where_memory(store: Path) -> str:
    """Where a server's memory goes: the tables of one store version in memory, largest first, with their largest
    columns (polars' estimate and the 16-byte view of each string, which polars' estimate leaves out)."""
    from dashboard.data import snapshot
    from etl.memo import weight

    tables = snapshot(store).tables
    sizes = sorted(((weight(df), name, df) for name, df in tables.items()), key=lambda t: -t[0])[:4]
    parts = []
    for n, name, df in sizes:
        cols = sorted(((weight(df[c]), c) for c in df.columns), reverse=True)[:3]
        parts.append(f"{name} {n / 2**20:,.0f} MiB ({', '.join(f'{c} {b / 2**20:,.0f}' for b, c in cols)})")
    total = sum(weight(df) for df in tables.values()) / 2**20
    return (f"the store version in memory takes {total:,.0f} MiB: " + "; ".join(parts) +
            "; the rest is Python, Dash and what the views keep per version")


def reference(ctx: Context, browser) -> tuple[dict, list[Figure]]:
    """strikes serve on an empty store: start-up, its page load and its peak RSS."""
    empty = ctx.workdir / "empty-store.duckdb"
    empty.unlink(missing_ok=True)
    served = Served(empty, ctx.workdir / "serve-empty.log")
    try:
        ref = {"startup": served.startup, "load": load(browser, served.url + "/", drawn((), "#shell-empty"))
               if browser else float("nan")}
        ref["rss"] = served.peak_rss()
    finally:
        served.stop()
    figures = [Figure("serve", f"reference: {REFERENCE}, start-up", ref["startup"], "s"),
               Figure("memory", f"reference: {REFERENCE}, peak RSS", ref["rss"] / 2**20, "MiB")]
    if browser:
        figures.append(Figure("serve", f"reference: {REFERENCE}, page load", ref["load"] / 1000, "s"))
    return ref, figures


def run(ctx: Context) -> list[Figure]:
    """The section: the reference, the Kaggle table (when ../shared is there), the synthetic history."""
    from contextlib import ExitStack

    rows = stores.synthetic_rows()
    synthetic = stores.synthetic_store(ctx, rows)
    kaggle = stores.kaggle_store(ctx)
    with ExitStack() as stack:
        browser, why = None, ""
        try:
            chromium = ensure_chromium()
        except ChromiumMissing as exc:
            chromium, why = None, f"{exc}; no page loads timed"
        if chromium is not None:
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
            stack.callback(browser.close)
        ref, figures = reference(ctx, browser)
        if why:
            figures[0].note = why
        if kaggle is None:
            figures.append(Figure("serve", "first page load, Kaggle table", float("nan"), "s",
                                  note=f"skipped: {stores.kaggle_csv(ctx)} is absent"))
        else:
            from dashboard.data import tables

            figures += measure(ctx, "Kaggle table", kaggle, tables(kaggle)["strike_claims"].height, browser, ref,
                               False)
        figures += measure(ctx, f"synthetic {rows:,} claims", synthetic, rows, browser, ref, True)
    return figures


if __name__ == "__main__":
    print_table(run(Context()))
