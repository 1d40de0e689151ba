"""Issue 14, "The dashboard tells the truth": the numbers behind the views, on small seeded frames and on the
full Kaggle history. Each test names the problem of the issue it would have caught."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from dashboard import series, stats
from tests.test_dashboard_data import attacks

D = date(2025, 1, 6)  # a Monday


def test_a_row_whose_figures_contradict_each_other_is_flagged_and_left_out_of_rates():
    """Issue 14 (11): reconciliation took 59 shot down from one claim and 8 launched from another."""
    frame = attacks(
        {"attack_date": D, "weapon": "drone", "launched": 8, "shot_down": 59, "from_shot_down": "other"},
        {"attack_date": D + timedelta(1), "weapon": "drone", "launched": 14, "shot_down": 9, "suppressed": 169,
         "neutralized": 368},  # one claim, still impossible: parts above the launched figure
        {"attack_date": D + timedelta(2), "weapon": "drone", "launched": 109, "shot_down": 99, "suppressed": 10,
         "neutralized": 99},  # a total below its parts
        {"attack_date": D + timedelta(3), "weapon": "drone", "launched": 100, "shot_down": 80, "suppressed": 10,
         "neutralized": 95},  # consistent: 5 stopped without a split
    )
    flags = frame.select(stats.contradictory().alias("bad"))["bad"].to_list()
    assert flags == [True, True, True, False]
    row = stats.rates(frame, ["weapon"], min_launched=1).row(0, named=True)
    assert (row["launched"], row["stopped"], row["nights"]) == (100, 95, 1)
    assert stats.excluded(frame) == {"contradictory": 3, "mixed": 0}
    assert stats.headline(frame)["excluded"] == {"contradictory": 3, "mixed": 0}


def test_headline_cards_add_up_and_unknown_launches_are_not_zero():
    """Issue 14 (4, 9): Ukraine -> Russia nights give a shot-down figure and no launched one."""
    frame = attacks(
        {"attack_date": D, "weapon": "drone", "attacker": "UA", "shot_down": 64},
        {"attack_date": D + timedelta(1), "weapon": "drone", "attacker": "UA", "launched": 100, "shot_down": 84},
        {"attack_date": D + timedelta(1), "weapon": "missile", "attacker": "UA", "shot_down": 4},
    )
    h = stats.headline(frame)
    assert (h["attacks"], h["launched"], h["unknown_launched"]) == (2, 100, 1)
    assert h["shot_down"] + h["suppressed"] + h["unsplit"] == h["stopped"] == 152
    assert (h["rate_launched"], h["rate_stopped"]) == (100, 84)  # the share rests on the night with both
    assert h["last"] == {"date": D + timedelta(1), "launched": 100, "unknown": False}
    assert h["largest"]["launched"] == 100
    first = stats.headline(frame.head(1))
    assert first["largest"] == {"date": D, "launched": 0, "unknown": True}


def test_volumes_keep_an_unknown_launched_figure_unknown():
    """Issue 14 (4): "0 launched" where the count is unknown."""
    frame = attacks({"attack_date": D, "weapon": "drone", "attacker": "UA", "shot_down": 64},
                    {"attack_date": D + timedelta(8), "weapon": "drone", "attacker": "UA", "launched": 10,
                     "shot_down": 8})
    daily = series.volumes(frame, "day", D, D + timedelta(9))
    assert daily["launched"].to_list()[:2] == [None, 0.0] and daily["launched"][8] == 10
    weekly = series.volumes(frame, "week", D, D + timedelta(13))
    assert weekly.select("period", "launched", "shot_down", "nights", "unknown_launched").rows() == [
        (D, None, 64.0, 1, 1), (D + timedelta(7), 10.0, 8.0, 1, 0)]
    assert weekly.select("rate_launched", "rate_stopped").rows() == [(0, 0), (10, 8)]


def test_partial_first_and_last_periods_are_marked():
    """Issue 14 (9): a week or month cut by the chosen dates was drawn as a full one."""
    frame = attacks({"attack_date": D + timedelta(2), "weapon": "missile", "launched": 3, "shot_down": 1},
                    {"attack_date": D + timedelta(9), "weapon": "missile", "launched": 5, "shot_down": 5})
    weekly = series.volumes(frame, "week", D + timedelta(2), D + timedelta(10))
    assert weekly.select("period", "days", "period_days", "partial").rows() == [
        (D, 5, 7, True), (D + timedelta(7), 4, 7, True)]
    full = series.volumes(frame, "week", D, D + timedelta(13))
    assert not full["partial"].any()
    monthly = series.volumes(frame, "month", date(2025, 1, 1), date(2025, 1, 31))
    assert monthly.select("days", "partial").rows() == [(31, False)]
    types = attacks({"attack_date": D + timedelta(2), "weapon": "missile", "row_kind": "type",
                     "type": "cruise_missile", "launched": 3})
    assert series.by_type(types, "month", D, D + timedelta(3))["partial"].to_list() == [True]


def test_a_model_share_rests_on_the_rows_that_state_both_figures():
    """Issue 14 (2): "Shahed-136 16% stopped" because only some model rows carry a stopped figure."""
    rows = [{"attack_date": D + timedelta(i), "weapon": "drone", "row_kind": "type", "type": "attack_drone",
             "model": "Shahed-136", "launched": 100} for i in range(9)]
    rows.append({"attack_date": D + timedelta(9), "weapon": "drone", "row_kind": "type", "type": "attack_drone",
                 "model": "Shahed-136", "launched": 100, "shot_down": 87})
    model = series.by_model(attacks(*rows)).row(0, named=True)
    assert (model["launched"], model["rate_launched"], model["rate_stopped"]) == (1000, 100, 87)
    assert model["rate"] == pytest.approx(0.87) and model["no_stopped"] == 9 and model["shown"]


def test_the_drone_rate_of_the_full_history_is_about_87_percent(kaggle_csv, tmp_path):
    """Issue 14 (2): the model chart said Shahed-136 was 16% stopped; drone interception is about 87%."""
    from dashboard import data
    from dashboard.data import Filters
    from etl.refresh import refresh

    store = tmp_path / "history.duckdb"
    refresh(store, [f"kaggle:{kaggle_csv}"])
    f = Filters(start=date(2025, 11, 16), end=date(2026, 5, 17), attacker="RU")
    drones = data.class_rates(f, store, True, 20).filter(pl.col("weapon") == "drone").row(0, named=True)
    assert 0.85 < drones["rate"] < 0.89
    shahed = series.by_model(data.type_rows(f, store)).filter(pl.col("model") == "Shahed-136").row(0, named=True)
    assert 0.8 < shahed["rate"] < 0.95 and shahed["no_stopped"] > 0


def readme_history_commands() -> list[list[str]]:
    """The commands of the README's "The full history from the Kaggle table" section."""
    import re
    import shlex

    from tests.conftest import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### The full history from the Kaggle table", 1)[1].split("\n### ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith(".venv/bin/strikes")]


