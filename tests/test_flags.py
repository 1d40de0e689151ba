"""Issue 16: each reason a claim is flagged for review, computed from the claims and the reconciled attacks
(etl/flags.py), and stored with the claim by a refresh. The claims are made up here."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import polars as pl

from etl.flags import DEFAULT_FLAGS, FlagOptions, claim_flags
from etl.reconcile import reconcile
from etl.schemas import StrikeClaimTable, polars_schema

NIGHT = date(2025, 2, 7)


def claim(claim_id: str, kind: str = "press", day: date | None = NIGHT, report: str | None = None, **figures) -> dict:
    row = dict.fromkeys(polars_schema(StrikeClaimTable))
    row.update({"claim_id": claim_id, "report_id": report or claim_id.split("-")[0], "row_kind": "class",
                "attack_date": day, "attacker": "RU", "weapon": "drone", "source_kind": kind,
                "published": datetime(2025, 2, 7, 8, tzinfo=UTC), "evidence": "[]", "figure_spans": "{}"})
    for m, v in figures.items():
        row[m], row[f"q_{m}"] = v, "exact"
    return row


def flags(*rows: dict, options: FlagOptions = DEFAULT_FLAGS) -> dict[str, list[tuple[str, str, int]]]:
    claims = pl.DataFrame(list(rows), schema=polars_schema(StrikeClaimTable), orient="row")
    found = claim_flags(claims, reconcile(claims), options)
    out: dict[str, list] = {}
    for r in found.iter_rows(named=True):
        out.setdefault(r["claim_id"], []).append((r["reason"], r["detail"], r["weight"]))
    return out


def test_a_figure_far_from_the_official_record_is_flagged_with_how_far():
    got = flags(claim("af-s0", "official", launched=100), claim("press-s0", launched=160))
    assert got == {"press-s0": [("disagrees_with_record", "launched 160 against 100 taken from the official source of "
                                "the night", 60)]}


def test_a_figure_far_from_another_press_source_is_flagged():
    got = flags(claim("a-s0", launched=100), claim("b-s0", launched=50))
    (reason, _, weight), = [f for fs in got.values() for f in fs]
    assert reason == "disagrees_with_source" and weight == 50


def test_a_figure_within_the_share_is_not_flagged_and_the_share_is_a_setting():
    rows = (claim("af-s0", "official", launched=100), claim("press-s0", launched=110))
    assert flags(*rows) == {}
    assert "press-s0" in flags(*rows, options=FlagOptions(share=0.05))


def test_the_record_rows_are_never_flagged():
    assert flags(claim("k1-s0", "record", launched=2000), claim("press-s0", launched=2000)) == {
        "press-s0": [("extreme", "launched 2000 is more than review_extreme (1000) in one night", 2000)]}


def test_claims_that_contradict_each_other_in_one_report_are_flagged():
    got = flags(claim("r-s0", launched=8, shot_down=59))
    assert [r for r, _, _ in got["r-s0"]] == ["contradicts_report"]
    assert "59 shot down is more than the 8 launched" in got["r-s0"][0][1]
    got = flags(claim("r-s0", report="r", launched=40), claim("r-s1", report="r", launched=70))
    assert {r for fs in got.values() for r, _, _ in fs} >= {"contradicts_report"}
    assert "the report gives this night twice: 40 launched and 70 launched" in [d for _, d, _ in got["r-s0"]]


def test_an_undated_claim_is_flagged_and_says_whether_the_report_had_a_date():
    row = claim("u-s0", day=None, launched=30)
    row["published"] = None
    assert flags(row) == {"u-s0": [("undated", "no night or period for these figures (the report has no published "
                                    "date)", 30)]}


def test_an_extreme_value_is_flagged_against_the_setting():
    assert flags(claim("x-s0", launched=1500)) == {
        "x-s0": [("extreme", "launched 1500 is more than review_extreme (1000) in one night", 1500)]}
    assert flags(claim("x-s0", launched=1500), options=FlagOptions(extreme=2000)) == {}


def test_a_refresh_stores_the_flags_with_the_claims_and_the_queue_lists_them(tmp_path):
    from tests.test_review import cli, night_store

    store, _ = night_store(tmp_path)
    from etl.store import read_tables

    stored = read_tables(store, ("claim_flags",))["claim_flags"]
    assert sorted(stored["reason"].to_list()) == ["disagrees_with_record", "fallback", "fallback"]
    listed = json.loads(cli("review", "list", "--format", "json", "--store", str(store)))["claims"]
    # "Air defences shot down 80 of them." names no attacker: both reports' shot down figure is carried; the night
    # took the official one's, so that one weighs all of its 80
    assert [(c["launched"], c["reasons"], c["weight"]) for c in listed] == [
        (100, "fallback", 80), (160, "disagrees_with_record, fallback", 60)]
    for claim in listed:
        cli("review", "confirm", claim["claim_id"], "--store", str(store))
    assert json.loads(cli("review", "list", "--format", "json", "--store", str(store)))["claims"] == []


# `fallback`: the figures of short texts of our own, extracted, stored as rows and flagged (issue 16: "a figure whose
# measure, attacker or date came from a fallback rather than a cue in its own sentence").

def text_flags(text: str, published: str | None = "2025-03-14T10:00") -> tuple[dict, list[tuple[str, str, int]]]:
    from etl.frames import strike_frame
    from tests.extracting import extract

    ex = extract(text, "en", published)
    claims = strike_frame([ex])
    found = claim_flags(claims, reconcile(claims))
    return ({c.weapon: c.fallbacks for c in ex.strikes},
            [(r["reason"], r["detail"], r["weight"]) for r in found.iter_rows(named=True)])


def test_a_figure_with_no_measure_word_falls_back_to_launched_and_is_flagged():
    fallbacks, got = text_flags("On the night of March 13, Russia had 94 drones in the air.")
    assert fallbacks == {"drone": {"launched": {"measure": "default"}}}
    assert got == [("fallback", "launched 94: no measure was said: taken as launched", 94)]


def test_a_figure_with_no_attacker_falls_back_to_the_default_and_is_flagged():
    fallbacks, got = text_flags("On the night of March 13, air defence shot down 40 drones.")
    assert fallbacks == {"drone": {"shot_down": {"attacker": "default"}}}
    assert got == [("fallback", "shot down 40: no attacker was named: taken as RU, the default", 40)]


def test_an_attacker_carried_from_the_sentence_before_is_flagged():
    fallbacks, got = text_flags("On the night of March 13, Russia launched 94 drones. Air defence shot down 81 of "
                                "them.")
    assert fallbacks == {"drone": {"shot_down": {"attacker": "carried"}}}
    assert got == [("fallback", "shot down 81: no attacker was named in its sentence: RU, carried from the figures "
                                "before", 81)]


def test_a_figure_dated_by_the_report_is_flagged_with_the_night_it_was_given():
    fallbacks, got = text_flags("Russia launched 40 drones.")
    assert fallbacks == {"drone": {"launched": {"date": "document"}}}
    assert got == [("fallback", "launched 40: no date was said: 2025-03-14, the report's night or published day", 40)]


def test_a_date_from_the_paragraph_or_overnight_is_flagged_and_derived_totals_follow_their_parts():
    fallbacks, got = text_flags("On the night of March 13, Russia launched 40 drones.\n"
                                "Air defence shot down 30 and suppressed 10.")
    assert fallbacks["drone"]["shot_down"] == fallbacks["drone"]["neutralized"]
    fallbacks, got = text_flags("Russia launched 94 missiles overnight.")
    assert fallbacks == {"missile": {"launched": {"date": "paragraph"}}}
    assert [r for r, _, _ in got] == ["fallback"] and "2025-03-14, from earlier in its paragraph" in got[0][1]


def test_figures_said_wholly_in_their_own_sentence_are_not_flagged():
    fallbacks, got = text_flags("On the night of March 13, Russia launched 94 drones, 81 of which were shot down.")
    assert fallbacks == {"drone": {}} and got == []


def test_an_undated_figure_is_flagged_undated_not_for_its_date_fallback():
    fallbacks, got = text_flags("Air defence shot down 40 drones.", published=None)
    assert fallbacks["drone"]["shot_down"]["date"] == "document"
    assert [r for r, d, _ in got if "date" in d] == ["undated"]


def test_the_fallbacks_stay_out_of_the_extract_contract():
    from tests.extracting import extract

    (claim,) = extract("Russia launched 40 drones.", "en").strikes
    assert claim.fallbacks and "fallbacks" not in claim.as_dict()  # ../shared/spec/extraction.md has no such field


# Outage claims (issue 16: "the outage region and kind" are reviewed too): flagged `fallback` when their own sentence
# named no region, `undated` when they have no date. Short texts of our own, extracted and stored as rows.

def outage_flags_of(text: str, published: str | None = "2025-03-14T10:00") -> tuple[list, list[tuple[str, str, int]]]:
    from etl.flags import outage_flags
    from etl.frames import outage_frame
    from tests.extracting import extract

    ex = extract(text, "en", published)
    found = outage_flags(outage_frame([ex]))
    return ([(o.region, o.kind, o.region_from) for o in ex.outages],
            [(r["reason"], r["detail"], r["weight"]) for r in found.iter_rows(named=True)])


def test_an_outage_whose_own_sentence_names_its_region_is_not_flagged():
    claims, got = outage_flags_of("Kharkiv region was left without power after the attack.")
    assert claims == [("UA-63", "power", None)] and got == []


def test_an_outage_region_taken_from_an_earlier_sentence_of_its_paragraph_is_flagged():
    claims, got = outage_flags_of("Russia struck Odesa overnight. Part of the city was left without power.")
    assert claims == [("UA-51", "power", "paragraph")]
    assert got == [("fallback", "region UA-51: its sentence names no region: taken from an earlier sentence of its "
                                "paragraph", 1)]


def test_an_outage_region_taken_from_the_section_heading_is_flagged():
    claims, got = outage_flags_of("Russia attacked energy facilities overnight.\n\nZhytomyr region\n\n"
                                  "Some consumers remained without power.")
    assert claims == [("UA-18", "power", "section")]
    assert got == [("fallback", "region UA-18: its sentence names no region: taken from the section heading above it",
                    1)]


def test_an_outage_region_taken_from_the_last_place_named_in_the_report_is_flagged():
    claims, got = outage_flags_of("Russia struck Odesa overnight.\n\nMeanwhile, drones hit infrastructure.\n\n"
                                  "Part of the city was left without power.")
    assert claims == [("UA-51", "power", "report")]
    assert got == [("fallback", "region UA-51: its sentence names no region: the last place named before it in the "
                                "report (after a word such as 'the city')", 1)]


def test_an_outage_region_taken_from_the_title_or_the_lead_is_flagged():
    claims, got = outage_flags_of("Russian drones strike Kharkiv\n\nDrones hit infrastructure overnight.\n\n"
                                  "Some consumers were left without heating.")
    assert claims == [("UA-63", "heating", "title")]
    assert got == [("fallback", "region UA-63: its sentence names no region: taken from the report's title", 1)]
    claims, got = outage_flags_of("Massive strike on Kharkiv overnight.\n\nDrones hit infrastructure.\n\n"
                                  "Some consumers were left without power.")
    assert claims == [("UA-63", "power", "lead")]
    assert got == [("fallback", "region UA-63: its sentence names no region: taken from the report's first sentence",
                    1)]


def test_an_outage_said_again_with_its_region_named_is_not_flagged():
    """Two sentences of one outage merge into one claim: one of them names the region, so the claim's region is said."""
    claims, got = outage_flags_of("Russia struck Odesa overnight. Part of the city was left without power.\n\n"
                                  "Odesa was left without power.")
    assert claims == [("UA-51", "power", None)] and got == []


