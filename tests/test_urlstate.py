"""Query-string filters are validated (issue "the dashboard under load and attack"): an unknown value or a
malformed or inverted date gives the default for that field and a notice saying what was ignored."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dashboard.data import Filters
from dashboard.urlstate import MAX_FIELDS, read_search

DEFAULT = Filters(start=date(2025, 9, 1), end=date(2026, 2, 28), attacker="RU")


@pytest.mark.parametrize("search, expected, notice", [
    ("?weapon=tank", DEFAULT, "Unknown weapon class 'tank' ignored (known: missile, drone, glide_bomb)."),
    ("?weapon=tank&weapon=drone", replace(DEFAULT, weapons=("drone",)), "Unknown weapon class 'tank'"),
    ("?type=tank_shell", DEFAULT, "Unknown weapon type 'tank_shell' ignored"),
    ("?kind=blog", DEFAULT, "Unknown source kind 'blog' ignored"),
    ("?lang=fr", DEFAULT, "Unknown language 'fr' ignored (known: en, de, uk)."),
    ("?attacker=XX", DEFAULT, "Unknown attacker 'XX' ignored (known: RU, UA)."),
    ("?from=2025-13-01", DEFAULT, "The date from='2025-13-01' is not a day (YYYY-MM-DD); showing the default from"),
    ("?to=yesterday", DEFAULT, "The date to='yesterday' is not a day"),
    ("?from=20251001", DEFAULT, "The date from='20251001' is not a day"),  # ISO basic form: not what we write
    ("?from=2025-W40-1", DEFAULT, "The date from='2025-W40-1' is not a day"),
    ("?from=2025-10-01&to=2025-09-01", DEFAULT,
     "The start date 2025-10-01 is after the end date 2025-09-01; showing the default dates."),
    ("?from=2026-06-01", DEFAULT, "The start date 2026-06-01 is after the end date 2026-02-28"),
])
def test_a_bad_value_gives_the_default_for_its_field_and_a_notice(search, expected, notice):
    filters, notes = read_search(search, DEFAULT)
    assert filters == expected
    assert len(notes) == 1 and notes[0].startswith(notice)


def test_good_filters_give_no_notice():
    search = "?from=2025-10-01&to=2025-12-31&attacker=UA&weapon=drone&type=attack_drone&kind=official&lang=uk"
    filters, notes = read_search(search, DEFAULT)
    assert notes == [] and filters == Filters(start=date(2025, 10, 1), end=date(2025, 12, 31), attacker="UA",
                                              weapons=("drone",), types=("attack_drone",),
                                              source_kinds=("official",), languages=("uk",))
    assert read_search(None, DEFAULT) == (DEFAULT, []) and read_search("?", DEFAULT) == (DEFAULT, [])


def test_several_bad_values_each_get_a_notice_and_the_good_ones_stay():
    filters, notes = read_search("?from=nope&to=2025-12-31&weapon=missile&weapon=tank&attacker=XX", DEFAULT)
    assert filters == replace(DEFAULT, end=date(2025, 12, 31), weapons=("missile",))
    assert len(notes) == 3


def test_a_notice_repeats_a_hostile_value_only_cut_short():
    payload = "<script>alert(1)</script>" * 10
    _, notes = read_search("?weapon=" + payload, DEFAULT)
    assert "'<script>alert(1)</script><script>alert(1…'" in notes[0] and len(notes[0]) < 120


def test_a_flood_of_fields_gives_the_default_view():
    filters, notes = read_search("?" + "&".join(["weapon=drone"] * (MAX_FIELDS + 1)), DEFAULT)
    assert filters == DEFAULT and "more than 100 filter values" in notes[0]


def test_the_page_options_and_the_language_are_in_the_address_too():
    """Issue 14 (7): a shared address restored the filters but not the resolution or the toggles."""
    from dashboard.urlstate import to_search, view_value

    view = {"res": "week", "rolling": "1", "suppressed": "0", "outage": "power", "region": "UA-30", "types": "1",
            "row": "2024-12-13|RU|missile|class||", "ui": "uk"}
    search = to_search(DEFAULT, view)
    assert search.endswith("&res=week&rolling=1&suppressed=0&outage=power&region=UA-30&types=1"
                           "&row=2024-12-13%7CRU%7Cmissile%7Cclass%7C%7C&ui=uk")
    from urllib.parse import parse_qs

    params = parse_qs(search.lstrip("?"))
    assert {k: view_value(params, k) for k in view} == view
    assert to_search(DEFAULT, {"res": None}) == to_search(DEFAULT)  # a default is left out
    filters, notes = read_search("?res=fortnight&ui=fr&region=UA-99&row=<script>", DEFAULT)
    assert filters == DEFAULT and len(notes) == 4 and "Unknown resolution 'fortnight' ignored" in notes[0]
    assert view_value({"res": "fortnight"}, "res", "day") == "day" and view_value({"res": "week"}, "res") == "week"
