"""Issue 18, the night and month pages without a browser: their data through the read path of a small store of our
own (tests/data/views: four reports, a Kaggle-shaped table, the alert table of tests/data/alerts), whose figures
are known by hand, and the figures and exports drawn from them."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import polars as pl
import pytest

from dashboard import analysis, data, export, figures, layers, months, nights
from dashboard.data import Filters
from dashboard.figures.night import waterfall_bars
from etl.refresh import refresh
from etl.sources.kaggle import window_start
from tests.conftest import REPO

HERE = REPO / "tests" / "data"
NIGHT = date(2024, 3, 31)
MARCH = date(2024, 3, 1)
RU = Filters(attacker="RU")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "views.duckdb"
    refresh(path, [str(HERE / "views" / "reports"), f"kaggle:{HERE / 'views' / 'kaggle-mini.csv'}",
                   f"alerts:{HERE / 'alerts' / 'volunteer.csv'}"])
    return path


def by_class(frame: pl.DataFrame, *columns: str) -> dict:
    rows = frame.filter(pl.col("row_kind") == "class") if "row_kind" in frame.columns else frame
    return {r["weapon"]: tuple(r[c] for c in columns) for r in rows.iter_rows(named=True)}


def test_a_night_s_outcome_per_class(store):
    rows = analysis.night_rows(NIGHT, RU, store)
    assert by_class(rows, "launched", "shot_down", "stopped", "not_stopped") == {
        "drone": (30, 28, 28, 2), "missile": (10, 9, 9, 1)}
    drone = rows.filter((pl.col("weapon") == "drone") & (pl.col("row_kind") == "class")).row(0, named=True)
    assert waterfall_bars(drone) == [("launched", 0, 30), ("shot_down", 2, 28), ("not_stopped", 0, 2)]
    fig = figures.waterfall_figure(rows, NIGHT)
    bars = [(t.x[0], t.base[0], t.y[0]) for t in fig.data if t.customdata[0] == "drone"]
    assert bars == [("launched", 0, 30), ("shot down", 2, 28), ("not stopped", 0, 2)]
    assert [a.text for a in fig.layout.annotations][:2] == ["Drones", "Missiles"]


def test_each_figure_of_a_night_says_which_rule_chose_it(store):
    row = analysis.night_rows(NIGHT, RU, store).filter(
        (pl.col("weapon") == "drone") & (pl.col("row_kind") == "class")).row(0, named=True)
    prov, rules = analysis.night_claims(row, RU, store)
    assert rules == {"launched": "official", "shot_down": "official"}  # the Air Force over a press retelling
    assert {c["source"] for c in prov["claims"]} == {"Air Force of Ukraine", "Harbour Wire"}
    record = analysis.night_rows(date(2024, 3, 22), RU, store).filter(pl.col("row_kind") == "class").row(0, named=True)
    assert analysis.night_claims(record, RU, store)[1]["launched"] == "record_sum"


def test_the_rule_is_the_first_that_sets_the_chosen_claim_apart():
    def claim(cid, kind, q="exact", hour=9, launched=30):
        return {"claim_id": cid, "source_kind": kind, "q_launched": q, "launched": launched,
                "published": datetime(2024, 3, 31, hour)}

    attack = {"launched": 30, "from_launched": "a"}
    cases = {"only": [claim("a", "press")], "official": [claim("a", "official"), claim("b", "press", hour=12)],
             "exact": [claim("a", "press"), claim("b", "press", "approx", hour=12)],
             "later": [claim("a", "press", hour=12), claim("b", "press")]}
    for rule, claims in cases.items():
        frame = pl.DataFrame(claims)
        assert nights.reasons(attack, frame) == {"launched": rule}, rule


def test_the_nights_around_and_the_alerts_and_outages_of_a_night(store):
    assert analysis.around(NIGHT, RU, store) == (date(2024, 3, 22), None)
    near = analysis.neighbours(NIGHT, RU, store)
    assert near["period"].min() == date(2024, 3, 24) and near["period"].max() == date(2024, 4, 7)
    hours = layers.alert_map(Filters(start=NIGHT, end=NIGHT), store)
    assert dict(hours.filter(pl.col("hours") > 0).select("region", "hours").rows()) == {"UA-30": 3.0, "UA-63": 14.0}
    assert hours.filter(pl.col("region") == "UA-43")["hours"].to_list() == [None]  # Crimea: a permanent alert
    outages = data.outage_reports(Filters(start=NIGHT, end=NIGHT), store)
    assert outages.select("region", "kind").rows() == [("UA-63", "power")]


def test_a_month_against_the_month_before_and_a_year_earlier(store):
    table = months.comparison(analysis.month_rows(MARCH, RU, store), MARCH, True, 20)
    got = {(r["weapon"], r["which"]): (r["nights"], r["launched"], r["stopped"], r["not_stopped"])
           for r in table.iter_rows(named=True)}
    assert got == {("drone", "this"): (4, 153, 138, 15), ("drone", "previous"): (1, 25, 20, 5),
                   ("drone", "year_before"): (1, 8, 4, 4), ("missile", "this"): (3, 32, 19, 13),
                   ("missile", "previous"): (1, 8, 6, 2), ("missile", "year_before"): (1, 28, 20, 8)}
    this = table.filter((pl.col("weapon") == "drone") & (pl.col("which") == "this")).row(0, named=True)
    assert this["rate"] == pytest.approx(138 / 153) and this["low"] < this["rate"] < this["high"]
    change = months.changes(table).filter((pl.col("weapon") == "drone") & (pl.col("against") == "previous"))
    assert change.row(0, named=True)["launched_change"] == 128
    assert change.row(0, named=True)["launched_ratio"] == pytest.approx(128 / 25)


def test_a_month_with_no_attack_in_any_of_the_three_has_an_empty_comparison(store):
    """Regression (tests/test_load.py's warm-up, a month the sample store has no attack in): the month page
    failed on a comparison without its columns."""
    empty = date(2020, 1, 1)
    table = months.comparison(analysis.month_rows(empty, RU, store), empty, True, 20)
    assert table.is_empty() and dict(table.schema) == months.COMPARISON
    assert months.changes(table).is_empty()
    text, _ = export.view_csv("series", "/month/2020-01", RU, {}, "en", store, 20)
    assert len(text.splitlines()) == 1  # the header alone


def test_the_largest_nights_and_the_month_s_totals_beside_its_nights(store):
    rows = analysis.month_rows(MARCH, RU, store)
    largest = months.largest_nights(rows, MARCH, months.month_end(MARCH))
    assert largest.select("attack_date", "launched").rows() == [
        (date(2024, 3, 22), 75), (date(2024, 3, 11), 50), (date(2024, 3, 31), 40), (date(2024, 3, 2), 20)]
    totals = analysis.month_totals(MARCH, RU, store)
    assert totals.select("weapon", "period_start", "launched", "nightly_sum", "nights", "difference").sort(
        "weapon", "period_start").rows() == [
        ("drone", MARCH, 600, 153, 4, 447), ("drone", date(2024, 3, 7), 70, 40, 1, 30),  # a week inside the month
        ("missile", MARCH, 40, 32, 3, 8)]
    outages = analysis.month_outages(MARCH, RU, store)
    assert outages.rows() == [("UA-63", 1, ["power"])]


def test_cumulative_weekday_and_hour_patterns(store):
    total = analysis.cumulative(RU, store)
    assert total.filter(pl.col("weapon") == "drone")["total_launched"].to_list() == [8, 33, 53, 93, 156, 186]
    days = analysis.weekdays(RU, store).filter(pl.col("weapon") == "missile")
    assert dict(days.select("weekday", "launched").rows()) == {4: 28, 3: 8, 1: 10, 5: 12, 7: 10}
    hours = analysis.launch_windows(RU, store)
    assert hours.rows() == [("drone", 1, 1, 63), ("drone", 18, 3, 85), ("missile", 1, 1, 12), ("missile", 18, 2, 18)]
    assert window_start("missile_attacks_daily.csv: 2024-03-22 01:00 – 2024-03-22 09:00, X: launched 1") == datetime(
        2024, 3, 22, 1)
    assert window_start("missile_attacks_daily.csv: 2023-03-09, X: launched 8") is None


def test_the_alert_overlay_follows_the_bounded_calendar(store):
    """/?from=0001-01-01&to=9999-12-31&alerts=1 (issue 13, problem 5): the alert hours are drawn on the calendar the
    volumes use, the data's range and DATE_MARGIN either side, not on every day the request asks for."""
    wide = Filters(start=date(1, 1, 1), end=date(9999, 12, 31), attacker="RU")
    low, high = data.date_window(store)
    hours = layers.alert_series(wide, store)
    assert hours["period"].min() == low and hours["period"].max() == high
    assert hours["period"].to_list() == data.volumes(wide, store)["period"].unique().sort().to_list()
    assert hours.filter(pl.col("period") == NIGHT)["hours"].to_list() == [17.0]


def test_a_night_s_and_a_month_s_export(store):
    text, name = export.view_csv("series", f"/night/{NIGHT}", RU, {}, "en", store, 20)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert name == "strikes-series-night-2024-03-31.csv" and len(rows) == 2
    assert [(r["Weapon class"], r["Launched"], r["Not stopped"]) for r in rows] == [("Drones", "30", "2"),
                                                                                     ("Missiles", "10", "1")]
    text, name = export.view_csv("rows", f"/night/{NIGHT}", RU, {}, "en", store, 20)
    assert name == "strikes-attacks-class.csv" and len(text.splitlines()) == 3
    text, _ = export.view_csv("series", "/month/2024-03", RU, {}, "uk", store, 20)
    assert text.splitlines()[1].startswith('"цей місяць","Дрони",4,153')  # text cells quoted (issue 13)
    text, name = export.view_csv("series", "/patterns", RU, {}, "en", store, 20)
    drones = [r for r in csv.DictReader(io.StringIO(text)) if r["Weapon class"] == "Drones"]
    assert name.startswith("strikes-series") and [r["Launched, cumulative"] for r in drones] == [
        "8", "33", "53", "93", "156", "186"]  # on Patterns: the cumulative totals
    assert export.page_day("/month/2024-13") is None and export.has_series("/night/2024-03-31")


def test_chart_clicks_name_their_night():
    assert figures.clicked_night({"points": [{"customdata": "2024-03-31"}]}) == "2024-03-31"
    assert figures.clicked_night({"points": [{"customdata": ["2024-03-31"]}]}) == "2024-03-31"
    assert figures.clicked_night({"points": [{"customdata": "drone"}]}) is None
    assert figures.clicked_night(None) is None
    salvo = figures.salvo_figure(pl.DataFrame({"attack_date": [NIGHT], "drones": [30], "cruise": [10], "ballistic": [0],
                                               "other_missiles": [0], "glide_bombs": [0], "total": [40]}))
    assert {t.customdata[0] for t in salvo.data} == {"2024-03-31"}


def _links(component) -> list[str]:
    """Every link address in a Dash component tree."""
    found = [component.href] if getattr(component, "href", None) and type(component).__name__ == "Link" else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found += _links(child)
    return found


def test_every_night_in_a_table_a_card_or_a_chart_leads_to_its_page(store):
    from dashboard.components import frame_table, headline_cards, provenance_view

    query = "?attacker=RU&ui=uk"
    table = frame_table(pl.DataFrame({"date": [NIGHT], "region": ["UA-63"]}), "t", "en", query)
    assert _links(table) == [f"/night/{NIGHT}{query}"]
    cards = headline_cards(data.headline(Filters(start=MARCH, end=NIGHT, attacker="RU"), store), "o", "en", True, query)
    assert {f"/night/{NIGHT}{query}", f"/night/2024-03-22{query}"} <= set(sum((_links(c) for c in cards), []))
    row = analysis.night_rows(NIGHT, RU, store).row(0, named=True)
    prov = data.provenance(f"{NIGHT}|RU|{row['weapon']}|class||", RU, store)
    assert _links(provenance_view(prov, "en", query)) == [f"/night/{NIGHT}{query}"]
    near = figures.neighbours_figure(analysis.neighbours(NIGHT, RU, store), NIGHT)
    race = figures.month_race_figure(months.nightly(analysis.month_rows(MARCH, RU, store), MARCH), MARCH)
    total = figures.cumulative_figure(analysis.cumulative(RU, store))
    for fig in (near, race, total):
        days = {d for t in fig.data for d in t.customdata}
        assert NIGHT.isoformat() in days and all(figures.clicked_night({"points": [{"customdata": d}]}) for d in days)
