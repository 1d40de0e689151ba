"""The dashboard in a real browser: Debian's chromium against `strikes serve` on localhost, with a store
built from data/sample plus the Kaggle table. Saves a 1280x800 screenshot of every page into
tests/artifacts/screenshots, or into docs/screenshots (shown in the README) with
STRIKES_SCREENSHOTS=docs/screenshots."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import Server
from tests.conftest import REPO, SAMPLE

pytestmark = pytest.mark.browser

PAGES = {  # path -> (screenshot name, an element that is there once the page has drawn)
    "/": ("overview", "#overview-volumes .main-svg"),
    "/weapons": ("weapons", "#weapons-salvo .main-svg"),
    "/outages": ("outages", "#outages-map .main-svg"),
    "/attacks": ("attacks", "#attacks-grid .ag-row"),
    "/quality": ("quality", "#quality-problems .ag-row"),
}
WINTER = "?from=2026-01-12&to=2026-01-25&attacker=RU"  # two weeks of the sample's winter, with Kaggle rows


def settle(page, selector: str | None = None) -> None:
    """Wait until the page has loaded, drawn `selector` and no callback is running."""
    page.wait_for_load_state("networkidle")
    if selector:
        page.wait_for_selector(selector, timeout=15_000)
    page.wait_for_function("!document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=15_000)
    page.wait_for_timeout(300)


def select_first_row(page, grid: str, shown: str, tries: int = 3) -> None:
    """Click the first row of an ag-grid until `shown` appears. The grid draws a row before it listens to clicks
    on it, so on a busy machine (CI's 2 cores with a browser and a server each) the first click can land on a row
    that does not answer yet; a person clicks again, and so does this."""
    row = page.locator(f"{grid} .ag-center-cols-container .ag-row").first
    for attempt in range(tries):
        if attempt and "ag-row-selected" in (row.get_attribute("class") or ""):
            # the grid selected the row but the page heard nothing: a click on a selected row changes nothing,
            # so deselect it first (Ctrl+click), as a person would before trying again
            row.click(modifiers=["Control"])
        row.click()
        try:
            page.wait_for_selector(shown, timeout=10_000)
            return
        except PlaywrightTimeout:
            print(f"click {attempt + 1}: {shown} not shown yet at {page.url}")
            if attempt == tries - 1:
                raise


def headline(page) -> str:
    return page.inner_text("#overview-card-launched .stat-value")


def panels(page, graph: str) -> list[str]:
    """The panel titles of a drawn chart (one per weapon class on the volume chart; method markers left out)."""
    return page.evaluate(f"""() => document.querySelector('#{graph} .js-plotly-plot').layout.annotations
                                 .filter(a => !(a.name || '').startsWith('marker-')).map(a => a.text)""")


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_loads_without_console_errors(server, page, path):
    name, ready = PAGES[path]
    page.page.goto(server.url + path)
    settle(page.page, ready)
    assert page.errors == []
    query = parse_qs(urlparse(page.page.url).query)
    assert query["attacker"] == ["RU"] and "from" in query and "to" in query  # the defaults are in the address
    assert "data as of" in page.page.inner_text("#shell-asof")
    assert "mixes 239 bundled sample reports" in page.page.inner_text("#shell-demo")  # data/sample + Kaggle


def test_a_filter_changes_the_graph_lives_in_the_url_and_survives_a_reload(server, page):
    p = page.page
    p.goto(server.url + "/" + WINTER)
    settle(p, "#overview-volumes .main-svg")
    before, classes = headline(p), panels(p, "overview-volumes")
    assert classes[:2] == ["Drones", "Missiles"]
    p.click("#filters-weapon")
    p.get_by_role("option", name="Missiles").click()
    p.keyboard.press("Escape")
    p.wait_for_url("**weapon=missile**")
    p.wait_for_function(f"document.querySelector('#overview-card-launched .stat-value').innerText !== '{before}'")
    settle(p)
    after = headline(p)
    assert panels(p, "overview-volumes") == ["Missiles"]
    assert parse_qs(urlparse(p.url).query)["weapon"] == ["missile"]
    p.reload()
    settle(p, "#overview-volumes .main-svg")
    assert parse_qs(urlparse(p.url).query)["weapon"] == ["missile"]
    assert p.inner_text("#filters-weapon-value") == "Missiles"
    assert headline(p) == after and panels(p, "overview-volumes") == ["Missiles"]
    p.click("#shell-nav-weapons")  # page links keep the filters
    p.wait_for_url("**/weapons?**")
    assert parse_qs(urlparse(p.url).query)["weapon"] == ["missile"]
    assert page.errors == []


def test_clicking_a_chart_point_shows_the_evidence_behind_it(server, page):
    p = page.page
    p.goto(server.url + "/" + WINTER)
    settle(p, "#overview-volumes .main-svg")
    p.locator("#overview-volumes .barlayer .trace .point").nth(5).click(force=True)
    p.wait_for_selector("#overview-provenance mark", timeout=15_000)
    text = p.inner_text("#overview-provenance")
    assert "Where this number comes from" in text and "launched" in text and "Kyiv" in text
    assert p.locator("#overview-provenance mark").count() >= 1
    assert page.errors == []


def test_selecting_a_grid_row_shows_its_claims_and_evidence_sentence(server, page):
    p = page.page
    p.goto(server.url + "/attacks?from=2024-12-13&to=2024-12-13&attacker=RU&weapon=missile")
    settle(p, "#attacks-grid .ag-row")
    select_first_row(p, "#attacks-grid", "#attacks-provenance mark")
    text = p.inner_text("#attacks-provenance")
    assert "13 Dec 2024 · Russia → Ukraine · Missiles" in text and "Meridian Wire" in text and "Повітряні сили" in text
    marked = p.locator("#attacks-provenance mark").all_inner_texts()
    assert "94 missiles" in marked  # the figure highlighted in the press report's sentence
    assert "Sources disagree" in text  # the press "94" against the record's count
    assert page.errors == []
    assert "row=2024-12-13" in p.url  # the selected row is in the address


def strikes_export(store, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "etl", "export", "--store", str(store), *args], cwd=REPO,
                            capture_output=True, text=True, check=True)
    return result.stdout


def download(p, which: str = "rows") -> str:
    """The text of the Export CSV menu's download: the view's rows, or its chart's series."""
    p.click("#filters-export")
    with p.expect_download() as got:
        p.click(f"#filters-export-{which}")
    return got.value.path().read_text(encoding="utf-8")


@pytest.mark.parametrize("path, query, args", [
    ("/", "?from=2025-01-01&to=2025-03-31&attacker=RU&weapon=drone&kind=record",
     ["--table", "attacks", "--from", "2025-01-01", "--to", "2025-03-31", "--attacker", "RU", "--weapon", "drone",
      "--source-kind", "record", "--rows", "class", "--labels", "en"]),
    ("/outages", "?from=2025-11-01&to=2026-02-28&attacker=RU&weapon=drone",
     ["--table", "outage_claims", "--from", "2025-11-01", "--to", "2026-02-28", "--labels", "en"]),
    ("/attacks", "?from=2025-01-01&to=2025-01-31&attacker=RU&types=1&ui=uk",
     ["--table", "attacks", "--from", "2025-01-01", "--to", "2025-01-31", "--attacker", "RU", "--rows", "type",
      "--labels", "uk"]),
])
def test_export_csv_is_what_strikes_export_writes_for_the_same_filter(server, store, page, path, query, args):
    p = page.page
    p.goto(server.url + path + query)
    settle(p, ".main-svg" if path != "/attacks" else "#attacks-grid .ag-row")
    got = download(p)
    assert got == strikes_export(store, *args)
    assert got.count("\n") > 1
    assert page.errors == []


def test_data_quality_lists_the_problems(server, store, page):
    from dashboard.data import snapshot

    p = page.page
    p.goto(server.url + "/quality")
    settle(p, "#quality-problems .ag-row")
    problems = snapshot(store).tables["problems"].height
    assert p.inner_text("#quality-problem-count .stat-value") == f"{problems:,}"
    grid = p.inner_text("#quality-problems")
    assert "row not imported: no launched figure" in grid and "import" in grid
    assert "broken-front-matter.md" in p.inner_text("#quality-undated")
    assert "kpszsu" in p.inner_text("#quality-sources")
    assert page.errors == []


def test_a_refresh_shows_up_without_a_restart_and_a_missing_store_says_how_to_fill_it(page, tmp_path):
    from etl.refresh import refresh

    store = tmp_path / "s.duckdb"
    server = Server(store, tmp_path / "serve.log")
    try:
        p = page.page
        p.goto(server.url + "/")
        p.wait_for_selector("#shell-empty")
        assert "No data yet" in p.inner_text("#shell-empty") and "strikes refresh" in p.inner_text("#shell-empty")
        refresh(store, [str(SAMPLE)])
        p.goto(server.url + "/?from=2024-12-13&to=2024-12-13&attacker=RU")
        settle(p, "#overview-volumes .main-svg")
        assert headline(p) == "287" and "data as of" in p.inner_text("#shell-asof")
        assert page.errors == []
    finally:
        server.stop()


def test_every_chart_draws_with_plotly_s_cartesian_bundle(server, page):
    """Issue 17: the dashboard sends plotly.js's cartesian bundle (dashboard/bundles.py); every chart page draws
    with it, the outage map's heatmap included, without console errors."""
    from dashboard.bundles import PLOTLY_PATH

    p, bundles = page.page, []
    p.on("response", lambda r: bundles.append(r) if r.url.split("?")[0].endswith(PLOTLY_PATH) else None)
    p.goto(server.url + "/outages")
    settle(p, "#outages-map .main-svg")
    assert p.evaluate("() => document.querySelectorAll('#outages-map .hm image').length") >= 1  # the heatmap drew
    assert len(bundles) == 1 and b"(cartesian - minified)" in bundles[0].body()[:200]
    for path, graph in (("/", "overview-volumes"), ("/weapons", "weapons-salvo")):
        p.goto(server.url + path)
        settle(p, f"#{graph} .main-svg")
        assert p.evaluate(f"() => document.querySelectorAll('#{graph} .trace').length") >= 1
    assert page.errors == []
