"""Dashboard filter callbacks: p50 and p95 of each, with the Kaggle table and with a synthetic history.

    python -m bench dashboard                  # as a section of `make bench`
    python bench/dashboard_callbacks.py        # alone (BENCH_DASHBOARD_ROWS=200k for a smaller history)
    python bench/dashboard_callbacks.py --store data/strikes.duckdb

Every callback a filter change fires (the address-bar sync and each page's filter callbacks) is timed
as the whole round trip a browser causes: POST /_dash-update-component through the app's WSGI stack
(Flask test client, no network), JSON encoding of the figures included. It walks through a dozen
filter changes an analyst makes (classes, types, ranges from a month to the whole history, the other
attacker, source kinds, languages), several passes; the first pass is cold (nothing derived from the
store version is cached yet, as after every refresh) and counts in the percentiles.

Reference: the "data as of" callback of the same app, timed between the filter changes: the same Dash
request path (routing, JSON in and out, the store-version check) with no data work, so the ratio says
how many times the framework floor a callback costs. Targets: p95 < 150 ms with the Kaggle table,
< 1 s with the synthetic history of one million claim rows. A missed target gets a profile of its
slowest call (cProfile, replayed in the state it was measured in) in its note.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import stores  # noqa: E402
from bench.harness import Context, Figure, print_table  # noqa: E402
from dashboard import data  # noqa: E402
from dashboard.data import Filters  # noqa: E402
from dashboard.urlstate import to_search, to_store  # noqa: E402

__all__ = ["run", "scenarios", "filter_callbacks", "payload", "Server"]

SECTION = "dashboard"
REFERENCE = "'data as of' callback (no data work)"
OPTIONS = {  # page controls at their defaults
    ("overview-resolution", "value"): "day", ("overview-rolling", "value"): False,
    ("overview-suppressed", "value"): True, ("weapons-resolution", "value"): "month",
    ("outages-kind", "value"): "", ("outages-region", "data"): None, ("attacks-types", "value"): False,
    ("shell-version", "data"): "bench", ("shell-tick", "n_intervals"): 1, ("shell-ui", "data"): "en",
    ("shell-view", "data"): None, ("shell-url", "pathname"): "/", ("overview-alerts", "value"): False,
    ("outages-colour", "value"): "reports", ("night-day", "data"): "2025-01-15", ("month-day", "data"): "2025-01-01",
}
KAGGLE_TARGET_MS, SYNTHETIC_TARGET_MS = 150, 1000
REPEAT_TARGET_MS, REPEATS = 2, 10  # issue 17: a repeated identical callback (its output kept per store version)
PASSES = {"kaggle": 5, "synthetic": 3}


def scenarios(store: Path) -> list[tuple[str, Filters]]:
    """Filter changes an analyst makes, starting from the default view."""
    default = data.default_filters(store)
    first, last = data.date_bounds(store)
    return [
        ("default: last 6 months", default),
        ("drones only", replace(default, weapons=("drone",))),
        ("missiles only", replace(default, weapons=("missile",))),
        ("ballistic missiles", replace(default, types=("ballistic_missile",))),
        ("last 30 days", replace(default, start=last - timedelta(days=29))),
        ("winter 2025/26", replace(default, start=date(2025, 11, 1), end=date(2026, 2, 28))),
        ("year 2024", replace(default, start=date(2024, 1, 1), end=date(2024, 12, 31))),
        ("whole history", replace(default, start=first, end=last)),
        ("Ukraine on Russia, whole history", replace(default, attacker="UA", start=first, end=last)),
        ("official and press sources", replace(default, source_kinds=("official", "press"))),
        ("Ukrainian-language reports", replace(default, languages=("uk",))),
        ("national record only", replace(default, source_kinds=("record",))),
    ]


def filter_callbacks(deps: list[dict]) -> list[dict]:
    """The server callbacks a filter change fires: the address-bar sync and every page's filter callback."""
    return [d for d in deps if d.get("clientside_function") is None and (
        any(i["id"] == "filters-store" and i["property"] == "data" for i in d["inputs"])
        or d["output"].startswith("..filters-dates"))]


def _outputs(spec: str):
    parts = spec.strip(".").split("...") if spec.startswith("..") else [spec]
    outs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    return outs if spec.startswith("..") else outs[0]