def test_the_readme_full_history_keeps_the_sample_out_of_the_record(kaggle_csv, tmp_path):
    """Issue 14 (3): the README's command mixed the sample into the record: 22 drones jammed on 15 Jan 2025
    where the record says 27, and 16 missiles in January 2025 that no source reported."""
    from dashboard import data
    from dashboard.data import Filters
    from etl.refresh import refresh

    refresh_args, serve_args = readme_history_commands()
    assert refresh_args[0] == "refresh" and serve_args[0] == "serve"
    sources = [a.replace("PATH/missile_attacks_daily.csv", str(kaggle_csv))
               for flag, a in zip(refresh_args, refresh_args[1:], strict=False) if flag == "--source"]
    assert not any("sample" in s for s in sources)
    assert refresh_args[refresh_args.index("--store") + 1] == serve_args[serve_args.index("--store") + 1]
    store = tmp_path / "history.duckdb"
    refresh(store, sources)
    night = data.measured(Filters(start=date(2025, 1, 15), end=date(2025, 1, 15), attacker="RU",
                                  weapons=("drone",)), store).row(0, named=True)
    assert (night["launched"], night["shot_down"], night["suppressed"]) == (74, 47, 27)
    january = data.headline(Filters(start=date(2025, 1, 1), end=date(2025, 1, 31), attacker="RU",
                                    weapons=("missile",)), store)
    assert january["launched"] == 83
    from dashboard.records import demo_reports

    assert demo_reports(store)["demo"] == 0


def test_a_view_exports_class_rows_or_type_rows_never_both(tmp_path):
    """Issue 14 (6): the CSV of a view held class and type rows together, so its sums doubled the view's totals."""
    from dashboard import data, export
    from dashboard.data import Filters
    from etl.refresh import refresh
    from tests.conftest import SAMPLE

    store = tmp_path / "sample.duckdb"
    refresh(store, [str(SAMPLE)])
    f = Filters(start=date(2024, 12, 13), end=date(2024, 12, 13), attacker="RU")
    _table, kind, rows = export.view_rows("/", f, {}, store)
    assert kind == "class" and set(rows["row_kind"]) == {"class"}
    assert rows["launched"].sum() == data.headline(f, store)["launched"]
    typed = Filters(start=f.start, end=f.end, attacker="RU", types=("cruise_missile",))
    _table, kind, rows = export.view_rows("/", typed, {}, store)
    assert kind == "type" and set(rows["type"]) == {"cruise_missile"}
    assert rows["launched"].sum() == data.headline(typed, store)["launched"]
    assert export.view_rows("/attacks", f, {"types": "1"}, store)[1] == "type"
    text, name = export.view_csv("series", "/", f, {"res": "week"}, "uk", store, 20)
    assert name == "strikes-series-overview_2024-12-13_2024-12-13.csv" and text.startswith("Початок періоду,")
