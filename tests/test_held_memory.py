"""Issue 17: `strikes serve` holds less of a store version in memory (report texts are read on demand), and every
view, export and provenance card still shows what it showed when everything was held."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from dashboard import data, queue, reviewhtml
from dashboard.data import Filters
from etl.refresh import refresh
from etl.store import read_tables
from etl.storefile import version_files
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("held") / "s.duckdb"
    refresh(path, [str(SAMPLE / "corpus-dev")])
    return path


def stored_texts(store) -> dict[str, str]:
    reports = read_tables(store, ("reports",))["reports"]
    return dict(zip(reports["report_id"], reports["text"], strict=True))


def test_report_texts_are_not_held_in_memory(store):
    snap = data.snapshot(store)
    assert "text" not in snap.tables["reports"].columns
    assert snap.tables["reports"].height == len(stored_texts(store)) > 10


def test_a_claims_evidence_is_shown_from_the_stored_text(store):
    texts = stored_texts(store)
    rows = data.attack_table(Filters(), store)
    key = rows.filter(pl.col("claims") > 1)["key"][0]
    prov = data.provenance(key, Filters(), store)
    claims = data.tables(store)["strike_claims"]
    for card in prov["claims"]:
        report = claims.filter(pl.col("claim_id") == card["claim_id"])["report_id"][0]
        shown = "".join(p["text"] for p in card["evidence"] if p["text"] != " … ")
        assert shown and all(p["text"] in texts[report] for p in card["evidence"] if p["text"] != " … ")
        assert any(p["mark"] for p in card["evidence"])


def test_outage_evidence_and_the_review_page_show_their_sentences(store):
    outages = data.outage_reports(Filters(), store)
    assert outages.height and outages["evidence_text"].str.len_chars().min() > 0
    shown = queue.with_text(store, queue.review_queue(store, everything=True).head(3))
    assert shown.height and shown["text"].null_count() == 0
    texts = stored_texts(store)
    assert shown["text"].to_list() == [texts[r] for r in shown["report_id"]]
    page = reviewhtml.page(str(store), "en", False, None, "", "")
    assert "<mark>" in page


def test_the_attacks_held_leave_out_the_claims_behind_a_row_and_an_export_reads_them(store):
    assert not set(data.tables(store)["attacks"].columns) & {"sources", "disagreements"}
    assert set(data.measured(Filters(), store).columns) == set(data.ATTACKS)
    exported = data.export_frame("attacks", Filters(attacker="RU"), store)
    stored = read_tables(store, ("attacks",))["attacks"].filter(pl.col("attacker") == "RU")
    assert exported.height and exported.equals(stored)
    key = data.attack_table(Filters(), store).filter(pl.col("claims") > 1)["key"][0]
    row = data.attack_row(key, Filters(), store)
    stored = stored.filter(pl.col("attack_date") == row["attack_date"]).to_dicts()
    assert row["sources"].count('"') >= 4 and row in stored


def test_an_export_of_the_reports_has_every_text(store):
    exported = data.export_frame("reports", Filters(), store)
    stored = read_tables(store, ("reports",))["reports"].filter(pl.col("withdrawn").is_null())
    assert exported.columns == stored.columns
    assert exported.sort("report_id").equals(stored.sort("report_id"))


def test_a_text_is_the_one_its_claims_were_read_from_after_a_refresh_changed_the_report(tmp_path):
    """A version read before a refresh replaced the file and changed a report shows the report's text as that
    version had it (written aside when it was read), never the new text; its claims and attacks rows likewise."""
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE / "corpus-dev", folder)
    path = tmp_path / "s.duckdb"
    refresh(path, [str(folder)])
    old = data.snapshot(path)
    reports = read_tables(path, ("reports",))["reports"]
    report = reports.filter(pl.col("path").str.ends_with("de-01.txt")).row(0, named=True)
    before = stored_texts(path)[report["report_id"]]
    changed = folder / "de-01.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("91 Raketen", "92 Raketen"), encoding="utf-8")
    refresh(path, [str(folder)])
    after = stored_texts(path)[report["report_id"]]
    assert after != before and data.snapshot(path) is not old
    texts = old.with_text(pl.DataFrame({"report_id": [report["report_id"]]}))
    assert texts["text"].to_list() == [before] and texts["path"].to_list() == [report["path"]]
    claims = old.tables["strike_claims"].filter(pl.col("report_id") == report["report_id"])
    assert claims.height and old.with_evidence(claims)["evidence"].null_count() == 0  # as that version had them
    night = claims.filter(pl.col("row_kind") == "class")["attack_date"][0]
    kept = read_tables(version_files(path)[-1], ("attacks",))["attacks"].filter(pl.col("attack_date") == night)
    rows = old.tables["attacks"].filter(pl.col("attack_date") == night)
    assert old.with_reconciliation(rows).select(kept.columns).equals(kept)  # the claims behind it as they were


def test_reports_waiting_for_a_date_are_those_with_no_date_or_only_undated_claims():
    """health.waiting_for_date looks at the few reports with an undated claim, not at every claim's report."""
    from dashboard import health

    day = date(2025, 1, 1)
    claims = pl.DataFrame({"report_id": ["mixed", "mixed", "undated", "period", "dated", "outage-too"],
                           "attack_date": [None, day, None, None, day, None],
                           "period_start": [None, None, None, day, None, None]},
                          schema={"report_id": pl.Utf8, "attack_date": pl.Date, "period_start": pl.Date})
    outages = pl.DataFrame({"report_id": ["outage-too", "outage-only", "outage-undated"], "date": [day, day, None]},
                           schema={"report_id": pl.Utf8, "date": pl.Date})
    problems = pl.DataFrame({"report_id": ["no-date", None], "problem": [health.NO_DATE + ": x", "other"]})
    ids = ["mixed", "undated", "period", "dated", "outage-too", "outage-only", "outage-undated", "no-date", "silent"]
    reports = pl.DataFrame({"report_id": ids})
    waiting = health.waiting_for_date(reports, claims, outages, problems)
    assert dict(zip(waiting["report_id"], waiting["why"], strict=True)) == {
        "undated": "every claim is undated", "outage-undated": "every claim is undated",
        "no-date": "no published date"}


