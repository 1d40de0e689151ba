"""Export bundles: an export's rows (CSV or Parquet) beside a JSON manifest that says what they are: the data
version, the filters, the columns with their types, the row count, the licences of the sources and a "cite as"
line. `strikes export --bundle DIR` writes one; `/api/v1/<table>.zip` sends one as a zip (dashboard/api.py).

The licences are known by a source's location: the Kaggle table (`kaggle:`), the air-raid alerts (`alerts:`) and
the bundled sample reports (the project's own); any other source's reports are their publishers', and the
manifest says so rather than guess. `manifest` is pure; `write_bundle` writes the two files.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import polars as pl

from etl.filters import Filters

__all__ = ["manifest", "write_bundle", "bundle_files", "source_licence", "filter_echo", "SAMPLE", "MANIFEST"]

MANIFEST = "manifest.json"
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"  # the bundled sample reports
PROJECT = "strikes: air-attack and interception statistics for Ukraine"
LICENCES = {  # how a source's location starts -> what it is and its licence
    "kaggle:": {"name": "Massive Missile Attacks on Ukraine (Kaggle table) by Petro Ivaniuk",
                "licence": "CC BY-NC-SA 4.0", "licence_url": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
                "url": "https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine"},
    "alerts:": {"name": "ukrainian-air-raid-sirens-dataset by Vadym Klymenko", "licence": "MIT",
                "licence_url": "https://github.com/Vadimkin/ukrainian-air-raid-sirens-dataset/blob/main/LICENSE",
                "url": "https://github.com/Vadimkin/ukrainian-air-raid-sirens-dataset"},
}
OWN = {"name": "The project's sample reports (data/sample, written for the project)", "licence": "MIT",
       "licence_url": "https://opensource.org/license/mit", "url": None}
UNKNOWN = {"licence": None, "licence_url": None, "url": None,
           "note": "not known to the project: each report's terms are its publisher's (the reports table names the "
                   "source and address of every report)"}


def source_licence(location: str, sample: Path = SAMPLE) -> dict:
    """What one source of a refresh is and its licence, by its location."""
    for prefix, known in LICENCES.items():
        if location.startswith(prefix):
            return {"source": location, **known}
    try:
        own = Path(location).resolve().is_relative_to(sample.resolve())
    except (OSError, ValueError):
        own = False
    return {"source": location, **(OWN if own else {"name": location, **UNKNOWN})}


def filter_echo(f: Filters, rows: str) -> dict:
    """The filters applied, under the API's parameter names."""
    return {"from": f.start, "to": f.end, "attacker": f.attacker, "weapon": list(f.weapons), "type": list(f.types),
            "kind": list(f.source_kinds), "lang": list(f.languages), "rows": rows}


def manifest(table: str, rows: str, filters: Filters, frame: pl.DataFrame, runs: pl.DataFrame, data_file: str
             ) -> dict:
    """The manifest of a bundle: `frame` is what the data file holds, `runs` the refresh_runs of its store."""
    last = runs.sort("finished").tail(1).to_dicts()
    run = last[0] if last else {}
    sources = json.loads(run.get("sources") or "[]")
    version = {"id": run.get("run_id"), "as_of": run.get("finished"), "code_version": run.get("code_version"),
               "sources": sources}
    licences = [source_licence(s) for s in sources]
    return {"table": table, "file": data_file, "data_version": version, "filters": filter_echo(filters, rows),
            "row_count": frame.height, "columns": [{"name": n, "type": str(t)} for n, t in frame.schema.items()],
            "licences": licences, "cite_as": cite_as(table, version, licences)}


def cite_as(table: str, version: dict, licences: list[dict]) -> str:
    """One line to cite the data by."""
    when = version["as_of"].strftime("%Y-%m-%d %H:%M UTC") if version["as_of"] else "no refresh yet"
    names = "; ".join(dict.fromkeys(item["name"] for item in licences)) or "none"
    return (f"{PROJECT}, table {table}, data version {version['id']} ({when}), code {version['code_version']}. "
            f"Sources: {names}.")


def bundle_files(table: str, rows: str, filters: Filters, frame: pl.DataFrame, runs: pl.DataFrame, fmt: str
                 ) -> dict[str, bytes]:
    """The bundle's files by name: the data (CSV or Parquet) and the manifest."""
    from etl.csvout import to_csv

    name = f"{table}.{fmt}"
    if fmt == "parquet":
        buffer = io.BytesIO()
        version = runs.sort("finished")["run_id"][-1] if runs.height else ""
        frame.write_parquet(buffer, metadata={"strikes_data_version": version})
        body = buffer.getvalue()
    else:
        body = to_csv(frame).encode("utf-8")
    about = manifest(table, rows, filters, frame, runs, name)
    return {name: body, MANIFEST: (json.dumps(about, indent=1, ensure_ascii=False, default=_iso) + "\n").encode()}


def write_bundle(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Writes a bundle's files into a folder (made when missing); OSError names what could not be written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in files.items():
        (folder / name).write_bytes(body)
        written.append(folder / name)
    return written


def _iso(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
