"""Air-raid alerts as a source (issue 18): the sirens dataset's two tables read into `alerts`, UTC to Kyiv nights,
hours per region and night, and `alerts:PATH` in a refresh. Small tables of our own (tests/data/alerts) give
hours known by hand; the shared copy of the dataset is read whole when ../shared is there."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard import sirens
from etl.refresh import refresh
from etl.sources.alerts import permanent_alerts, read_alerts, region_codes
from etl.store import read_tables
from tests.conftest import REPO, SHARED, need_shared

HERE = REPO / "tests" / "data" / "alerts"
SIRENS = SHARED / "data" / "external" / "ukrainian-air-raid-sirens-dataset"
NIGHT = date(2024, 3, 31)  # the clocks went forward at 03:00 that night: its window is 14 hours long


def hours(frame: pl.DataFrame, night: date) -> dict[str, float]:
    return {r["region"]: round(r["hours"], 4) for r in frame.filter(pl.col("night") == night).iter_rows(named=True)}


def test_the_volunteer_table_is_read_and_bad_rows_are_rejected_with_their_line():
    got = read_alerts(HERE / "volunteer.csv", "alerts:v")
    assert got.format == "volunteer" and got.rows.height == 5
    assert got.rejected == [(7, "unknown oblast 'Atlantis oblast'"), (8, "started_at 'not a time' is not a time"),
                            (9, "the alert ends (2024-03-30 21:00:00+00:00) before it starts "
                                "(2024-03-30 22:00:00+00:00)")]
    first = got.rows.row(0, named=True)
    assert first["region"] == "UA-30" and first["level"] == "oblast" and first["origin"] == "alerts:v"
    assert str(first["started"]) == "2024-03-30 20:00:00+00:00" and first["line"] == 2
    assert got.rows["naive"].to_list() == [False, True, False, False, False]


def test_the_official_table_keeps_levels_and_places():
    got = read_alerts(HERE / "official.csv", "alerts:o")
    assert got.format == "official" and got.rejected == [(4, "unknown oblast 'Lubenskyi raion'")]
    assert got.rows.select("region", "level", "place").rows() == [
        ("UA-59", "oblast", None), ("UA-59", "hromada", "Shostkynska terytorialna hromada"),
        ("UA-53", "raion", "Lubenskyi raion")]


def test_a_file_that_is_not_an_alert_table_is_a_clear_error(tmp_path):
    other = tmp_path / "x.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.csv: not an air-raid alert table"):
        read_alerts(other, "alerts:x")


def test_the_oblast_names_map_to_every_region():
    from etl.lexicon import REGION_CODES

    assert set(region_codes().values()) == set(REGION_CODES)
    assert permanent_alerts() == {"UA-09": date(2022, 4, 4), "UA-43": date(2022, 12, 10), "UA-40": date(2022, 12, 10)}


def test_hours_per_night_merge_overlaps_and_follow_kyiv_time_across_the_clock_change():
    rows = read_alerts(HERE / "volunteer.csv", "alerts:v").rows
    got = sirens.night_hours(rows)
    # Kyiv: 22:00-23:30 and 23:00-00:00 merge into 2 h, plus 08:00-10:30 EEST cut at 09:00: 1 h.
    # Kharkiv: on from 16:00 the day before to 11:00: the whole window, 18:00 EET to 09:00 EEST, is 14 h.
    assert hours(got, NIGHT) == {"UA-30": 3.0, "UA-63": 14.0}
    assert hours(got, date(2024, 3, 30)) == {"UA-46": 15.0}  # 17:00 to 10:00 the next day, in one window only
    assert got.filter(pl.col("night") == NIGHT).sort("region")["alerts"].to_list() == [3, 1]
    assert sirens.coverage(rows) == (date(2024, 3, 29), NIGHT)


def test_an_oblast_alert_over_its_hromada_is_counted_once():
    rows = read_alerts(HERE / "official.csv", "alerts:o").rows
    got = sirens.night_hours(rows)
    assert hours(got, date(2024, 1, 11)) == {"UA-59": 5.0, "UA-53": 0.5}
    assert sirens.night_hours(pl.concat([rows, rows]))["hours"].to_list() == got["hours"].to_list()


def test_the_alerts_of_one_night_in_kyiv_time():
    rows = read_alerts(HERE / "volunteer.csv", "alerts:v").rows
    night = sirens.night_alerts(rows, NIGHT)
    assert night["region"].to_list() == ["UA-30", "UA-30", "UA-30", "UA-63"]
    assert [t.strftime("%H:%M") for t in night["started"]] == ["22:00", "23:00", "08:00", "16:00"]


def test_period_hours_are_unknown_outside_the_table_and_zero_inside_it():
    rows = read_alerts(HERE / "volunteer.csv", "alerts:v").rows
    got = sirens.period_hours(sirens.night_hours(rows), sirens.coverage(rows), "day", date(2024, 3, 28),
                              date(2024, 4, 1))
    assert got["hours"].to_list() == [None, 0.0, 15.0, 17.0, None]


def test_region_hours_are_unknown_under_a_permanent_alert():
    rows = read_alerts(HERE / "volunteer.csv", "alerts:v").rows
    got = sirens.region_hours(sirens.night_hours(rows), ["UA-30", "UA-63", "UA-43", "UA-05"], None, None,
                              permanent_alerts())
    assert got.rows() == [("UA-30", 3.0, 1), ("UA-63", 14.0, 1), ("UA-43", None, 0), ("UA-05", 0.0, 0)]


def test_a_refresh_stores_the_alerts_lists_rejected_rows_and_keeps_them_when_the_file_goes(tmp_path):
    store, table = tmp_path / "s.duckdb", tmp_path / "volunteer.csv"
    table.write_bytes((HERE / "volunteer.csv").read_bytes())
    summary = refresh(store, [f"alerts:{table}"])
    assert summary.alerts == 5 and "5 air-raid alerts" in summary.line()
    t = read_tables(store)
    assert t["alerts"].height == 5 and t["alerts"]["origin"].unique().to_list() == [f"alerts:{table}"]
    problems = t["problems"].filter(pl.col("stage") == "import")
    assert problems.select("item", "problem").rows()[0] == ("line 7", "alert not imported: unknown oblast "
                                                                      "'Atlantis oblast'")
    table.unlink()
    refresh(store, [f"alerts:{table}"])  # the source cannot be read: its alerts stay
    t = read_tables(store)
    assert t["alerts"].height == 5
    assert t["problems"]["problem"].str.contains("no such file").any()
    refresh(store, [])  # no alert source any more: no alerts
    assert read_tables(store)["alerts"].is_empty()


def test_the_shared_dataset_is_read_whole(tmp_path):
    """The copy in ../shared (SOURCE.md: 54,514 volunteer alerts; one official row names a raion as its oblast)."""
    folder = need_shared(SIRENS)
    volunteer = read_alerts(folder / "volunteer_data_en.csv", "alerts:v")
    assert volunteer.rows.height == 54_514 and volunteer.rejected == []
    assert volunteer.rows["region"].n_unique() == 25  # Crimea and Sevastopol are under a permanent alert
    official = read_alerts(folder / "official_data_en.csv", "alerts:o")
    assert official.rejected == [(18, "unknown oblast 'Lubenskyi raion'")] and official.rows.height == 43_030
    nights = sirens.night_hours(volunteer.rows)
    assert sirens.coverage(volunteer.rows) == (date(2022, 2, 26), date(2024, 10, 10))
    assert nights["hours"].max() <= 15.0 + 1e-9  # no night window is longer than 15 hours
