"""etl/claimrows.py (issue 17, the quick CLI): the plain-Python check of strike-claim rows mirrors
etl.schemas.StrikeClaimTable, so `strikes extract` can skip pandera for rows that pandera would pass."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.claimrows import (
    STRIKE_CLAIM_COLUMNS,
    STRIKE_CLAIM_RULES,
    check_extractions,
    kind_as_checked,
    plainly_valid,
    source_kind,
    strike_rows,
)
from etl.frames import validate_extractions
from etl.model import ATTACKERS, QUALIFIERS, SOURCE_KINDS, TYPES, WEAPONS, Report
from etl.pipeline import ExtractOptions, extract_all, read_all
from etl.schemas import RULES, StrikeClaimTable, failures, polars_schema
from tests.conftest import SAMPLE

KINDS = {"String": "text", "Int64": "count", "Date": "day", "Datetime(time_unit='us', time_zone='UTC')": "moment"}
# Reports with contradictory figures (written for this test): the rows pandera rejects, whose messages must come out
CONTRADICTIONS = [
    "Overnight Russia launched 10 Shahed drones at Ukraine. Air defence shot down 12 drones, the air force said.",
    "Russia fired 20 missiles overnight. Air defence shot down 15 of them; in total 9 were neutralized.",
]


def test_the_mirror_has_every_column_and_check_of_the_schema():
    """A column or check added to StrikeClaimTable fails here until etl/claimrows.py has it too."""
    schema = StrikeClaimTable.to_schema()
    assert schema.strict and not schema.unique
    assert set(STRIKE_CLAIM_COLUMNS) == set(schema.columns)
    for name, column in schema.columns.items():
        mirror = STRIKE_CLAIM_COLUMNS[name]
        assert KINDS[str(column.dtype)] == mirror.kind, name
        assert column.nullable == mirror.nullable and not column.unique, name
        checks = {check.name: check.statistics for check in column.checks}
        assert set(checks) <= {"isin", "greater_than_or_equal_to"}, name
        assert checks.get("isin", {}).get("allowed_values") == mirror.isin, name
        assert checks.get("greater_than_or_equal_to", {}).get("min_value") == mirror.ge, name
    assert {check.error for check in schema.checks} == set(STRIKE_CLAIM_RULES) == set(RULES)


def _pick(values):
    return st.sampled_from(values)


_COUNTS = st.one_of(st.none(), st.integers(0, 6))  # small: equal and crossing figures are frequent
_DAYS = st.one_of(st.none(), st.dates(date(2024, 12, 30), date(2025, 1, 2)))
MEASURE_NAMES = ("launched", "shot_down", "suppressed", "neutralized")
VALID = {  # values each column accepts
    **{m: _COUNTS for m in MEASURE_NAMES},
    **{f"q_{m}": _pick([None, *QUALIFIERS]) for m in MEASURE_NAMES},
    "claim_id": _pick(["r-s0", ""]),
    "report_id": _pick(["r"]),
    "row_kind": _pick(["class", "type"]),
    "attack_date": _DAYS,
    "period_start": _DAYS,
    "period_end": _DAYS,
    "attacker": _pick(ATTACKERS),
    "weapon": _pick(WEAPONS),
    "type": _pick([None, *TYPES]),
    "model": _pick([None, "Kh-101", ""]),
    "source_kind": _pick(SOURCE_KINDS),
    "published": st.one_of(st.none(), st.just(datetime(2025, 1, 1, 6, tzinfo=UTC)), st.just(datetime(2025, 1, 1))),
    "evidence": _pick(["[[0, 5]]", ""]),
    "figure_spans": _pick(["{}"]),
    "fallbacks": _pick([None, "{}"]),
}
INVALID = {  # values of the column's own type that a check of the column refuses
    **{m: st.integers(-3, -1) for m in MEASURE_NAMES},
    **{f"q_{m}": _pick(["roughly", "EXACT"]) for m in MEASURE_NAMES},
    **{c: st.none() for c in ("claim_id", "report_id", "row_kind", "attacker", "weapon", "source_kind", "evidence",
                              "figure_spans")},
    "row_kind": _pick(["kind", None]),
    "attacker": _pick(["XX", "ru", None]),
    "weapon": _pick(["tank", None]),
    "type": _pick(["boat"]),
    "source_kind": _pick(["blog", None]),
}


@st.composite
def rows(draw) -> dict:
    """A row of valid values with none, one or two columns given a value their check refuses."""
    row = draw(st.fixed_dictionaries(VALID))
    for column in draw(st.lists(st.sampled_from(sorted(INVALID)), max_size=2)):
        row[column] = draw(INVALID[column])
    return row


@settings(max_examples=150, derandomize=True, deadline=None, database=None)
@given(st.lists(rows(), min_size=1, max_size=12))
def test_a_row_is_plainly_valid_exactly_when_pandera_passes_it(rows):
    """Never yes where pandera says no (else `strikes extract` would lose a problem), and for values of each column's
    own type never no where pandera says yes (else pandera would be imported for nothing)."""
    frame = pl.DataFrame(rows, schema=polars_schema(StrikeClaimTable), orient="row")
    failing = failures(StrikeClaimTable, frame)
    assert -1 not in failing
    for index, row in enumerate(rows):
        assert plainly_valid([row]) == (index not in failing), (row, failing.get(index))
    assert plainly_valid(rows) == (not failing)


@pytest.mark.parametrize("column, value", [
    ("launched", 2**63), ("launched", True), ("launched", 5.0), ("attack_date", datetime(2025, 1, 1)),
    ("attack_date", "2025-01-01"), ("published", date(2025, 1, 1)), ("model", "Kh\ud800"), ("claim_id", 7),
])
def test_a_value_not_of_its_column_s_own_type_is_left_to_pandera(column, value):
    """Values a frame would convert, refuse or overflow on are not judged here: pandera's path has them."""
    row = {name: None for name in STRIKE_CLAIM_COLUMNS} | {
        "claim_id": "r-s0", "report_id": "r", "row_kind": "class", "attacker": "RU", "weapon": "drone",
        "source_kind": "press", "evidence": "[]", "figure_spans": "{}"}
    assert plainly_valid([row])
    assert not plainly_valid([row | {column: value}])
    assert not plainly_valid([row | {"extra": 1}]) and not plainly_valid([{k: v for k, v in row.items() if k != "weapon"}])