@pytest.mark.parametrize("table, columns, where", [
    ("strike_claims", ("report_id", "weapon", "launched"), pl.col("row_kind") == "class"),
    ("strike_claims", ("period_start", "report_id"), None),
    ("reports", ("report_id", "source"), pl.col("language") == "de"),
    ("reports", ("text", "path"), pl.col("language") == "de"),
    ("attacks", ("attack_date", "launched"), pl.col("row_kind") == "type"),
])
@pytest.mark.parametrize("filters", [Filters(), Filters(source_kinds=("press",), languages=("de", "en"))])
def test_a_query_for_some_columns_of_some_rows_is_the_whole_query_narrowed(store, table, columns, where, filters):
    whole = data.query(table, filters, store)
    narrowed = whole if where is None else whole.filter(where)
    assert narrowed.height and data.query(table, filters, store, columns, where).equals(narrowed.select(columns))


def test_a_version_read_for_the_dashboard_holds_what_the_store_holds(store, tmp_path):
    """etl/storeread.read_version (through Parquet, repeated text as enums, empty columns as null constants) gives
    every held column of every table with the values read_tables gives, in the same order; what is not held is
    written aside with each row's key, as the store has it."""
    from etl.schemas import TABLES
    from etl.snapshot import ENUMS, LEFT_OUT, plain
    from etl.stored import KEYS
    from etl.storeread import read_version

    held = {name: [c for c in read_tables(store, (name,))[name].columns if c not in LEFT_OUT.get(name, ())]
            for name in TABLES}
    spill = {name: [*KEYS[name], *columns] for name, columns in LEFT_OUT.items()}
    (version, _), whole = read_version(store, held, ENUMS, spill, tmp_path), read_tables(store)
    assert isinstance(version["strike_claims"].schema["weapon"], pl.Enum)
    assert isinstance(version["reports"].schema["source"], pl.Enum)
    for name in TABLES:
        assert plain(version[name]).equals(whole[name].select(held[name])), name
    for name, columns in spill.items():
        assert pl.read_parquet(tmp_path / f"{name}.parquet").equals(whole[name].select(columns)), name


def test_held_enums_sort_filter_and_export_as_text(store):
    claims = data.tables(store)["strike_claims"]
    assert isinstance(claims.schema["source_kind"], pl.Enum) and isinstance(claims.schema["q_launched"], pl.Enum)
    ordered = claims.sort("source_kind", "model", "claim_id", nulls_last=True)
    text = claims.with_columns(pl.col("source_kind", "model").cast(pl.Utf8))
    assert ordered["claim_id"].to_list() == text.sort("source_kind", "model", "claim_id", nulls_last=True)[
        "claim_id"].to_list()
    exported = data.export_frame("strike_claims", Filters(source_kinds=("press",)), store)
    assert exported.schema["source_kind"] == pl.Utf8 and set(exported["source_kind"]) == {"press"}
    stored = read_tables(store, ("strike_claims",))["strike_claims"].filter(pl.col("source_kind") == "press")
    assert exported.select(stored.columns).sort("claim_id", "row_kind", "type", "model", nulls_last=True).equals(
        stored.sort("claim_id", "row_kind", "type", "model", nulls_last=True))


