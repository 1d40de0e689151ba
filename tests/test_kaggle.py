"""The Kaggle importer (etl/sources/kaggle.py): the shared copy of missile_attacks_daily.csv
(../shared/data/external/ua-air-defense-tracker, upstream commit 44aea93 of 2026-05-18, 3,701 rows;
its SOURCE.md lists the caveats tested below) and small snippets with the file's real header.
The data is CC BY-NC-SA: tests read the shared copy and never copy it into the repository."""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from etl.frames import report_frame, strike_frame
from etl.lexicon import weapon_catalog
from etl.model import Span, TypeRow
from etl.schemas import ReportTable, StrikeClaimTable, failures
from etl.sources.kaggle import KaggleImport, read_kaggle

KYIV = ZoneInfo("Europe/Kyiv")
HEADER = (
    "time_start,time_end,model,launch_place,target,target_main,launched,destroyed,not_reach_goal,"
    "still_attacking,border_crossing,is_shahed,num_hit_location,num_fall_fragment_location,carrier,"
    "turbojet,turbojet_destroyed,affected region,destroyed_details,launched_details,launch_place_details,source"
).split(",")


@functools.cache
def _imported(path: Path) -> KaggleImport:
    """The shared table, read once per test session."""
    return read_kaggle(path)


def _write(folder: Path, *rows: dict) -> Path:
    """A snippet of the table with its real header; unnamed columns are blank."""
    folder.mkdir(exist_ok=True)
    path = folder / "missile_attacks_daily.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(**values) -> dict:
    """A national Shahed row of the 30 January 2026 night, with some columns changed."""
    base = {"time_start": "2026-01-29 18:00", "time_end": "2026-01-30 08:00", "model": "Shahed-136/131",
            "target": "Ukraine", "launched": "10.0", "destroyed": "8.0", "border_crossing": "{}",
            "source": "kpszsu/posts/pfbid0TEST"}
    return {**base, **values}


def _one(tmp_path: Path, **values):
    """The single extraction of a one-row snippet."""
    result = read_kaggle(_write(tmp_path, _row(**values)))
    assert result.rejected == [] and len(result.extractions) == 1
    return result.extractions[0]


def _reason(tmp_path: Path, **values) -> str:
    """The reason a one-row snippet is rejected."""
    result = read_kaggle(_write(tmp_path, _row(**values)))
    assert result.extractions == [] and len(result.rejected) == 1
    return result.rejected[0][1]


# --- the shared table ---------------------------------------------------------------------------

def test_header_is_the_one_the_snippets_use(kaggle_csv):
    with kaggle_csv.open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == HEADER


def test_every_row_is_imported_or_rejected(kaggle_csv):
    result = _imported(kaggle_csv)
    assert len(result.extractions) + len(result.rejected) == result.total_rows == 3701
    assert len({line for line, _ in result.rejected}) == len(result.rejected)
    for line, reason in result.rejected:
        assert 2 <= line <= 3702
        assert isinstance(reason, str) and len(reason.strip()) > 10
    assert all(len(ex.strikes) == 1 and not ex.outages for ex in result.extractions)


def test_rejected_rows_of_the_snapshot(kaggle_csv):
    # Three rows without a launched figure, and a Mykolaiv sub-row of a kpszsu post whose
    # not_reach_goal 11 belongs to the post's national row (line 1737): 15 + 11 > 16 launched.
    rejected = dict(_imported(kaggle_csv).rejected)
    assert sorted(rejected) == [1736, 2901, 2907, 2958]
    assert all(rejected[line] == "no launched figure" for line in (2901, 2907, 2958))
    assert "not_reach_goal 11" in rejected[1736] and "launched 16" in rejected[1736]


def test_items_are_unique(kaggle_csv):
    items = [ex.report.item for ex in _imported(kaggle_csv).extractions]
    assert len(set(items)) == len(items)


def test_claims_and_reports_pass_the_schema(kaggle_csv):
    extractions = _imported(kaggle_csv).extractions
    assert failures(StrikeClaimTable, strike_frame(extractions)) == {}
    assert failures(ReportTable, report_frame(extractions, {}, datetime.now(UTC))) == {}


