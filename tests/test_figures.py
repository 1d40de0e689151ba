"""Figure builders, the tile map and the evidence highlighting, called directly on small frames."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import figures, series, stats
from dashboard.evidence import attack_key, figure_marks, parse_key, segments
from dashboard.figures.style import CLASS_COLOURS, OKABE_ITO, tint
from dashboard.labels import labels
from dashboard.tiles import COLUMNS, ROWS, TILES
from etl.lexicon import REGION_CODES
from tests.test_dashboard_data import attacks

REGION_NAMES = labels("region")

D = date(2025, 1, 6)


@pytest.fixture
def frame() -> pl.DataFrame:
    return attacks(
        {"attack_date": D, "weapon": "drone", "launched": 100, "shot_down": 80, "suppressed": 10},
        {"attack_date": D, "weapon": "missile", "launched": 30, "shot_down": 20},
        {"attack_date": D + timedelta(2), "weapon": "drone", "launched": 60, "neutralized": 50},
    )


def _colours(fig: go.Figure) -> set[str]:
    return {t.marker.color if t.type == "bar" else t.line.color for t in fig.data if t.x is not None
            and t.x[0] is not None}


def test_the_palette_is_okabe_ito_and_fixed_per_class():
    assert set(CLASS_COLOURS.values()) <= set(OKABE_ITO.values())
    assert len(set(CLASS_COLOURS.values())) == len(CLASS_COLOURS)


def test_volume_figure_has_a_panel_per_class_in_its_colour_and_points_carry_their_period(frame):
    fig = figures.volume_figure(series.volumes(frame, "day", D, D + timedelta(2)), "day")
    assert fig.layout.title.text == "Launched and stopped per day"
    assert fig.layout.yaxis.title.text == "weapons per day"
    assert [a.text for a in fig.layout.annotations] == ["Drones", "Missiles"]
    drone = [t for t in fig.data if t.customdata is not None and t.customdata[0] == "drone"]
    assert {t.name for t in drone} == {"launched", "shot down", "suppressed (jammed, lost)", "stopped, not split"}
    assert tint(CLASS_COLOURS["drone"], 0.3) in _colours(fig) and CLASS_COLOURS["missile"] in _colours(fig)
    assert list(drone[0].x) == [D, D + timedelta(1), D + timedelta(2)] and set(drone[0].customdata) == {"drone"}
    shot = next(t for t in drone if t.name == "shot down")
    supp = next(t for t in drone if t.name.startswith("suppressed"))
    assert list(shot.y) == [80, 0, 0] and list(supp.base) == [80, 0, 0]  # suppressed stacks on shot down


def test_volume_figure_draws_the_rolling_mean_as_lines_and_says_so(frame):
    fig = figures.volume_figure(series.volumes(frame, "day", D, D + timedelta(9), rolling=True), "day", rolling=True)
    assert "7-day rolling mean" in fig.layout.title.text
    assert {t.type for t in fig.data} == {"scatter"}
    assert fig.layout.yaxis.title.text == "7-day mean of weapons per day"


def test_rate_bars_show_the_interval_and_hide_small_samples(frame):
    rates = stats.rates(frame, ["weapon"], min_launched=50)
    fig = figures.rate_bars(rates, True, 50)
    drone, missile = fig.data
    assert drone.x[0] == pytest.approx(140 / 160 * 100)
    low, high = stats.wilson(140, 160)
    assert drone.error_x.array[0] == pytest.approx((high - 140 / 160) * 100)
    assert drone.error_x.arrayminus[0] == pytest.approx((140 / 160 - low) * 100)
    assert missile.x[0] == 0 and "hidden" in missile.text[0] and "fewer than 50" in missile.text[0]
    assert fig.layout.xaxis.range == (0, 100)


def test_rate_lines_leave_gaps_where_too_few_were_launched(frame):
    rates = stats.rates(series.bucket(frame, "day"), ["weapon", "period"], min_launched=70)
    fig = figures.rate_lines(rates, "day", True, 70)
    drone = next(t for t in fig.data if t.name == "Drones")
    assert list(drone.y) == [pytest.approx(90.0), None]
    assert fig.layout.yaxis.title.text == "Stopped (%)" and fig.layout.yaxis.ticksuffix == "%"


def test_empty_frames_give_a_figure_that_says_so():
    fig = figures.volume_figure(series.volumes(attacks().clear(), "day"), "day")
    assert fig.layout.annotations[0].text == "No data for these filters"
    assert figures.salvo_figure(series.salvo_mix(attacks().clear())).layout.annotations


def test_type_and_salvo_charts_use_the_class_colours(frame):
    rows = attacks(
        {"attack_date": D, "weapon": "missile", "row_kind": "type", "type": "ballistic_missile", "model": "Iskander-M",
         "launched": 30, "shot_down": 10},
        {"attack_date": D, "weapon": "drone", "row_kind": "type", "type": "attack_drone", "model": "Shahed-136",
         "launched": 100, "shot_down": 90},
    )
    types = figures.type_volume_figure(series.by_type(rows, "month"), "month")
    assert {t.name: t.marker.color for t in types.data} == {
        "Ballistic missiles": CLASS_COLOURS["missile"], "Attack drones (Shahed type)": CLASS_COLOURS["drone"]}
    assert types.layout.yaxis.title.text == "weapons launched per month"
    rates = figures.type_rate_figure(stats.rates(series.bucket(rows, "month"), ["weapon", "type", "period"],
                                                 min_launched=20), "month")
    assert {t.name: t.y[0] for t in rates.data} == {"Ballistic missiles": pytest.approx(100 / 3),
                                                   "Attack drones (Shahed type)": pytest.approx(90.0)}
    models = figures.model_figure(series.by_model(rows))
    assert list(models.data[0].y) == ["Shahed-136", "Iskander-M"]
    salvo = figures.salvo_figure(series.salvo_mix(frame))
    assert salvo.data[0].name == "Drones" and salvo.data[0].marker.color == CLASS_COLOURS["drone"]


def test_tiles_cover_the_27_regions_on_distinct_squares_with_kyiv_and_crimea_together():
    assert sorted(t.code for t in TILES) == sorted(REGION_CODES)
    assert len({(t.col, t.row) for t in TILES}) == 27
    assert all(0 <= t.col < COLUMNS and 0 <= t.row < ROWS for t in TILES)
    at = {t.code: (t.col, t.row) for t in TILES}

    def touching(a: str, b: str) -> bool:
        return abs(at[a][0] - at[b][0]) + abs(at[a][1] - at[b][1]) == 1

    assert touching("UA-30", "UA-32") and touching("UA-40", "UA-43")


def test_tile_map_colours_each_region_by_its_count_and_marks_the_chosen_one():
    counts = pl.DataFrame({"region": list(REGION_NAMES), "reports": [0] * 26 + [4]})
    fig = figures.tile_map(counts, "power", selected="UA-61")
    heat = fig.data[0]
    cells = {t.code: heat.z[t.row][t.col] for t in TILES}
    assert cells[list(REGION_NAMES)[-1]] == 4 and sum(cells.values()) == 4 and len(cells) == 27
    assert fig.layout.title.text == "Regions with power outage reports in the period"
    assert len(fig.layout.shapes) == 1


def test_outage_timeline_stacks_the_kinds_in_their_colours():
    timeline = pl.DataFrame({"period": [D, D], "kind": ["power", "water"], "reports": [2, 1]})
    fig = figures.outage_timeline_figure(timeline, "Kyiv (city)", "day")
    assert [(t.name, t.marker.color) for t in fig.data] == [
        ("Power", figures.KIND_COLOURS["power"]), ("Water", figures.KIND_COLOURS["water"])]
    assert fig.layout.yaxis.title.text == "reports per day"


def test_evidence_segments_mark_the_figures_inside_the_evidence():
    text = "Intro. Russia fired 94 missiles and 193 drones. Later."
    pieces = segments(text, [[7, 47]], [[20, 31], [36, 39]])
    assert [(p["text"], p["mark"]) for p in pieces] == [
        ("Russia fired ", False), ("94 missiles", True), (" and ", False), ("193", True), (" drones.", False)]
    assert [p["text"] for p in segments(text, [[0, 6], [48, 54]], [])] == ["Intro.", " … ", "Later."]


def test_a_table_row_without_figure_spans_gets_its_numbers_marked():
    text = "f.csv: 2026-02-02 18:00 – 2026-02-03 09:30, Kh-101 (target Ukraine): launched 18, destroyed 14 (kpszsu/1418)"
    marks = figure_marks(text, [[0, len(text)]], {"launched": [[0, len(text)]]}, [18, 14, None, 14])
    assert [text[s:e] for s, e in marks] == ["18", "14"]


def test_attack_keys_round_trip():
    row = {"attack_date": D, "attacker": "RU", "weapon": "missile", "row_kind": "type", "type": "cruise_missile",
           "model": None}
    key = attack_key(row)
    assert key == "2025-01-06|RU|missile|type|cruise_missile|"
    assert parse_key(key) == {**row, "attack_date": "2025-01-06"}


def test_a_click_on_a_tile_names_its_region_from_its_column_and_row():
    """Issue 14 (1): a heatmap's click carries x and y, not customdata ("KeyError 'customdata'")."""
    assert figures.clicked_region({"points": [{"x": 4, "y": 1, "z": 3, "curveNumber": 0}]}) == "UA-30"
    assert figures.clicked_region({"points": [{"x": 0, "y": 0}]}) is None  # an empty square
    assert figures.clicked_region(None) is None and figures.clicked_region({"points": [{}]}) is None


