"""Petro Ivaniuk's Kaggle table "Massive Missile Attacks on Ukraine" (`missile_attacks_daily.csv`) -> extractions.

Each CSV row becomes one report (a one-line rendering of the row, shown as the evidence) with exactly
one strike claim by RU. The data is CC BY-NC-SA 4.0: it is read where it lies, never copied into the repo.

- `launched` -> launched, `destroyed` -> shot_down, `not_reach_goal` -> suppressed, and `neutralized` =
  destroyed + not_reach_goal with a blank not_reach_goal counted as 0: the table records everything
  stopped in those two columns, and a blank means none was reported. Figures are "exact", spanning the text.
- Times are Kyiv local time (the Air Force's "from 18:00"; the upstream datapackage wrongly says UTC); a
  date-only value means the whole day. The attack date is the Kyiv date on which the window ends
  (`time_end`, else `time_start`); `published` is the end of the window.
- `model` maps to class and type through the `dataset:` lists of etl/lexicon/weapons.yaml. A composite
  ("X-101/X-555 and Kalibr") is one claim, split per model by `launched_details` (a Python dict literal
  with bare NaN); without it there is a type row only when all components share one type.
- `is_shahed` counts the Shaheds within a mixed drone total (the Air Force says "about 70 of them are
  Shaheds"); it becomes the type row's launches.
- Rows of regional air commands (PvK...) and oblast administrations (...oda.gov.ua) are "regional",
  all others "record". The two overlap: never add them up.
- The item key hashes the row's window, model, target and source, so it survives the file growing at
  the top; rows sharing all four are numbered in the order of their content.
- A row that cannot be imported (unknown model, no usable date, no launched figure, negative or
  contradictory figures) is rejected with its line number and reason; nothing is dropped silently.
"""

from __future__ import annotations

import ast
import csv
import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from etl.lexicon import CatalogEntry, weapon_catalog
from etl.model import MAX_COUNT, Extraction, Report, Span, StrikeClaim, TypeRow
from etl.sources.common import EARLIEST_PUBLISHED, KYIV

__all__ = ["KaggleImport", "read_kaggle", "window_start"]

COUNTS = ("launched", "destroyed", "not_reach_goal", "is_shahed")
COLUMNS = ("time_start", "time_end", "model", "target", *COUNTS, "launched_details", "source")
SEPARATOR = " and "  # between the components of a composite model
END_OF_DAY = time(23, 59, 59)
REGIONAL = re.compile(r"^(?:pvk[^/]*|[^/]*oda\.gov\.ua)(?:/|$)", re.IGNORECASE)
FACEBOOK_PATH = re.compile(r"^(?:[\w.]+/(?:posts|videos)/[\w-]+|watch/\?v=\d+)/?$")
URL_PREFIX = re.compile(r"^https?://(?:www\.)?(?:facebook\.com/)?", re.IGNORECASE)
NAN = re.compile(r"\bNaN\b")

Row = dict[str, str]
Entries = list[tuple[str, CatalogEntry]]


class RowError(ValueError):
    """A CSV row that cannot be imported; the message is the reason."""


@dataclass
class KaggleImport:
    """The rows of the table that were imported, and every row that was not, with its reason."""

    extractions: list[Extraction] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, header = 1; reason)
    total_rows: int = 0


def read_kaggle(path: str | Path, name: str | None = None) -> KaggleImport:
    """Every row of missile_attacks_daily.csv as an extraction, or as a rejected line with its reason. Each report's
    path is `kaggle:NAME` (by default the file's path; a dataset handle for a downloaded table, whose file moves
    with each version)."""
    rows, result = _read_rows(path)
    items = _item_keys(rows)
    for line, row in rows:
        try:
            result.extractions.append(_extraction(row, items[line], str(path), name or str(path)))
        except RowError as exc:
            result.rejected.append((line, str(exc)))
    result.rejected.sort()
    return result


