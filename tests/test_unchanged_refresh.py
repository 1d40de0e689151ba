"""Issue 17 (the load test's p95): a refresh that finds nothing new publishes a new store version of the same data.
The dashboard's derived frames (the version's Memo) and kept chart outputs survive it, keyed on the digest of the
data (etl/snapshot.py, dashboard/outputs.py); "data as of" and the last run still come from the new version; a
refresh with a new report gives new answers. Real stores, real refreshes."""

from __future__ import annotations

import shutil

import pytest

from bench.dashboard_callbacks import filter_callbacks, payload
from dashboard import data
from dashboard.app import create_app
from dashboard.evidence import kyiv_time
from dashboard.outputs import outputs_of
from etl.refresh import refresh
from etl.schemas import TABLES
from etl.snapshot import ENUMS, LEFT_OUT, VOLATILE, _held
from etl.store import read_tables
from etl.stored import KEYS
from etl.storeread import read_version
from tests.conftest import SAMPLE

NEW_NIGHT = """---
published: 2025-03-02T09:00:00+02:00
source: Air Force of Ukraine
url: https://example.org/test/2025-03-02-drones
language: en
---
Overnight on 2 March, Russia attacked Ukraine with 140 Shahed attack drones. Air defence shot down 110 of them.
"""
WHOLE = data.Filters(attacker="RU")  # every night: a new night changes the answers


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for p in sorted((SAMPLE / "corpus-dev").glob("en-*.txt"))[:6]:
        shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture
def store(tmp_path, reports):
    path = tmp_path / "s.duckdb"
    refresh(path, [str(reports)])
    return path


def _client(store):
    app = create_app(store, {})
    client = app.server.test_client()
    client.get("/")
    return app, client


def _volumes(client, filters):
    dep = next(d for d in filter_callbacks(client.get("/_dash-dependencies").get_json())
               if d["output"].startswith("..overview-volumes.figure"))
    answer = client.post("/_dash-update-component", json=payload(dep, filters))
    assert answer.status_code == 200
    return answer.get_json()


def _data_as_of(client):
    body = {"output": "..shell-asof.children...shell-version.data..",
            "outputs": [{"id": "shell-asof", "property": "children"}, {"id": "shell-version", "property": "data"}],
            "inputs": [{"id": "shell-tick", "property": "n_intervals", "value": 1}],
            "state": [{"id": "shell-version", "property": "data", "value": "test"},
                      {"id": "shell-ui", "property": "data", "value": "en"}],
            "changedPropIds": ["shell-tick.n_intervals"]}
    answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    return answer.get_json()["response"]["shell-asof"]["children"]


def test_a_refresh_that_finds_nothing_new_keeps_the_frames_and_the_kept_outputs(store, reports):
    app, client = _client(store)
    before = data.snapshot(store)
    rows = data.query("attacks", WHOLE, store, data.ATTACKS)
    answer = _volumes(client, WHOLE)
    kept = len(outputs_of(app))

    summary = refresh(store, [str(reports)])
    assert summary.new == summary.changed == 0
    after = data.snapshot(store)
    assert after is not before and after.signature != before.signature  # a new store version
    assert after.digest == before.digest and after.memo is before.memo  # of the same data
    assert data.query("attacks", WHOLE, store, data.ATTACKS) is rows  # the frame derived from the old version
    assert len(outputs_of(app)) == kept and _volumes(client, WHOLE) == answer  # the kept output survives
    assert len(outputs_of(app)) == kept


def test_data_as_of_and_the_last_run_come_from_the_new_version(store, reports):
    _, client = _client(store)
    quality = data.quality(store)
    first_label = _data_as_of(client)

    refresh(store, [str(reports)])
    runs = read_tables(store, ("refresh_runs",))["refresh_runs"].sort("finished")
    newest = runs.row(-1, named=True)
    snap = data.snapshot(store)
    assert snap.as_of == newest["finished"] and snap.version == newest["run_id"]
    assert kyiv_time(newest["finished"]) in _data_as_of(client) and first_label.startswith("data as of")
    again = data.quality(store)
    assert again["run"]["run_id"] == newest["run_id"] != quality["run"]["run_id"]  # the new run
    assert again["problems"] is quality["problems"]  # the summaries of the unchanged data are kept
    seen = snap.tables["reports"]["last_seen"]
    assert seen.max() == read_tables(store, ("reports",))["reports"]["last_seen"].max()  # when last seen: this run


