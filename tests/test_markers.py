"""Issue 18: method markers (detected from the data, curated from annotations.yaml) drawn on the time charts, and the
air-raid alert layers (the Overview overlay, the map's second colouring), checked on the figure objects."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from dashboard import annotations, figures, markers, series
from dashboard.markers import Marker
from tests.conftest import REPO
from tests.test_dashboard_data import attacks

START = date(2024, 3, 1)


def months_of(measures: list[dict], nights: int = 5, weapon: str = "drone") -> pl.DataFrame:
    """Class rows: for each month, `nights` nights stating the given figures (the first night on the 3rd)."""
    rows = []
    for n, figures_ in enumerate(measures):
        first = date(START.year + (START.month - 1 + n) // 12, (START.month - 1 + n) % 12 + 1, 3)
        rows += [{"attack_date": first + timedelta(days=k), "weapon": weapon, **figures_} for k in range(nights)]
    return attacks(*rows)


def test_a_measure_that_appears_is_marked_on_its_first_night():
    plain, jammed = {"launched": 50, "shot_down": 40}, {"launched": 50, "shot_down": 40, "suppressed": 5}
    found = markers.measure_changes(months_of([plain, plain, plain, jammed, jammed]))
    assert [(m.kind, m.day, m.weapon, m.measure, m.before, m.after) for m in found] == [
        ("measure_appears", date(2024, 6, 3), "drone", "suppressed", 0.0, 1.0)]
    assert markers.title(found[0], "en") == "Drones: “suppressed (jammed, lost)” figures appear"


def test_a_measure_that_disappears_for_two_months_is_marked():
    given, withheld = {"launched": 8, "shot_down": 6}, {"launched": 8}
    found = markers.measure_changes(months_of([given, given, given, withheld, withheld], weapon="missile"))
    gone = [m for m in found if m.kind == "measure_disappears"]
    assert [(m.day, m.measure, m.before) for m in gone] == [(date(2024, 6, 1), "shot_down", 1.0)]
    assert markers.unstopped_jumps(months_of([given, given, given, withheld, withheld], weapon="missile"))[0].day == (
        date(2024, 6, 1))
    one_month = markers.measure_changes(months_of([given, given, given, withheld, given], weapon="missile"))
    assert not [m for m in one_month if m.kind == "measure_disappears"]  # one month without is no change


def test_a_month_with_too_few_nights_decides_nothing():
    plain, jammed = {"launched": 50, "shot_down": 40}, {"launched": 50, "shot_down": 40, "suppressed": 5}
    assert markers.measure_changes(months_of([plain, plain, plain, jammed], nights=2)) == []


def test_a_source_that_stops_and_the_end_of_the_alert_table():
    reports = pl.DataFrame({"source": ["Regional Command"] * 25 + ["One-off"] * 2,
                            "published_date": [START + timedelta(days=k) for k in range(25)] + [START] * 2})
    found = markers.source_stops(reports, date(2024, 8, 1))
    assert [(m.kind, m.day, m.source) for m in found] == [("source_stops", date(2024, 3, 26), "Regional Command")]
    assert markers.source_stops(reports, date(2024, 4, 1)) == []  # not long enough ago
    assert [m.day for m in markers.alerts_end((START, date(2024, 4, 1)), date(2024, 8, 1))] == [date(2024, 4, 2)]
    assert markers.alerts_end((START, date(2024, 7, 25)), date(2024, 8, 1)) == []


def test_markers_are_numbered_by_date_and_chosen_by_attacker_and_class():
    curated, problems = annotations.parse((REPO / "data" / "annotations.yaml").read_text(encoding="utf-8"))
    assert problems == [] and len(curated) >= 5 and all(a.url.startswith("https://") for a in curated)
    detected = [Marker(date(2024, 7, 10), "measure_appears", "RU", "drone", "suppressed", before=0.0, after=0.2)]
    found = markers.numbered(detected, curated)
    assert [m.number for m in found] == list(range(1, len(found) + 1))
    assert [m.day for m in found] == sorted(m.day for m in found)
    missiles = markers.select(found, date(2024, 1, 1), date(2024, 12, 31), "RU", ("missile",))
    assert {m.kind for m in missiles} == {"annotation"} and all(m.weapon in (None, "missile") for m in missiles)
    assert markers.title(found[0], "uk") == found[0].annotation.texts["uk"]["title"]


def test_curated_annotations_that_cannot_be_used_are_named_and_left_out():
    text = ("- {date: 2024-13-01, title: t, note: n, source: 'https://a.org'}\n"
            "- {date: 2024-01-01, title: t, note: n, source: 'javascript:alert(1)'}\n"
            "- {date: 2024-01-02, title: t, note: n, source: 'https://a.org', colour: red}\n"
            "- {date: 2024-01-03, title: t, note: n, source: 'https://a.org', weapon: tank}\n"
            "- {date: 2024-01-04, title: kept, note: n, source: 'https://a.org'}\n")
    found, problems = annotations.parse(text, "mine.yaml")
    assert [a.title for a in found] == ["kept"]
    assert problems == [
        "mine.yaml, entry 1 (2024-13-01): date '2024-13-01' is not a day (YYYY-MM-DD); left out",
        "mine.yaml, entry 2 (2024-01-01): source 'javascript:alert(1)' is not an http(s) address; left out",
        "mine.yaml, entry 3 (2024-01-02): unknown key(s) colour (known: attacker, date, en, note, source, title, uk, "
        "weapon); left out",
        "mine.yaml, entry 4 (2024-01-03): weapon 'tank' is not one of missile, drone, glide_bomb; left out"]
    assert annotations.parse("a: [", "bad.yaml") == ([], ["bad.yaml: not valid YAML (line 1)"])
    assert annotations.load(["/nonexistent/annotations.yaml"])[1] == [
        "/nonexistent/annotations.yaml: annotations file not found; no curated markers from it"]


@pytest.fixture
def volumes() -> pl.DataFrame:
    frame = attacks(*({"attack_date": START + timedelta(days=k), "weapon": w, "launched": 10, "shot_down": 8}
                      for k in range(10) for w in ("drone", "missile")))
    return series.volumes(frame, "day", START, START + timedelta(days=9))


def test_markers_are_drawn_on_a_time_chart_one_line_and_number_per_day(volumes):
    found = [Marker(START + timedelta(days=2), "measure_appears", "RU", "drone", "suppressed", 0.0, 0.5, number=3),
             Marker(START + timedelta(days=2), "source_stops", source="X", number=4),
             Marker(START + timedelta(days=30), "alerts_end", number=5)]
    fig = figures.with_markers(figures.volume_figure(volumes, "day"), found, "en", START, START + timedelta(days=9))
    lines = [s for s in fig.layout.shapes if (s.name or "").startswith("marker-")]
    labels = [a for a in fig.layout.annotations if (a.name or "").startswith("marker-")]
    assert [(s.x0, s.yref, s.y0, s.y1) for s in lines] == [("2024-03-03", "paper", 0, 1)]
    assert [a.text for a in labels] == ["3,4"]
    assert "3. Drones: “suppressed (jammed, lost)” figures appear" in labels[0].hovertext
    assert "4. X stops reporting" in labels[0].hovertext
    empty = figures.with_markers(figures.volume_figure(volumes.head(0), "day"), found, "en")
    assert not [s for s in empty.layout.shapes if (s.name or "").startswith("marker-")]


def test_the_alert_overlay_is_a_line_on_a_right_axis_of_every_panel(volumes):
    hours = pl.DataFrame({"period": [START + timedelta(days=k) for k in range(10)],
                          "hours": [None, 1.5, 0.0, 12.0, 3.0, 4.0, 5.0, 6.0, 7.0, None]})
    fig = figures.volume_figure(volumes, "day", alerts=hours)
    overlay = [t for t in fig.data if t.meta == "alerts"]
    assert len(overlay) == 2 and [t.showlegend for t in overlay] == [True, False]
    assert list(overlay[0].y)[:4] == [None, 1.5, 0.0, 12.0] and {t.yaxis for t in overlay} == {"y2", "y4"}
    assert fig.layout.yaxis2.title.text == "region-hours of alert" and fig.layout.yaxis2.side == "right"
    assert not [t for t in figures.volume_figure(volumes, "day").data if t.meta == "alerts"]


def test_the_map_s_second_colouring_is_hours_under_alert():
    from dashboard.tiles import TILES

    hours = pl.DataFrame({"region": [t.code for t in TILES], "hours": [
        None if t.code in ("UA-43", "UA-40") else 14.0 if t.code == "UA-63" else 0.0 for t in TILES]})
    fig = figures.alert_tile_map(hours, covered=(date(2022, 2, 26), date(2024, 10, 10)))
    known, unknown = fig.data[0], fig.data[1]
    kharkiv = next(t for t in TILES if t.code == "UA-63")
    crimea = next(t for t in TILES if t.code == "UA-43")
    assert known.z[kharkiv.row][kharkiv.col] == 14.0 and known.colorscale[-1][1] == figures.ALERT_SCALE[-1][1]
    assert known.z[crimea.row][crimea.col] is None and unknown.z[crimea.row][crimea.col] == 1
    assert "permanent alert" in unknown.hovertext[crimea.row][crimea.col]
    assert "10 Oct 2024" in fig.layout.annotations[-1].text


def test_the_record_s_suppressed_figures_appear_in_july_2024(kaggle_csv, tmp_path):
    """The README's example of a detected marker, on the full history alone (the Kaggle table in ../shared)."""
    from etl.refresh import refresh
    from etl.store import read_tables

    store = tmp_path / "history.duckdb"
    refresh(store, [f"kaggle:{kaggle_csv}"])
    t = read_tables(store)
    found = markers.detect(t["attacks"], t["reports"], (None, None))
    appear = [(m.weapon, m.measure, m.day.strftime("%Y-%m")) for m in found if m.kind == "measure_appears"]
    assert ("drone", "suppressed", "2024-07") in appear and ("missile", "suppressed", "2024-07") in appear
