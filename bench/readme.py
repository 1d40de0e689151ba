"""Write the latest `make bench` figures into README.md (`make bench-readme`).

    python -m bench.readme                  # bench/results.json -> README.md
    python -m bench.readme --check          # exit 1 when README.md is not what results.json gives

The figures go between the `<!-- performance:begin -->` and `<!-- performance:end -->` markers, and
the load-test figures between `<!-- load:begin -->` and `<!-- load:end -->`; the rest of the README
is left alone. Every number in those blocks comes from bench/results.json, never typed by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.harness import _fmt  # noqa: E402

__all__ = ["render_performance", "render_load", "update_readme"]

SECTION_TITLES = {"extraction": "Extraction throughput", "refresh": "Refresh scaling", "memory": "Memory",
                  "serve": "Serving and page loads", "load": "Load"}


def _met(figure: dict) -> str:
    return "" if figure["met"] is None else "met" if figure["met"] else "**missed**"


def _size(figure: dict) -> str:
    return _fmt(figure["size"]) if figure["size"] is not None else ""


def _table(figures: list[dict]) -> list[str]:
    """A markdown table of figures with their ratio, reference and target."""
    lines = ["| figure | size | value | ratio | ratio is | target | |", "|---|--:|--:|--:|---|---|---|"]
    for f in figures:
        lines.append(f"| {f['name']} | {_size(f)} | {_fmt(f['value'])} {f['unit']} | {_fmt(f['ratio'])} "
                     f"| {f['reference'] or ''} | {f['target'] or ''} | {_met(f)} |")
    return lines


def _dashboard_table(figures: list[dict]) -> list[str]:
    """Callbacks as rows, p50 and p95 at each store size as columns."""
    cells: dict[str, dict[tuple[str, str], dict]] = defaultdict(dict)
    stores: list[str] = []
    others = []  # the reference and the repeated callbacks: a table of their own
    for f in figures:
        m = re.match(r"(p50|p95) (.+), (.+)$", f["name"])
        if not m:
            others.append(f)
            continue
        stat, callback, store = m.groups()
        cells[callback][(stat, store)] = f
        if store not in stores:
            stores.append(store)
    head = "| callback | " + " | ".join(f"p50, {s} | p95, {s}" for s in stores) + " |"
    lines = [head, "|---|" + "--:|" * (2 * len(stores))]
    for callback, got in cells.items():
        row = []
        for store in stores:
            for stat in ("p50", "p95"):
                f = got.get((stat, store))
                mark = "" if f is None or f["met"] is not False else " **(missed)**"
                row.append(f"{_fmt(f['value'])} ms{mark}" if f else "")
        lines.append(f"| {callback} | " + " | ".join(row) + " |")
    targets = {}
    for f in figures:
        if f["target"]:
            targets.setdefault(f"{f['target']} ({f['name'].rsplit(', ', 1)[1]})", None)
    lines += ["", f"Targets: {'; '.join(targets)}. "
              f"{sum(f['met'] is True for f in figures)} of {sum(f['met'] is not None for f in figures)} met."]
    return lines + (["", *_table(others)] if others else [])


def render_performance(doc: dict) -> str:
    """The Performance block: the machine, the command, every figure by section, and every missed target."""
    m = doc["machine"]
    figures = doc["figures"]
    by_section: dict[str, list[dict]] = defaultdict(list)
    for f in figures:
        by_section[f["section"]].append(f)
    out = [f"Measured on {m['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, "
           f"by `make bench` (sizes {', '.join(f'{s:,}' for s in doc['sizes'])}; {doc['seconds'] / 60:.0f} minutes "
           f"in all). Met {sum(f['met'] is True for f in figures)} targets, missed "
           f"{sum(f['met'] is False for f in figures)}."]
    again = [f"`{name}` on {got['measured']} (`python -m bench {name} --merge`, load average "
             f"{got['load_before']:.1f} -> {got['load_after']:.1f})"
             for name, got in doc.get("sections", {}).items() if got.get("measured")]
    if again:
        out.append("Measured again since, their figures replacing those of the full run: " + "; ".join(again) + ".")
    if doc.get("errors"):
        out.append("Sections that failed: " + "; ".join(doc["errors"]) + ".")
    for section, title in [("extraction", SECTION_TITLES["extraction"]), ("refresh", SECTION_TITLES["refresh"]),
                           ("dashboard", "Dashboard callbacks (ms)"), ("serve", SECTION_TITLES["serve"]),
                           ("memory", SECTION_TITLES["memory"]), ("load", SECTION_TITLES["load"])]:
        if not by_section.get(section):
            continue
        out += ["", f"**{title}**", ""]
        out += _dashboard_table(by_section[section]) if section == "dashboard" else _table(by_section[section])
    notes = [f for f in figures if f["note"] and f["met"] is False]
    if notes:
        out += ["", "**Missed, and where the time goes**", ""]
        out += [f"- {f['section']} / {f['name']} ({_size(f)}): {f['note']}" for f in notes]
    return "\n".join(out)


def render_load(load: dict) -> str:
    """One paragraph of the load test's figures (bench/load_results.json)."""
    c = load["config"]
    got = {f["name"].split(" (")[0]: f for f in load["figures"]}

    def value(name: str) -> str:
        return _fmt(got[name]["value"]) if name in got else "?"

    return (f"  {c['clients']} clients for {load['seconds']:.0f} s against `strikes serve --workers {c['workers']}` "
            f"({c['threads']} threads each) on loopback while `strikes refresh` ran in a loop "
            f"({value('refreshes finished during the run')} refreshes finished, {load['versions']} store versions "
            f"served): {load['requests']:,} requests, **{value('errors')} errors**, p50 {value('p50 latency')} ms, "
            f"p95 {value('p95 latency')} ms, {value('throughput')} requests/s, server memory "
            f"{value('server memory')} MiB (measured {load['machine']['date']} on {load['machine']['cores']} cores; "
            f"the clients, the server and the refreshes share those cores{_shares(load)}).")