def payload(dep: dict, f: Filters) -> dict:
    """The request a browser sends when the filters become `f`."""
    values = dict(OPTIONS)
    values[("filters-store", "data")] = to_store(f)
    values[("shell-url", "search")] = to_search(f)
    values.update({("filters-dates", "start_date"): f.start and f.start.isoformat(),
                   ("filters-dates", "end_date"): f.end and f.end.isoformat(),
                   ("filters-attacker", "value"): f.attacker, ("filters-weapon", "value"): list(f.weapons),
                   ("filters-type", "value"): list(f.types), ("filters-kind", "value"): list(f.source_kinds),
                   ("filters-lang", "value"): list(f.languages)})

    def filled(items):
        return [{**i, "value": values.get((i["id"], i["property"]))} for i in items]

    changed = "filters-weapon.value" if dep["output"].startswith("..filters-dates") else dep["inputs"][0]["id"] + (
        "." + dep["inputs"][0]["property"])
    return {"output": dep["output"], "outputs": _outputs(dep["output"]), "inputs": filled(dep["inputs"]),
            "state": filled(dep["state"]), "changedPropIds": [changed]}


class Server:
    """The app on one store, driven through its WSGI stack, with a name for each callback."""

    def __init__(self, store: Path):
        from dashboard.app import create_app
        from etl.settings import load_settings

        self.store = store
        self.app = create_app(store, load_settings())
        self.client = self.app.server.test_client()
        self.client.get("/")  # the first page reads the store version into memory
        deps = self.client.get("/_dash-dependencies").get_json()
        self.deps = filter_callbacks(deps)
        self.reference = next(d for d in deps if "shell-asof" in d["output"])

    def name(self, dep: dict) -> str:
        """module.function of a callback, e.g. overview.update_volumes."""
        fn = self.app.callback_map[dep["output"]]["callback"]
        fn = getattr(fn, "__wrapped__", fn)
        return f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"

    def keeps_outputs(self, dep: dict) -> bool:
        """True for a callback whose outputs are kept per store version and inputs (dashboard/outputs.py)."""
        return bool(getattr(self.app.callback_map[dep["output"]]["callback"], "keeps_outputs", False))

    def post(self, dep: dict, f: Filters) -> float:
        """Milliseconds of one callback round trip."""
        body = payload(dep, f)
        start = time.perf_counter()
        response = self.client.post("/_dash-update-component", json=body)
        took = (time.perf_counter() - start) * 1000
        if response.status_code not in (200, 204):
            raise RuntimeError(f"{self.name(dep)}: HTTP {response.status_code}: {response.get_data(as_text=True)[:500]}")
        return took


def p95(times: list[float]) -> float:
    """The 95th percentile (the largest time when there are fewer than 20)."""
    return statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) >= 20 else max(times)


def measure(ctx: Context, label: str, store: Path, size: int, target_ms: float, passes: int) -> list[Figure]:
    """p50 and p95 of every filter callback over the scenarios, with their reference and profiles of misses."""
    server = Server(store)
    cases = scenarios(store)
    ctx.log(f"{label}: {len(server.deps)} filter callbacks x {len(cases)} filter changes x {passes} passes")
    times: dict[str, list[tuple[float, int, str]]] = {server.name(d): [] for d in server.deps}
    reference: list[float] = []
    for n in range(passes):
        for case, f in cases:
            for dep in server.deps:
                times[server.name(dep)].append((server.post(dep, f), n, case))
            reference += [server.post(server.reference, f) for _ in range(3)]
    ref = statistics.median(reference)
    figures = [Figure(SECTION, f"reference: {REFERENCE}", ref, "ms", size, note=f"{label}; median of {len(reference)}")]
    every = [t for samples in times.values() for t, _, _ in samples]
    for name, samples in [*times.items(), ("every filter callback", None)]:
        values = every if samples is None else [t for t, _, _ in samples]
        p50, high = statistics.median(values), p95(values)
        figures.append(Figure(SECTION, f"p50 {name}, {label}", p50, "ms", size, REFERENCE, p50 / ref))
        met = high < target_ms
        note = "" if met or samples is None else why_slow(server, name, max(samples), cases)
        figures.append(Figure(SECTION, f"p95 {name}, {label}", high, "ms", size, REFERENCE, high / ref,
                              f"p95 < {target_ms:,.0f} ms", met, note))
    return figures + repeated(server, cases[0][1], label, size, ref)


def repeated(server: Server, f: Filters, label: str, size: int, ref: float) -> list[Figure]:
    """A repeated identical callback: every filter callback sent once, then REPEATS times more with the same
    inputs; the p95 of the repeats of the chart callbacks (those dashboard/outputs.py keeps the outputs of), and
    of the attacks grid (kept too; its answer is up to 10,000 rows) on its own."""
    times: dict[str, list[float]] = {}
    kept = {server.name(d) for d in server.deps if server.keeps_outputs(d)}
    for dep in server.deps:
        server.post(dep, f)
        times[server.name(dep)] = [server.post(dep, f) for _ in range(REPEATS)]
    charts = {n: t for n, t in times.items() if n in kept and n != "attacks.update_grid"}
    every = [t for ts in charts.values() for t in ts]
    high = p95(every)
    slowest = max(charts, key=lambda n: max(charts[n]))
    note = "" if high < REPEAT_TARGET_MS else why_repeat_slow(server, slowest, f)
    figures = [Figure(SECTION, f"repeated identical callback, p95 of {len(charts)} chart callbacks x {REPEATS}, "
                      f"{label}", high, "ms", size, REFERENCE, high / ref, f"< {REPEAT_TARGET_MS} ms",
                      high < REPEAT_TARGET_MS, note)]
    if "attacks.update_grid" in times:
        grid = p95(times["attacks.update_grid"])
        figures.append(Figure(SECTION, f"repeated identical callback, attacks grid (p95 of {REPEATS}), {label}",
                              grid, "ms", size, REFERENCE, grid / ref))
    return figures


