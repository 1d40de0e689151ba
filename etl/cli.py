"""The `strikes` command."""

from __future__ import annotations

import io
import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from etl.output import emit, print_tables
from etl.settings import ConfigError, load_settings

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Strike-and-interception statistics: extract claims from reports, keep them in a store, serve a dashboard.",
)
err = Console(stderr=True, soft_wrap=True)


@app.callback()
def _root() -> None:
    """Strike-and-interception statistics: extract claims from reports, keep them in a store, serve a dashboard."""


EXECUTOR_HELP = "Where to extract: local (process pool) or dask (setting `executor`; `dask_scheduler` names the cluster)."
EXECUTORS = ("local", "dask")


class ExtractFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Report files, folders (read recursively), http(s) URLs, "
                                      "telegram:CHANNEL, or kaggle:PATH or kaggle:OWNER/DATASET for the Kaggle table."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.table, "--format", "-f", help="Output format."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    executor: str = typer.Option(None, "--executor", help=EXECUTOR_HELP),
) -> None:
    """Extract strike and outage claims from reports and print them (JSON follows the spec's contract)."""
    from etl.pipeline import extract_sources
    from etl.render import extraction_csv, extraction_json, extraction_tables

    options = extract_options(settings_or_exit(executor=executor))  # the readers' limits are settings too: a bad one is a usage error
    extractions, unreadable = extract_sources(paths, progress=err if err.is_terminal else None, options=options)
    if fmt is ExtractFormat.json:
        emit(json.dumps(extraction_json(extractions), ensure_ascii=False, indent=2) + "\n", output)
    elif fmt is ExtractFormat.csv:
        emit(extraction_csv(extractions), output)
    else:
        print_tables(extraction_tables(extractions), output)
    for message in unreadable:
        err.print(f"[red]error:[/red] {message}")
    if unreadable:
        raise typer.Exit(1)


def settings_or_exit(**overrides):
    """The settings in force, or a clear message and exit code 2 when a setting is unusable."""
    try:
        return load_settings(overrides)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def extract_options(settings):
    """How to extract, from the settings `extract_workers`, `report_time_limit`, `executor` and `dask_scheduler`."""
    from etl.pipeline import ExtractOptions

    if settings.extract_workers < 0 or settings.report_time_limit < 0:
        err.print("[red]error:[/red] extract_workers and report_time_limit cannot be negative")
        raise typer.Exit(2)
    if settings.executor not in EXECUTORS:
        err.print(f"[red]error:[/red] executor {settings.executor!r} is not one of {', '.join(EXECUTORS)}")
        raise typer.Exit(2)
    return ExtractOptions(workers=settings.extract_workers, time_limit=settings.report_time_limit,
                          executor=settings.executor, dask_scheduler=settings.dask_scheduler)


def main() -> None:
    """Entry point of the console script."""
    app()




EXIT_BUSY = 75  # EX_TEMPFAIL: another refresh is running; try again later


@app.command()
def refresh(
    source: list[str] = typer.Option(None, "--source", "-s", help="Read this source instead of the configured ones: "
                                     "a folder, file, http(s) URL, telegram:CHANNEL, kaggle:PATH/missile_attacks_daily.csv, "
                                     "kaggle:OWNER/DATASET, or alerts:PATH/volunteer_data_en.csv (air-raid alerts). Repeatable."),
    store: Path = typer.Option(None, "--store", help="Store file (setting `store`, STRIKES_STORE)."),
    allow_shrink: bool = typer.Option(False, "--allow-shrink", help="Allow withdrawing more than half of a source's reports."),
    wait: bool = typer.Option(False, "--wait", help="If another refresh is running, wait for it instead of exiting."),
    every: str = typer.Option(None, "--every", help="Run again at this interval (e.g. 30m, 1h, 90s) until stopped."),
    full: bool = typer.Option(False, "--full", help="Read and extract every report again, changed or not "
                              "(happens by itself when the extraction code or lexicons changed)."),
    executor: str = typer.Option(None, "--executor", help=EXECUTOR_HELP),
) -> None:
    """Bring the store up to date with the sources: incremental, idempotent, atomic."""
    settings = settings_or_exit(store=str(store) if store else None, sources=source, executor=executor)
    entries, target = _entries(settings.sources, source), Path(settings.store)
    options = extract_options(settings)
    if every:
        from etl.schedule import parse_interval, run_every

        try:
            seconds = parse_interval(every)
        except ValueError as exc:
            err.print(f"[red]error:[/red] --every: {exc}")
            raise typer.Exit(2) from exc
        run_every(seconds, lambda: _refresh_once(target, entries, allow_shrink, settings, True, full, options))
        return
    raise typer.Exit(_refresh_once(target, entries, allow_shrink, settings, wait, full, options))


