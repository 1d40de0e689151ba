"""`strikes review list|confirm|correct|reject|export-gold`: an analyst's pass over the flagged claims, scripted.
Registered on the `strikes` command by etl/cli.py; reads through dashboard/queue.py, writes through
etl/reviewstore.py (the journal first, then the store, under the refresh lock)."""

from __future__ import annotations

import getpass
import json
from datetime import date
from pathlib import Path

import typer

__all__ = ["review_app"]

review_app = typer.Typer(no_args_is_help=True, help="Confirm, correct or reject extracted claims; decisions "
                         "survive every refresh.")
STORE = typer.Option(None, "--store", help="Store file (setting `store`, STRIKES_STORE).")
BY = typer.Option(None, "--by", help="Who decides (default: the login name).")
NOTE = typer.Option(None, "--note", help="Why, in a few words.")


def _store(store: Path | None) -> Path:
    from etl.cli import settings_or_exit

    return Path(settings_or_exit(store=str(store) if store else None).store)


def _fail(message: str, code: int = 1) -> typer.Exit:
    from rich.markup import escape

    from etl.cli import err

    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


@review_app.command("list")
def list_command(store: Path = STORE, fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
                 everything: bool = typer.Option(False, "--all", help="Decided claims too.")) -> None:
    """The flagged claims that need a look, the ones that move their night's figure most first; then the flagged
    outage claims."""
    from dashboard.queue import outage_queue, review_queue
    from etl.output import print_tables

    if fmt not in ("table", "json"):
        raise _fail(f"--format {fmt!r}: choose table or json", 2)
    path = _store(store)
    listed = [_listed(r) for r in review_queue(path, everything).iter_rows(named=True)]
    outages = [_listed_outage(r) for r in outage_queue(path, everything).iter_rows(named=True)]
    if fmt == "json":
        print(json.dumps({"claims": listed, "outages": outages}, ensure_ascii=False, indent=2, default=str))
        return
    print_tables([_table(f"Claims to review ({len(listed)})", listed, [
        "claim_id", "short_id", "date", "attacker", "weapon", "launched", "shot_down", "neutralized", "reasons",
        "decision"]), _table(f"Outage claims to review ({len(outages)})", outages, [
            "claim_id", "short_id", "date", "region", "kind", "reasons", "decision"])], None)


def _table(title: str, rows: list[dict], columns: list[str]):
    from rich.table import Table

    table = Table(title=title, header_style="bold")
    for column in columns:
        table.add_column(column)
    for r in rows:
        table.add_row(*[str(r[k]) if r[k] is not None else "" for k in columns])
    return table


def _listed(row: dict) -> dict:
    when = row["attack_date"] or (f"{row['period_start']}..{row['period_end']}" if row["period_start"] else None)
    return {"claim_id": row["claim_id"], "short_id": row["short_id"], "report_id": row["report_id"],
            "date": str(when) if when else None, "attacker": row["attacker"], "weapon": row["weapon"],
            "launched": row["launched"], "shot_down": row["shot_down"], "suppressed": row["suppressed"],
            "neutralized": row["neutralized"], "source": row["source"], "reasons": ", ".join(row["reason"]),
            "details": list(row["detail"]), "weight": row["weight"], "decision": row["decision"],
            "second_look": row["second_look"]}


def _decide(store: Path | None, ident: str, decision: str, by: str | None, note: str | None,
            values: dict | None = None) -> None:
    from dashboard.queue import find_claim
    from etl.cli import err
    from etl.review import decision_row
    from etl.reviewstore import record
    from etl.storefile import StoreDamaged, StoreWriteError

    path = _store(store)
    if not path.exists():
        raise _fail(f"{path}: no store yet; run `strikes refresh` first")
    claim = find_claim(path, ident)
    if claim is None:
        raise _fail(f"no claim {ident!r} in {path}; `strikes review list` lists the claims to review")
    try:
        row = decision_row(claim, claim["claim_key"], claim["content_hash"], decision, by or getpass.getuser(),
                           values, note)
    except ValueError as exc:
        raise _fail(f"{ident}: {exc}", 2) from exc
    try:
        applied = record(path, row)
    except (StoreDamaged, StoreWriteError) as exc:
        raise _fail(f"{exc}; the decision is kept in {path.name}.reviews.jsonl and applied by the next refresh") \
            from exc
    done = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}[decision]
    if applied:
        print(f"{done} {claim['claim_id']} ({claim['short_id']}) by {row['reviewer'][0]}")
    else:
        err.print(f"[yellow]pending:[/yellow] {done} {claim['claim_id']}: a refresh holds {path}; the decision is "
                  "kept and applied by the next refresh or decision")