def test_weekly_axes_are_labelled_by_day_in_the_interface_language():
    """Issue 14 (4): a weekly axis labelled "23:59:59.999 Jan 4"."""
    from dashboard.figures.axes import time_ticks

    ticks, labels_ = time_ticks(date(2025, 12, 29), date(2026, 1, 12), "week", "en")
    assert ticks == [date(2025, 12, 29), date(2026, 1, 5), date(2026, 1, 12)]
    assert labels_ == ["29 Dec 2025", "5 Jan 2026", "12 Jan"]
    _ticks, uk = time_ticks(date(2025, 1, 1), date(2025, 12, 31), "month", "uk")
    assert uk[0] == "січ. 2025" and all(":" not in t for t in uk)
    weekly = series.volumes(attacks({"attack_date": D, "weapon": "drone", "launched": 5, "attacker": "UA"}), "week",
                            D, D + timedelta(13))
    fig = figures.volume_figure(weekly, "week")
    assert list(fig.layout.xaxis.ticktext) == ["6 Jan 2025", "13 Jan"]


def test_a_bar_s_hover_card_gives_every_figure_the_share_and_its_n(frame):
    """Issue 14 (5): hovering a bar showed one segment ("47 shot down")."""
    fig = figures.volume_figure(series.volumes(frame, "day", D, D + timedelta(2)), "day")
    card = next(t for t in fig.data if t.name == "shot down" and t.customdata[0] == "drone").hovertext[0]
    for said in ("Drones", "launched 100", "shot down 80", "suppressed (jammed, lost) 10", "share stopped 90.0%",
                 "n = 100 launched", "attack nights: 1"):
        assert said in card
    uk = figures.volume_figure(series.volumes(frame, "day", D, D + timedelta(2)), "day", ui="uk")
    assert "частка знешкоджених 90,0%" in next(t for t in uk.data if t.hovertext is not None).hovertext[0]


def test_a_period_with_nothing_drawn_carries_no_hover_card(frame):
    """A zero-filled calendar (a year either side of the data at most, issue 13) sends a card only for what is drawn:
    each segment where it has a height, and the rolling mean's cards once, on its first line."""
    fig = figures.volume_figure(series.volumes(frame, "day", D, D + timedelta(2)), "day")
    drone = {t.name: t for t in fig.data if t.customdata is not None and t.customdata[0] == "drone"}
    assert drone["launched"].hovertext[0] and drone["launched"].hovertext[1] == "" and drone["launched"].hovertext[2]
    assert drone["shot down"].hovertext[0] and drone["shot down"].hovertext[2] == ""
    assert "stopped, not split 50" in drone["stopped, not split"].hovertext[2]
    rolled = figures.volume_figure(series.volumes(frame, "day", D, D + timedelta(9), rolling=True), "day", rolling=True)
    lines = [t for t in rolled.data if t.customdata is not None and t.customdata[0] == "drone"]
    assert lines[0].hovertext[0] == "" and lines[0].hovertext[6] and lines[0].hovertext[9] == ""  # a full week first
    assert all(t.hovertext is None for t in lines[1:])
