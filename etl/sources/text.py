"""Text and Markdown reports, with optional YAML front matter (published, source, url, language)."""

from __future__ import annotations

import re
from datetime import date, datetime

from etl.model import Report
from etl.sources.common import language_code, parse_published, shown
from etl.yamlsafe import YAMLError, safe_load

__all__ = ["report_from_text", "FRONT_MATTER_KEYS"]

FRONT_MATTER_KEYS = ("published", "source", "url", "language", "title", "kind")
FRONT_MATTER_MAX = 65_536  # characters: front matter is a few lines, and YAML is slow to parse
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_SCALARS = (str, int, float, date, datetime)


def report_from_text(text: str, path: str) -> Report:
    """A report from the text of a .txt/.md file; front matter problems are kept on the report."""
    problems: list[str] = []
    meta, body = _front_matter(text, problems)
    unknown = sorted(str(k)[:40] for k in meta if k not in FRONT_MATTER_KEYS)
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
        problems.append(f"front matter kind: {shown(kind)} is not 'official' or 'press'; it was ignored")
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


def _front_matter(text: str, problems: list[str]) -> tuple[dict, str]:
    """The front matter's single values and the body after it; what cannot be used is a problem."""
    m = _FRONT.match(text, 0, FRONT_MATTER_MAX)
    if m is None:
        if _OPENING.match(text):
            problems.append("the file opens with '---' but no closing '---' line follows within "
                            f"{FRONT_MATTER_MAX:,} characters, so it has no front matter and was read whole as "
                            "text; close the front matter with a '---' line")
        return {}, text
    try:
        loaded = safe_load(m.group(1))
    except (YAMLError, RecursionError) as exc:
        problems.append(f"front matter is not valid YAML ({_first_line(exc)}); it was ignored")
        return {}, text[m.end():]
    if not isinstance(loaded, dict):
        if loaded is not None:
            problems.append("front matter is not a mapping of keys to values; it was ignored")
        return {}, text[m.end():]
    meta = {}
    for key, value in loaded.items():
        if value is None or isinstance(value, _SCALARS):
            meta[key] = value
        else:  # a list or mapping, maybe a YAML alias bomb: never printed, never turned into text
            problems.append(f"front matter {str(key)[:40]}: {shown(value)} is not a single value; it was ignored")
    return meta, text[m.end():]


def _text(value) -> str | None:
    return str(value).strip() if value is not None and str(value).strip() else None


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