def _read_rows(path: str | Path) -> tuple[list[tuple[int, Row]], KaggleImport]:
    """The CSV's records as (line, row), and an import holding the records that do not fit the header."""
    result = KaggleImport()
    rows: list[tuple[int, Row]] = []
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [name.strip() for name in next(reader, [])]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise ValueError(f"{path}: not missile_attacks_daily.csv, columns missing: {', '.join(missing)}")
        line = reader.line_num + 1
        while (values := _record(reader, line, result)) is not None:
            if values:
                result.total_rows += 1
                if len(values) == len(header):
                    rows.append((line, dict(zip(header, values, strict=True))))
                else:
                    result.rejected.append((line, f"{len(values)} fields where the header has {len(header)}"))
            line = reader.line_num + 1
    return rows, result


def _record(reader, line: int, result: KaggleImport) -> list[str] | None:
    """The next record (None at the end); one that cannot be read as CSV (a cell over the csv module's field
    limit, 128 KiB) is a rejected line, and reading goes on with the next."""
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        result.total_rows += 1
        result.rejected.append((line, f"the row cannot be read as CSV ({exc})"))
        return []


def _item_keys(rows: list[tuple[int, Row]]) -> dict[int, str]:
    """Line -> a key of the row that does not depend on where the row is in the file."""
    groups: dict[str, list[tuple[tuple, int]]] = defaultdict(list)
    for line, row in rows:
        key = "\x1f".join([_normal_time(row["time_start"]), _normal_time(row["time_end"]),
                           *(row[c].strip() for c in ("model", "target", "source"))])
        groups[hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]].append((tuple(sorted(row.items())), line))
    keys = {}
    for digest, members in groups.items():
        for n, (_, line) in enumerate(sorted(members), start=1):
            keys[line] = f"{digest}-{n}"
    return keys


def _normal_time(value: str) -> str:
    """A time value written the same way however the file pads it (the raw text when unreadable)."""
    try:
        return _label(_moment(value))
    except RowError:
        return value.strip()


def _extraction(row: Row, item: str, path: str, name: str) -> Extraction:
    """One row as a report with one strike claim; RowError when the row cannot be imported."""
    attack_date, published, window = _window(row)
    entries = _entries(row["model"])
    counts = _counts(row)
    split, problems = _launched_split(row["launched_details"], entries, counts["launched"])
    source = row["source"].strip()
    text = _render(Path(path).name, window, row, counts, split)
    report = Report(text=text, path=f"kaggle:{name}", item=item, published=published, source=source or None,
                    url=_url(source), language=None, kind=_kind(source))
    types = _type_rows(entries, counts, split)
    if counts["is_shahed"] is not None and not _counts_shahed(entries):
        problems.append(f"is_shahed {counts['is_shahed']} given for {row['model'].strip()!r}: not used")
    claim = _claim(entries[0][1].weapon, attack_date, _measures(counts), types, Span(0, len(text)))
    return Extraction(report, strikes=[claim], problems=problems)


def _moment(value: str) -> tuple[datetime, bool] | None:
    """A time_start/time_end value (Kyiv local) and whether it has a time of day; None when blank."""
    text = value.strip()
    if not text:
        return None
    for fmt, timed in (("%Y-%m-%d %H:%M", True), ("%Y-%m-%d", False)):
        try:
            return datetime.strptime(text, fmt), timed
        except ValueError:
            continue
    raise RowError(f"no usable date: {value!r} is not YYYY-MM-DD or YYYY-MM-DD HH:MM")


def _label(moment: tuple[datetime, bool] | None) -> str:
    """"2026-05-16 18:00", or "2026-05-16" for a whole day."""
    if moment is None:
        return ""
    return moment[0].strftime("%Y-%m-%d %H:%M" if moment[1] else "%Y-%m-%d")


