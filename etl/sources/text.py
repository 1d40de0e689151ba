"""Text and Markdown reports, with optional YAML front matter (published, source, url, language)."""

from __future__ import annotations

import re

import yaml

from etl.model import Report
from etl.sources.common import language_code, parse_published

__all__ = ["report_from_text", "FRONT_MATTER_KEYS"]

FRONT_MATTER_KEYS = ("published", "source", "url", "language", "title", "kind")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def report_from_text(text: str, path: str) -> Report:
    """A report from the text of a .txt/.md file; front matter problems are kept on the report."""
    problems: list[str] = []
    meta: dict = {}
    body = text
    m = _FRONT.match(text)
    if m:
        body = text[m.end():]
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            loaded = None
            problems.append(f"front matter is not valid YAML ({_first_line(exc)}); it was ignored")
        if isinstance(loaded, dict):
            meta = loaded
        elif loaded is not None:
            problems.append("front matter is not a mapping of keys to values; it was ignored")
    unknown = sorted(str(k) for k in meta if k not in FRONT_MATTER_KEYS)
    if unknown:
        problems.append(f"front matter keys not understood: {', '.join(unknown)}")
    published = None
    if meta.get("published") is not None:
        try:
            published = parse_published(meta["published"])
        except ValueError as exc:
            problems.append(f"front matter published: {exc}; correct it (an ISO date such as 2025-03-14)")
    kind = meta.get("kind")
    if kind is not None and kind not in ("official", "press"):
        problems.append(f"kind: {kind!r} is not 'official' or 'press'")
        kind = None
    return Report(
        text=body,
        path=path,
        published=published,
        source=_text(meta.get("source")),
        url=_text(meta.get("url")),
        language=language_code(meta.get("language")),
        kind=kind,
        title=_text(meta.get("title")),
        problems=problems,
    )


def _text(value) -> str | None:
    return str(value).strip() if value is not None and str(value).strip() else None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]
