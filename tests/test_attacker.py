"""Who attacked: RU (Russia attacking Ukraine) or UA (Ukraine attacking Russia)."""

from __future__ import annotations

import pytest

from tests.extracting import strikes


@pytest.mark.parametrize(
    "text, lang, attacker",
    [
        ("Russia fired 40 drones at Ukraine overnight.", "en", "RU"),
        ("Russian air defences destroyed 41 Ukrainian drones over the Bryansk region.", "en", "UA"),
        ("Ukraine launched 120 drones at Russia overnight, Moscow said.", "en", "UA"),
        ("The Russian Defence Ministry said 30 drones were shot down over the Kursk region.", "en", "UA"),
        ("Die russische Flugabwehr habe 337 ukrainische Drohnen abgefangen.", "de", "UA"),
        ("Die Ukraine hat Russland mit 50 Drohnen angegriffen.", "de", "UA"),
        ("Russland hat die Ukraine mit 50 Drohnen angegriffen.", "de", "RU"),
        ("Противник атакував 40 ударними БпЛА.", "uk", "RU"),
        ("Міноборони РФ заявило про знищення 45 українських БпЛА.", "uk", "UA"),
    ],
)
def test_attacker(text, lang, attacker):
    assert [k[1] for k in strikes(text, lang)] == [attacker]


def test_attacker_carries_to_following_sentences_until_a_new_cue():
    text = ("Russian air defences destroyed 41 Ukrainian drones, the ministry said. Of these, 26 were downed "
            "over Bryansk.\n\nMeanwhile, Russia attacked Ukraine with 74 drones. Air defence shot down 47 of them.")
    found = strikes(text, "en")
    assert found[("2025-03-14", "UA", "drone")].shot_down == 41
    assert (found[("2025-03-14", "RU", "drone")].launched, found[("2025-03-14", "RU", "drone")].shot_down) == (74, 47)
