"""Issue 16: analysts' decisions (confirm, correct, reject) are data, win their night, and survive refreshes,
changed reports, restores and a refresh killed with SIGKILL. The reports are ours, written here."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.refresh import refresh
from etl.reviewstore import journal_path
from tests.feedserver import Answers, serve, trickle

REPO = Path(__file__).resolve().parents[1]
OFFICIAL = """---
published: 2025-02-07T09:00:00+02:00
source: Air Force of Ukraine
language: en
---
Overnight into 7 February, Russia launched 100 attack drones at Ukraine. Air defences shot down 80 of them.
"""
PRESS = """---
published: 2025-02-07T12:00:00+02:00
source: Example News
language: en
---
Russia launched 160 drones at Ukraine overnight into 7 February, officials said. Air defences shot down 80 of them.
"""


def night_store(tmp_path: Path) -> tuple[Path, Path]:
    """A store of two reports of one night: the Air Force's 100 drones and a press report's 160."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "af.md").write_text(OFFICIAL, encoding="utf-8")
    (src / "press.md").write_text(PRESS, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    refresh(store, [str(src)])
    return store, src


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def drones(store: Path) -> dict:
    """The reconciled drone row of the night, as `strikes export` writes it."""
    rows = pl.read_csv(cli("export", "--store", str(store)).encode())
    (row,) = rows.filter(pl.col("weapon") == "drone").iter_rows(named=True)
    return row


def claim_of(store: Path, launched: int) -> str:
    rows = pl.read_csv(cli("export", "--store", str(store), "--table", "strike_claims").encode())
    return rows.filter(pl.col("launched") == launched)["claim_id"][0]


def test_a_corrected_figure_wins_its_night_and_survives_a_refresh(tmp_path):
    store, src = night_store(tmp_path)
    assert drones(store)["launched"] == 100  # the official figure wins before any review
    press = claim_of(store, 160)
    assert "corrected" in cli("review", "correct", press, "--launched", "150", "--by", "ana", "--store", str(store))
    row = drones(store)
    assert (row["launched"], row["from_launched"], row["reviewed"]) == (150, press, "corrected")
    refresh(store, [str(src)])
    refresh(store, [str(src)], full=True)  # extracted again: the decision still finds its claim
    row = drones(store)
    assert (row["launched"], row["reviewed"]) == (150, "corrected")
    claims = pl.read_csv(cli("export", "--store", str(store), "--table", "strike_claims").encode())
    mine = claims.filter(pl.col("claim_id") == press).row(0, named=True)
    assert (mine["launched"], mine["review"], mine["reviewed_by"]) == (150, "corrected", "ana")


def test_a_rejected_claim_leaves_the_reconciled_attack(tmp_path):
    store, src = night_store(tmp_path)
    official = claim_of(store, 100)
    cli("review", "reject", official, "--store", str(store))
    row = drones(store)
    assert row["launched"] == 160 and official not in json.loads(row["sources"])
    refresh(store, [str(src)])
    assert drones(store)["launched"] == 160
    claims = pl.read_csv(cli("export", "--store", str(store), "--table", "strike_claims").encode())
    assert official not in claims["claim_id"].to_list()


def test_a_confirmed_claim_keeps_its_figures_and_says_so(tmp_path):
    store, _ = night_store(tmp_path)
    official = claim_of(store, 100)
    cli("review", "confirm", official, "--store", str(store))
    row = drones(store)
    assert (row["launched"], row["reviewed"]) == (100, "confirmed")


def test_a_changed_report_keeps_its_decision_marked_for_a_second_look(tmp_path):
    store, src = night_store(tmp_path)
    press = claim_of(store, 160)
    cli("review", "correct", press, "--launched", "150", "--store", str(store))
    (src / "press.md").write_text(PRESS.replace("officials said", "officials told reporters"), encoding="utf-8")
    refresh(store, [str(src)])
    assert drones(store)["launched"] == 150
    listed = json.loads(cli("review", "list", "--format", "json", "--store", str(store)))["claims"]
    (mine,) = [c for c in listed if c["claim_id"] == press]
    assert mine["second_look"] and "report_changed" in mine["reasons"] and mine["decision"] == "correct"


def test_a_correction_can_move_a_claim_to_another_night(tmp_path):
    store, _ = night_store(tmp_path)
    press = claim_of(store, 160)
    cli("review", "correct", press, "--date", "2025-02-08", "--store", str(store))
    rows = pl.read_csv(cli("export", "--store", str(store)).encode()).filter(pl.col("weapon") == "drone")
    assert dict(zip(rows["attack_date"], rows["launched"], strict=True)) == {"2025-02-07": 100, "2025-02-08": 160}


def test_bad_review_input_is_one_line(tmp_path):
    store, _ = night_store(tmp_path)
    result = CliRunner().invoke(app, ["review", "confirm", "nope", "--store", str(store)])
    assert result.exit_code == 1 and "no claim 'nope'" in result.output
    result = CliRunner().invoke(app, ["review", "correct", claim_of(store, 100), "--store", str(store)])
    assert result.exit_code == 2 and "needs at least one value" in result.output
    result = CliRunner().invoke(app, ["review", "correct", claim_of(store, 100), "--date", "7.2.", "--store",
                                      str(store)])
    assert result.exit_code == 2 and "is not a date" in result.output


def test_decisions_survive_a_restore_of_an_older_version(tmp_path):
    store, _ = night_store(tmp_path)
    press = claim_of(store, 160)
    cli("review", "correct", press, "--launched", "150", "--store", str(store))
    out = cli("store", "restore", "--store", str(store))  # the version the refresh wrote, before the decision
    assert "applied 1 review decision" in out
    assert drones(store)["launched"] == 150


def test_a_decision_taken_while_a_refresh_runs_is_applied_by_it_or_after_it(tmp_path):
    """The journal keeps a decision the store could not take yet (the refresh held it): the next write applies it."""
    from etl.review import decision_row
    from etl.reviewstore import record
    from etl.storefile import refresh_lock

    store, src = night_store(tmp_path)
    press = claim_of(store, 160)
    from dashboard.queue import find_claim

    claim = find_claim(store, press)
    row = decision_row(claim, claim["claim_key"], claim["content_hash"], "correct", "ana", {"launched": 150})
    with refresh_lock(store):  # a refresh is writing
        assert record(store, row, timeout=0.5) is False
    assert journal_path(store).read_text().count("\n") == 1
    refresh(store, [str(src)])
    assert drones(store)["launched"] == 150


def _lock_held(store: Path) -> bool:
    lock = store.with_name(store.name + ".lock")
    return lock.exists() and lock.read_text().startswith("pid")


@pytest.mark.parametrize("order", ["review waits for the refresh", "refresh starts after the review"])
def test_a_refresh_killed_with_sigkill_during_a_review_write_loses_no_decision(tmp_path, order):
    """A real `strikes refresh` (held by a source that trickles its answer) and a real `strikes review correct`
    run at once; the refresh gets SIGKILL while the review write waits for, or holds, the store."""
    store, src = night_store(tmp_path)
    press = claim_of(store, 160)
    asked = threading.Event()
    url, stop = serve(Answers(), {"/slow.rss": trickle(120, asked)})
    env = {**os.environ, "STRIKES_HTTP_TIMEOUT": "300"}
    base = [sys.executable, "-m", "etl"]
    refresher = reviewer = None
    try:
        if order == "refresh starts after the review":
            reviewer = subprocess.Popen([*base, "review", "correct", press, "--launched", "150", "--store", str(store)],
                                        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 120
            while not journal_path(store).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        refresher = subprocess.Popen([*base, "refresh", "--wait", "--store", str(store), "--source", str(src),
                                      "--source", f"{url}/slow.rss"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        if reviewer is None:
            assert asked.wait(120), "the refresh never asked the server"
            assert _lock_held(store)
            reviewer = subprocess.Popen([*base, "review", "correct", press, "--launched", "150", "--store",
                                         str(store)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 120
            while not journal_path(store).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        time.sleep(0.5)
        refresher.send_signal(signal.SIGKILL)
        refresher.wait(timeout=60)
        out, err = reviewer.communicate(timeout=180)
    finally:
        for proc in (refresher, reviewer):
            if proc is not None and proc.poll() is None:
                proc.kill()
        stop()
    assert reviewer.returncode == 0, err
    assert "corrected" in out
    assert drones(store)["launched"] == 150
    refresh(store, [str(src)])  # the next refresh runs and keeps it
    assert drones(store)["launched"] == 150


def test_export_gold_writes_each_reviewed_report_in_the_corpus_format(tmp_path):
    """Our own reports (a folder marked .demo) get their text beside the gold; others only a pointer."""
    store, src = night_store(tmp_path)
    press = claim_of(store, 160)
    cli("review", "correct", press, "--launched", "150", "--store", str(store))
    out = tmp_path / "gold"
    assert "wrote 1 gold files" in cli("review", "export-gold", str(out), "--store", str(store))
    (gold_file,) = out.glob("*.gold.json")
    gold = json.loads(gold_file.read_text())
    assert gold["published"] == "2025-02-07" and gold["language"] == "en"
    assert [(s["attack_date"], s["weapon"], s["launched"]) for s in gold["strikes"]] == [("2025-02-07", "drone", 150)]
    assert not list(out.glob("*.md")) or (out / "README.md").exists()
    assert "Example News" in (out / "README.md").read_text() and not list(out.glob("press*.md"))
    (src / ".demo").write_text("")
    cli("review", "export-gold", str(tmp_path / "ours"), "--store", str(store))
    (text,) = (tmp_path / "ours").glob("press*.md")
    assert "Russia launched 160 drones" in text.read_text()