def _raw_night_sums(path: Path, kind: str, skip: set[int]) -> dict:
    """(attack date, class) -> [launched, destroyed] straight from the CSV, for national or regional rows."""
    classes = {name: entry.weapon for entry in weapon_catalog() for name in entry.dataset}
    sums: dict = defaultdict(lambda: [0, 0])
    with path.open(encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            source = row["source"].strip().lower()
            regional = source.startswith("pvk") or "oda.gov.ua" in source
            if line in skip or regional != (kind == "regional"):
                continue
            day = date.fromisoformat((row["time_end"].strip() or row["time_start"].strip())[:10])
            key = (day, classes[row["model"].split(" and ")[0].strip()])
            sums[key][0] += int(float(row["launched"]))
            sums[key][1] += int(float(row["destroyed"] or 0))
    return dict(sums)


@pytest.mark.parametrize("kind", ["record", "regional"])
def test_night_sums_match_the_raw_csv(kaggle_csv, kind):
    result = _imported(kaggle_csv)
    got: dict = defaultdict(lambda: [0, 0])
    for ex in result.extractions:
        if ex.report.kind == kind:
            claim = ex.strikes[0]
            got[(claim.attack_date, claim.weapon)][0] += claim.launched
            got[(claim.attack_date, claim.weapon)][1] += claim.shot_down or 0
    expected = _raw_night_sums(kaggle_csv, kind, {line for line, _ in result.rejected})
    assert len(expected) > 300
    assert dict(got) == expected


def test_night_of_30_january_2026(kaggle_csv):
    # Window 2026-01-29 18:00 -> 2026-01-30 08:00 (kpszsu post pfbid0wiUs5R...): 111 drones, about 70 Shaheds.
    claims = {ex.strikes[0].weapon: ex.strikes[0] for ex in _imported(kaggle_csv).extractions
              if ex.report.kind == "record" and ex.strikes[0].attack_date == date(2026, 1, 30)}
    assert sorted(claims) == ["drone", "missile"]
    drones, missiles = claims["drone"], claims["missile"]
    assert (drones.launched, drones.shot_down, drones.suppressed, drones.neutralized) == (111, 80, 0, 80)
    assert drones.types == [TypeRow("attack_drone", "Shahed-136", launched=70)]
    assert (missiles.launched, missiles.shot_down) == (1, 0)
    assert missiles.types == [TypeRow("ballistic_missile", "Iskander-M", 1, 0, None, 0)]


# --- snippets: one quirk each ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "start, end, day, published",
    [
        ("2026-01-29 18:00", "2026-01-30 08:00", date(2026, 1, 30), datetime(2026, 1, 30, 8, 0)),
        ("2026-05-16", "2026-05-16", date(2026, 5, 16), datetime(2026, 5, 16, 23, 59, 59)),
        ("2023-05-16 3:30", "2023-05-16 07:00", date(2023, 5, 16), datetime(2023, 5, 16, 7, 0)),
        ("2025-03-06 21:00 ", "2025-03-07 10:00", date(2025, 3, 7), datetime(2025, 3, 7, 10, 0)),
        ("2024-05-16", "2024-05-16 ", date(2024, 5, 16), datetime(2024, 5, 16, 23, 59, 59)),
        ("2024-10-28 19:00", "2024-10-29", date(2024, 10, 29), datetime(2024, 10, 29, 23, 59, 59)),
        ("2024-10-28 19:00", "", date(2024, 10, 28), datetime(2024, 10, 28, 19, 0)),
    ],
    ids=["date-time", "date-only", "unpadded-hour", "trailing-space-start", "trailing-space-end",
         "date-only-end", "no-end"],
)
def test_window_gives_attack_date_and_published(tmp_path, start, end, day, published):
    ex = _one(tmp_path, time_start=start, time_end=end)
    assert ex.strikes[0].attack_date == day
    assert ex.report.published == published.replace(tzinfo=KYIV)
    assert ex.report.published.tzinfo == KYIV


