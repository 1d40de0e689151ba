"""Hostile input in a real browser (issue "the dashboard under load and attack"): report text carrying
`<script>` and `<img onerror>` shows up literally in the evidence panels and runs nothing, and an address
with unknown filters shows the default view with a notice. Needs no ../shared: the store is tests/hostile.py's."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest

from tests.browser.test_dashboard import select_first_row, settle
from tests.hostile import IMG, SCRIPT, XSS_DAY

pytestmark = pytest.mark.browser


def nothing_ran(page) -> None:
    """No dialog opened, no console error, no element made from the payloads."""
    page.page.wait_for_timeout(500)
    assert page.dialogs == [] and page.errors == []
    assert page.page.locator("img[src='x'], a[href^='javascript']").count() == 0


def test_report_text_with_script_and_img_tags_is_shown_as_text(hostile_server, page):
    p = page.page
    p.goto(f"{hostile_server.url}/attacks?from={XSS_DAY}&to={XSS_DAY}&attacker=RU")
    settle(p, "#attacks-grid .ag-row")
    assert f"{IMG} Wire" in p.inner_text("#attacks-grid")  # the hostile source name, as text
    select_first_row(p, "#attacks-grid", "#attacks-provenance .evidence mark")
    evidence = p.inner_text("#attacks-provenance .evidence")
    assert f"Russia launched 40 Shahed drones {SCRIPT} at Ukraine overnight {IMG}" in evidence
    assert f"{IMG} Wire" in p.inner_text("#attacks-provenance .card-header")  # and its javascript: URL is no link
    nothing_ran(page)
    p.goto(f"{hostile_server.url}/outages?from={XSS_DAY}&to={XSS_DAY}&attacker=RU")
    settle(p, "#outages-table")
    assert f"after the strike {SCRIPT}" in p.inner_text("#outages-table")
    nothing_ran(page)


def test_an_address_with_unknown_filters_shows_the_default_view_and_a_notice(hostile_server, page):
    p = page.page
    p.goto(f"{hostile_server.url}/?weapon=tank&from=2025-13-01&attacker={quote(IMG)}")
    settle(p, "#overview-volumes .main-svg")
    notice = p.inner_text("#filters-notice")
    assert "Unknown weapon class 'tank' ignored" in notice and "from='2025-13-01' is not a day" in notice
    assert f"Unknown attacker '{IMG}' ignored" in notice
    query = parse_qs(urlparse(p.url).query)  # the address now says what is shown: the default view
    assert query["attacker"] == ["RU"] and "weapon" not in query and query["from"] != ["2025-13-01"]
    assert p.inner_text("#overview-card-launched .stat-value") not in ("", "—")
    nothing_ran(page)
    p.click("#filters-notice .btn-close")  # it can be dismissed
    p.wait_for_selector("#filters-notice", state="hidden")
