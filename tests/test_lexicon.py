"""The lexicon files follow the canonical vocabulary: no unknown keys, every language covers it."""

from __future__ import annotations

import copy

import pytest

from etl.lexicon import (
    LANGUAGE_SCHEMA,
    REGION_CODES,
    available_languages,
    gazetteer,
    load_language,
    validate_language,
    weapon_catalog,
    weapon_types,
)
from etl.model import DEFENSIVE, TYPES, WEAPONS


def test_three_languages_are_available():
    assert available_languages() == ("de", "en", "uk")


@pytest.mark.parametrize("code", available_languages())
def test_language_file_is_valid(code):
    assert validate_language(load_language(code)) == []


@pytest.mark.parametrize("code", available_languages())
def test_language_covers_every_canonical_key(code):
    data = load_language(code)

    def walk(schema, value, where):
        assert isinstance(value, dict), where
        assert set(map(str, value)) == set(schema), where
        for key, sub in schema.items():
            if isinstance(sub, dict):
                walk(sub, next(v for k, v in value.items() if str(k) == key), f"{where}.{key}")

    walk(LANGUAGE_SCHEMA, data, code)


def test_unknown_key_is_rejected():
    data = copy.deepcopy(load_language("en"))
    data["measures"]["exploded"] = ["blew up"]
    assert "measures.exploded: unknown key" in validate_language(data)


def test_missing_coverage_is_rejected():
    data = copy.deepcopy(load_language("de"))
    del data["dates"]["weekdays"][4]
    del data["qualifiers"]["at_most"]
    problems = validate_language(data)
    assert "dates.weekdays.4: missing (every language must cover it)" in problems
    assert "qualifiers.at_most: missing (every language must cover it)" in problems


def test_yaml_booleans_and_upper_case_are_rejected():
    data = copy.deepcopy(load_language("en"))
    data["text"]["abbreviations"].append(False)  # what YAML makes of an unquoted `no`
    data["figures"]["more"].append("Further")
    problems = validate_language(data)
    assert any("False is not a phrase" in p for p in problems)
    assert any("'Further' must be lower case" in p for p in problems)


def test_model_names_must_be_in_the_catalogue():
    data = copy.deepcopy(load_language("uk"))
    data["weapons"]["models"]["Kh-999"] = ["х-999"]
    assert "weapons.models.Kh-999: not a model of weapons.yaml" in validate_language(data)


def test_gazetteer_has_all_27_codes_in_every_language():
    regions = gazetteer()["regions"]
    assert sorted(regions) == sorted(REGION_CODES) and len(REGION_CODES) == 27
    for code, entry in regions.items():
        for lang in available_languages():
            assert entry[lang], (code, lang)


def test_weapon_catalogue_types_and_classes():
    assert set(weapon_types()) == set(TYPES)
    for entry in weapon_catalog():
        assert entry.weapon in WEAPONS
        assert entry.type is None or weapon_types()[entry.type] == entry.weapon


@pytest.mark.parametrize("code", available_languages())
def test_every_repel_word_is_a_way_of_stopping(code):
    """A 'repel' word is read off a figure's measure cue (document._said_how): it must be a stopping measure itself,
    or the figure would never carry it (and, as a longer phrase, it would hide the measure)."""
    data = load_language(code)
    stopping = {p for m in DEFENSIVE for p in data["measures"][m]}
    assert set(data["figures"].get("repel", ())) <= stopping
