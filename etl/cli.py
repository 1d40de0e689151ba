"""The `strikes` command."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

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


class ExtractFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Report files, folders (read recursively) or http(s) URLs."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.table, "--format", "-f", help="Output format."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
) -> None:
    """Extract strike and outage claims from reports and print them (JSON follows the spec's contract)."""
    from etl.pipeline import extract_sources
    from etl.render import extraction_csv, extraction_json, extraction_tables

    extractions, unreadable = extract_sources(paths, progress=err if err.is_terminal else None)
    if fmt is ExtractFormat.json:
        _emit(json.dumps(extraction_json(extractions), ensure_ascii=False, indent=2) + "\n", output)
    elif fmt is ExtractFormat.csv:
        _emit(extraction_csv(extractions), output)
    else:
        console = Console(file=output.open("w", encoding="utf-8") if output else sys.stdout, width=160)
        for renderable in extraction_tables(extractions):
            console.print(renderable)
    for message in unreadable:
        err.print(f"[red]error:[/red] {message}")
    if unreadable:
        raise typer.Exit(1)


def _emit(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def settings_or_exit(**overrides):
    """The settings in force, or a clear message and exit code 2 when a setting is unusable."""
    try:
        return load_settings(overrides)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def main() -> None:
    """Entry point of the console script."""
    app()


