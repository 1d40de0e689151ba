"""The air-raid alert history (github.com/Vadimkin/ukrainian-air-raid-sirens-dataset, MIT) -> `alerts` rows.

Either of its two tables is read where it lies, never copied into the repository:

- `volunteer_data_en.csv`: `region,started_at,finished_at,naive`, oblast level; `naive` True means no end
  message was seen and the end is the start plus 30 minutes (kept as `naive`).
- `official_data_en.csv`: `oblast,raion,hromada,level,started_at,finished_at,source`: oblast, raion and
  hromada alerts; the level and the place below the oblast are kept.

Times are UTC in the file and stay UTC in the store (like `published`); the dashboard converts them to
Kyiv time when it cuts them into nights. Oblast names map to ISO codes through alert_regions.yaml. A row
that cannot be stored (an unknown oblast, an unreadable time, an end before its start) is rejected with
its line number and reason; nothing is dropped silently. Permanent alerts (Luhansk, Crimea) are not in
the dataset: `permanent_alerts()` says since when their hours are unknown.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from etl.lexicon import REGION_CODES
from etl.schemas import ALERT_LEVELS, AlertTable, failures, polars_schema
from etl.yamlsafe import safe_load

__all__ = ["AlertImport", "read_alerts", "read_alert_source", "region_codes", "permanent_alerts", "FORMATS"]

FORMATS = {  # format -> (its columns, the column naming the oblast)
    "volunteer": (("region", "started_at", "finished_at", "naive"), "region"),
    "official": (("oblast", "raion", "hromada", "level", "started_at", "finished_at"), "oblast"),
}
TIME = "%Y-%m-%d %H:%M:%S%z"
REGIONS_FILE = Path(__file__).with_name("alert_regions.yaml")
c = pl.col


@dataclass
class AlertImport:
    """The alerts of one file that can be stored, and every row that cannot, with its line and reason."""

    rows: pl.DataFrame
    rejected: list[tuple[int, str]] = field(default_factory=list)
    format: str = ""


@functools.cache
def _regions_file() -> dict:
    data = safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    unknown = sorted(set(data["names"].values()) - set(REGION_CODES))
    if unknown:
        raise ValueError(f"{REGIONS_FILE.name}: codes that are not regions: {', '.join(unknown)}")
    return data


def region_codes() -> dict[str, str]:
    """The dataset's oblast names -> ISO 3166-2 codes."""
    return dict(_regions_file()["names"])


def permanent_alerts() -> dict[str, date]:
    """Regions under a permanent alert the dataset does not list -> the day it began."""
    return {code: date.fromisoformat(str(day)) for code, day in _regions_file()["permanent"].items()}


def read_alerts(path: str | Path, origin: str) -> AlertImport:
    """Every row of an alert CSV as an `alerts` row, or as a rejected line with its reason.

    Raises ValueError naming the file when it is not one of the dataset's tables.
    """
    try:
        raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.PolarsError, UnicodeError) as exc:
        raise ValueError(f"{path}: cannot be read as CSV ({str(exc).splitlines()[0] if str(exc) else exc})") from None
    fmt = next((name for name, (cols, _) in FORMATS.items() if set(cols) <= set(raw.columns)), None)
    if fmt is None:
        wanted = " or ".join(",".join(cols) for cols, _ in FORMATS.values())
        raise ValueError(f"{path}: not an air-raid alert table of the sirens dataset (columns {wanted} expected)")
    frame = _parsed(raw.with_row_index("line", offset=2), fmt, origin)
    problems = _problems(frame)
    bad = frame.filter(problems.is_not_null())
    rejected = list(zip(bad["line"].to_list(), problems.filter(problems.is_not_null()).to_list(), strict=True))
    rows = frame.filter(problems.is_null()).select(list(polars_schema(AlertTable)))
    failing = failures(AlertTable, rows)  # what the store would refuse, whatever the checks above missed
    if failing:
        rejected += [(rows["line"][i], "; ".join(messages)) for i, messages in failing.items() if i >= 0]
        rows = rows.filter(~pl.int_range(pl.len()).is_in(list(failing)))
    return AlertImport(rows=rows, rejected=sorted(rejected), format=fmt)


def _parsed(raw: pl.DataFrame, fmt: str, origin: str) -> pl.DataFrame:
    """The file's columns turned into the table's, with the raw values kept for the reasons."""
    name = FORMATS[fmt][1]
    codes = region_codes()
    if fmt == "volunteer":
        level, place, naive = pl.lit("oblast"), pl.lit(None, pl.Utf8), c("naive").str.to_lowercase() == "true"
    else:
        level = c("level").str.strip_chars()
        place = pl.coalesce(c("hromada").replace("", None), c("raion").replace("", None))
        naive = pl.lit(False)
    return raw.select(
        c("line").cast(pl.Int64), c(name).alias("_name"), c("started_at").alias("_started"),
        c("finished_at").alias("_finished"),
        c(name).str.strip_chars().replace_strict(codes, default=None, return_dtype=pl.Utf8).alias("region"),
        level.alias("level"), place.alias("place"),
        _utc("started_at").alias("started"), _utc("finished_at").alias("finished"), naive.alias("naive"),
        pl.lit(origin).alias("origin"))


def _utc(column: str) -> pl.Expr:
    return c(column).str.strip_chars().str.to_datetime(TIME, strict=False, time_unit="us").dt.convert_time_zone("UTC")


def _problems(frame: pl.DataFrame) -> pl.Series:
    """Why each row cannot be stored (null when it can)."""
    reason = (
        pl.when(c("region").is_null()).then(pl.format("unknown oblast '{}'", c("_name").fill_null("")))
        .when(c("started").is_null()).then(pl.format("started_at '{}' is not a time", c("_started").fill_null("")))
        .when(c("finished").is_null()).then(pl.format("finished_at '{}' is not a time", c("_finished").fill_null("")))
        .when(c("finished") < c("started")).then(pl.format("the alert ends ({}) before it starts ({})",
                                                           c("_finished"), c("_started")))
        .when(~c("level").is_in(list(ALERT_LEVELS))).then(pl.format("unknown level '{}'", c("level").fill_null(""))))
    return frame.select(reason.alias("why"))["why"]


def read_alert_source(path: str, origin: str, problems: list[dict]) -> pl.DataFrame:
    """The rows of an `alerts:PATH` source of a refresh; each rejected row is added to `problems` with its line.

    Raises OSError when the file is missing and ValueError when it is not an alert table (the refresh keeps the
    source's stored alerts and lists the problem)."""
    from etl.frames import problem_row

    if not Path(path).is_file():
        raise OSError(f"{path}: no such file (download an alert table of the sirens dataset, see README)")
    table = read_alerts(path, origin)
    problems += [problem_row(None, origin, f"line {line}", "import", f"alert not imported: {reason}")
                 for line, reason in table.rejected]
    return table.rows