def test_unpadded_hour_is_written_padded(tmp_path):
    ex = _one(tmp_path, time_start="2023-05-16 3:30", time_end="2023-05-16 07:00")
    assert "2023-05-16 03:30 – 2023-05-16 07:00" in ex.report.text


@pytest.mark.parametrize("start, end", [("", ""), ("2026-01-29 18:00", "30.01.2026"), ("0001-01-01", "0001-01-01")])
def test_no_usable_date_is_rejected(tmp_path, start, end):
    assert "no usable date" in _reason(tmp_path, time_start=start, time_end=end)


def test_report_and_claim_fields(tmp_path):
    path = _write(tmp_path, _row(launched="287.0", destroyed="279.0", not_reach_goal="0.0"))
    ex = read_kaggle(str(path)).extractions[0]
    text = ("missile_attacks_daily.csv: 2026-01-29 18:00 – 2026-01-30 08:00, Shahed-136/131 (target Ukraine): "
            "launched 287, destroyed 279, not_reach_goal 0 (kpszsu/posts/pfbid0TEST)")
    assert ex.report.text == text
    assert (ex.report.path, ex.report.source, ex.report.language) == (f"kaggle:{path}", "kpszsu/posts/pfbid0TEST", None)
    claim = ex.strikes[0]
    assert (claim.attacker, claim.weapon, claim.launched, claim.shot_down) == ("RU", "drone", 287, 279)
    assert claim.evidence == [Span(0, len(text))]
    assert claim.qualifier == dict.fromkeys(("launched", "shot_down", "suppressed", "neutralized"), "exact")
    assert claim.figure_spans == {m: [Span(0, len(text))] for m in claim.qualifier}
    assert claim.types == [TypeRow("attack_drone", "Shahed-136", 287, 279, 0, 279)]


@pytest.mark.parametrize(
    "destroyed, not_reach_goal, suppressed, neutralized",
    [("8.0", "1.0", 1, 9), ("8.0", "0.0", 0, 8), ("8.0", "", None, 8), ("", "", None, None)],
)
def test_not_reach_goal_is_suppressed_and_counts_as_neutralized(tmp_path, destroyed, not_reach_goal,
                                                                 suppressed, neutralized):
    claim = _one(tmp_path, destroyed=destroyed, not_reach_goal=not_reach_goal).strikes[0]
    assert (claim.suppressed, claim.neutralized) == (suppressed, neutralized)
    stated = {m for m in ("launched", "shot_down", "suppressed", "neutralized") if getattr(claim, m) is not None}
    assert set(claim.qualifier) == set(claim.figure_spans) == stated


def test_composite_is_split_by_launched_details(tmp_path):
    ex = _one(tmp_path, model="X-101/X-555 and Kalibr", launched="62.0", destroyed="55.0",
              launched_details="{'X-101/X-555': 50, 'Kalibr': 12}")
    claim = ex.strikes[0]
    assert (claim.weapon, claim.launched, claim.shot_down) == ("missile", 62, 55)
    assert claim.types == [TypeRow("cruise_missile", "Kh-101/Kh-555", launched=50),
                           TypeRow("cruise_missile", "Kalibr", launched=12)]
    assert "launched_details X-101/X-555 50, Kalibr 12" in ex.report.text


@pytest.mark.parametrize(
    "model, types",
    [
        ("X-101/X-555 and Kalibr", [TypeRow("cruise_missile", None, 10, 8, None, 8)]),
        ("C-400 and Iskander-M", []),
    ],
)
def test_composite_without_details_has_a_type_row_only_for_one_shared_type(tmp_path, model, types):
    assert _one(tmp_path, model=model).strikes[0].types == types


def test_details_that_do_not_add_up_are_a_problem_not_a_split(tmp_path):
    ex = _one(tmp_path, model="X-101/X-555 and Kalibr", launched="62.0", launched_details="{'X-101/X-555': 50}")
    assert ex.strikes[0].launched == 62
    assert ex.strikes[0].types == [TypeRow("cruise_missile", None, 62, 8, None, 8)]  # as without details
    assert len(ex.problems) == 1 and "launched_details" in ex.problems[0]


