"""Rules for who attacked, taught by the blind corpora and the held-out genres: the subject after an
auxiliary, places and headline topics that are no attacker, and Russian officials as defenders.
Each case names the corpus report it came from (a comment such as `# c5-en-07: ...`), or the
corpus round or issue that taught it. Snippets are published on Friday 2025-03-14 unless a test
says otherwise."""

from __future__ import annotations

import pytest

from tests.extracting import strikes


@pytest.mark.parametrize("text, lang", [
    # c4-de-04: "Mit bis zu 60 Drohnen ... hat Russland ... die Ukraine angegriffen"
    ("Mit 60 Drohnen und zwei Raketen hat Russland in der Nacht die Ukraine angegriffen.", "de"),
    ("Mit 60 Drohnen hatte Russland die Ukraine in der Nacht zum Freitag angegriffen.", "de"),
])
def test_the_actor_right_after_the_auxiliary_is_the_subject(text, lang):
    assert {k[1] for k in strikes(text, lang)} == {"RU"}


def test_a_place_after_a_preposition_is_not_the_attacker():
    # c5-en-01: "Power plants across western Ukraine were knocked out ... after Russia launched 689 drones"
    text = ("Power plants and substations across western Ukraine were knocked out early on Saturday after Russia "
            "launched 689 drones and 51 missiles.")
    assert {k[1] for k in strikes(text, "en")} == {"RU"}


def test_a_headline_topic_is_not_the_attacker():
    # c5-de-08: "Ukraine: 19 von 24 Drohnen unschädlich gemacht"
    text = "Ukraine: 19 von 24 Drohnen unschädlich gemacht\n\nRussland hat die Ukraine mit 24 Drohnen angegriffen."
    assert {k[1] for k in strikes(text, "de")} == {"RU"}


@pytest.mark.parametrize("text, lang", [
    # from issue 2 (held-out genres): a construction no gold corpus contained
    ("Moscow Mayor Sergei Sobyanin said air defenses shot down 24 drones heading toward the capital.", "en"),
    ("Der Moskauer Bürgermeister Sergej Sobjanin teilte mit, die Flugabwehr habe 24 Drohnen abgeschossen.", "de"),
    ("Мер москви Собянін заявив, що ППО збила 24 дрони.", "uk"),
])
def test_russian_officials_announcing_shoot_downs_are_defenders(text, lang):
    assert list(strikes(text, lang)) == [("2025-03-14", "UA", "drone")]
