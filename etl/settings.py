"""Settings, declared once: name, default, help text and environment variable.

Values come from (highest first) a command-line flag, the environment, `strikes.toml`
(or the file named by STRIKES_CONFIG), then the default. The README lists every setting;
a test fails when one is missing there.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Setting", "SETTINGS", "Settings", "load_settings", "ConfigError"]


@dataclass(frozen=True)
class Setting:
    """One setting with its default, help text and environment override."""

    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        """The environment variable that overrides it."""
        return "STRIKES_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "data/strikes.duckdb", "Path of the embedded DuckDB store file."),
    Setting(
        "sources",
        ["data/sample"],
        "What `strikes refresh` reads: folders, files, http(s) URLs, telegram:CHANNEL for a public Telegram channel, "
        "kaggle:PATH (a local file) or kaggle:OWNER/DATASET (downloaded) for the Kaggle table, or alerts:PATH for the "
        "air-raid alert table; in strikes.toml also `[[sources]]` tables with a name, location, kind, language and "
        "cadence (see Following live sources). "
        "In the environment, separate them with commas.",
    ),
    Setting("host", "127.0.0.1", "Address `strikes serve` binds to (localhost by default)."),
    Setting("port", 8050, "Port `strikes serve` listens on."),
    Setting("rate_min_launched", 20, "Interception rates computed from fewer launched weapons than this are hidden."),
    Setting("shrink_limit", 0.5, "A refresh that would withdraw more than this share of a source's reports (of its "
            "largest size over its recent runs) is refused."),
    Setting("store_versions", 5, "Versions of the store kept in `<store>.versions/`: each refresh adds the one it "
            "wrote and deletes the oldest beyond this number; `strikes store restore` puts one back. 0 keeps none."),
    Setting("http_timeout", 30, "Seconds a URL source may take to answer in full; a slower one is an error naming it."),
    Setting("max_download_bytes", 20_000_000,
            "A URL source whose body is larger than this many bytes is not read (an error naming the URL)."),
    Setting("max_file_bytes", 50_000_000,
            "A report file larger than this many bytes is not read; it is listed with a problem naming it."),
    Setting("max_page_bytes", 5_000_000,
            "An HTML page (file or URL) larger than this many bytes is not parsed; it is listed with a problem."),
    Setting("max_report_chars", 1_000_000,
            "A report text longer than this many characters is cut there (at a paragraph break) and listed "
            "with a problem."),
    Setting("telegram_base_url", "https://t.me/s", "Where `telegram:CHANNEL` sources are read: the web preview of "
            "public channels (BASE/CHANNEL, older posts BASE/CHANNEL?before=ID); a mirror or a test server can stand in."),
    Setting("telegram_first_days", 30.0, "How many days back the first read of a `telegram:` channel goes; later "
            "reads go back to the newest post stored."),
    Setting("telegram_request_interval", 1.0, "Seconds between two requests to the Telegram preview (politeness); "
            "a 429 answer is waited out and tried again."),
    Setting("threads", 8, "Worker threads of the dashboard's WSGI server (per worker process)."),
    Setting("extract_workers", 0, "Processes that extract reports in parallel (`strikes refresh`, `strikes extract`); "
            "0 means one per CPU core. Fewer than 256 reports are always extracted in one process."),
    Setting("report_time_limit", 30.0, "Seconds one report may take to extract; a report that takes longer is kept, "
            "without claims, and listed as a problem. 0 means no limit."),
    Setting("executor", "local", "Where `strikes refresh` and `strikes extract` extract: `local` (this machine's "
            "process pool) or `dask` (a Dask distributed cluster: the one at `dask_scheduler`, or with none a local "
            "cluster of `extract_workers` processes started for the run)."),
    Setting("dask_scheduler", "", "Address of the Dask scheduler the executor `dask` sends extraction to, e.g. "
            "`tcp://10.0.0.5:8786`; empty: a local Dask cluster is started and closed for each run."),
    Setting("workers", 1, "Worker processes of `strikes serve`, sharing one listening socket; each has `threads` "
            "threads and its own copy of the data in memory. More than one uses more cores."),
    Setting("plotly_bundle", "cartesian", "The plotly.js the dashboard sends: `cartesian` (plotly.js's cartesian "
            "bundle, a third of the full one, with every chart type the dashboard draws; fetched by `make install`) "
            "or `full` (the whole plotly.js the plotly package ships, also sent when the cartesian one is missing)."),
    Setting("prerender", True, "Send a page with its first content: the view of the address in the layout the browser "
            "asks for, the Overview's cards and charts already computed, plotly.js asked for with the page; off, the "
            "browser asks for each by callback once the page has loaded, as the dashboard did before issue 17 "
            "(`make bench` compares the two)."),
    Setting("annotations", ["data/annotations.yaml"],
            "YAML files of curated changes in reporting (date, title, note, source URL), drawn as markers on the "
            "dashboard's time charts. In the environment, separate them with commas."),
    Setting("auth_user", "", "User name for HTTP basic auth on every dashboard route; empty: no auth."),
    Setting("review_users", [], "Basic-auth users who may confirm, correct and reject claims on the dashboard's Review "
            "page; empty: the basic-auth user. Without basic auth the dashboard never writes (use `strikes review`). "
            "In the environment, separate them with commas."),
    Setting("review_share", 0.2, "A claim whose figure is more than this share away from the figure its night was "
            "reconciled to (from the record or another source) is flagged for review."),
    Setting("review_extreme", 1000, "A claim of one night with a figure above this is flagged for review as extreme."),
    Setting("auth_password_hash", "", "Hash of the basic-auth password, made by `strikes hash-password` "
            "(never the password itself)."),
)


class ConfigError(ValueError):
    """A settings file or environment value that cannot be used."""


class Settings(dict):
    """Setting name -> value, readable as attributes."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def load_settings(overrides: dict[str, Any] | None = None, config: str | Path | None = None) -> Settings:
    """The settings in force: flags > environment > strikes.toml > defaults."""
    path = Path(config or os.environ.get("STRIKES_CONFIG", "strikes.toml"))
    from_file: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
        from_file = dict(data.get("strikes", data))
        if "strikes" in data and isinstance(data.get("sources"), list):  # [[sources]] tables beside [strikes]
            from_file["sources"] = [*from_file.get("sources", []), *data["sources"]]
        unknown = set(from_file) - {s.name for s in SETTINGS}
        if unknown:
            raise ConfigError(f"{path}: unknown settings {', '.join(sorted(unknown))}")
    values = Settings()
    for s in SETTINGS:
        value = s.default
        if s.name in from_file:
            value = from_file[s.name]
        if s.env in os.environ:
            value = os.environ[s.env]
        if overrides and overrides.get(s.name) not in (None, [], ()):
            value = overrides[s.name]
        values[s.name] = _coerce(s, value)
    return values


def _coerce(s: Setting, value: Any) -> Any:
    kind = type(s.default)
    try:
        if kind is list:
            if isinstance(value, str):
                return [v.strip() for v in value.split(",") if v.strip()]
            return [v if isinstance(v, dict) else str(v) for v in value]  # dict: a [[sources]] table
        if kind is bool:
            return str(value).lower() in ("1", "true", "yes", "on")
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {s.name} ({s.env}): {value!r} is not a {kind.__name__}") from exc
