"""Issue 18, "Analyst views", in Debian's Chromium: a page per night and a month report whose figures are the store's,
chart clicks and table links that land on a night's page, the air-raid alert overlay and the method markers drawn.
Takes the README's screenshots of a night page, a month report and the Overview with alerts and markers, from the
full history with the alert table (../shared)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest

from tests.browser.conftest import SCREENSHOTS, Server
from tests.browser.test_dashboard import settle
from tests.conftest import KAGGLE_CSV, SAMPLE, SHARED, need_shared

pytestmark = pytest.mark.browser

ALERTS = SHARED / "data" / "external" / "ukrainian-air-raid-sirens-dataset" / "volunteer_data_en.csv"
NIGHT = "2024-03-22"  # a night of the Kaggle record, of sample outage reports and of the alert table
MONTH = "2025-11"  # a month with the record's nights and sample reports that give totals for the month


@pytest.fixture(scope="session")
def views_store(kaggle_store, tmp_path_factory):
    """The browser tests' store (data/sample and the Kaggle table) with the alert table added: a copy refreshed
    with the same sources plus alerts:PATH (nothing else is read again)."""
    from etl.refresh import refresh

    store = tmp_path_factory.mktemp("views") / "views.duckdb"
    shutil.copy(kaggle_store, store)
    refresh(store, [str(SAMPLE), f"kaggle:{need_shared(KAGGLE_CSV)}", f"alerts:{need_shared(ALERTS)}"])
    return store


@pytest.fixture(scope="session")
def views_server(views_store, tmp_path_factory):
    running = Server(views_store, tmp_path_factory.mktemp("views-logs") / "serve.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def record_server(tmp_path_factory):
    """The full history alone with the alert table, as the README says to load them (for its screenshots)."""
    from etl.refresh import refresh

    store = tmp_path_factory.mktemp("record") / "history.duckdb"
    refresh(store, [f"kaggle:{need_shared(KAGGLE_CSV)}", f"alerts:{need_shared(ALERTS)}"])
    running = Server(store, tmp_path_factory.mktemp("record-logs") / "serve.log")
    yield running
    running.stop()


def class_rows(store, start: str, end: str) -> pl.DataFrame:
    """The store's reconciled class rows of Russia's attacks between two days (read here, not through the app)."""
    from etl.store import read_tables

    attacks = read_tables(store, ("attacks",))["attacks"]
    return attacks.filter((pl.col("row_kind") == "class") & (pl.col("attacker") == "RU")
                          & pl.col("attack_date").is_between(date.fromisoformat(start), date.fromisoformat(end)))


def test_a_night_page_shows_each_class_s_launched_figure_and_the_night_s_sources(views_server, views_store, page):
    p = page.page
    p.goto(views_server.url + f"/night/{NIGHT}?attacker=RU")
    settle(p, "#night-waterfall .main-svg")
    expected = dict(class_rows(views_store, NIGHT, NIGHT).select("weapon", "launched").rows())
    assert expected  # the record has this night
    for weapon, launched in expected.items():
        assert p.inner_text(f"#night-launched-{weapon} .stat-value") == f"{launched:,}", weapon
    p.wait_for_selector("#night-claims mark", timeout=15_000)
    assert p.locator("#night-claims .prov-rules li").count() >= 1  # the rule behind each figure
    assert p.locator("#night-alerts-table tbody tr").count() > 0  # the alert table covers this night
    assert p.locator("#night-outages-table tbody tr").count() > 0  # the sample reports outages that day
    assert p.locator("#night-alert-map .main-svg").count() >= 1 and p.locator("#night-before").count() == 1
    assert parse_qs(urlparse(p.url).query) == {"attacker": ["RU"]}  # the address to cite holds no dates
    assert page.errors == []


def test_a_month_report_shows_each_class_s_total_and_the_sources_totals_beside_its_nights(views_server, views_store,
                                                                                          page):
    p = page.page
    p.goto(views_server.url + f"/month/{MONTH}?attacker=RU")
    settle(p, "#month-race .main-svg")
    rows = class_rows(views_store, f"{MONTH}-01", f"{MONTH}-30")
    totals = dict(rows.group_by("weapon").agg(pl.col("launched").sum()).rows())
    for weapon, launched in totals.items():
        assert p.inner_text(f"#month-launched-{weapon}") == f"{launched:,}", weapon
    table = p.inner_text("#month-totals-table")
    drones = f"{totals['drone']:,}"
    line = next(r for r in table.splitlines() if "5,400" in r)  # a sample report: "5,400 drones in November"
    assert drones in line and f"{5400 - totals['drone']:,}" in line  # the nights' sum and the difference beside it
    assert p.locator("#month-largest-table a.night-link").count() == 5
    assert page.errors == []


def test_a_chart_click_and_a_table_link_land_on_the_night_page(views_server, page):
    p = page.page
    p.goto(views_server.url + "/weapons?from=2024-03-15&to=2024-03-28&attacker=RU")
    settle(p, "#weapons-salvo .main-svg")
    index = p.evaluate(f"""() => document.querySelector('#weapons-salvo .js-plotly-plot').data[0].customdata
                                  .indexOf('{NIGHT}')""")
    assert index >= 0
    p.locator("#weapons-salvo .barlayer .trace").first.locator(".point").nth(index).click(force=True)
    p.wait_for_url(f"**/night/{NIGHT}**", timeout=15_000)
    settle(p, "#night-waterfall .main-svg")
    assert p.locator("#night-launched-drone").count() == 1
    p.goto(views_server.url + f"/attacks?from={NIGHT}&to={NIGHT}&attacker=RU")
    settle(p, "#attacks-grid .ag-row")
    p.locator("#attacks-grid a.night-link").first.click()
    p.wait_for_url(f"**/night/{NIGHT}**", timeout=15_000)
    settle(p, "#night-waterfall .main-svg")
    assert p.locator("#night-page").count() == 1
    p.click("#night-month")  # and from the night to its month
    p.wait_for_url("**/month/2024-03**", timeout=15_000)
    settle(p, "#month-race .main-svg")
    assert page.errors == []


def test_the_alert_overlay_the_map_s_second_colouring_and_the_markers_are_drawn(views_server, page):
    p = page.page
    p.goto(views_server.url + "/?from=2024-06-01&to=2024-10-31&attacker=RU&alerts=1")
    settle(p, "#overview-volumes .main-svg")
    drawn = p.evaluate("""() => { const gd = document.querySelector('#overview-volumes .js-plotly-plot');
        return {alerts: gd.data.filter(t => t.meta === 'alerts').map(t => t.y.filter(v => v !== null).length),
                markers: (gd.layout.shapes || []).filter(s => (s.name || '').startsWith('marker-')).length}; }""")
    assert drawn["alerts"] and min(drawn["alerts"]) > 100 and drawn["markers"] >= 1
    assert "The air-raid alert table ends" in p.inner_text("#overview-marker-list")  # detected: after 10 Oct 2024
    assert parse_qs(urlparse(p.url).query)["alerts"] == ["1"]
    p.goto(views_server.url + "/outages?from=2024-01-01&to=2024-06-30&attacker=RU&colour=alerts")
    settle(p, "#outages-map .main-svg")
    assert "Hours under air-raid alert" in p.text_content("#outages-map .gtitle")
    assert p.is_checked("#_dbcprivate_radioitems_outages-colour_input_alerts")
    p.goto(views_server.url + "/patterns?from=2024-01-01&to=2024-12-31&attacker=RU")
    settle(p, "#patterns-hours .main-svg")
    assert re.search(r"marker-", p.evaluate("""() => JSON.stringify(document.querySelector(
        '#patterns-cumulative .js-plotly-plot').layout.shapes || [])"""))
    assert page.errors == []


def test_readme_screenshots_of_a_night_and_a_month(record_server, page):
    """The README's pictures of the analyst views: the full history with the alert table, as the README loads them."""
    p = page.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {"night": ("/night/2024-08-26?attacker=RU", "#night-waterfall .main-svg"),
             "month": ("/month/2024-08?attacker=RU", "#month-race .main-svg"),
             "overview-alerts": ("/?from=2024-05-01&to=2024-10-10&attacker=RU&alerts=1",
                                 "#overview-volumes .main-svg")}
    for name, (path, ready) in shots.items():
        p.goto(record_server.url + path)
        settle(p, ready)
        p.screenshot(path=SCREENSHOTS / f"{name}.png")
        if name in ("night", "month"):  # the curated change of 6 Aug 2024 (data/annotations.yaml) is listed
            p.wait_for_selector(f"#{name}-marker-list li", timeout=15_000)
            assert "Ballistic missiles launched, not all outcomes given" in p.inner_text(f"#{name}-marker-list")
    p.goto(record_server.url + "/night/2024-08-26?attacker=RU&ui=uk")
    settle(p, "#night-waterfall .main-svg")
    assert p.inner_text(".night-title").startswith("Ніч на") and p.title().startswith("Ніч · 26")
    assert page.errors == []


