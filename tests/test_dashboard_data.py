"""The dashboard's data functions, called directly: exact values on small seeded frames, then the read path
on a real store built from data/sample."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import polars as pl
import pytest

from dashboard import data, health, series, stats
from dashboard.data import Filters
from dashboard.urlstate import from_store, parse_search, to_search, to_store
from etl.refresh import refresh
from etl.schemas import AttackTable, polars_schema
from tests.conftest import SAMPLE

Z = stats.Z95
D = date(2025, 1, 6)  # a Monday


def attacks(*rows: dict) -> pl.DataFrame:
    """An attacks frame from a few rows; unspecified columns are null, figures come from claim "c"."""
    schema = polars_schema(AttackTable)
    base = {"attacker": "RU", "row_kind": "class", "claims": 1, "disagreement": False, "disagreements": "[]",
            "sources": "[]", **{f"from_{m}": "c" for m in ("launched", "shot_down", "suppressed", "neutralized")}}
    full = [{**{c: None for c in schema}, **base, **r} for r in rows]
    return pl.DataFrame(full, schema=schema, orient="row")


# Wilson interval: the closed forms at the edges, and the textbook formula in between.

def test_wilson_at_the_edges_has_closed_forms():
    low, high = stats.wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(Z * Z / (10 + Z * Z), abs=1e-12)
    low, high = stats.wilson(10, 10)
    assert low == pytest.approx(10 / (10 + Z * Z), abs=1e-12) and high == pytest.approx(1.0, abs=1e-12)


def test_wilson_matches_the_score_interval_formula():
    k, n = 81, 94
    root = math.sqrt(k * (n - k) / n + Z * Z / 4)
    expected = ((k + Z * Z / 2 - Z * root) / (n + Z * Z), (k + Z * Z / 2 + Z * root) / (n + Z * Z))
    assert stats.wilson(k, n) == pytest.approx(expected, abs=1e-12)
    assert stats.wilson(5, 0) == (pytest.approx(math.nan, nan_ok=True), pytest.approx(math.nan, nan_ok=True))


def test_rate_is_a_ratio_of_sums_not_a_mean_of_ratios():
    frame = attacks({"attack_date": D, "weapon": "drone", "launched": 10, "shot_down": 10, "neutralized": 10},
                    {"attack_date": D + timedelta(1), "weapon": "drone", "launched": 100, "shot_down": 50,
                     "neutralized": 50})
    row = stats.rates(frame, ["weapon"], min_launched=20).row(0, named=True)
    assert (row["launched"], row["stopped"]) == (110, 60)
    assert row["rate"] == pytest.approx(60 / 110)  # a mean of ratios would say 0.75
    low, high = stats.wilson(60, 110)
    assert (row["low"], row["high"]) == (pytest.approx(low), pytest.approx(high))


def test_suppressed_toggle_changes_the_rate_and_neutralized_wins_when_given():
    frame = attacks({"attack_date": D, "weapon": "drone", "launched": 100, "shot_down": 60, "suppressed": 30},
                    {"attack_date": D, "weapon": "missile", "launched": 40, "shot_down": 20, "suppressed": 5,
                     "neutralized": 30})
    on = dict(stats.rates(frame, ["weapon"], counts_suppressed=True, min_launched=1).select("weapon", "rate").rows())
    off = dict(stats.rates(frame, ["weapon"], counts_suppressed=False, min_launched=1).select("weapon", "rate").rows())
    assert on == {"drone": pytest.approx(0.9), "missile": pytest.approx(0.75)}
    assert off == {"drone": pytest.approx(0.6), "missile": pytest.approx(0.5)}


def test_rate_is_hidden_under_the_minimum_launched():
    frame = attacks({"attack_date": D, "weapon": "missile", "launched": 19, "shot_down": 19},
                    {"attack_date": D, "weapon": "drone", "launched": 20, "shot_down": 10})
    out = {r["weapon"]: r for r in stats.rates(frame, ["weapon"], min_launched=20).iter_rows(named=True)}
    assert not out["missile"]["shown"] and out["missile"]["rate"] is None and out["missile"]["low"] is None
    assert out["drone"]["shown"] and out["drone"]["rate"] == pytest.approx(0.5)


def test_rows_without_a_stopped_figure_or_with_figures_from_different_claims_stay_out_of_both_sums():
    frame = attacks(
        {"attack_date": D, "weapon": "drone", "launched": 50, "shot_down": 40},
        {"attack_date": D + timedelta(1), "weapon": "drone", "launched": 500},  # launched only
        {"attack_date": D + timedelta(2), "weapon": "drone", "launched": 270, "shot_down": 21,
         "from_launched": "table:record:x", "from_shot_down": "press-claim"},  # not a rate
    )
    row = stats.rates(frame, ["weapon"], min_launched=1).row(0, named=True)
    assert (row["launched"], row["stopped"]) == (50, 40)


def test_volumes_fill_the_calendar_with_zeros_and_roll_over_seven_days():
    frame = attacks({"attack_date": D, "weapon": "drone", "launched": 7, "shot_down": 7},
                    {"attack_date": D + timedelta(7), "weapon": "drone", "launched": 14, "shot_down": 7,
                     "suppressed": 7, "neutralized": 14})
    plain = series.volumes(frame, "day", D, D + timedelta(9))
    assert plain["period"].to_list() == [D + timedelta(i) for i in range(10)]
    assert plain["launched"].to_list() == [7, 0, 0, 0, 0, 0, 0, 14, 0, 0]
    assert plain["suppressed"].to_list()[7] == 7 and plain["unsplit"].sum() == 0
    rolled = series.volumes(frame, "day", D, D + timedelta(9), rolling=True)["launched"].to_list()
    assert rolled[:6] == [None] * 6  # no complete 7-day window yet
    assert rolled[6:] == [pytest.approx(1.0), pytest.approx(2.0), pytest.approx(2.0), pytest.approx(2.0)]


def test_volumes_resample_by_week_and_month():
    frame = attacks({"attack_date": D, "weapon": "missile", "launched": 3, "shot_down": 1},
                    {"attack_date": D + timedelta(6), "weapon": "missile", "launched": 4, "shot_down": 2},
                    {"attack_date": D + timedelta(7), "weapon": "missile", "launched": 5, "shot_down": 5})
    weekly = series.volumes(frame, "week", D, D + timedelta(13))
    assert weekly.select("period", "launched", "shot_down").rows() == [(D, 7, 3), (D + timedelta(7), 5, 5)]
    monthly = series.volumes(frame, "month", D, D + timedelta(13))
    assert monthly.select("period", "launched").rows() == [(date(2025, 1, 1), 12)]


def test_combined_figure_without_a_split_is_shown_as_stopped_not_split():
    frame = attacks({"attack_date": D, "weapon": "drone", "launched": 100, "neutralized": 90})
    row = series.volumes(frame, "day").row(0, named=True)
    assert (row["shot_down"], row["suppressed"], row["unsplit"]) == (0, 0, 90)


def test_headline_figures():
    frame = attacks({"attack_date": D, "weapon": "drone", "launched": 100, "shot_down": 80, "suppressed": 10},
                    {"attack_date": D, "weapon": "missile", "launched": 30, "shot_down": 20},
                    {"attack_date": D + timedelta(3), "weapon": "drone", "launched": 120, "neutralized": 100})
    h = stats.headline(frame)
    assert (h["attacks"], h["launched"], h["shot_down"], h["suppressed"], h["stopped"]) == (2, 250, 100, 10, 210)
    assert h["largest"] == {"date": D, "launched": 130, "unknown": False}
    assert h["last"] == {"date": D + timedelta(3), "launched": 120, "unknown": False}
    assert (h["rate"], h["rate_launched"]) == (pytest.approx(210 / 250), 250)
    assert h["shot_down"] + h["suppressed"] + h["unsplit"] == h["stopped"] and h["unsplit"] == 100
    assert stats.headline(attacks().clear())["largest"] is None


def test_salvo_mix_splits_missiles_into_cruise_ballistic_and_the_rest():
    frame = attacks(
        {"attack_date": D, "weapon": "drone", "launched": 100},
        {"attack_date": D, "weapon": "missile", "launched": 20},
        {"attack_date": D, "weapon": "missile", "row_kind": "type", "type": "cruise_missile", "launched": 12},
        {"attack_date": D, "weapon": "missile", "row_kind": "type", "type": "ballistic_missile", "launched": 5},
        {"attack_date": D, "weapon": "missile", "row_kind": "type", "type": "hypersonic_missile", "launched": 1},
    )
    row = series.salvo_mix(frame).row(0, named=True)
    assert {k: row[k] for k in ("drones", "cruise", "ballistic", "other_missiles", "total")} == {
        "drones": 100, "cruise": 12, "ballistic": 6, "other_missiles": 2, "total": 120}


def test_outage_counts_list_every_region_and_count_reports_once():
    rows = pl.DataFrame({"region": ["UA-30", "UA-30", "UA-61"], "report_id": ["r1", "r1", "r2"],
                         "kind": ["power", "heating", None], "date": [D, D, D + timedelta(1)]})
    counts = dict(series.outage_counts(rows, ["UA-30", "UA-32", "UA-61"]).rows())
    assert counts == {"UA-30": 1, "UA-32": 0, "UA-61": 1}
    timeline = series.outage_timeline(rows, "day").rows()
    assert timeline == [(D, "heating", 1), (D, "power", 1), (D + timedelta(1), "unspecified", 1)]


def test_auto_resolution():
    assert series.auto_resolution(D, D + timedelta(90)) == "day"
    assert series.auto_resolution(D, D + timedelta(400)) == "week"
    assert series.auto_resolution(D, D + timedelta(900)) == "month"


# The filter state in the address bar.

def test_query_string_round_trip_and_forgiving_parse():
    f = Filters(start=date(2025, 1, 1), end=date(2025, 3, 31), attacker="RU", weapons=("drone", "missile"),
                source_kinds=("official",), languages=("uk",))
    search = to_search(f)
    assert search == ("?from=2025-01-01&to=2025-03-31&attacker=RU&weapon=drone&weapon=missile&kind=official"
                      "&lang=uk")
    default = Filters(start=date(2024, 1, 1), end=date(2024, 6, 30), attacker="RU")
    assert parse_search(search, default) == f
    assert from_store(to_store(f)) == f
    messy = parse_search("?from=2025-13-01&to=2025-02-01&attacker=XX&weapon=tank&weapon=drone&type=", default)
    assert messy == replace(default, end=date(2025, 2, 1), weapons=("drone",))
    assert parse_search("?from=2025-03-01&to=2025-01-01", default) == default  # inverted: the default dates
    assert parse_search(None, default) == default


def test_filters_for_a_table_drop_what_it_has_no_column_for():
    f = Filters(start=D, end=D, attacker="RU", weapons=("drone",), types=("attack_drone",), languages=("uk",))
    assert f.for_table("attacks") == f
    assert f.for_table("outage_claims") == Filters(start=D, end=D, languages=("uk",))
    assert f.for_table("problems") == Filters(languages=("uk",))


# The read path, on a real store built from the bundled sample.

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("dash") / "sample.duckdb"
    refresh(path, [str(SAMPLE)])
    return path


def test_default_filters_are_the_last_six_months_russia_on_ukraine(store):
    first, last = data.date_bounds(store)
    f = data.default_filters(store)
    assert f.end == last and f.attacker == "RU" and 180 <= (f.end - f.start).days <= 183 and f.start >= first
    assert data.default_filters(store.with_name("none.duckdb")) == Filters(attacker="RU")


def test_view_data_comes_through_the_read_path(store):
    f = Filters(start=date(2024, 12, 13), end=date(2024, 12, 13), attacker="RU")
    rows = data.query("attacks", f, store)
    h = data.headline(f, store)
    assert h["launched"] == rows.filter(pl.col("row_kind") == "class")["launched"].sum() == 94 + 193
    assert data.volumes(f, store)["launched"].sum() == h["launched"]
    assert data.export_frame("outage_claims", f, store).equals(data.query("outage_claims", f.for_table("outage_claims"),
                                                                          store))
    assert data.outage_map(f, store).height == 27


def test_provenance_of_an_attack_lists_its_claims_with_the_figures_marked(store):
    prov = data.provenance("2024-12-13|RU|missile|class||", Filters(), store)
    assert prov["attack"]["launched"] == 94
    sources = [c["source"] for c in prov["claims"]]
    assert sources[0] == "Повітряні сили ЗС України" and "Meridian Wire" in sources  # the chosen claim first
    chosen = prov["claims"][0]
    assert chosen["used_for"] == ["launched", "shot_down"] and chosen["published"].endswith("Kyiv")
    meridian = next(c for c in prov["claims"] if c["source"] == "Meridian Wire")
    assert [p["text"] for p in meridian["evidence"] if p["mark"]][0] == "94 missiles"
    assert data.provenance("2024-12-13|RU|glide_bomb|class||", Filters(), store) is None


def test_bucket_attacks_are_the_largest_of_the_class_in_the_period(store):
    keys, total = data.bucket_attacks("drone", date(2024, 12, 1), date(2024, 12, 31), Filters(attacker="RU"), store)
    assert keys[0] == "2024-12-13|RU|drone|class||" and total >= len(keys)


def test_data_quality_summaries(store):
    t = data.tables(store)
    undated = health.undated_reports(data.with_text(t["reports"], store), t["strike_claims"], t["outage_claims"],
                                     t["problems"])
    assert any(p.endswith("data/sample/formats/broken-front-matter.md") for p in undated["path"])
    assert set(undated["why"]) <= {"no published date", "every claim is undated"}
    counts = health.source_counts(t["reports"], t["strike_claims"], t["outage_claims"])
    assert counts["reports"].sum() == t["reports"].height
    assert health.last_run(t["refresh_runs"])["read"] == t["reports"].height
    assert health.problem_rows(t["problems"]).height == t["problems"].height


def test_every_view_function_answers_empty_when_there_is_no_store(tmp_path):
    """Before the first refresh (or a store path that is wrong) the views draw "no data", not an error."""
    store = tmp_path / "never-refreshed.duckdb"
    f = data.default_filters(store)
    frames = [data.measured(f, store), data.volumes(f, store, "week", True), data.salvo_mix(f, store),
              data.type_rows(f, store), data.type_rates(f, store, "month", True, 20), data.outage_reports(f, store),
              data.outage_timeline(f, store), data.attack_table(f, store, with_types=True)]
    frames += [data.query(t, f, store) for t in ("attacks", "strike_claims")]
    assert all(frame.is_empty() for frame in frames)
    assert data.outage_map(f, store)["reports"].sum() == 0  # the 27 regions, none with a report
    assert data.headline(f, store)["attacks"] == 0 and data.headline(f, store)["last"] is None
    assert set(data.quality(store)) == {"run", "problems", "undated", "sources", "withdrawn"}
    assert data.quality(store)["withdrawn"].is_empty()
    assert data.bucket_attacks("drone", date(2025, 1, 1), date(2025, 1, 31), f, store) == ([], 0)
    assert not store.exists()  # reading never creates the store