def test_details_with_a_401_digit_figure_are_a_problem(tmp_path):
    """float() of a 401-digit int overflowed and stopped the whole import (issue 6, absurd numbers)."""
    ex = _one(tmp_path, model="X-101/X-555 and Kalibr", launched="62.0",
              launched_details="{'X-101/X-555': 1" + "0" * 400 + ", 'Kalibr': 12}")
    assert ex.strikes[0].launched == 62
    assert len(ex.problems) == 1 and "do not split the 62 launched" in ex.problems[0]


def test_bare_nan_in_dict_columns(tmp_path):
    ex = _one(tmp_path, model="X-101/X-555 and Kalibr and Iskander-K", launched="62.0", destroyed="55.0",
              destroyed_details="{'south': 35, 'east': NaN, 'north': NaN}",
              launched_details="{'X-101/X-555': 50, 'Kalibr': 12, 'Iskander-K': NaN}")
    assert ex.problems == []
    assert [(t.model, t.launched) for t in ex.strikes[0].types] == [("Kh-101/Kh-555", 50), ("Kalibr", 12)]


def test_is_shahed_is_a_count_within_the_drone_total(tmp_path):
    claim = _one(tmp_path, launched="111.0", destroyed="80.0", not_reach_goal="0.0", is_shahed="70.0").strikes[0]
    assert (claim.launched, claim.shot_down, claim.neutralized) == (111, 80, 80)
    assert claim.types == [TypeRow("attack_drone", "Shahed-136", launched=70)]


def test_model_without_type_gives_a_class_row_only(tmp_path):
    claim = _one(tmp_path, model="Unknown Missile").strikes[0]
    assert (claim.weapon, claim.types) == ("missile", [])


@pytest.mark.parametrize(
    "source, kind, url",
    [
        ("PvKPivden/posts/pfbid0K4", "regional", "https://www.facebook.com/PvKPivden/posts/pfbid0K4"),
        ("pvkshid/posts/pfbid02zu", "regional", "https://www.facebook.com/pvkshid/posts/pfbid02zu"),
        ("PvkZahid/posts/pfbid0GW4", "regional", "https://www.facebook.com/PvkZahid/posts/pfbid0GW4"),
        ("PvkCenter/posts/pfbid0abc", "regional", "https://www.facebook.com/PvkCenter/posts/pfbid0abc"),
        ("kharkivoda.gov.ua/news/123125", "regional", None),
        ("kpszsu/posts/pfbid02Yv", "record", "https://www.facebook.com/kpszsu/posts/pfbid02Yv"),
        ("GeneralStaff.ua/posts/pfbid02p4", "record", "https://www.facebook.com/GeneralStaff.ua/posts/pfbid02p4"),
        ("CinCAFU/posts/pfbid0242", "record", "https://www.facebook.com/CinCAFU/posts/pfbid0242"),
        ("watch/?v=375517448001233", "record", "https://www.facebook.com/watch/?v=375517448001233"),
        ("https://t.me/kpszsu/60825", "record", "https://t.me/kpszsu/60825"),
    ],
)
def test_source_gives_kind_and_url(tmp_path, source, kind, url):
    report = _one(tmp_path, source=source).report
    assert (report.kind, report.url, report.source) == (kind, url, source)


@pytest.mark.parametrize(
    "values, words",
    [
        ({"model": "Geran-3"}, ["unknown model", "'Geran-3'"]),
        ({"model": "Kalibr and Geran-3"}, ["unknown model", "'Geran-3'"]),
        ({"model": "Shahed-136/131 and Iskander-M"}, ["mixes weapon classes", "drone", "missile"]),
        ({"launched": "5.0", "destroyed": "6.0"}, ["destroyed 6", "launched 5"]),
        ({"launched": "5.0", "destroyed": "4.0", "not_reach_goal": "2.0"}, ["not_reach_goal 2", "launched 5"]),
        ({"launched": "-1.0", "destroyed": ""}, ["negative", "launched"]),
        ({"launched": "1e40", "destroyed": ""}, ["launched 1e40 is more than 1,000,000", "not a count"]),
        ({"launched": "1e400", "destroyed": ""}, ["launched", "not a whole number"]),
        ({"launched": ""}, ["no launched figure"]),
        ({"launched": "many"}, ["launched", "not a number"]),
    ],
    ids=["unknown", "unknown-component", "mixed-classes", "destroyed-over-launched", "stopped-over-launched",
         "negative", "too-large", "infinite", "no-launched", "not-a-number"],
)
def test_bad_rows_are_rejected_with_a_reason(tmp_path, values, words):
    reason = _reason(tmp_path, **values)
    assert all(word in reason for word in words), reason


