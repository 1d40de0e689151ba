"""Counts in every local format and as number words (text2num for en/de, number-parser for uk)."""

from __future__ import annotations

import pytest

from tests.extracting import extract, only, strikes


@pytest.mark.parametrize(
    "text, lang, launched",
    [
        ("Russia launched 1,200 drones at Ukraine.", "en", 1200),
        ("Russia launched 1.200 drones at Ukraine.", "en", 1200),
        ("Russia launched 1 200 drones at Ukraine.", "en", 1200),
        ("Russland setzte 1.200 Drohnen ein.", "de", 1200),
        ("Russland setzte 1 200 Drohnen ein.", "de", 1200),
        ("Противник атакував 1 200 дронами.", "uk", 1200),
        ("Противник атакував 1\u00a0200 дронами.", "uk", 1200),
        ("Противник атакував 1,200 дронами.", "uk", 1200),
    ],
)
def test_thousands_separators(text, lang, launched):
    assert only(text, lang).launched == launched


@pytest.mark.parametrize(
    "text, lang, launched",
    [
        ("Russia sent three Iskander-M ballistic missiles against Ukraine.", "en", 3),
        ("Russia fired twenty-one cruise missiles at Ukraine.", "en", 21),
        ("Overnight, Russia launched two hundred drones.", "en", 200),
        ("Russland griff mit einer Rakete an.", "de", 1),
        ("Russland griff mit einer ballistischen Rakete vom Typ Iskander-M an.", "de", 1),
        ("Russland feuerte eine Rakete ab.", "de", 1),
        ("Russland setzte zwölf Drohnen ein.", "de", 12),
        ("Russland setzte zweihundertfünfzig Drohnen ein.", "de", 250),
        ("Противник атакував трьома балістичними ракетами.", "uk", 3),
        ("Противник атакував двома ракетами.", "uk", 2),
        ("Противник атакував чотирма ракетами.", "uk", 4),
        ("Противник атакував п'ятьма ракетами.", "uk", 5),
        ("Противник атакував п’ятьма ракетами.", "uk", 5),
        ("Противник атакував пʼятьма ракетами.", "uk", 5),
        ("Противник випустив сто двадцять дронів.", "uk", 120),
        ("Противник випустив одну ракету.", "uk", 1),
    ],
)
def test_number_words(text, lang, launched):
    assert only(text, lang).launched == launched


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Dozens of drones flew over the city.", "en"),
        ("Hundreds of drones were launched over the winter.", "en"),
        ("It was the twelfth massive attack on the grid.", "en"),
        ("Die Ukraine wurde mit einer großen Zahl von Drohnen angegriffen.", "de"),
        ("Es war der elfte Angriff in diesem Jahr.", "de"),
        ("Russland setzte Hunderte Drohnen ein.", "de"),
        ("Противник запустив сотні дронів.", "uk"),
        ("Це вже дев'ятий масований удар.", "uk"),
        ("Ворог атакував кількома ракетами.", "uk"),
    ],
)
def test_words_that_are_not_counts(text, lang):
    assert strikes(text, lang) == {}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The missiles were fired from 11 Tu-95 strategic bombers.", "en"),
        ("Kinzhal missiles were launched by six MiG-31K jets.", "en"),
        ("Die Marschflugkörper wurden von vier strategischen Bombern abgefeuert.", "de"),
        ("Ракети випущено з 9 літаків Ту-95МС.", "uk"),
        ("Two people were injured and 40% of consumers lost power at 17:00.", "en"),
        ("Russia produces around 2,700 Shahed-type drones a month.", "en"),
        ("Mindestens zehn weitere Patriot-Batterien brauche die Ukraine.", "de"),
    ],
)
def test_distractor_numbers_are_not_figures(text, lang):
    assert strikes(text, lang) == {}


# Figures that cannot be counts of weapons (issue 6, tests/data/hostile/absurd-numbers.md): left out
# of the claims, each listed in the report's problems with the words that state it.
@pytest.mark.parametrize(
    "text, lang, said, reason",
    [
        ("Russia launched 1234567890123456789012345678901234567890 drones at Ukraine.", "en",
         "1234567890123456789012345678901234567890 drones", "it is more than 1,000,000"),
        ("Russia launched 1,000,000,000 drones at Ukraine.", "en", "1,000,000,000 drones", "it is more than 1,000,000"),
        ("Russia launched 2.5 million drones at Ukraine.", "en", "2.5 million drones", "it is more than 1,000,000"),
        ("Russia launched -40 drones at Ukraine.", "en", "-40 drones", "it is negative"),
        ("Russland setzte −40 Drohnen ein.", "de", "−40 Drohnen", "it is negative"),
        ("Противник атакував -40 дронами.", "uk", "-40 дронами", "it is negative"),
        ("Russia launched drones (-40 drones in all).", "en", "-40 drones", "it is negative"),
        ("Russia launched 1e9 drones at Ukraine.", "en", "1e9 drones", "it is in scientific notation"),
        ("Russia launched 2.5E3 missiles at Ukraine.", "en", "2.5E3 missiles", "it is in scientific notation"),
        ("Russia launched 1E+9 drones at Ukraine.", "en", "1E+9 drones", "it is in scientific notation"),
        ("Russia launched a billion drones at Ukraine.", "en", "billion drones", "it is more than 1,000,000"),
        ("Russia launched " + "9" * 5000 + " drones.", "en", "9" * 60 + "…" + "9" * 53 + " drones",
         "it is more than 1,000,000"),
    ],
)
def test_absurd_figures_are_left_out_with_a_problem(text, lang, said, reason):
    ex = extract(text, lang)
    assert ex.strikes == []
    (problem,) = [p for p in ex.problems if "not a count" in p]
    assert problem.startswith(f"{said!r} is not a count of weapons ({reason}")
    assert problem.endswith("; it was left out: check the figure in the report")


def test_absurd_figures_do_not_stop_the_sane_ones():
    ex = extract("Russia launched 40 drones and -3 missiles overnight. Air defence shot down 1e9 drones and "
                 "2 missiles.", "en")
    (drone,) = [c for c in ex.strikes if c.weapon == "drone"]
    assert (drone.launched, drone.shot_down) == (40, None)
    assert sum("not a count of weapons" in p for p in ex.problems) == 2


# A minus sign that is a hyphen (a range, a model name, a span of years), or a negative number that counts
# no weapons, is no problem, and the figures beside it are read as usual.
@pytest.mark.parametrize(
    "text, lang, launched",
    [
        ("At -15 degrees, Russia launched 40 drones at Ukraine.", "en", 40),
        ("Bei −15 Grad setzte Russland 40 Drohnen ein.", "de", 40),
        ("Russia launched 12 Kh-101 and Kh-555 missiles.", "en", 12),
        ("Russia launched 40 Shahed-136 drones.", "en", 40),
        ("Противник атакував 12 ракетами Х-101.", "uk", 12),
        ("Russia launched between 30-40 drones and 12 missiles.", "en", 12),
        ("In the 2024-2025 winter Russia launched 40 drones.", "en", 40),
        ("Russia launched 40 drones - 35 were shot down.", "en", 40),
        ("Russia launched:\n- 40 drones", "en", 40),
    ],
)
def test_minus_signs_that_are_not_negative_counts(text, lang, launched):
    ex = extract(text, lang)
    assert not [p for p in ex.problems if "not a count" in p]
    assert [c.launched for c in ex.strikes] == [launched]