def test_an_undated_outage_is_flagged_and_says_whether_the_report_had_a_date():
    claims, got = outage_flags_of("Kharkiv region was left without power after the attack.", published=None)
    assert claims == [("UA-63", "power", None)]
    assert got == [("undated", "no date for this outage (the report has no published date)", 0)]


def test_the_region_source_stays_out_of_the_extract_contract():
    from tests.extracting import extract

    (claim,) = extract("Russia struck Odesa overnight. Part of the city was left without power.", "en").outages
    assert claim.region_from == "paragraph"
    assert set(claim.as_dict()) == {"date", "region", "extent", "kind", "evidence"}  # ../shared/spec/extraction.md


def test_each_flag_keeps_what_its_detail_is_written_from():
    from etl.flags import DETAILS, english

    rows = [claim("x-s0", launched=1500), claim("r-s0", launched=8, shot_down=59)]
    claims = pl.DataFrame(rows, schema=polars_schema(StrikeClaimTable), orient="row")
    found = claim_flags(claims, reconcile(claims))
    assert {"extreme", "contradicts_report"} <= set(found["reason"])
    for row in found.iter_rows(named=True):
        args = json.loads(row["args"])
        key = args.pop("key")
        assert key in DETAILS and english(key, args) == row["detail"]


def test_a_refresh_stores_the_outage_flags_and_where_the_region_came_from(tmp_path):
    from etl.refresh import refresh
    from etl.store import read_tables

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("---\npublished: 2025-02-07T09:00:00+02:00\nsource: Example News\nlanguage: en\n---\n"
                              "Russia struck Odesa overnight. Part of the city was left without power.\n",
                              encoding="utf-8")
    store = tmp_path / "s.duckdb"
    refresh(store, [str(src)])
    tables = read_tables(store, ("outage_claims", "claim_flags"))
    (outage,) = tables["outage_claims"].iter_rows(named=True)
    assert (outage["region"], outage["region_from"]) == ("UA-51", "paragraph")
    flagged = tables["claim_flags"].filter(pl.col("claim_id") == outage["claim_id"])
    assert flagged.select("reason", "weight").rows() == [("fallback", 1)]
    refresh(store, [str(src)], full=True)  # extracted again: its flags are replaced, not doubled
    assert read_tables(store, ("claim_flags",))["claim_flags"].filter(
        pl.col("claim_id") == outage["claim_id"]).height == 1
