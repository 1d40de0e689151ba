"""Curated annotations of changes in reporting, read from YAML files (setting `annotations`). I/O at the edge.

Each file is a list of entries:

    - date: 2024-07-01          # the day the change took effect (YYYY-MM-DD)
      title: Short title
      note: What changed and why it matters for the charts.
      source: https://...       # where it is documented (http or https)
      weapon: drone             # optional: the weapon class it concerns (missile, drone, glide_bomb)
      attacker: RU              # optional: RU or UA
      uk: {title: ..., note: ...}   # optional: the texts in another interface language

An entry that cannot be used is left out with a one-line problem naming the file, the entry and what is
wrong (shown on the Data quality page); the other entries are read. Files are read again when they change.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from dashboard.i18n import UI_LANGUAGES
from etl.model import ATTACKERS, WEAPONS

__all__ = ["Annotation", "load", "parse", "KEYS"]

KEYS = {"date", "title", "note", "source", "weapon", "attacker", *UI_LANGUAGES}
TEXT_KEYS = {"title", "note"}
MAX_BYTES = 1_000_000  # an annotations file is a handful of entries


@dataclass(frozen=True)
class Annotation:
    """One curated change in reporting."""

    day: date
    title: str
    note: str
    url: str
    weapon: str | None = None
    attacker: str | None = None
    texts: dict = field(default_factory=dict, hash=False, compare=False)  # language -> {title, note}

    def text(self, key: str, ui: str) -> str:
        """The title or note in an interface language (the English text when there is none)."""
        return (self.texts.get(ui) or {}).get(key) or getattr(self, key)


class _Loader(yaml.SafeLoader):
    """Safe YAML in which dates stay text (an impossible date is then one entry's problem, not the file's)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

_lock = threading.Lock()
_cache: dict[Path, tuple[tuple, list[Annotation], list[str]]] = {}


def load(paths: list[str] | tuple[str, ...]) -> tuple[list[Annotation], list[str]]:
    """The annotations of every file, by date, and a problem for every file or entry that could not be used."""
    found: list[Annotation] = []
    problems: list[str] = []
    for name in paths:
        got, bad = _load_one(Path(name))
        found += got
        problems += bad
    return sorted(found, key=lambda a: (a.day, a.title)), problems


def _load_one(path: Path) -> tuple[list[Annotation], list[str]]:
    try:
        st = path.stat()
    except OSError:
        return [], [f"{path}: annotations file not found; no curated markers from it"]
    key = (st.st_ino, st.st_size, st.st_mtime_ns)
    with _lock:
        cached = _cache.get(path)
        if cached and cached[0] == key:
            return cached[1], cached[2]
    if st.st_size > MAX_BYTES:
        result: tuple[list[Annotation], list[str]] = ([], [f"{path}: larger than {MAX_BYTES:,} bytes; not read"])
    else:
        try:
            result = parse(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeError) as exc:
            result = ([], [f"{path}: cannot be read ({exc})"])
    with _lock:
        _cache[path] = (key, *result)
    return result


def parse(text: str, where: str = "annotations") -> tuple[list[Annotation], list[str]]:
    """The entries of one YAML text, and a problem for each entry that cannot be used."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        return [], [f"{where}: not valid YAML" + (f" (line {line + 1})" if line is not None else "")]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [f"{where}: expected a list of entries (- date: ..., title: ..., note: ..., source: ...)"]
    found, problems = [], []
    for n, entry in enumerate(data, start=1):
        try:
            found.append(_entry(entry))
        except ValueError as exc:
            label = f"entry {n}" + (f" ({entry.get('date')})" if isinstance(entry, dict) and entry.get("date") else "")
            problems.append(f"{where}, {label}: {exc}; left out")
    return found, problems


def _entry(entry) -> Annotation:
    if not isinstance(entry, dict):
        raise ValueError("not a mapping of date, title, note and source")
    unknown = sorted(str(k) for k in entry if k not in KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})")
    missing = [k for k in ("date", "title", "note", "source") if entry.get(k) in (None, "")]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    try:
        day = date.fromisoformat(str(entry["date"]).strip())
    except ValueError:
        raise ValueError(f"date {str(entry['date'])[:40]!r} is not a day (YYYY-MM-DD)") from None
    url = str(entry["source"]).strip()
    if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        raise ValueError(f"source {url[:60]!r} is not an http(s) address")
    if entry.get("weapon") not in (None, *WEAPONS):
        raise ValueError(f"weapon {entry['weapon']!r} is not one of {', '.join(WEAPONS)}")
    if entry.get("attacker") not in (None, *ATTACKERS):
        raise ValueError(f"attacker {entry['attacker']!r} is not one of {', '.join(ATTACKERS)}")
    texts = {ui: _texts(entry[ui], ui) for ui in UI_LANGUAGES if ui in entry}
    return Annotation(day=day, title=str(entry["title"]).strip(), note=str(entry["note"]).strip(), url=url,
                      weapon=entry.get("weapon"), attacker=entry.get("attacker"), texts=texts)


def _texts(value, ui: str) -> dict:
    if not isinstance(value, dict) or set(value) - TEXT_KEYS:
        raise ValueError(f"{ui} must be a mapping of title and note")
    return {k: str(v).strip() for k, v in value.items() if v}