def _window(row: Row) -> tuple[date, datetime, str]:
    """The attack date (Kyiv date of the window's end), the end as a Kyiv date-time, and the window as text."""
    start, end = _moment(row["time_start"]), _moment(row["time_end"])
    last = end or start
    if last is None:
        raise RowError("no usable date: time_start and time_end are both empty")
    moment, timed = last
    finish = moment if timed else datetime.combine(moment.date(), END_OF_DAY)
    if start is not None and start[0] > finish:
        raise RowError(f"the window ends ({_label(end)}) before it starts ({_label(start)})")
    if finish.replace(tzinfo=KYIV) < EARLIEST_PUBLISHED:  # 0001-01-01 cannot even be moved to UTC
        raise RowError(f"no usable date: {_label(last)} is before {EARLIEST_PUBLISHED.year}")
    labels = [_label(start), _label(end)]
    window = " – ".join(dict.fromkeys(label for label in labels if label))
    return moment.date(), finish.replace(tzinfo=KYIV), window


@functools.cache
def _catalog() -> dict[str, CatalogEntry]:
    """Kaggle model string -> catalogue entry (weapons.yaml `dataset:` lists)."""
    return {name: entry for entry in weapon_catalog() for name in entry.dataset}


def _entries(model: str) -> Entries:
    """The catalogue entries of a model or of each component of a composite model."""
    model = model.strip()
    catalog = _catalog()
    names = [model] if model in catalog else [m.strip() for m in model.split(SEPARATOR)]
    unknown = [n for n in names if n not in catalog]
    if not model or unknown:
        what = ", ".join(repr(n) for n in unknown) if model else "(blank)"
        raise RowError(f"unknown model {what}: not in any `dataset:` list of etl/lexicon/weapons.yaml")
    classes = sorted({catalog[n].weapon for n in names})
    if len(classes) > 1:
        raise RowError(f"composite model {model!r} mixes weapon classes ({', '.join(classes)}): not one claim")
    return [(n, catalog[n]) for n in names]


def _count(row: Row, column: str) -> int | None:
    """A count column ("287.0") as an integer; None when blank."""
    text = row[column].strip()
    if not text or text.lower() == "nan":
        return None
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{column} {text!r} is not a number") from None
    if not value.is_integer():
        raise RowError(f"{column} {text!r} is not a whole number")
    if value < 0:
        raise RowError(f"negative figure: {column} {text}")
    if value > MAX_COUNT:
        raise RowError(f"{column} {text} is more than {MAX_COUNT:,}: not a count of weapons")
    return int(value)


def _counts(row: Row) -> dict[str, int | None]:
    """The row's counts, checked against each other."""
    counts = {column: _count(row, column) for column in COUNTS}
    launched = counts["launched"]
    if launched is None:
        raise RowError("no launched figure")
    stopped = _neutralized(counts)
    if counts["destroyed"] is not None and counts["destroyed"] > launched:
        raise RowError(f"destroyed {counts['destroyed']} is more than launched {launched}")
    if stopped is not None and stopped > launched:
        raise RowError(f"destroyed {counts['destroyed']} + not_reach_goal {counts['not_reach_goal']} = {stopped} "
                       f"stopped is more than launched {launched}")
    if counts["is_shahed"] is not None and counts["is_shahed"] > launched:
        raise RowError(f"is_shahed {counts['is_shahed']} is more than launched {launched}")
    return counts


def _neutralized(counts: dict[str, int | None]) -> int | None:
    """Destroyed + not_reach_goal, a blank not_reach_goal counting as none; None without destroyed."""
    if counts["destroyed"] is None:
        return None
    return counts["destroyed"] + (counts["not_reach_goal"] or 0)


def _measures(counts: dict[str, int | None]) -> dict[str, int | None]:
    """The row's counts as the claim's measures."""
    return {"launched": counts["launched"], "shot_down": counts["destroyed"],
            "suppressed": counts["not_reach_goal"], "neutralized": _neutralized(counts)}


