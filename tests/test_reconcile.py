"""Reconciliation into `attacks`, on real stores: the Kaggle table, the seeds, the stated rule."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, datetime

import polars as pl
import pytest

from etl.lexicon import weapon_catalog
from etl.reconcile import reconcile
from etl.refresh import refresh
from etl.schemas import StrikeClaimTable, polars_schema
from etl.store import read_tables
from tests.conftest import SAMPLE

REGIONAL_PREFIXES = ("pvk", "kharkivoda")


@pytest.fixture(scope="module")
def kaggle_store(tmp_path_factory):
    from tests.conftest import KAGGLE_CSV, need_shared

    csv_path = need_shared(KAGGLE_CSV)
    store = tmp_path_factory.mktemp("kaggle") / "s.duckdb"
    refresh(store, [f"kaggle:{csv_path}", str(SAMPLE / "seeds")])
    return csv_path, read_tables(store)


def _independent_sums(csv_path):
    """Per (Kyiv date of the window's end, class): launched and destroyed, national and regional apart."""
    classes = {name.lower(): e.weapon for e in weapon_catalog() for name in e.dataset}
    sums = {"national": defaultdict(lambda: [0, 0, False]), "regional": defaultdict(lambda: [0, 0, False])}
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["launched"].strip():
                continue  # the rows the importer rejects for having no launched figure
            if float(row["destroyed"] or 0) + float(row["not_reach_goal"] or 0) > float(row["launched"]):
                continue  # the one row rejected for stopping more than it launched
            day = (row["time_end"].strip() or row["time_start"].strip())[:10]
            parts = row["model"].strip().split(" and ")
            weapon = classes[parts[0].lower()]
            kind = "regional" if row["source"].lower().startswith(REGIONAL_PREFIXES) else "national"
            entry = sums[kind][(day, weapon)]
            entry[0] += int(float(row["launched"]))
            if row["destroyed"].strip():
                entry[1] += int(float(row["destroyed"]))
                entry[2] = True
    return sums


def test_every_kaggle_row_is_imported_or_a_problem(kaggle_store):
    _, tables = kaggle_store
    table_reports = tables["reports"].filter(pl.col("source_kind").is_in(["record", "regional"])).height
    rejected = tables["problems"].filter(pl.col("stage") == "import").height
    assert table_reports + rejected == 3701
    assert rejected == 4


def test_nightly_class_sums_match_the_raw_csv(kaggle_store):
    """With the regional rule: national rows are summed; regional rows count only for a night and
    class without any national row, and are never added to national totals."""
    csv_path, tables = kaggle_store
    sums = _independent_sums(csv_path)
    expected = {}
    for (day, weapon), (launched, destroyed, any_destroyed) in sums["national"].items():
        expected[(day, weapon)] = (launched, destroyed if any_destroyed else None)
    for key, (launched, destroyed, any_destroyed) in sums["regional"].items():
        expected.setdefault(key, (launched, destroyed if any_destroyed else None))
    attacks = tables["attacks"].filter((pl.col("row_kind") == "class") & (pl.col("attacker") == "RU"))
    from_table = attacks.filter(pl.col("from_launched").str.starts_with("table:"))
    got = {(str(r["attack_date"]), r["weapon"]): (r["launched"], r["shot_down"]) for r in from_table.iter_rows(named=True)}
    assert len(expected) > 1500
    assert got == expected  # every night and class, including the two seed nights (the record wins)


def test_seed_of_30_january_2026_agrees_with_the_record(kaggle_store):
    _, tables = kaggle_store
    night = tables["attacks"].filter((pl.col("attack_date") == date(2026, 1, 30)) & (pl.col("row_kind") == "class"))
    rows = {r["weapon"]: r for r in night.iter_rows(named=True)}
    assert (rows["drone"]["launched"], rows["drone"]["neutralized"]) == (111, 80)
    assert rows["missile"]["launched"] == 1
    assert not rows["drone"]["disagreement"] and not rows["missile"]["disagreement"]
    assert rows["drone"]["claims"] == 2  # the seed's claim and the record's


def test_seed_of_13_december_2024_shows_as_a_disagreement(kaggle_store):
    _, tables = kaggle_store
    row = tables["attacks"].filter((pl.col("attack_date") == date(2024, 12, 13)) & (pl.col("row_kind") == "class")
                                   & (pl.col("weapon") == "missile")).row(0, named=True)
    assert row["launched"] == 93 and row["from_launched"] == "table:record:2024-12-13:RU:missile"
    assert row["disagreement"]
    (d,) = [d for d in json.loads(row["disagreements"]) if d["measure"] == "launched"]
    assert (d["chosen"], d["other"], d["other_kind"]) == (93, 94, "press")
    drone = tables["attacks"].filter((pl.col("attack_date") == date(2024, 12, 13)) & (pl.col("row_kind") == "class")
                                     & (pl.col("weapon") == "drone")).row(0, named=True)
    assert drone["launched"] == 193  # "almost 200" is within 10%: no disagreement on drones launched
    assert not any(d["measure"] == "launched" for d in json.loads(drone["disagreements"]))


def _claim(claim_id, kind, published, q="exact", **figures):
    row = dict.fromkeys(polars_schema(StrikeClaimTable))
    row.update(claim_id=claim_id, report_id=claim_id, row_kind="class", attack_date=date(2025, 1, 1), attacker="RU",
               weapon="drone", source_kind=kind, published=datetime.fromisoformat(published + "+00:00"),
               evidence="[]", figure_spans="{}")
    for measure, value in figures.items():
        row[measure], row[f"q_{measure}"] = value, q
    return row


def _reconcile(*rows):
    frame = pl.DataFrame(list(rows), schema=polars_schema(StrikeClaimTable), orient="row")
    return reconcile(frame).row(0, named=True)


def test_official_beats_press_even_when_press_is_later():
    row = _reconcile(_claim("press", "press", "2025-01-01T12:00", launched=200),
                     _claim("af", "official", "2025-01-01T09:00", launched=193))
    assert (row["launched"], row["from_launched"], row["disagreement"]) == (193, "af", True)


def test_exact_beats_approximate():
    row = _reconcile(_claim("a", "press", "2025-01-01T12:00", q="approx", launched=200),
                     _claim("b", "press", "2025-01-01T09:00", launched=193))
    assert (row["launched"], row["from_launched"], row["disagreement"]) == (193, "b", False)


def test_later_update_from_the_same_source_wins():
    row = _reconcile(_claim("early", "official", "2025-01-01T08:00", shot_down=70),
                     _claim("late", "official", "2025-01-01T11:00", shot_down=74))
    assert (row["shot_down"], row["from_shot_down"]) == (74, "late")


def test_each_figure_keeps_the_claim_it_came_from():
    row = _reconcile(_claim("a", "official", "2025-01-01T08:00", launched=100),
                     _claim("b", "press", "2025-01-01T11:00", launched=100, shot_down=90))
    assert (row["from_launched"], row["from_shot_down"], row["claims"]) == ("a", "b", 2)
    assert json.loads(row["sources"]) == ["a", "b"]


def test_period_aggregates_are_never_attacks():
    aggregate = _claim("month", "official", "2025-02-01T10:00", launched=5000)
    aggregate.update(attack_date=None, period_start=date(2025, 1, 1), period_end=date(2025, 1, 31))
    frame = pl.DataFrame([aggregate], schema=polars_schema(StrikeClaimTable), orient="row")
    assert reconcile(frame).is_empty()


def test_contradicting_reconciled_figures_are_listed_as_problems(tmp_path):
    """Figures taken from different claims can contradict; the row is kept and the problem named."""
    from etl.nights import attack_problem_rows as _attack_problem_rows

    rows = _reconcile_frame(_claim("a", "official", "2025-01-01T08:00", launched=8),
                            _claim("b", "press", "2025-01-01T11:00", shot_down=59))
    (problem,) = _attack_problem_rows(rows)
    assert problem["stage"] == "validate" and problem["path"] == "attacks"
    assert problem["problem"] == ("drone on 2025-01-01: figures reconciled from different sources contradict, "
                                  "59 shot down is more than the 8 launched")


def _reconcile_frame(*rows):
    return reconcile(pl.DataFrame(list(rows), schema=polars_schema(StrikeClaimTable), orient="row"))


def test_claim_ids_with_tabs_and_non_ascii_letters_are_written_as_json_dumps_writes_them():
    """The polars rewrite escaped only quotes and backslashes, so a tab went into `sources` raw (json.loads
    refuses it) and "ü" stayed unescaped; found by tests/test_reconcile_equivalence.py against the old rule."""
    row = _reconcile(_claim("tab\t-s4", "official", "2025-01-01T08:00", launched=93),
                     _claim('ümlaut "q"-s3', "press", "2025-01-01T11:00", launched=94))
    assert row["sources"] == json.dumps(["tab\t-s4", 'ümlaut "q"-s3'])
    (d,) = json.loads(row["disagreements"])
    assert row["disagreements"] == json.dumps([d])
    assert (d["chosen_claim"], d["other_claim"]) == ("tab\t-s4", 'ümlaut "q"-s3')