@pytest.mark.parametrize("filters", [
    Filters(attacker="RU"), Filters(attacker="RU", source_kinds=("press",)), Filters(languages=("uk",)),
    Filters(attacker="RU", source_kinds=("official", "press"), end=date(2025, 1, 31)),
])
@pytest.mark.parametrize("class_rows", [False, True])
def test_the_attack_nights_of_a_source_filter_are_those_its_reconciled_rows_have(store, filters, class_rows):
    """The page links ask for the last night of the whole history at every filter change: with a source filter,
    the nights come from the chosen claims instead of reconciling them all; they are the same nights."""
    rows = data.query("attacks", filters, store)
    rows = rows.filter(pl.col("row_kind") == "class") if class_rows else rows
    nights = data.attack_nights(filters, store, class_rows)
    assert nights.len() and nights.to_list() == sorted(set(rows["attack_date"]))


def test_a_memo_keeps_about_its_bytes_and_always_the_newest_result():
    from etl.memo import VIEW, Memo, weight

    frame = pl.DataFrame({"id": [f"report-{n:012d}" for n in range(1000)], "n": list(range(1000))})
    assert weight(frame) >= frame.estimated_size() + VIEW * 1000  # a string's view counts too
    memo = Memo(size=10, max_bytes=2 * weight(frame) + 1)
    for key in (1, 2, 3):
        memo.get(key, lambda: frame.clone())
    assert 1 not in memo and 2 in memo and 3 in memo and memo.bytes <= memo.max_bytes
    small = Memo(max_bytes=10)
    assert small.get("big", lambda: frame) is frame and "big" in small  # the newest stays, whatever its size
    small.get("next", lambda: 1)
    assert "big" not in small and "next" in small


def test_what_a_served_version_does_not_hold_leaves_no_file_behind_when_the_server_is_killed(store, tmp_path):
    """The columns written aside when `strikes serve` reads a version (etl/stored.py Spill) are open files whose
    folder is gone at once: a server stopped by SIGKILL leaves nothing in its temporary folder."""
    import os
    import signal

    import httpx

    from tests.serving import Server

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    server = Server(store, tmp_path / "serve.log", env={"TMPDIR": str(scratch)})
    try:
        assert httpx.get(server.url + "/_dash-layout", timeout=60).status_code == 200  # the version is read
        held = [os.readlink(f) for f in Path(f"/proc/{server.proc.pid}/fd").iterdir()]
        assert any("strikes-version-" in target and target.endswith("(deleted)") for target in held)
        assert list(scratch.iterdir()) == []
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=30)
    finally:
        server.stop()
    assert list(scratch.iterdir()) == []


def test_source_stops_counted_per_source_are_those_of_every_report():
    """dashboard/layers.py counts a version's reports per source before writing the names out (Kaggle posts become
    their account); the markers are those of one row per report."""
    from dashboard import layers, markers
    from dashboard.labels import account_of

    day = date(2024, 1, 1)
    rows = ([(f"kpszsu/posts/p{n}", "record", day + timedelta(days=n)) for n in range(25)]
            + [("Meridian Wire", "press", day + timedelta(days=n)) for n in range(30)]
            + [("Meridian Wire", "press", None), (None, "press", day), ("Few", "press", day)])
    reports = pl.DataFrame(rows, schema={"source": pl.Utf8, "source_kind": pl.Utf8, "published_date": pl.Date},
                           orient="row").with_columns(pl.col("source", "source_kind").cast(pl.Categorical))
    per_report = pl.DataFrame([(account_of(s) if k == "record" and s else s, d) for s, k, d in rows],
                              schema={"source": pl.Utf8, "published_date": pl.Date}, orient="row")
    last = day + timedelta(days=200)
    expected = markers.source_stops(per_report, last)
    assert {m.source for m in expected} == {"kpszsu", "Meridian Wire"}
    assert markers.source_stops(layers._report_sources(reports), last) == expected
