"""Attack dates: "night to <weekday/date>", weekdays relative to the published date, explicit dates,
periods for aggregates; undated reports give null dates, never a guess."""

from __future__ import annotations

import pytest

from tests.extracting import extract, strikes

# 2025-03-14 is a Friday; reports are published that morning unless a test says otherwise.


@pytest.mark.parametrize(
    "text, lang, day",
    [
        ("Russia fired 40 drones at Ukraine overnight.", "en", "2025-03-14"),
        ("In the night to Thursday, Russia fired 40 drones.", "en", "2025-03-13"),
        ("Overnight into Friday, Russia fired 40 drones.", "en", "2025-03-14"),
        ("On the night of March 12, Russia fired 40 drones.", "en", "2025-03-12"),
        ("On the night of 12 March (from 18:00 on 11 March), the enemy launched 40 drones.", "en", "2025-03-12"),
        ("Russia fired 40 drones on Wednesday, officials said on Friday.", "en", "2025-03-12"),
        ("Yesterday Russia fired 40 drones.", "en", "2025-03-13"),
        ("In der Nacht zum Mittwoch griff Russland mit 40 Drohnen an.", "de", "2025-03-12"),
        ("In der Nacht zu Freitag griff Russland mit 40 Drohnen an.", "de", "2025-03-14"),
        ("In der Nacht auf den 10. März griff Russland mit 40 Drohnen an.", "de", "2025-03-10"),
        ("Am 7. März hatte Russland 40 Drohnen eingesetzt.", "de", "2025-03-07"),
        ("У ніч на 13 березня (з 18:00 12 березня) противник атакував 40 ударними БпЛА.", "uk", "2025-03-13"),
        ("У ніч на середу противник атакував 40 ударними БпЛА.", "uk", "2025-03-12"),
        ("Вночі противник атакував 40 ударними БпЛА.", "uk", "2025-03-14"),
    ],
)
def test_attack_date(text, lang, day):
    assert [k[0] for k in strikes(text, lang)] == [day]


def test_date_late_in_the_year_belongs_to_the_previous_year():
    assert [k[0] for k in strikes("On Dec. 30, Russia fired 40 drones.", "en", "2025-01-02T09:00")] == ["2024-12-30"]


def test_explicit_year_is_kept():
    assert [k[0] for k in strikes("On 13 December 2024 Russia fired 94 missiles.", "en", None)] == ["2024-12-13"]


@pytest.mark.parametrize(
    "text, lang, period",
    [
        ("Russia launched more than 1,200 drones over the past week.", "en", "2025-03-08..2025-03-14"),
        ("Russia launched 4,000 drones in February.", "en", "2025-02-01..2025-02-28"),
        ("Russia launched 4,000 drones since the start of the month.", "en", "2025-03-01..2025-03-14"),
        ("Russia launched 900 drones in December.", "en", "2024-12-01..2024-12-31"),
        ("Russland setzte im Februar mehr als 4.000 Drohnen ein.", "de", "2025-02-01..2025-02-28"),
        ("Seit Monatsbeginn setzte Russland 900 Drohnen ein.", "de", "2025-03-01..2025-03-14"),
        ("In der vergangenen Woche setzte Russland 900 Drohnen ein.", "de", "2025-03-08..2025-03-14"),
        ("За минулий тиждень ворог застосував понад 900 ударних дронів.", "uk", "2025-03-08..2025-03-14"),
        ("У лютому ворог випустив понад 4 000 дронів.", "uk", "2025-02-01..2025-02-28"),
        ("З початку місяця ворог випустив 900 дронів.", "uk", "2025-03-01..2025-03-14"),
    ],
)
def test_period_aggregate(text, lang, period):
    assert [k[0] for k in strikes(text, lang)] == [period]


def test_anaphoric_period_refers_to_the_last_period_used():
    text = (
        "Russia launched 5,000 drones in February.\n\nLaunches were lower than in January.\n\n"
        "Air defences shot down 4,500 of the drones during the month."
    )
    claim = strikes(text, "en")[("2025-02-01..2025-02-28", "RU", "drone")]
    assert (claim.launched, claim.shot_down) == (5000, 4500)


def test_comparison_night_gets_its_own_row():
    text = (
        "Russland setzte in der Nacht zum Freitag 300 Drohnen ein. Es war der größte Angriff seit dem "
        "7. März. Damals hatte Russland 500 Drohnen eingesetzt."
    )
    found = strikes(text, "de")
    assert found[("2025-03-14", "RU", "drone")].launched == 300
    assert found[("2025-03-07", "RU", "drone")].launched == 500


@pytest.mark.parametrize(
    "text, lang",
    [
        ("In the night to Friday, Russia fired 40 drones.", "en"),
        ("Russland griff in der Nacht zum Samstag mit 40 Drohnen an.", "de"),
        ("У ніч на 13 березня противник атакував 40 ударними БпЛА.", "uk"),
        ("Russia launched 900 drones over the past week.", "en"),
    ],
)
def test_undated_report_gives_null_dates(text, lang):
    for claim in strikes(text, lang, published=None).values():
        assert (claim.attack_date, claim.period_start, claim.period_end) == (None, None, None)


@pytest.mark.parametrize("published", ["0001-01-01T10:00", "9999-12-31T10:00"])
@pytest.mark.parametrize(
    "text, lang",
    [
        ("Russland setzte in der Nacht zum Donnerstag 40 Drohnen ein.", "de"),
        ("Russia launched 40 drones over the past week.", "en"),
        ("Russia launched 40 drones on the night of 31 December.", "en"),
    ],
)
def test_a_report_published_at_the_ends_of_the_calendar_is_read_as_undated(text, lang, published):
    """Counting the night before from 0001-01-01 raised OverflowError (found by tests/test_fuzz.py)."""
    ex = extract(text, lang, published)
    assert [(c.attack_date, c.period_start, c.launched) for c in ex.strikes] == [(None, None, 40)]
    assert ex.problems[0].endswith("is at the end of the calendar, so no day can be counted from it: dates "
                                   "relative to it cannot be resolved, claims are kept undated")