def test_rejected_line_numbers_count_the_header_as_line_one(tmp_path):
    result = read_kaggle(_write(tmp_path, _row(), _row(model="Geran-3"), _row(time_end="2026-01-30 09:00")))
    assert result.total_rows == 3 and len(result.extractions) == 2
    assert [line for line, _ in result.rejected] == [3]


def test_item_keys_survive_reordering_and_a_prepended_row(tmp_path):
    rows = [_row(), _row(model="Iskander-M", launched="1.0", destroyed="0.0"),
            _row(time_start="2026-03-04", time_end="2026-03-04", model="Iskander-M", target="Odesa oblast",
                 launched="1.0", destroyed="0.0", source="PvKPivden/posts/pfbid0du3"),
            _row(time_start="2026-03-04", time_end="2026-03-04", model="Iskander-M", target="Odesa oblast",
                 launched="1.0", destroyed="0.0", source="PvKPivden/posts/pfbid0du3"),
            _row(time_start="2026-03-04", time_end="2026-03-04", model="Iskander-M", target="Mykolaiv oblast",
                 launched="1.0", destroyed="0.0", source="PvKPivden/posts/pfbid0du3")]
    newer = _row(time_start="2026-01-30 18:00", time_end="2026-01-31 08:00")

    def items(folder: str, *chosen: dict) -> list[tuple[str, str]]:
        return sorted((ex.report.text, ex.report.item) for ex in read_kaggle(_write(tmp_path / folder, *chosen)).extractions)

    before = items("before", *rows)
    after = items("after", newer, *reversed(rows))
    assert len({item for _, item in before}) == len(rows)
    new_text = next(text for text, _ in after if "2026-01-31" in text)
    assert [pair for pair in after if pair[0] != new_text] == before


def test_a_cell_over_the_csv_field_limit_is_a_rejected_line(tmp_path):
    """Issue 13, problem 6: one cell over 128 KiB raised _csv.Error out of the importer and stopped the refresh."""
    from etl.refresh import refresh
    from etl.store import read_tables

    path = _write(tmp_path, _row(), _row(time_end="2026-01-31 08:00", target="x" * 200_000),
                  _row(time_end="2026-02-01 08:00"))
    result = read_kaggle(path)
    assert [ex.report.published.date() for ex in result.extractions] == [date(2026, 1, 30), date(2026, 2, 1)]
    assert result.rejected == [(3, "the row cannot be read as CSV (field larger than field limit (131072))")]
    summary = refresh(tmp_path / "s.duckdb", [f"kaggle:{path}", str(tmp_path / "none")])
    assert summary.read == 2 and summary.failed == 2  # the line, and the missing folder beside it
    problems = read_tables(tmp_path / "s.duckdb")["problems"]["problem"].to_list()
    assert any("field larger than field limit" in p for p in problems)


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage\x00" * 1000, b"time_start,model\n\"unclosed", b""])
def test_a_table_that_cannot_be_read_fails_its_source_not_the_refresh(tmp_path, content):
    from etl.refresh import refresh
    from etl.store import read_tables

    bad = tmp_path / "missile_attacks_daily.csv"
    bad.write_bytes(content)
    summary = refresh(tmp_path / "s.duckdb", [f"kaggle:{bad}", str(tmp_path.parent / "none-such")])
    assert summary.unreadable == sorted([f"kaggle:{bad}", str(tmp_path.parent / "none-such")])
    problems = read_tables(tmp_path / "s.duckdb")["problems"]
    assert problems.filter(problems["path"] == f"kaggle:{bad}").height == 1


