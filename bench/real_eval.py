"""`make eval-real`: the extractor measured on real published reports (issue 12), per set and language.

    python -m bench.real_eval [--texts ../real-local] [--misses]

Each row of bench/real/POINTERS.tsv names a report and its gold file. The report's text is never in the
repository: it is found by its id (ID.txt) anywhere under --texts, a local copy rebuilt as
bench/real/README.md says. The texts found are extracted together, in this process, by the code of
`strikes extract --format json`, and scored with ../shared/tools/score_extract.py once per set (the given
reports, ours, all), which gives precision, recall and F1 of strike figures and outage regions per language.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POINTERS = REPO / "bench" / "real" / "POINTERS.tsv"
SHARED = REPO.parent / "shared"
SHARED_PREFIX = "../shared/"  # a gold path starting so is inside the --shared folder
HOWTO = "bench/real/README.md"
COLUMNS = ("id", "set", "language", "gold")
SETS = ("shared", "ours")  # the `set` column: the reports given in ../shared/corpus/real, the ones we collected
ROW = re.compile(r"^(\S+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$")

__all__ = ["Pointer", "EvalError", "load_pointers", "find_texts", "extraction_document", "score", "main"]


class EvalError(Exception):
    """Something the evaluation cannot go on without; the message names it."""


@dataclass(frozen=True)
class Pointer:
    """One real report: its id, set, language and gold file."""

    id: str
    set: str
    language: str
    gold: Path


def load_pointers(path: Path, shared: Path) -> list[Pointer]:
    """The pointer rows of a POINTERS.tsv; gold paths are relative to the repository, ../shared/ to `shared`."""
    if not path.is_file():
        raise EvalError(f"{path}: no such pointer list")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise EvalError(f"{path}: the header lacks the column(s) {', '.join(missing)}")
        rows = list(reader)
    pointers = [Pointer(r["id"], r["set"], r["language"], _gold_path(r["gold"], shared)) for r in rows]
    odd = sorted({p.set for p in pointers} - set(SETS))
    if odd:
        raise EvalError(f"{path}: unknown set(s) {', '.join(odd)} (a set is one of {', '.join(SETS)})")
    twice = [i for i, n in Counter(p.id for p in pointers).items() if n > 1]
    if twice:
        raise EvalError(f"{path}: id(s) listed more than once: {', '.join(sorted(twice))}")
    return pointers


def _gold_path(text: str, shared: Path) -> Path:
    """Where a gold file is."""
    if text.startswith(SHARED_PREFIX):
        return shared / text[len(SHARED_PREFIX):]
    path = Path(text)
    return path if path.is_absolute() else REPO / path


def find_texts(root: Path, ids: set[str]) -> dict[str, Path]:
    """The text file of each id found under `root` (ID.txt at any depth; the shallowest when there are several)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.txt"), key=lambda p: (len(p.parts), str(p))):
        if path.stem in ids and path.is_file():
            found.setdefault(path.stem, path)
    return found


def extraction_document(paths: list[Path]) -> dict:
    """What `strikes extract PATH... --format json` prints for these files, extracted in this one process."""
    from etl.pipeline import ExtractOptions, extract_sources
    from etl.render import extraction_json
    from etl.settings import ConfigError, load_settings

    try:
        settings = load_settings({})
    except ConfigError as exc:
        raise EvalError(str(exc)) from exc
    options = ExtractOptions(workers=settings.extract_workers, time_limit=settings.report_time_limit)
    extractions, unreadable = extract_sources([str(p) for p in paths], options=options)
    if unreadable:
        raise EvalError("cannot read: " + "; ".join(unreadable))
    return extraction_json(extractions)


def score(scorer: Path, pointers: list[Pointer], prediction: Path, misses: bool = False) -> tuple[dict, list[str]]:
    """Per language (and "all"): strike P, R, F1 and outage P, R, F1 of the scorer on these reports; its misses."""
    with tempfile.TemporaryDirectory(prefix="real-gold-") as tmp:
        for p in pointers:  # the scorer reads a folder of gold files: these reports' and no others
            shutil.copyfile(p.gold, Path(tmp) / f"{p.id}.gold.json")
        run = subprocess.run([sys.executable, str(scorer), tmp, str(prediction), *([] if misses else ["--quiet"])],
                             capture_output=True, text=True)
    if run.returncode != 0:
        raise EvalError(f"{scorer} failed: {(run.stderr or run.stdout).strip()}")
    table = {m.group(1): tuple(float(v) for v in m.groups()[1:])
             for m in map(ROW.match, run.stdout.splitlines()) if m}
    if "all" not in table:
        raise EvalError(f"{scorer} printed no table:\n{run.stdout}")
    lines = run.stdout.splitlines()
    found = [line.strip() for line in lines[lines.index("misses:") + 1:] if line.startswith("  ")] \
        if "misses:" in lines else []
    return table, found


