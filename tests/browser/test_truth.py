"""Issue 14, "The dashboard tells the truth", in Debian's Chromium: the outage tile click, the whole view state in the
address, the Ukrainian interface, the demo banner and the CSV of a type view. Also takes the README's screenshots
(1280x800): the full history alone, as the README says to run it, and the Ukrainian interface."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_dashboard import WINTER, download, headline, settle

pytestmark = pytest.mark.browser

ENGLISH_PAGES = ("Overview", "Weapons", "Outages", "Attacks", "Data quality")


def query(url: str) -> dict:
    return parse_qs(urlparse(url).query)


def tile_point(p, col: int, row: int) -> tuple[float, float]:
    """Where on the page the tile at a column and row of the outage map is drawn."""
    return tuple(p.evaluate(f"""() => {{
        const gd = document.querySelector('#outages-map .js-plotly-plot'), L = gd._fullLayout;
        const box = gd.getBoundingClientRect();
        return [box.left + L.xaxis._offset + L.xaxis.l2p({col}), box.top + L.yaxis._offset + L.yaxis.l2p({row})];
    }}"""))


def test_clicking_a_region_tile_shows_its_timeline_and_reports(server, page):
    """Issue 14 (1): a click on any tile gave "Something went wrong on the server" (KeyError 'customdata')."""
    p = page.page
    p.goto(server.url + "/outages?from=2025-11-01&to=2026-02-28&attacker=RU")
    settle(p, "#outages-map .main-svg")
    x, y = tile_point(p, 4, 1)  # Kyiv (city), UA-30
    p.mouse.click(x, y)
    p.wait_for_function("document.querySelector('#outages-list-title').innerText.includes('Kyiv (city)')",
                        timeout=15_000)
    settle(p)
    assert not p.is_visible("#shell-error") and "went wrong" not in p.inner_text("body")
    assert query(p.url)["region"] == ["UA-30"]
    assert p.text_content("#outages-timeline .gtitle").endswith("Kyiv (city)")
    assert page.errors == []


def test_a_shared_address_restores_resolution_toggles_region_and_row_in_a_fresh_page(server, browser):
    """Issue 14 (7): the filters came back, but Week came back as Month and the toggles were lost."""
    first = browser.new_context(viewport={"width": 1280, "height": 800})
    p = first.new_page()
    p.goto(server.url + "/" + WINTER)
    settle(p, "#overview-volumes .main-svg")
    p.click("label[for='_dbcprivate_radioitems_overview-resolution_input_week']")
    p.click("#overview-suppressed")
    p.wait_for_url(re.compile(r".*res=week.*suppressed=0.*"))
    shared = p.url
    first.close()
    fresh = browser.new_context(viewport={"width": 1280, "height": 800})
    q = fresh.new_page()
    q.goto(shared)
    settle(q, "#overview-volumes .main-svg")
    assert q.is_checked("#_dbcprivate_radioitems_overview-resolution_input_week")
    assert not q.is_checked("#overview-suppressed") and not q.is_checked("#overview-rolling")
    assert "per week" in q.text_content("#overview-volumes .gtitle")
    assert "Share shot down" in q.text_content("#overview-rates .gtitle")
    assert query(q.url)["res"] == ["week"] and query(q.url)["suppressed"] == ["0"]
    q.goto(server.url + "/attacks?from=2024-12-13&to=2024-12-13&attacker=RU&types=1&row="
           "2024-12-13%7CRU%7Cmissile%7Cclass%7C%7C")
    settle(q, "#attacks-grid .ag-row")
    q.wait_for_selector("#attacks-provenance mark", timeout=15_000)
    assert q.is_checked("#attacks-types") and "Meridian Wire" in q.inner_text("#attacks-provenance")
    q.goto(server.url + "/outages?from=2025-11-01&to=2026-02-28&attacker=RU&outage=power&region=UA-30")
    settle(q, "#outages-map .main-svg")
    assert "Kyiv (city)" in q.inner_text("#outages-list-title")
    assert q.is_checked("#_dbcprivate_radioitems_outages-kind_input_power")
    fresh.close()


def test_the_ukrainian_interface_has_no_english_page_names_titles_or_axis_labels(history_server, page):
    """Issue 14: `/?ui=uk` shows the navigation, titles and axis labels in Ukrainian."""
    p = page.page
    p.goto(history_server.url + "/?ui=uk")
    settle(p, "#overview-volumes .main-svg")
    nav = p.inner_text(".navbar")
    assert all(word in nav for word in ("Огляд", "Зброя", "Відключення", "Атаки", "Якість даних"))
    assert not any(name in nav for name in ENGLISH_PAGES) and "дані станом на" in nav
    assert p.title() == "Огляд · strikes"
    titles = " ".join(p.locator(".gtitle").all_text_contents())
    axes = " ".join(p.locator("text[class$='title']").all_text_contents())
    ticks = " ".join(p.locator(".xtick text").all_text_contents())
    assert "Запущено й знешкоджено по днях" in titles and "Частка знешкоджених" in titles
    assert "одиниць на день" in axes and "ніч атаки" in axes
    assert re.search(r"(січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд)\.? 20\d\d", ticks)
    assert not re.search(r"[A-Za-z]{3,}", titles + axes + ticks), titles + axes + ticks
    assert re.fullmatch(r"\d{1,3}( \d{3})*", p.inner_text("#overview-card-launched .stat-value").replace("\xa0", " "))
    assert "Клас зброї" in p.inner_text(".filter-bar") and query(p.url)["ui"] == ["uk"]
    p.click("#shell-nav-weapons")  # the page links keep the language
    p.wait_for_url("**/weapons?**ui=uk**")
    settle(p, "#weapons-salvo .main-svg")
    assert "Склад кожного удару" in p.text_content("#weapons-salvo .gtitle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.goto(history_server.url + "/?ui=uk")
    settle(p, "#overview-volumes .main-svg")
    p.screenshot(path=SCREENSHOTS / "overview-uk.png")
    assert page.errors == []


def test_the_browser_language_chooses_the_default_interface(history_server, browser):
    context = browser.new_context(locale="uk-UA", viewport={"width": 1280, "height": 800})
    p = context.new_page()
    p.goto(history_server.url + "/weapons")
    settle(p, "#weapons-salvo .main-svg")
    assert "Зброя" in p.inner_text(".navbar .nav-link.active") and query(p.url)["ui"] == ["uk"]
    context.close()


def test_demo_data_says_so_on_every_page_and_the_full_history_alone_does_not(sample_server, history_server, page):
    """Issue 14 (3): the bundled sample is made up; a store of it says so on every page."""
    p = page.page
    for path in ("/", "/weapons", "/outages", "/attacks", "/quality"):
        p.goto(sample_server.url + path)
        settle(p)
        p.wait_for_selector("#shell-demo-banner", timeout=15_000)
        assert "Demo data" in p.inner_text("#shell-demo-banner")
    p.goto(history_server.url + "/")
    settle(p, "#overview-volumes .main-svg")
    assert p.locator("#shell-demo-banner").count() == 0
    assert page.errors == []


def test_the_csv_of_a_type_view_sums_to_the_view_s_totals(history_server, page):
    """Issue 14 (6): the CSV held class and type rows together, so its sums doubled the view's totals."""
    p = page.page
    p.goto(history_server.url + "/?from=2025-10-01&to=2025-12-31&attacker=RU&type=attack_drone")
    settle(p, "#overview-volumes .main-svg")
    shown = int(re.sub(r"\D", "", headline(p)))
    rows = list(csv.DictReader(io.StringIO(download(p))))
    assert {r["Row"] for r in rows} == {"type or model"} and {r["Type"] for r in rows} == {"Attack drones (Shahed type)"}
    assert sum(int(r["Launched"] or 0) for r in rows) == shown > 0
    series = list(csv.DictReader(io.StringIO(download(p, "series"))))
    assert sum(float(r["Launched"] or 0) for r in series) == shown
    assert {"Share stopped", "95% Wilson interval, low", "Partial period"} <= set(series[0])