def _listed_outage(row: dict) -> dict:
    return {"claim_id": row["claim_id"], "short_id": row["short_id"], "report_id": row["report_id"],
            "date": str(row["date"]) if row["date"] else None, "region": row["region"], "kind": row["kind"],
            "extent": row["extent"], "region_from": row["region_from"], "source": row["source"],
            "reasons": ", ".join(row["reason"]), "details": list(row["detail"]), "weight": row["weight"],
            "decision": row["decision"], "second_look": row["second_look"]}


@review_app.command("confirm")
def confirm(claim_id: str = typer.Argument(..., help="The claim's claim_id or short id."), by: str = BY,
            note: str = NOTE, store: Path = STORE) -> None:
    """The claim is right as extracted."""
    _decide(store, claim_id, "confirm", by, note)


@review_app.command("reject")
def reject(claim_id: str = typer.Argument(..., help="The claim's claim_id or short id."), by: str = BY,
           note: str = NOTE, store: Path = STORE) -> None:
    """The claim is no claim: it leaves every figure."""
    _decide(store, claim_id, "reject", by, note)


@review_app.command("correct")
def correct(claim_id: str = typer.Argument(..., help="The claim's claim_id or short id."),
            launched: int = typer.Option(None, "--launched", min=0), shot_down: int = typer.Option(None, "--shot-down", min=0),
            suppressed: int = typer.Option(None, "--suppressed", min=0),
            neutralized: int = typer.Option(None, "--neutralized", min=0),
            day: str = typer.Option(None, "--date", help="The attack date (YYYY-MM-DD)."),
            attacker: str = typer.Option(None, "--attacker", help="RU or UA."),
            weapon: str = typer.Option(None, "--weapon", help="missile, drone or glide_bomb."),
            region: str = typer.Option(None, "--region", help="An outage claim's region (ISO code, UA-30)."),
            kind: str = typer.Option(None, "--kind", help="An outage claim's kind: power, heating or water."),
            by: str = BY, note: str = NOTE, store: Path = STORE) -> None:
    """Replace the figures (or date, attacker, class) the extractor got wrong; the corrected figure wins its night.
    For an outage claim (an id from `strikes export --table outage_claims`), replace its region or kind."""
    try:
        when = date.fromisoformat(day) if day else None
    except ValueError as exc:
        raise _fail(f"--date: {day!r} is not a date (YYYY-MM-DD)", 2) from exc
    values = {"launched": launched, "shot_down": shot_down, "suppressed": suppressed, "neutralized": neutralized,
              "attack_date": when, "attacker": attacker.upper() if attacker else None, "weapon": weapon,
              "region": region.upper() if region else None, "kind": kind}
    _decide(store, claim_id, "correct", by, note, values)


@review_app.command("export-gold")
def export_gold(folder: Path = typer.Argument(..., help="Folder to write the gold files into."),
                store: Path = STORE) -> None:
    """Each reviewed report as a gold file in the corpus format: its text too where it is ours (a demo folder),
    otherwise a pointer (source, url, opening words) in the folder's README.md."""
    from dashboard.gold import write_gold

    try:
        written = write_gold(_store(store), folder)
    except OSError as exc:
        raise _fail(f"{folder}: {exc.strerror or exc}") from exc
    print(f"wrote {written} gold files to {folder}")
