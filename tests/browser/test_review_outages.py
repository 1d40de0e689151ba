"""Issue 16 in Chromium, outage claims: the Review page lists the flagged outage claims beside the strike claims; a
region corrected there shows on the Outages view and in `strikes export --table outage_claims` with its provenance,
and a rejected outage claim leaves the Outages view; a viewer who is not a review user gets no write controls and
a forged POST is refused. And the page in Ukrainian has no English word left. The reports are ours, written here."""

from __future__ import annotations

import re

import pytest

from etl.refresh import refresh
from etl.reviewstore import journal_path
from tests.browser.conftest import Server
from tests.browser.test_dashboard import settle
from tests.browser.test_review import AUTH, USER, _basic, _context, strikes_export
from tests.test_review import OFFICIAL, PRESS

pytestmark = pytest.mark.browser

HEAD = "---\npublished: 2025-02-07T{time}:00+02:00\nsource: {source}\nlanguage: en\n---\n"
REPORTS = {  # name -> (source, time, text): two outage claims whose region their own sentence does not name
    "odesa": ("Example News", "09:00", "Overnight into 7 February, Russian drones struck Odesa. Part of the city was "
                                       "left without power.\n"),
    "wire": ("Other Wire", "11:00", "Odesa was left without power after the night attack on 7 February.\n"),
    "kharkiv": ("City Desk", "10:00", "Russia attacked energy facilities overnight into 7 February.\n\nKharkiv region"
                                      "\n\nSome consumers remained without heating.\n"),
}
OUTAGES = "/outages?from=2025-02-07&to=2025-02-07&attacker=RU"
# What the page shows in any language: the data (sources, claim ids, the reviewer), the evidence, the keys' names
DATA_LEFT_OUT = """() => {
    const page = document.body.cloneNode(true);
    page.querySelectorAll('.data, blockquote.evidence, kbd').forEach(e => e.remove());
    const attributes = [...page.querySelectorAll('[placeholder], [title], [aria-label]')].map(
        e => ['placeholder', 'title', 'aria-label'].map(a => e.getAttribute(a) || '').join(' '));
    return [page.textContent, ...attributes].join('\\n');
}"""