def why_repeat_slow(server: Server, name: str, f: Filters) -> str:
    """Where the time of a repeated callback goes: one more repeat under cProfile."""
    dep = next(d for d in server.deps if server.name(d) == name)
    profile = cProfile.Profile()
    profile.enable()
    took = server.post(dep, f)
    profile.disable()
    return f"slowest repeat: {name}, replayed {took:,.1f} ms; time in {hot_spots(profile)}"


def why_slow(server: Server, name: str, slowest: tuple[float, int, str], cases) -> str:
    """Where the time of a callback's slowest call goes: its call replayed under cProfile."""
    took, n, case = slowest
    dep = next(d for d in server.deps if server.name(d) == name)
    f = dict(cases)[case]
    if n == 0:  # it was cold: replay it without the results derived from this store version
        data.snapshot(server.store).memo.clear()
    profile = cProfile.Profile()
    profile.enable()
    replayed = server.post(dep, f)
    profile.disable()
    return (f"slowest: '{case}' {took:,.0f} ms ({'cold' if n == 0 else 'warm'}), replayed {replayed:,.0f} ms; "
            f"time in {hot_spots(profile)}")


def hot_spots(profile: cProfile.Profile, limit: int = 4) -> str:
    """The project functions that take most of a profile, each without the callers that only wrap it, and the
    function with the most time of its own (often polars' engine)."""
    stats = pstats.Stats(profile).stats
    total = sum(tt for _, _, tt, _, _ in stats.values()) or 1e-9
    ours = {f: v[3] for f, v in stats.items() if f[0].startswith(str(REPO)) and "/.venv/" not in f[0]
            and "/bench/" not in f[0]}
    callees: dict[tuple, list[tuple]] = {}
    for g, v in stats.items():
        for caller in v[4]:
            callees.setdefault(caller, []).append(g)

    def wraps(f: tuple) -> bool:  # a callee of ours takes nearly all of its time
        return any(g != f and g in ours and ours[g] >= 0.8 * ours[f] for g in callees.get(f, []))

    spots = sorted(((ct, f) for f, ct in ours.items() if not wraps(f)), reverse=True)[:limit]
    shown = [f"{Path(f[0]).stem}.{f[2]} {ct / total:.0%}" for ct, f in spots]
    leaf_time, leaf = max((v[2], f) for f, v in stats.items())
    return ", ".join(shown) + f"; most self time: {Path(leaf[0]).name}:{leaf[2]} {leaf_time / total:.0%}"


def skipped(label: str, why: str) -> Figure:
    """A figure that could not be measured, and why."""
    return Figure(SECTION, f"p95 every filter callback, {label}", float("nan"), "ms", None, REFERENCE, None,
                  f"p95 < {KAGGLE_TARGET_MS} ms", None, f"skipped: {why}")


def run(ctx: Context) -> list[Figure]:
    """The section: the Kaggle table (when ../shared is there), then the synthetic history."""
    figures = []
    kaggle = stores.kaggle_store(ctx)
    if kaggle is None:
        figures.append(skipped("Kaggle table", f"{stores.kaggle_csv(ctx)} is absent (../shared is not beside the "
                                               "repository)"))
    else:
        claims = data.tables(kaggle)["strike_claims"].height
        figures += measure(ctx, "Kaggle table", kaggle, claims, KAGGLE_TARGET_MS, PASSES["kaggle"])
    rows = stores.synthetic_rows()
    figures += measure(ctx, f"synthetic {rows:,} claims", stores.synthetic_store(ctx, rows), rows,
                       SYNTHETIC_TARGET_MS, PASSES["synthetic"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="time one existing store instead")
    parser.add_argument("--passes", type=int, default=3, help="passes over the filter changes with --store")
    args = parser.parse_args()
    ctx = Context()
    if args.store:
        claims = data.tables(args.store)["strike_claims"].height
        figures = measure(ctx, args.store.name, args.store, claims, SYNTHETIC_TARGET_MS, args.passes)
    else:
        figures = run(ctx)
    print_table(figures)


if __name__ == "__main__":
    main()