def _commit() -> str:
    """The checkout's commit, marked when files tracked by git have uncommitted changes."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                             timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (sha or "unknown") + (" with uncommitted changes" if sha and dirty else "")


def _shown(path: Path) -> str:
    """A path as the repository names it when it is inside, else as given."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def _table(results: list[tuple[str, list[Pointer], dict]]) -> list[str]:
    """The Markdown table: per set, a row per language and one for all its reports."""
    lines = ["| set | language | reports | strike P | R | F1 | outage P | R | F1 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, pointers, table in results:
        counts = Counter(p.language for p in pointers)
        for lang in [*sorted(k for k in table if k != "all"), "all"]:
            n = len(pointers) if lang == "all" else counts.get(lang, 0)
            cells = " | ".join(f"{v:.3f}" for v in table[lang])
            label = f"**{lang}**" if lang == "all" else lang
            lines.append(f"| {name} | {label} | {n} | {cells} |")
    return lines


def _score_sets(scorer: Path, scored: list[Pointer], texts: list[Path], misses: bool) -> tuple[list, list[str]]:
    """The texts extracted once, then scored per set and for all: (set, its pointers, its table) and the misses."""
    results, listed = [], []
    with tempfile.TemporaryDirectory(prefix="real-eval-") as tmp:
        prediction = Path(tmp) / "prediction.json"
        prediction.write_text(json.dumps(extraction_document(texts), ensure_ascii=False), encoding="utf-8")
        for name in (*SETS, "all"):
            group = [p for p in scored if name in ("all", p.set)]
            if group:
                table, found = score(scorer, group, prediction, misses and name == "all")
                results.append((name, group, table))
                listed += found
    return results, listed


def evaluate(texts: Path, pointers_path: Path, shared: Path, misses: bool = False) -> list[str]:
    """The report of one evaluation: header, table and notes, as lines to print."""
    scorer = shared / "tools" / "score_extract.py"
    if not scorer.is_file():
        raise EvalError(f"{shared} is absent or has no tools/score_extract.py: the scorer and the gold of the "
                        "given reports are there (the ../shared folder beside the repository)")
    pointers = load_pointers(pointers_path, shared)
    absent = [str(p.gold) for p in pointers if not p.gold.is_file()]
    if absent:
        raise EvalError(f"gold file(s) named in {pointers_path} are missing: {', '.join(absent)}")
    if not texts.is_dir():
        raise EvalError(f"REAL_TEXTS {texts} is not a folder: rebuild the local texts as {HOWTO} says")
    found = find_texts(texts, {p.id for p in pointers})
    if not found:
        raise EvalError(f"no text of {pointers_path.name} found under REAL_TEXTS {texts} (ID.txt at any depth): "
                        f"rebuild the local texts as {HOWTO} says")
    scored = [p for p in pointers if p.id in found]
    notes = [f"{len(scored)} of {len(pointers)} reports scored (texts under {texts})"]
    lost = [p.id for p in pointers if p.id not in found]
    if lost:
        notes.append(f"{len(lost)} text(s) not found under {texts}, left out: {', '.join(lost)}")
    results, listed = _score_sets(scorer, scored, [found[p.id] for p in scored], misses)
    head = [f"Real published reports ({_shown(pointers_path)}), {date.today().isoformat()}, commit {_commit()}",
            "set shared: given with their gold in ../shared/corpus/real; ours: collected, gold in bench/real/gold", ""]
    tail = ["", *notes, *(["", "misses:", *(f"  {m}" for m in listed)] if misses else [])]
    return head + _table(results) + tail


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 with a one-line error when the evaluation cannot run."""
    parser = argparse.ArgumentParser(prog="python -m bench.real_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=REPO.parent / "real-local",
                        help="folder holding the local texts ID.txt, at any depth (make: REAL_TEXTS)")
    parser.add_argument("--pointers", type=Path, default=POINTERS, help="the pointer list")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the ../shared folder (scorer, given gold)")
    parser.add_argument("--misses", action="store_true", help="also list every miss the scorer names")
    args = parser.parse_args(argv)
    try:
        lines = evaluate(args.texts, args.pointers, args.shared, args.misses)
    except EvalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