def _entries(values: list, flags: list[str] | None) -> list:
    """The sources to read, with what their [[sources]] entries say (exit 2 naming a bad entry)."""
    from etl.registry import read_entries

    try:
        return read_entries(values if not flags else settings_or_exit().sources, flags)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _refresh_once(store: Path, entries: list, allow_shrink: bool, settings, wait: bool, full: bool,
                  options) -> int:
    """One refresh with its summary line; returns the exit code."""
    from etl.flags import FlagOptions
    from etl.refresh import ShrinkRefused, refresh
    from etl.storefile import StoreBusy, StoreDamaged, StoreWriteError, damaged_message

    try:
        summary = refresh(store, [e.location for e in entries], allow_shrink=allow_shrink,
                          shrink_limit=settings.shrink_limit, wait=wait, progress=err if err.is_terminal else None,
                          full=full, options=options, keep_versions=settings.store_versions, entries=entries,
                          flags=FlagOptions(settings.review_share, settings.review_extreme))
    except StoreBusy as exc:
        err.print(f"[yellow]busy:[/yellow] {escape(str(exc))}; try again later or pass --wait")
        return EXIT_BUSY
    except ShrinkRefused as exc:
        err.print(f"[red]refused:[/red] {escape(str(exc))}")
        return 1
    except StoreDamaged as exc:
        err.print(f"[red]error:[/red] {escape(damaged_message(store, exc))}")
        return 1
    except StoreWriteError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        return 1
    for source in summary.unreadable:
        why = f" ({escape(summary.errors[source])})" if summary.errors.get(source) else ""
        err.print(f"[yellow]warning:[/yellow] {escape(source)} could not be read{why}; its stored reports were kept")
    print(summary.line())
    return 0


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    table: str = typer.Option("attacks", "--table", "-t", help="attacks, strike_claims, outage_claims, problems, "
                              "reports, refresh_runs or alerts."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="Output format."),
    start: str = typer.Option(None, "--from", help="First day (YYYY-MM-DD)."),
    end: str = typer.Option(None, "--to", help="Last day (YYYY-MM-DD)."),
    weapon: list[str] = typer.Option(None, "--weapon", "-w", help="missile, drone or glide_bomb. Repeatable."),
    attacker: str = typer.Option(None, "--attacker", "-a", help="RU (Russia on Ukraine) or UA (Ukraine on Russia)."),
    wtype: list[str] = typer.Option(None, "--type", help="A weapon type (ballistic_missile, attack_drone, ...). "
                                    "Repeatable."),
    source_kind: list[str] = typer.Option(None, "--source-kind", help="official, press, record or regional: "
                                          "attacks are then reconciled from those sources only. Repeatable."),
    language: list[str] = typer.Option(None, "--language", help="en, de or uk: only reports in it. Repeatable."),
    rows: str = typer.Option("all", "--rows", help="attacks only: all, class (one row per night and class) or "
                             "type (the type rows; of the --type chosen): what a dashboard view exports."),
    labels: str = typer.Option(None, "--labels", help="en or uk: headers and codes as the dashboard labels them in "
                               "that language (as a view's Export CSV writes them)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file (required for parquet)."),
    bundle: Path = typer.Option(None, "--bundle", help="Write a bundle into this folder: the rows as TABLE.csv or "
                                ".parquet and manifest.json (data version, filters, columns, licences, cite as)."),
    store: Path = typer.Option(None, "--store", help="Store file (setting `store`, STRIKES_STORE)."),
) -> None:
    """Write a table of the store, filtered like the dashboard, as CSV or Parquet (or a bundle with a manifest)."""
    from etl.model import TYPES
    from etl.query import FilterError, Filters, export_rows, snapshot
    from etl.schemas import SOURCE_KINDS

    settings = settings_or_exit(store=str(store) if store else None)
    try:
        filters = Filters(start=_day(start, "--from"), end=_day(end, "--to"), attacker=_attacker(attacker),
                          weapons=tuple(_weapons(weapon)), types=_among(wtype, TYPES, "--type"),
                          source_kinds=_among(source_kind, SOURCE_KINDS, "--source-kind"),
                          languages=_among(language, ("en", "de", "uk"), "--language"))
        if snapshot(settings.store).missing:
            raise FilterError(f"{settings.store}: no store yet; run `strikes refresh` first")
        if labels is not None:  # the dashboard's label catalogue, imported only when asked for
            from dashboard.i18n import UI_LANGUAGES

            if labels not in UI_LANGUAGES:
                raise FilterError(f"--labels {labels!r}: choose one of {', '.join(UI_LANGUAGES)}")
        if bundle is not None and (output is not None or labels is not None):
            raise ValueError("--bundle writes its own files with the stored columns: give it without -o and --labels")
        frame = export_rows(table, filters, settings.store, rows)
        version = snapshot(settings.store).version
    except (FilterError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if bundle is not None:
        _write_bundle(bundle, table, rows, filters, frame, snapshot(settings.store).tables["refresh_runs"], fmt.value)
        return
    if fmt is ExportFormat.parquet:
        if output is None:
            err.print("[red]error:[/red] --format parquet needs --output FILE")
            raise typer.Exit(2)
        buffer = io.BytesIO()  # written whole first, so that a failed write is an OSError naming the file
        frame.write_parquet(buffer, metadata={"strikes_data_version": version or ""})
        emit(buffer.getvalue(), output)
    else:
        from etl.csvout import to_csv

        if labels:
            from dashboard.labels import relabel

            frame = relabel(frame, labels)
        emit(to_csv(frame), output)
    if output:
        err.print(f"wrote {frame.height} rows of {table} to {output} (data version {version})")


def _write_bundle(folder: Path, table: str, rows: str, filters, frame, runs, fmt: str) -> None:
    from etl.bundle import bundle_files, write_bundle

    try:
        written = write_bundle(folder, bundle_files(table, rows, filters, frame, runs, fmt))
    except OSError as exc:
        err.print(f"[red]error:[/red] {folder}: the bundle could not be written ({exc.strerror or exc})")
        raise typer.Exit(1) from exc
    err.print(f"wrote {frame.height} rows of {table} to {written[0]} and {written[1]}")


def _day(value: str | None, flag: str):
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{flag}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _attacker(value: str | None) -> str | None:
    if value is None:
        return None
    if value.upper() not in ("RU", "UA"):
        raise ValueError(f"--attacker: {value!r} is not RU or UA")
    return value.upper()


def _among(values: list[str] | None, allowed: tuple[str, ...], flag: str) -> tuple[str, ...]:
    for v in values or []:
        if v not in allowed:
            raise ValueError(f"{flag}: {v!r} is not one of {', '.join(allowed)}")
    return tuple(values or ())


def _weapons(values: list[str] | None) -> list[str]:
    from etl.model import WEAPONS

    for v in values or []:
        if v not in WEAPONS:
            raise ValueError(f"--weapon: {v!r} is not one of {', '.join(WEAPONS)}")
    return list(values or [])


@app.command()
def serve(
    host: str = typer.Option(None, "--host", help="Address to bind (setting `host`; 127.0.0.1 by default)."),
    port: int = typer.Option(None, "--port", help="Port to listen on (setting `port`; 8050 by default)."),
    store: Path = typer.Option(None, "--store", help="Store file (setting `store`, STRIKES_STORE)."),
    threads: int = typer.Option(None, "--threads", help="Worker threads per process (setting `threads`)."),
    workers: int = typer.Option(None, "--workers", help="Worker processes sharing the port (setting `workers`; 1 "
                                "by default)."),
) -> None:
    """Serve the dashboard on a production WSGI server (waitress), debug off, localhost by default."""
    settings = settings_or_exit(host=host, port=port, store=str(store) if store else None, threads=threads,
                                workers=workers)
    from dashboard.serving import serve as run

    auth = _serve_checks(settings)
    err.print(f"dashboard on http://{settings.host}:{settings.port}/ reading {settings.store} with "
              f"{settings.workers} process(es) x {settings.threads} threads"
              f"{', basic auth on' if auth else ''} (Ctrl+C stops it)")
    try:
        run(settings.store, settings.host, settings.port, settings.threads, settings.workers, settings)
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}; "
                  "pass another --port")
        raise typer.Exit(1) from exc