def _shares(load: dict) -> str:
    """The CPU each part of a load run used, and the machine's load average, as a clause (older results: none)."""
    cpu, n = load.get("cpu_seconds"), max(load["requests"], 1)
    loads = load.get("load_average_start_end") or []
    said = (f": CPU {cpu['server']:.0f} s in the server ({cpu['server'] / n * 1000:.1f} ms a request), "
            f"{cpu['clients']:.0f} s in the clients ({cpu['clients'] / n * 1000:.1f} ms a request), "
            f"{cpu['refreshes']:.0f} s in the refreshes") if cpu else ""
    return said + (f"; load average {loads[0]:.1f} -> {loads[-1]:.1f}" if len(loads) == 2 else "")


def _replace(text: str, name: str, block: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:begin[^>]*-->)\n.*?([ ]*<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no <!-- {name}:begin --> ... <!-- {name}:end --> markers")
    return pattern.sub(lambda m: m.group(1) + "\n" + block + "\n" + m.group(2), text)


def update_readme(readme: Path, results: Path, load: Path) -> str:
    """The README text with both blocks written from the results files."""
    text = readme.read_text(encoding="utf-8")
    text = _replace(text, "performance", render_performance(json.loads(results.read_text(encoding="utf-8"))))
    if load.is_file():
        text = _replace(text, "load", render_load(json.loads(load.read_text(encoding="utf-8"))))
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.readme", description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, default=REPO / "README.md")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument("--load", type=Path, default=REPO / "bench" / "load_results.json")
    parser.add_argument("--check", action="store_true", help="only check that README.md is up to date")
    args = parser.parse_args(argv)
    new = update_readme(args.readme, args.results, args.load)
    if args.check:
        same = new == args.readme.read_text(encoding="utf-8")
        print("README.md is up to date" if same else "README.md differs from bench/results.json: make bench-readme")
        return 0 if same else 1
    args.readme.write_text(new, encoding="utf-8")
    print(f"wrote the figures of {args.results.name} and {args.load.name} into {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