def _launched_split(text: str, entries: Entries, launched: int) -> tuple[dict[str, int] | None, list[str]]:
    """launched_details as component -> launches, or None (with a problem when it does not fit the row)."""
    text = text.strip()
    if not text:
        return None, []
    try:
        data = ast.literal_eval(NAN.sub("None", text))
    except (ValueError, SyntaxError):
        return None, [f"launched_details {text!r} cannot be read: no per-model split"]
    names = [name for name, _ in entries]
    split = {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else {}
    whole = all(isinstance(v, int | float) and 0 <= v <= MAX_COUNT and float(v).is_integer() for v in split.values())
    if not split or not whole or not set(split) <= set(names) or sum(split.values()) != launched:
        return None, [f"launched_details {text!r} do not split the {launched} launched among {names}"]
    return ({k: int(v) for k, v in split.items()} if len(names) > 1 else None), []


def _counts_shahed(entries: Entries) -> bool:
    """True when is_shahed can count the launches of the row's type: one drone model with a type."""
    return len(entries) == 1 and entries[0][1].type is not None and entries[0][1].weapon == "drone"


def _type_rows(entries: Entries, counts: dict[str, int | None], split: dict[str, int] | None) -> list[TypeRow]:
    """The claim's type rows: the model's own figures, the launched split, or one shared type."""
    if split is not None:
        return [TypeRow(e.type, e.model, launched=split[n]) for n, e in entries if e.type and n in split]
    types = {e.type for _, e in entries}
    if len(types) != 1 or None in types:
        return []
    model = entries[0][1].model if len(entries) == 1 else None
    if counts["is_shahed"] is not None and _counts_shahed(entries):
        return [TypeRow(types.pop(), model, launched=counts["is_shahed"])]
    return [TypeRow(types.pop(), model, **_measures(counts))]


def _claim(weapon: str, attack_date: date, measures: dict, types: list[TypeRow], span: Span) -> StrikeClaim:
    """The row's strike claim; every stated figure is exact and stated by the whole text."""
    stated = [m for m, v in measures.items() if v is not None]
    return StrikeClaim(attacker="RU", weapon=weapon, attack_date=attack_date, **measures,
                       qualifier={m: "exact" for m in stated}, types=types, evidence=[span],
                       figure_spans={m: [span] for m in stated})


def _render(name: str, window: str, row: Row, counts: dict, split: dict[str, int] | None) -> str:
    """The row as one readable line: file, window, model, figures, split and source."""
    what = row["model"].strip() + (f" (target {row['target'].strip()})" if row["target"].strip() else "")
    figures = ", ".join(f"{c} {v}" for c, v in counts.items() if v is not None)
    text = f"{name}: {window}, {what}: {figures}"
    if split:
        text += "; launched_details " + ", ".join(f"{k} {v}" for k, v in split.items())
    source = row["source"].strip()
    return text + (f" ({source})" if source else "")


RENDERED_WINDOW = re.compile(r"^[^:\n]+: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) – \d{4}-\d{2}-\d{2}")


def window_start(text: str) -> datetime | None:
    """The start of a row's window (Kyiv local time, naive) as `_render` wrote it into the report text: only when
    the row gave both ends and the start has a time of day (else the time the weapons came is not known)."""
    match = RENDERED_WINDOW.match(text or "")
    return datetime.strptime(match.group(1), "%Y-%m-%d %H:%M") if match else None


def _url(source: str) -> str | None:
    """The address of the source post: a Facebook path made absolute, a URL as it is, else None."""
    if source.lower().startswith(("http://", "https://")):
        return source
    return f"https://www.facebook.com/{source}" if FACEBOOK_PATH.match(source) else None


def _kind(source: str) -> str:
    """"regional" for the regional air commands and oblast administrations, else "record"."""
    return "regional" if REGIONAL.match(URL_PREFIX.sub("", source)) else "record"
