"""`strikes sources`: every source of the last refresh and its health, read through the dashboard's read path
(dashboard/data.py), so the command and the Data quality page never disagree. Registered by etl/cli.py."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["sources"]


def sources(store: Path = typer.Option(None, "--store", help="Store file (setting `store`, STRIKES_STORE).")) -> None:
    """List every source with its last success, last new report, reports held, last error, and whether it is
    stale (silent longer than the cadence of its [[sources]] entry)."""
    from dashboard.data import snapshot, source_health
    from etl.cli import err, settings_or_exit

    path = Path(settings_or_exit(store=str(store) if store else None).store)
    if snapshot(path).missing:
        err.print(f"[red]error:[/red] {path}: no store yet; run `strikes refresh` first")
        raise typer.Exit(1)
    health = source_health(path)
    if health.is_empty():
        print(f"no refresh of {path} has recorded its sources yet")
        return
    for row in health.iter_rows(named=True):
        print(source_line(row))


def source_line(row: dict) -> str:
    """One source's health as one line: stale/failing/ok, the source and what is known of it."""
    status = "STALE" if row["stale"] else "failing" if row["last_error_at"] and (
        row["last_success"] is None or row["last_error_at"] > row["last_success"]) else "ok"
    name = f" ({row['name']})" if row["name"] else ""
    parts = [f"{row['reports']} reports", f"last success {_when(row['last_success'])}",
             f"last new report {_when(row['last_new_report'])}",
             f"cadence {row['cadence']}" if row["cadence"] else "no cadence"]
    if row["last_error"]:
        parts.append(f"last error {_when(row['last_error_at'])}: {row['last_error']}")
    return f"{status:<7} {row['source']}{name}: " + "; ".join(parts)


def _when(moment) -> str:
    from etl.sources.common import KYIV

    return moment.astimezone(KYIV).strftime("%Y-%m-%d %H:%M Kyiv") if moment is not None else "never"
