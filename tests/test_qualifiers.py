"""Qualifiers: approx ("about", "rund", "близько"), at_least ("more than", "mindestens", "понад"),
at_most ("up to", "bis zu", "до"); unqualified figures are exact."""

from __future__ import annotations

import pytest

from tests.extracting import only


@pytest.mark.parametrize(
    "text, lang, value, qualifier",
    [
        ("Russia launched about 300 drones.", "en", 300, "approx"),
        ("Russia launched nearly 300 drones.", "en", 300, "approx"),
        ("Russia launched some 300 drones.", "en", 300, "approx"),
        ("Russia launched more than 300 drones.", "en", 300, "at_least"),
        ("Russia launched over 300 drones.", "en", 300, "at_least"),
        ("Russia launched at least 300 drones.", "en", 300, "at_least"),
        ("Russia launched up to 300 drones.", "en", 300, "at_most"),
        ("Russia launched 300 drones.", "en", 300, "exact"),
        ("Russland setzte rund 300 Drohnen ein.", "de", 300, "approx"),
        ("Russland setzte knapp 300 Drohnen ein.", "de", 300, "approx"),
        ("Russland setzte fast 300 Drohnen ein.", "de", 300, "approx"),
        ("Russland setzte mehr als 300 Drohnen ein.", "de", 300, "at_least"),
        ("Russland setzte mindestens 300 Drohnen ein.", "de", 300, "at_least"),
        ("Russland setzte bis zu 300 Drohnen ein.", "de", 300, "at_most"),
        ("Противник випустив близько 300 дронів.", "uk", 300, "approx"),
        ("Противник випустив майже 300 дронів.", "uk", 300, "approx"),
        ("Противник випустив понад 300 дронів.", "uk", 300, "at_least"),
        ("Противник випустив щонайменше 300 дронів.", "uk", 300, "at_least"),
        ("Противник випустив до 300 дронів.", "uk", 300, "at_most"),
    ],
)
def test_qualifier(text, lang, value, qualifier):
    claim = only(text, lang)
    assert claim.launched == value
    assert claim.qualifier["launched"] == qualifier


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Russia launches almost 300 drones\n\nRussia launched 298 drones overnight, the air force said.", "en"),
        ("Fast 300 Drohnen\n\nRussland setzte in der Nacht 298 Drohnen ein.", "de"),
        ("Майже 300 дронів\n\nУночі противник випустив 298 дронів.", "uk"),
    ],
)
def test_exact_figure_beats_rounded_headline(text, lang):
    claim = only(text, lang)
    assert (claim.launched, claim.qualifier["launched"]) == (298, "exact")
    assert len(claim.evidence) == 2  # both sentences are kept as evidence