def test_readme_screenshots_of_the_full_history(history_server, server, page):
    """The README's pictures: every page on the full history alone; outages (which only the sample has) on the
    sample and the Kaggle table, with its demo banner; the Attacks page with a row selected."""
    p = page.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {"overview": (history_server, "/", "#overview-volumes .main-svg"),
             "weapons": (history_server, "/weapons", "#weapons-salvo .main-svg"),
             "outages": (server, "/outages?from=2025-11-01&to=2026-02-28&attacker=RU&region=UA-30",
                         "#outages-map .main-svg"),
             "quality": (history_server, "/quality", "#quality-problems .ag-row")}
    for name, (where, path, ready) in shots.items():
        p.goto(where.url + path)
        settle(p, ready)
        p.screenshot(path=SCREENSHOTS / f"{name}.png")
    p.goto(history_server.url + "/attacks?from=2026-03-20&to=2026-04-05&attacker=RU&row=2026-04-05%7CRU%7Cdrone%7C"
           "class%7C%7C")
    settle(p, "#attacks-grid .ag-row")
    p.wait_for_selector("#attacks-provenance .card-header a", timeout=15_000)
    headers = " ".join(p.locator("#attacks-provenance .card-header a").all_inner_texts())
    assert "Air Force of Ukraine (kpszsu, Facebook)" in headers and "pfbid" not in headers  # link text (issue 14)
    p.screenshot(path=SCREENSHOTS / "attacks.png")
    assert page.errors == []