def test_an_annotation_that_cannot_be_used_is_named_on_data_quality_and_the_rest_drawn(views_store, tmp_path, page):
    mine = tmp_path / "mine.yaml"
    mine.write_text("- {date: 2024-07-32, title: Bad day, note: n, source: 'https://example.org/a'}\n"
                    "- {date: 2024-07-15, title: Our own note, note: Drawn., source: 'https://example.org/b'}\n",
                    encoding="utf-8")
    server = Server(views_store, tmp_path / "serve.log", env={"STRIKES_ANNOTATIONS": str(mine)})
    try:
        p = page.page
        p.goto(server.url + "/quality")
        settle(p, "#quality-annotation-problems")
        from etl.store import read_tables

        alerts = read_tables(views_store, ("alerts",))["alerts"].height
        assert alerts and p.inner_text("#quality-alerts .stat-value") == f"{alerts:,}"  # the alerts stored
        assert "entry 1 (2024-07-32): date '2024-07-32' is not a day (YYYY-MM-DD); left out" in p.inner_text(
            "#quality-annotation-problems")
        p.goto(server.url + "/?from=2024-07-01&to=2024-07-31&attacker=RU")
        settle(p, "#overview-volumes .main-svg")
        assert "Our own note" in p.inner_text("#overview-marker-list")
        assert page.errors == []
    finally:
        server.stop()