def _serve_checks(settings) -> bool:
    """Refuse unusable settings (exit 2), warn about an exposed address and the state of the store;
    returns whether basic auth is on."""
    from dashboard.auth import AuthConfigError, credentials
    from dashboard.serving import exposed
    from etl.store import read_columns

    try:
        auth = credentials(settings) is not None
    except AuthConfigError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if settings.threads < 1 or settings.workers < 1:
        err.print("[red]error:[/red] --threads and --workers must be at least 1")
        raise typer.Exit(2)
    if exposed(settings.host):
        _warn_exposed(settings.host, auth)
    try:
        # one narrow column, not kept (the workers read the store): the whole table (texts and all) raised the
        # server's peak memory before it had read a byte of the store version it serves (issue 17)
        if read_columns(Path(settings.store), "reports", ["report_id"]).is_empty():
            err.print(f"[yellow]note:[/yellow] {settings.store} is missing or empty; the dashboard says how to "
                      "fill it (strikes refresh)")
    except Exception as exc:  # noqa: BLE001 - the dashboard says so too, and serves a kept version if it can
        err.print(f"[yellow]warning:[/yellow] {escape(str(settings.store))} cannot be read "
                  f"({escape(' '.join(str(exc).split()))}); the dashboard serves the newest good kept version, if "
                  "any, and says so: `strikes store restore` puts it back")
    return auth


