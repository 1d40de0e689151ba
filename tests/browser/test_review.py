"""Issue 16 in Chromium: correct a figure on the Review page, refresh the store, and the dashboard and `strikes
export` show it with its provenance; reject a claim and it leaves the reconciled attack; a viewer who is not a
review user gets no write controls; a forged POST is refused. The reports are ours (tests/test_review.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from werkzeug.security import generate_password_hash

from etl.refresh import refresh
from etl.reviewstore import journal_path
from tests.browser.conftest import Server
from tests.conftest import REPO
from tests.test_review import night_store

USER, PASSWORD = "ana", "review-pass"
AUTH = {"STRIKES_AUTH_USER": USER, "STRIKES_AUTH_PASSWORD_HASH": generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")}


def strikes_export(store, *args: str) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "etl", "export", "--store", str(store), *args], cwd=REPO,
                            capture_output=True, text=True, check=True)
    import polars as pl

    return pl.read_csv(result.stdout.encode()).to_dicts()


@pytest.fixture
def reviewed(tmp_path):
    store, src = night_store(tmp_path)
    server = Server(store, tmp_path / "serve.log", env=AUTH, headers=_basic())
    yield store, src, server
    server.stop()


def _basic() -> dict:
    from tests.serving import basic

    return basic(USER, PASSWORD)


def _context(browser):
    return browser.new_context(http_credentials={"username": USER, "password": PASSWORD},
                               viewport={"width": 1280, "height": 800})


def _press_claim(store) -> str:
    return next(c["claim_id"] for c in strikes_export(store, "--table", "strike_claims") if c["launched"] == 160)


def test_a_figure_corrected_on_the_review_page_shows_after_a_refresh_with_its_provenance(browser, reviewed):
    from dashboard.evidence import attack_key

    store, src, server = reviewed
    press = _press_claim(store)
    context = _context(browser)
    page = context.new_page()
    page.goto(server.url + "/")
    page.click("#shell-nav-review", timeout=30_000)  # the reviewer's navigation leads to the Review page
    page.wait_for_url(server.url + "/review")
    item = page.locator(f'li.review-item[data-claim="{press}"]')
    assert item.locator('[data-reason="disagrees_with_record"]').count() == 1 and item.locator("mark").count() > 0
    assert "disagrees with the record: launched 160 against 100" in item.inner_text()
    assert "Air Force of Ukraine" in item.locator(".review-others").inner_text()  # the other source of the night
    item.locator(".review-correct input[name=launched]").fill("150")
    item.locator(".review-correct button[value=correct]").click()
    page.wait_for_selector("#review-done")
    assert f"Corrected: claim {press}" in page.inner_text("#review-done")
    refresh(store, [str(src)])
    (row,) = [r for r in strikes_export(store) if r["weapon"] == "drone"]
    assert (row["launched"], row["reviewed"], row["from_launched"]) == (150, "corrected", press)
    key = attack_key({**row, "attack_date": row["attack_date"], "type": None, "model": None})
    page.goto(f"{server.url}/attacks?from=2025-02-07&to=2025-02-07&attacker=RU&row={key}")
    page.wait_for_selector("#attacks-provenance .review-note", timeout=30_000)
    assert "corrected by ana on" in page.inner_text("#attacks-provenance")
    grid = page.inner_text("#attacks-grid")
    assert "150" in grid
    context.close()


def test_a_claim_rejected_on_the_review_page_leaves_the_reconciled_attack(browser, reviewed):
    store, _, server = reviewed
    press = _press_claim(store)
    context = _context(browser)
    page = context.new_page()
    page.goto(server.url + "/review")
    page.locator(f'li.review-item[data-claim="{press}"] .review-form button[value=reject]').click()
    page.wait_for_selector("#review-done")
    (row,) = [r for r in strikes_export(store) if r["weapon"] == "drone"]
    assert press not in json.loads(row["sources"]) and row["launched"] == 100
    assert page.locator(f'li.review-item[data-claim="{press}"]').count() == 0  # it left the queue
    context.close()


def test_a_viewer_who_is_not_a_review_user_gets_no_write_controls_and_cannot_post(browser, tmp_path):
    store, _ = night_store(tmp_path)
    server = Server(store, tmp_path / "serve.log", env={**AUTH, "STRIKES_REVIEW_USERS": "editor"}, headers=_basic())
    try:
        context = _context(browser)
        page = context.new_page()
        page.goto(server.url + "/")
        page.wait_for_selector("#shell-nav-attacks", timeout=30_000)
        assert page.locator("#shell-nav-review").count() == 0  # no link to the Review page in the navigation
        page.goto(server.url + "/review")
        # the queue is shown: the press claim disagrees, and both carry the attacker into "shot down 80 of them"
        assert page.locator("li.review-item").count() == 2
        assert page.locator("form").count() == 0 and page.locator("button").count() == 0
        assert "Read-only" in page.inner_text("#review-who")
        answer = context.request.post(server.url + "/review/decide",
                                      form={"claim_id": _press_claim(store), "decision": "reject"})
        assert answer.status == 403
        context.close()
    finally:
        server.stop()
    assert not journal_path(store).exists()


def test_a_forged_post_is_refused(browser, reviewed):
    store, _, server = reviewed
    press = _press_claim(store)
    context = _context(browser)
    page = context.new_page()
    page.goto(server.url + "/review")  # the reviewer's own page: it sets the token cookie
    token = next(c["value"] for c in context.cookies() if c["name"] == "strikes_review_csrf")
    form = {"claim_id": press, "decision": "reject"}
    assert context.request.post(server.url + "/review/decide", form=form).status == 403  # no token
    assert context.request.post(server.url + "/review/decide", form={**form, "csrf": "guess"}).status == 403
    forged = context.request.post(server.url + "/review/decide", form={**form, "csrf": token},
                                  headers={"Origin": "http://evil.example"})
    assert forged.status == 403  # another site's page, even with the token
    # a page of another origin that submits a form to the dashboard: the cookie is not sent, nothing changes
    other = context.new_page()
    other.set_content(f'<form method="post" action="{server.url}/review/decide"><input name="claim_id" '
                      f'value="{press}"><input name="decision" value="reject"><input name="csrf" value="{token}">'
                      f'</form><script>document.forms[0].submit()</script>')
    other.wait_for_load_state()
    other.wait_for_timeout(1000)
    assert "refused" in other.content()
    assert not journal_path(store).exists()
    (row,) = [r for r in strikes_export(store) if r["weapon"] == "drone"]
    assert press in json.loads(row["sources"])
    context.close()