def outage_store(tmp_path):
    """Two strike reports of one night (tests/test_review.py) and three outage reports of that night."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "af.md").write_text(OFFICIAL, encoding="utf-8")
    (src / "press.md").write_text(PRESS, encoding="utf-8")
    for name, (source, time, text) in REPORTS.items():
        (src / f"{name}.md").write_text(HEAD.format(time=time, source=source) + text, encoding="utf-8")
    store = tmp_path / "s.duckdb"
    refresh(store, [str(src)])
    return store


@pytest.fixture
def reviewed(tmp_path):
    store = outage_store(tmp_path)
    server = Server(store, tmp_path / "serve.log", env=AUTH, headers=_basic())
    yield store, server
    server.stop()


def outage_of(store, source_region: str, kind: str) -> dict:
    (row,) = [r for r in strikes_export(store, "--table", "outage_claims")
              if r["region"] == source_region and r["kind"] == kind and r["claim_id"] in flagged(store)]
    return row


def flagged(store) -> set[str]:
    from etl.store import read_tables

    return set(read_tables(store, ("claim_flags",))["claim_flags"]["claim_id"])


def test_an_outage_region_corrected_on_the_review_page_shows_on_the_outages_view_and_in_the_export(browser, reviewed):
    store, server = reviewed
    odesa = outage_of(store, "UA-51", "power")["claim_id"]
    context = _context(browser)
    page = context.new_page()
    page.goto(server.url + "/review")
    assert page.locator("li.review-item").count() == 2  # the strike claims, and beside them the outage claims
    item = page.locator(f'li.review-outage[data-claim="{odesa}"]')
    assert item.locator('[data-reason="fallback"]').inner_text() == (
        "not said in its own sentence: region Odesa: its sentence names no region: taken from an earlier sentence "
        "of its paragraph")
    assert item.locator("blockquote mark").inner_text() == "Part of the city was left without power."
    assert "struck Odesa" in item.locator("blockquote").inner_text()  # the sentence its region was taken from
    assert "Other Wire" in item.locator(".review-others").inner_text()  # the other report of that date and region
    assert item.locator("select[name=region] option").count() == 28  # the 27 regions by name, and none chosen
    item.locator(".review-correct select[name=region]").select_option(label="Kherson")
    item.locator(".review-correct button[value=correct]").click()
    page.wait_for_selector("#review-done")
    assert f"Corrected: claim {odesa}" in page.inner_text("#review-done")
    assert page.locator(f'li.review-outage[data-claim="{odesa}"]').count() == 0  # it left the queue
    (row,) = [r for r in strikes_export(store, "--table", "outage_claims") if r["claim_id"] == odesa]
    assert (row["region"], row["kind"], row["review"], row["reviewed_by"]) == ("UA-65", "power", "corrected", USER)
    assert row["reviewed_on"]
    page.goto(server.url + OUTAGES + "&region=UA-65")
    settle(page, "#outages-table")
    assert "Kherson" in page.inner_text("#outages-list-title")
    table = page.inner_text("#outages-table")
    assert "Example News" in table and f"corrected by {USER} on" in table
    context.close()


def test_an_outage_claim_rejected_on_the_review_page_leaves_the_outages_view(browser, reviewed):
    store, server = reviewed
    kharkiv = outage_of(store, "UA-63", "heating")["claim_id"]
    context = _context(browser)
    page = context.new_page()
    page.goto(server.url + OUTAGES + "&region=UA-63")
    settle(page, "#outages-table")
    assert "City Desk" in page.inner_text("#outages-table")  # before: the Outages view lists it
    page.goto(server.url + "/review")
    item = page.locator(f'li.review-outage[data-claim="{kharkiv}"]')
    assert "taken from the section heading above it" in item.inner_text()
    item.locator(".review-form button[value=reject]").click()
    page.wait_for_selector("#review-done")
    assert f"Rejected: claim {kharkiv}" in page.inner_text("#review-done")
    assert kharkiv not in {r["claim_id"] for r in strikes_export(store, "--table", "outage_claims")}
    page.goto(server.url + OUTAGES + "&region=UA-63")
    settle(page, "#outages-list")
    page.wait_for_function("document.querySelector('#outages-list').innerText.includes('No outage reports')",
                           timeout=15_000)
    assert page.locator("#outages-table").count() == 0
    context.close()


def test_a_viewer_gets_no_outage_controls_and_a_forged_outage_correction_is_refused(browser, tmp_path):
    store = outage_store(tmp_path)
    odesa = outage_of(store, "UA-51", "power")["claim_id"]
    viewer = Server(store, tmp_path / "viewer.log", env={**AUTH, "STRIKES_REVIEW_USERS": "editor"}, headers=_basic())
    try:
        context = _context(browser)
        page = context.new_page()
        page.goto(viewer.url + "/review?ui=uk")
        assert page.locator("li.review-outage").count() == 2
        assert page.locator("form").count() == 0 and page.locator("button, select").count() == 0
        assert "Лише перегляд" in page.inner_text("#review-who")
        assert not re.search(r"[A-Za-z]{2,}", page.evaluate(DATA_LEFT_OUT))
        answer = context.request.post(viewer.url + "/review/decide",
                                      form={"claim_id": odesa, "decision": "correct", "region": "UA-65"})
        assert answer.status == 403
        context.close()
    finally:
        viewer.stop()
    server = Server(store, tmp_path / "serve.log", env=AUTH, headers=_basic())
    try:
        context = _context(browser)
        page = context.new_page()
        page.goto(server.url + "/review")  # the reviewer's own page: it sets the token cookie
        token = next(c["value"] for c in context.cookies() if c["name"] == "strikes_review_csrf")
        form = {"claim_id": odesa, "decision": "correct", "region": "UA-65"}
        assert context.request.post(server.url + "/review/decide", form=form).status == 403  # no token
        forged = context.request.post(server.url + "/review/decide", form={**form, "csrf": token},
                                      headers={"Origin": "http://evil.example"})
        assert forged.status == 403
        context.close()
    finally:
        server.stop()
    assert not journal_path(store).exists()
    assert outage_of(store, "UA-51", "power")["review"] is None


def test_the_review_page_in_ukrainian_has_no_english_word_left(browser, reviewed):
    """Issue 16 with issue 14: every label, button, reason and message of the Review page is in the interface
    language; what is left in Latin letters is data (sources, claim ids, the reviewer's name, the reports' text)."""
    store, server = reviewed
    context = _context(browser)
    page = context.new_page()
    page.goto(server.url + "/?ui=uk")
    page.click("#shell-nav-review", timeout=30_000)  # the navigation's link keeps the language
    page.wait_for_url(server.url + "/review?ui=uk")
    assert page.title() == "Перевірка · strikes" and page.get_attribute("html", "lang") == "uk"
    assert page.locator("li.review-item").count() == 2 and page.locator("li.review-outage").count() == 2
    shown = page.evaluate(DATA_LEFT_OUT)
    assert "розходиться з офіційним записом: запущено 160 проти 100" in shown
    assert "узято із заголовка розділу над ним" in shown and "Харківська область" in shown
    assert not re.search(r"[A-Za-z]{2,}", shown), re.findall(r"[A-Za-z]{2,}", shown)
    page.locator("li.review-outage .review-form button[value=confirm]").first.click()
    page.wait_for_selector("#review-done")
    assert "ui=uk" in page.url and "Підтверджено: твердження" in page.inner_text("#review-done")
    assert not re.search(r"[A-Za-z]{2,}", page.evaluate(DATA_LEFT_OUT))
    answer = context.request.post(server.url + "/review/decide?ui=uk", form={"claim_id": "x", "decision": "confirm"})
    assert answer.status == 403 and answer.text().startswith("відмовлено: цей запит надійшов не зі сторінки")
    context.close()
