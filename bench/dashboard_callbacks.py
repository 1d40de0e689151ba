"""Dashboard filter callbacks with the Kaggle table loaded: median and p95 in milliseconds.

Builds a store from data/sample plus ../shared's missile_attacks_daily.csv (or takes --store), then
walks through realistic filter changes (classes, types, date ranges from a month to the whole
history, the other attacker, source kinds and languages) and times every callback that a filter
change fires, twice over:

- direct: the callback function itself (the data.py read + aggregation and the figures.py drawing);
- http:   the whole round trip a browser causes, POST /_dash-update-component through the app's
          WSGI stack (Flask test client, no network), including the JSON encoding of the figures.

The first pass over the scenarios is cold (a source-kind or language filter reconciles the attacks
anew, once per store version); later passes are warm. Target: median under 150 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard import data  # noqa: E402
from dashboard.data import Filters  # noqa: E402
from dashboard.urlstate import to_search, to_store  # noqa: E402

KAGGLE = REPO.parent / "shared" / "data" / "external" / "ua-air-defense-tracker" / "missile_attacks_daily.csv"
OPTIONS = {  # page controls at their defaults
    ("overview-resolution", "value"): "day", ("overview-rolling", "value"): False,
    ("overview-suppressed", "value"): True, ("weapons-resolution", "value"): "month",
    ("outages-kind", "value"): "", ("outages-region", "data"): None, ("attacks-types", "value"): False,
    ("shell-version", "data"): "bench",
}
TARGET_MS = 150


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


def build_store(kaggle: Path) -> Path:
    from etl.refresh import refresh

    if not kaggle.is_file():
        sys.exit(f"{kaggle} is missing: pass --kaggle PATH/missile_attacks_daily.csv (see README) or --store")
    path = Path(tempfile.mkdtemp(prefix="strikes-bench-")) / "strikes.duckdb"
    summary = refresh(path, [str(REPO / "data" / "sample"), f"kaggle:{kaggle}"])
    print(summary.line())
    return path


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
    controls = {"start_date": f.start and f.start.isoformat(), "end_date": f.end and f.end.isoformat()}
    values.update({("filters-dates", k): v for k, v in controls.items()})
    values.update({("filters-attacker", "value"): f.attacker, ("filters-weapon", "value"): list(f.weapons),
                   ("filters-type", "value"): list(f.types), ("filters-kind", "value"): list(f.source_kinds),
                   ("filters-lang", "value"): list(f.languages)})

    def filled(items):
        return [{**i, "value": values.get((i["id"], i["property"]))} for i in items]

    changed = "filters-weapon.value" if dep["output"].startswith("..filters-dates") else "filters-store.data"
    return {"output": dep["output"], "outputs": _outputs(dep["output"]), "inputs": filled(dep["inputs"]),
            "state": filled(dep["state"]), "changedPropIds": [changed]}


def direct_calls(f: Filters) -> dict:
    """Each page's filter callback as a plain function call: data.py + figures.py, no JSON."""
    stored = to_store(f)
    ov, wp, ou, at = (sys.modules[f"pages.{n}"] for n in ("overview", "weapons", "outages", "attacks"))
    return {
        "overview headline": lambda: ov.update_headline(stored, "v"),
        "overview volumes": lambda: ov.update_volumes(stored, "v", "day", False),
        "overview rates": lambda: ov.update_rates(stored, "v", True, "day"),
        "weapons types+models": lambda: wp.update_types(stored, "v", "month"),
        "weapons rates": lambda: wp.update_rates(stored, "v", "month"),
        "weapons salvo": lambda: wp.update_salvo(stored, "v"),
        "outages map": lambda: ou.update_map(stored, "v", "", None),
        "outages region": lambda: ou.update_region(stored, "v", None, ""),
        "attacks grid": lambda: at.update_grid(stored, "v", False),
    }


def ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def summary(label: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
    return f"{label:<34} n={len(times):>4}  median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  " \
           f"max {max(times):7.1f} ms"


def run(client, deps: list[dict], cases: list[tuple[str, Filters]], repeat: int):
    """Times of the first (cold) pass over HTTP, later passes per callback over HTTP, and direct calls."""
    http: dict[str, list[float]] = {}
    direct: dict[str, list[float]] = {}
    cold_http: list[float] = []
    for n in range(repeat):
        for _, f in cases:
            for dep in deps:
                body = payload(dep, f)
                name = (body["outputs"][0] if isinstance(body["outputs"], list) else body["outputs"])["id"]
                start = time.perf_counter()
                response = client.post("/_dash-update-component", json=body)
                took = (time.perf_counter() - start) * 1000
                if response.status_code not in (200, 204):
                    sys.exit(f"{name}: HTTP {response.status_code}: {response.get_data(as_text=True)[:500]}")
                (cold_http if n == 0 else http.setdefault(name, [])).append(took)
            for name, call in direct_calls(f).items():
                direct.setdefault(name, []).append(ms(call))
    return cold_http, http, direct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: build one from sample + Kaggle)")
    parser.add_argument("--kaggle", type=Path, default=KAGGLE, help="missile_attacks_daily.csv")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the scenarios (the first is cold)")
    args = parser.parse_args()
    store = args.store or build_store(args.kaggle)

    from dashboard.app import create_app
    from etl.settings import load_settings

    app = create_app(store, load_settings())
    client = app.server.test_client()
    client.get("/")
    deps = filter_callbacks(client.get("/_dash-dependencies").get_json())
    cases = scenarios(store)
    attacks = data.snapshot(store).tables["attacks"]
    print(f"store {store}: {attacks.height:,} attack rows, {attacks['attack_date'].min()} .. "
          f"{attacks['attack_date'].max()}; {len(deps)} filter callbacks x {len(cases)} filter changes x "
          f"{args.repeat} passes")
    cold_http, http, direct = run(client, deps, cases, args.repeat)
    warm = [t for times in http.values() for t in times]
    print("\nper callback, warm passes, http round trip:")
    for name, times in http.items():
        print("  " + summary(name, times))
    print("\nper callback, all passes, direct call (data + figures):")
    for name, times in direct.items():
        print("  " + summary(name, times))
    print()
    print(summary("ALL http, cold first pass", cold_http))
    print(summary("ALL http, warm passes", warm))
    print(summary("ALL http, every pass", cold_http + warm))
    print(summary("ALL direct, every pass", [t for times in direct.values() for t in times]))
    median = statistics.median(cold_http + warm)
    print(f"\nmedian {median:.1f} ms over every filter callback call: "
          f"{'within' if median < TARGET_MS else 'ABOVE'} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()
