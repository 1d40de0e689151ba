"""A page sent with its first content (dashboard/prerender.py, issue 17: time to a drawn Overview) in a real browser:
the Overview draws from the layout without asking for its view or its charts, a change still asks for them, and a
browser whose Referer names another page than it shows still gets the page of its address."""

from __future__ import annotations

import json

import pytest

from tests.browser.test_dashboard import WINTER, settle

pytestmark = pytest.mark.browser


def outputs_asked(page) -> list[str]:
    """The outputs of every callback the page asks the server for, from now on."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(json.loads(r.post_data)["output"])
            if r.url.split("?")[0].endswith("/_dash-update-component") else None)
    return asked


def resolution(page, graph: str = "overview-resolution") -> str:
    return page.evaluate(f"() => document.querySelector('#{graph} input:checked').value")


def points(page) -> int:
    """The periods drawn by the volume chart's first trace."""
    return page.evaluate("() => document.querySelector('#overview-volumes .js-plotly-plot').data[0].x.length")


def test_the_overview_draws_from_its_first_layout_and_asks_for_its_charts_when_an_option_changes(server, page):
    p = page.page
    asked = outputs_asked(p)
    p.goto(server.url + "/" + WINTER + "&res=week")
    settle(p, "#overview-volumes .main-svg")
    assert p.evaluate("() => document.querySelectorAll('#overview-volumes .trace').length") >= 1
    assert p.evaluate("() => document.querySelectorAll('#overview-rates .trace').length") >= 1
    assert p.inner_text("#overview-card-launched .stat-value").strip() and resolution(p) == "week"
    assert not [o for o in asked if "overview-" in o or "_pages_content" in o], asked  # no view, no chart asked
    assert not [o for o in asked if o.startswith("..shell-search") or o == "shell-demo.children"], asked
    assert any(o.startswith("..filters-dates") for o in asked)  # the filter bar is still set from the address
    assert "from=2026-01-12" in p.url and "res=week" in p.url and "data as of" in p.inner_text("#shell-asof")
    weeks, asked[:] = points(p), []
    p.click("#overview-resolution label:has-text('Month')")
    p.wait_for_url("**res=month**")
    settle(p, "#overview-volumes .main-svg")
    assert any(o.startswith("..overview-volumes.figure") for o in asked)
    assert points(p) < weeks and resolution(p) == "month" and page.errors == []  # two weeks: one month


@pytest.mark.parametrize("path, drawn", [("/weapons" + WINTER, "#weapons-salvo .main-svg"),
                                         ("/" + WINTER + "&res=month", "#overview-volumes .main-svg")])
def test_a_referer_trimmed_to_the_site_still_gets_the_page_of_its_address(server, page, path, drawn):
    p = page.page

    def trimmed(route):  # the page says Referrer-Policy: origin (as a proxy might): its requests name the site only
        got = route.fetch()
        route.fulfill(response=got, headers={**got.headers, "referrer-policy": "origin"})

    p.route(lambda url: url.startswith(server.url) and "/_dash" not in url and "/assets/" not in url, trimmed)
    layouts = []
    p.on("response", lambda r: layouts.append(r.text()) if r.url.endswith("/_dash-layout") else None)
    p.goto(server.url + path)
    settle(p, drawn)
    assert '"overview-volumes"' in layouts[0]  # the shell was built for "/": the check had the router build the page
    assert p.url.startswith(server.url + path.split("?")[0]) and "from=2026-01-12" in p.url
    assert "from=2026-01-12" in p.get_attribute("#shell-nav-patterns", "href")  # the filters of the address
    if path.startswith("/weapons"):
        assert p.query_selector("#overview-volumes") is None
    else:
        assert resolution(p) == "month"
    assert page.errors == []
