"""`strikes store verify|versions|restore` and `strikes purge`: the store's integrity, its kept versions, and
the one way withdrawn reports leave it. Registered on the `strikes` command by etl/cli.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

__all__ = ["store_app", "purge", "diff"]

store_app = typer.Typer(no_args_is_help=True, help="Check the store, list its kept versions, put one back.")
STORE_OPTION = typer.Option(None, "--store", help="Store file (setting `store`, STRIKES_STORE).")


def _settings(store: Path | None):
    from etl.cli import settings_or_exit

    return settings_or_exit(store=str(store) if store else None)


def _fail(message: str, code: int = 1) -> typer.Exit:
    from rich.markup import escape

    from etl.cli import err

    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def _counts(check) -> str:
    rows = check.rows
    when = (f"; last refresh {check.finished:%Y-%m-%d %H:%M} UTC, data version {check.run_id}" if check.finished
            else "; no refresh recorded")
    return (f"{rows.get('reports', 0):,} reports, {rows.get('strike_claims', 0):,} strike claims, "
            f"{rows.get('attacks', 0):,} attack rows{when}")


@store_app.command("verify")
def verify_command(store: Path = STORE_OPTION) -> None:
    """Read every table of the live store in full; exit 1 naming what is damaged and the way back."""
    from etl.storefile import StoreDamaged, damaged_message, verify

    path = Path(_settings(store).store)
    if not path.exists():
        raise _fail(f"{path}: no store yet; run `strikes refresh` first")
    try:
        check = verify(path)
    except StoreDamaged as exc:
        raise _fail(damaged_message(path, exc)) from exc
    print(f"ok: {path} reads whole: {_counts(check)}")


@store_app.command("versions")
def versions_command(store: Path = STORE_OPTION) -> None:
    """List the kept versions of the store, newest first, with their refresh time and counts."""
    from etl.storefile import versions, versions_dir

    path = Path(_settings(store).store)
    kept = versions(path)
    if not kept:
        print(f"no version of {path} is kept yet (in {versions_dir(path)})")
        return
    print(f"versions of {path} kept in {versions_dir(path)}, newest first:")
    for v in kept:
        said = _counts(v.check) if v.check else f"DAMAGED: {v.damage}"
        print(f"  {v.path.name}  {said}")


@store_app.command("restore")
def restore_command(
    version: str = typer.Argument(None, help="A version from `strikes store versions` (default: the newest good one)."),
    store: Path = STORE_OPTION,
    wait: bool = typer.Option(False, "--wait", help="If a refresh is running, wait for it instead of exiting."),
) -> None:
    """Put a kept version back as the live store; the file it replaces is kept beside it."""
    from etl.cli import EXIT_BUSY, err
    from etl.storefile import StoreBusy, StoreDamaged, StoreWriteError, restore

    path = Path(_settings(store).store)
    try:
        chosen, aside = restore(path, version, wait=wait)
    except StoreBusy as exc:
        err.print(f"[yellow]busy:[/yellow] {exc}; try again later or pass --wait")
        raise typer.Exit(EXIT_BUSY) from exc
    except (StoreDamaged, StoreWriteError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    kept = f"; the file it replaced is kept as {aside}" if aside else ""
    print(f"restored {path} from version {chosen.path.name} ({_counts(chosen.check)}){kept}")
    _reapply_reviews(path)


def _reapply_reviews(path: Path) -> None:
    """Decisions taken after the restored version was written come back from the journal (etl/reviewstore.py)."""
    from etl.reviewstore import apply_pending
    from etl.storefile import StoreBusy, StoreDamaged, StoreWriteError

    try:
        applied = apply_pending(path)
    except (StoreBusy, StoreDamaged, StoreWriteError) as exc:
        raise _fail(f"{exc}; the review decisions are kept in {path.name}.reviews.jsonl and applied by the next "
                    "refresh") from exc
    if applied:
        print(f"applied {applied} review decision{'s' if applied != 1 else ''} taken since that version")


def purge(
    withdrawn_before: str = typer.Option(..., "--withdrawn-before", help="Delete the reports withdrawn before this "
                                         "day (YYYY-MM-DD, Kyiv time)."),
    store: Path = STORE_OPTION,
    wait: bool = typer.Option(False, "--wait", help="If a refresh is running, wait for it instead of exiting."),
) -> None:
    """Delete withdrawn reports (their file is gone) and their claims from the store, for good."""
    from etl.cli import EXIT_BUSY, err
    from etl.purge import purge_withdrawn
    from etl.storefile import StoreBusy, StoreDamaged, StoreWriteError, damaged_message

    try:
        day = date.fromisoformat(withdrawn_before)
    except ValueError as exc:
        raise _fail(f"--withdrawn-before: {withdrawn_before!r} is not a date (YYYY-MM-DD)", 2) from exc
    settings = _settings(store)
    path = Path(settings.store)
    try:
        count = purge_withdrawn(path, day, settings.store_versions, wait=wait)
    except StoreBusy as exc:
        err.print(f"[yellow]busy:[/yellow] {exc}; try again later or pass --wait")
        raise typer.Exit(EXIT_BUSY) from exc
    except StoreDamaged as exc:
        raise _fail(damaged_message(path, exc)) from exc
    except StoreWriteError as exc:
        raise _fail(str(exc)) from exc
    if count == 0:
        print(f"no report was withdrawn before {day} in {path}; nothing purged")
    else:
        print(f"purged {count} withdrawn report{'s' if count != 1 else ''} (withdrawn before {day}) from {path}")


def diff(
    version_a: str = typer.Argument(..., help="The older data version: a refresh run id, a kept version file name "
                                    "(`strikes store versions`), or `live`."),
    version_b: str = typer.Argument("live", help="The newer data version (the live store by default)."),
    csv: bool = typer.Option(False, "--csv", help="Write the changes as CSV instead of lines."),
    store: Path = STORE_OPTION,
) -> None:
    """Which nights and figures changed between two data versions (what changed since a refresh)."""
    from etl.csvout import to_csv
    from etl.storeread import read_tables
    from etl.versions import figure_changes, find_version

    path = Path(_settings(store).store)
    try:
        files = [find_version(path, v) for v in (version_a, version_b)]
    except ValueError as exc:
        raise _fail(str(exc), 2) from exc
    before, after = (read_tables(f, ("attacks",))["attacks"] for f in files)
    changes = figure_changes(before, after)
    if csv:
        print(to_csv(changes), end="")
        return
    nights = changes.select("attack_date", "attacker").unique().height
    print(f"{changes.height} figures changed on {nights} nights between {version_a} and {version_b}")
    for r in changes.iter_rows(named=True):
        what = r["weapon"] + (f" {r['type']}" if r["type"] else "") + (f" {r['model']}" if r["model"] else "")
        print(f"  {r['attack_date']} {r['attacker']} {what} {r['measure']}: {_figure(r['before'])} -> "
              f"{_figure(r['after'])} ({r['change']})")


def _figure(value: int | None) -> str:
    return "-" if value is None else str(value)