HANDLE = "piterfm/massive-missile-attacks-on-ukraine"


@pytest.fixture
def no_kaggle_credentials(tmp_path, monkeypatch):
    """An environment without Kaggle credentials (none in the environment, an empty home and config folder)."""
    for name in ("KAGGLE_API_TOKEN", "KAGGLE_USERNAME", "KAGGLE_KEY"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KAGGLE_CONFIG_DIR", str(home / ".kaggle"))
    return home


def test_the_table_by_its_handle_without_credentials_says_how_to_set_them(tmp_path, no_kaggle_credentials):
    """Issue 15: kaggle:OWNER/DATASET downloads through kagglehub; without credentials, one line says what to do (the
    download itself needs the network, which the test machines do not have)."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    source = f"kaggle:{HANDLE}"
    result = subprocess.run([sys.executable, "-m", "etl", "refresh", "--store", str(tmp_path / "s.duckdb"),
                             "--source", source], cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ})
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if source in line]
    assert len(warning) == 1, result.stderr
    for said in (f"{source} could not be read (kaggle:{HANDLE}: no Kaggle credentials to download it with;",
                 "set KAGGLE_API_TOKEN, or KAGGLE_USERNAME and KAGGLE_KEY, or save it as ~/.kaggle/kaggle.json",
                 "use kaggle:PATH/missile_attacks_daily.csv"):
        assert said in warning[0], warning[0]


def test_kaggle_path_still_reads_a_local_file_and_a_handle_is_told_from_a_path(tmp_path, no_kaggle_credentials,
                                                                                monkeypatch):
    from etl.refresh import refresh
    from etl.sources.kaggle_handle import is_dataset_handle
    from etl.store import read_tables

    _write(tmp_path / "kaggle", _row(), _row(time_start="2026-01-30 18:00", time_end="2026-01-31 08:00"))
    monkeypatch.chdir(tmp_path)
    assert is_dataset_handle(HANDLE) and not is_dataset_handle("kaggle/missile_attacks_daily.csv")
    assert not is_dataset_handle("kaggle") and not is_dataset_handle("/abs/owner-data")
    (tmp_path / "owner" / "data").mkdir(parents=True)
    assert not is_dataset_handle("owner/data")  # a folder here is a path, not a handle
    summary = refresh(tmp_path / "s.duckdb", ["kaggle:kaggle/missile_attacks_daily.csv"])
    assert (summary.failed, summary.new) == (0, 2)  # a relative path of two parts is still a file
    assert set(read_tables(tmp_path / "s.duckdb")["reports"]["path"]) == {"kaggle:kaggle/missile_attacks_daily.csv"}


def test_strikes_extract_reads_the_kaggle_table(tmp_path, no_kaggle_credentials):
    """Issue 15: `strikes extract` could not read the table; its rows are claims already, a row not imported is a
    report with its problem, and a handle without credentials is named with what to do (exit 1)."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    table = _write(tmp_path / "kaggle", _row(), _row(time_start="2026-01-30 18:00", time_end="2026-01-31 08:00",
                                                     launched="5.0", destroyed="9.0"))

    def extract(*sources):
        return subprocess.run([sys.executable, "-m", "etl", "extract", *sources, "--format", "json"], cwd=REPO,
                              capture_output=True, text=True, timeout=300, env={**os.environ})

    result = extract(f"kaggle:{table}")
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)["reports"]
    claims = [s for r in reports for s in r["strikes"]]
    assert [(c["attack_date"], c["launched"], c["shot_down"]) for c in claims] == [("2026-01-30", 10, 8)]
    rejected = [r for r in reports if r["item"] == "line 3"]
    assert len(rejected) == 1 and rejected[0]["problems"][0].startswith("row not imported: ")
    missing = extract(f"kaggle:{HANDLE}")
    assert missing.returncode == 1 and "no Kaggle credentials to download it with" in missing.stderr