def _warn_exposed(host: str, auth: bool) -> None:
    """What to say when the dashboard is reachable from other machines."""
    if not auth:
        err.print(f"[yellow]warning:[/yellow] --host {host} makes the dashboard reachable from other machines "
                  "with no password: set STRIKES_AUTH_USER and STRIKES_AUTH_PASSWORD_HASH (see `strikes "
                  "hash-password`) or bind to 127.0.0.1")
    else:
        err.print("[yellow]note:[/yellow] basic auth sends the password with every request; over plain HTTP "
                  "anyone on the network path can read it: put a TLS reverse proxy in front")


@app.command("hash-password")
def hash_password(
    stdin: bool = typer.Option(False, "--stdin", help="Read the password from the first line of standard input "
                               "instead of prompting for it."),
) -> None:
    """Print the hash of a password for STRIKES_AUTH_PASSWORD_HASH (basic auth on `strikes serve`)."""
    from dashboard.auth import hash_password as make_hash

    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    if not password:
        err.print("[red]error:[/red] an empty password protects nothing")
        raise typer.Exit(2)
    print(make_hash(password))


from etl import cli_review, cli_sources, cli_store  # noqa: E402 - these commands use this module's helpers

app.add_typer(cli_store.store_app, name="store")
app.add_typer(cli_review.review_app, name="review")
app.command("purge")(cli_store.purge)
app.command("diff")(cli_store.diff)
app.command("sources")(cli_sources.sources)