def test_a_refresh_with_a_new_report_gives_new_answers(store, reports):
    app, client = _client(store)
    before = data.snapshot(store)
    launched = data.headline(WHOLE, store)["launched"]
    answer = _volumes(client, WHOLE)

    (reports / "en-new-night.txt").write_text(NEW_NIGHT, encoding="utf-8")
    assert refresh(store, [str(reports)]).new == 1
    after = data.snapshot(store)
    assert after.digest != before.digest and after.memo is not before.memo and len(after.memo) == 0
    assert data.headline(WHOLE, store)["launched"] == launched + 140
    assert _volumes(client, WHOLE) != answer and len(outputs_of(app)) == 1  # computed again; the old one gone


def test_the_digest_leaves_out_only_what_every_refresh_writes_anew(store, tmp_path):
    """etl/storeread.read_version: the same file, or a copy, has the same digest; a new last_seen or a new run
    leaves it as it is; any other value changed, and a report's text (not held: written aside) changes it."""
    import duckdb

    held = {name: list(_held(name)) for name in TABLES}
    spill = {name: [*KEYS[name], *columns] for name, columns in LEFT_OUT.items()}

    def digest(path):
        folder = tmp_path / f"aside-{len(list(tmp_path.glob('aside-*')))}"
        folder.mkdir()
        tables, found = read_version(path, held, ENUMS, spill, folder, VOLATILE)
        stored = read_tables(path, ("reports",))["reports"]
        assert tables["reports"].select("report_id", "last_seen").equals(stored.select("report_id", "last_seen"))
        return found

    def changed(sql):
        copy = tmp_path / f"copy-{len(list(tmp_path.glob('copy-*')))}.duckdb"
        shutil.copyfile(store, copy)
        con = duckdb.connect(str(copy))
        con.execute(sql)
        con.close()
        return digest(copy)

    first = digest(store)
    assert first and digest(store) == first
    assert changed("UPDATE reports SET last_seen = last_seen + INTERVAL 1 DAY") == first
    assert changed("DELETE FROM refresh_runs") == first
    assert changed("UPDATE attacks SET launched = launched + 1 WHERE launched IS NOT NULL") != first
    assert changed("UPDATE reports SET text = text || ' .'") != first  # a column not held
    assert changed("UPDATE strike_claims SET evidence = NULL") != first



def test_while_one_thread_reads_a_new_version_the_others_answer_from_the_one_before(store, reports):
    """Issue 17 (the load test's slowest requests): a worker's threads all waited while one of them read a new
    store version (0.2 to 0.6 s under load, at every refresh). Now only the reading thread waits; another thread
    asking meanwhile is given the version before (whole and consistent), and the next asks get the new one."""
    from etl.snapshot import reading

    before = data.snapshot(store)
    launched = data.headline(WHOLE, store)["launched"]
    (reports / "en-new-night.txt").write_text(NEW_NIGHT, encoding="utf-8")
    assert refresh(store, [str(reports)]).new == 1

    with reading(store):  # as when another thread is reading the new version
        assert data.snapshot(store) is before
        assert data.headline(WHOLE, store)["launched"] == launched  # every table of the same version
    after = data.snapshot(store)
    assert after is not before and after.signature != before.signature
    assert data.headline(WHOLE, store)["launched"] == launched + 140
    assert data.snapshot(store) is after


def test_threads_that_ask_for_a_store_together_get_one_version(store):
    """The first read of a store has no version before it to answer from: the threads asking together wait for
    the one reading it and get that version (one read, not one per thread)."""
    import threading

    start, got = threading.Barrier(4), []

    def ask():
        start.wait()
        got.append(data.snapshot(store))

    askers = [threading.Thread(target=ask) for _ in range(4)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert len(got) == 4 and all(snap is got[0] for snap in got) and got[0].digest
