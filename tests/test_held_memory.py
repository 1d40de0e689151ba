"""Issue 17: `strikes serve` holds less of a store version in memory (report texts are read on demand), and every
view, export and provenance card still shows what it showed when everything was held."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from dashboard import data, queue, reviewhtml
from dashboard.data import Filters
from etl.refresh import refresh
from etl.store import read_tables
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


def test_an_export_of_the_reports_has_every_text(store):
    exported = data.export_frame("reports", Filters(), store)
    stored = read_tables(store, ("reports",))["reports"].filter(pl.col("withdrawn").is_null())
    assert exported.columns == stored.columns
    assert exported.sort("report_id").equals(stored.sort("report_id"))


def test_a_text_is_the_one_its_claims_were_read_from_after_a_refresh_changed_the_report(tmp_path):
    """A version read before a refresh replaced the file and changed a report shows the report's text as that
    version had it (from the kept version), never the new text."""
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE / "corpus-dev", folder)
    path = tmp_path / "s.duckdb"
    refresh(path, [str(folder)])
    old = data.snapshot(path)
    report = old.tables["reports"].filter(pl.col("path").str.ends_with("de-01.txt")).row(0, named=True)
    before = stored_texts(path)[report["report_id"]]
    changed = folder / "de-01.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("91 Raketen", "92 Raketen"), encoding="utf-8")
    refresh(path, [str(folder)])
    after = stored_texts(path)[report["report_id"]]
    assert after != before and data.snapshot(path) is not old
    texts = old.texts(pl.Series([report["report_id"]]))
    assert texts["text"].to_list() == [before]