def _sample_and_contradictions(tmp_path):
    for n, text in enumerate(CONTRADICTIONS):
        (tmp_path / f"c{n}.md").write_text(f"---\npublished: 2025-03-14\nlanguage: en\n---\n{text}\n", encoding="utf-8")
    pairs, _ = read_all([str(SAMPLE), str(tmp_path)])
    return extract_all([r for _, r in pairs], options=ExtractOptions(workers=1, time_limit=0))


def test_the_check_gives_the_problems_pandera_gives_on_the_sample_reports(tmp_path):
    """Every sample report (data/sample) and reports with contradictions: the same problems, in the same order."""
    extractions = _sample_and_contradictions(tmp_path)
    for ex in extractions:  # extract_all has validated them already: start again from the extractor's problems
        ex.problems[:] = [p for p in ex.problems if p not in ex.contradictions]
        ex.contradictions.clear()
    checked, validated = copy.deepcopy(extractions), copy.deepcopy(extractions)
    check_extractions(checked)
    validate_extractions(validated)
    assert [(e.problems, e.contradictions) for e in checked] == [(e.problems, e.contradictions) for e in validated]
    found = [m for e in checked for m in e.contradictions]
    assert "drone on 2025-03-14: contradictory figures, 12 shot down is more than the 10 launched" in found
    assert any("stopped in total is less than the 15 shot down" in m for m in found), found
    assert sum(not plainly_valid(strike_rows([e], kind_as_checked)) for e in extractions) == len(CONTRADICTIONS)


def test_the_kind_as_checked_passes_the_column_as_the_source_kind_does():
    """The check does not tell official from press publishers (that compiles every lexicon): both pass alike."""
    for kind in (None, *SOURCE_KINDS, "blog"):
        for source in (None, "Air Force of the Armed Forces of Ukraine", "Повітряні сили ЗСУ", "Meridian Wire"):
            report = Report(text="", path="x", source=source, kind=kind)
            assert kind_as_checked(report) in SOURCE_KINDS and source_kind(report) in SOURCE_KINDS
            if kind in SOURCE_KINDS:
                assert kind_as_checked(report) == source_kind(report) == kind
