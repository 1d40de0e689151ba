"""Counts in every local format and as number words (text2num for en/de, number-parser for uk)."""

from __future__ import annotations

import pytest

from tests.extracting import only, strikes


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
