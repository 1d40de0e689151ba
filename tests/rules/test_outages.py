"""Rules for outages, taught by the blind corpora and the held-out genres: their regions (lists, list
headers, spellings, clauses without a place), their kinds and extents, outages said without an outage
noun, and denied outages.
Each case names the corpus report it came from (a comment such as `# c5-en-07: ...`), or the
corpus round or issue that taught it. Snippets are published on Friday 2025-03-14 unless a test
says otherwise."""

from __future__ import annotations

import pytest

from tests.extracting import extract, regions


@pytest.mark.parametrize("text, lang, kinds", [
    # c4-de-05: "Ternopol ohne Strom, Wasser und Heizung"; "fielen Strom, Wasser und Heizung aus"
    ("In Ternopil fielen Strom, Wasser und Heizung aus.", "de", {"power", "water", "heating"}),
    ("Ternopil was left without power, water and heating.", "en", {"power", "water", "heating"}),
])
def test_a_list_of_utilities_is_one_outage_of_each(text, lang, kinds):
    assert {kind for _, kind, _ in regions(text, lang)} == kinds


@pytest.mark.parametrize("text, lang", [
    # c4-uk-11: "У Києві ... частково пропало світло"
    ("У Києві через падіння уламків частково пропало світло в Солом'янському районі.", "uk"),
])
def test_the_power_that_went_is_an_outage(text, lang):
    assert regions(text, lang) == {("UA-30", "power", "partial")}


def test_utilities_in_general_are_an_outage_of_no_one_kind():
    # c4-en-12: "several communities of the Shostka district were left without utilities"
    text = "In the Sumy region, several communities were left without utilities."
    assert regions(text, "en") == {("UA-59", None, "partial")}


@pytest.mark.parametrize("text, lang, expected", [
    # c5-de-01, c5-en-01
    ("Im Gebiet Lwiw hätten fast 300.000 Haushalte keinen Strom gehabt.", "de", ("UA-46", "power", "partial")),
    ("Das Gebiet Ternopil sei zeitweise vollständig vom Netz getrennt gewesen.", "de", ("UA-61", "power", "full")),
    ("The entire Ternopil region was briefly cut off from the grid before engineers restored supply.", "en",
     ("UA-61", "power", "full")),
])
def test_outages_said_without_an_outage_noun(text, lang, expected):
    assert regions(text, lang) == {expected}


def test_left_in_the_dark_is_a_power_outage():
    # from issue 2 (held-out genres): a construction no gold corpus contained
    assert regions("Some 50,000 customers in the Zaporizhzhia region were left in the dark.", "en") == {
        ("UA-23", "power", "partial")}


@pytest.mark.parametrize("text, lang", [
    # c5-en-01, c5-uk-08
    ("Kyiv's city administration said there had been no power outages in the capital.", "en"),
    ("На Полтавщині, за даними ОВА, перебоїв з електропостачанням немає.", "uk"),
])
def test_a_denied_outage_is_none(text, lang):
    assert regions(text, lang) == set()


def test_a_translated_wire_keeps_the_spellings_of_its_source():
    # c5-en-05: "In the western region of Chmelnyzkyj, several communities were without electricity."
    text = "In the western region of Chmelnyzkyj, several communities were without electricity."
    assert regions(text, "en") == {("UA-68", "power", "partial")}


def test_a_community_named_for_a_town_of_another_region_is_not_that_region():
    # c6-uk-09: "Нікопольщина на Дніпропетровщині: ... кілька сіл Покровської громади залишилися без світла"
    text = "Під ударом була Дніпропетровщина: кілька сіл Покровської громади залишилися без світла."
    assert {r for r, _, _ in regions(text, "uk")} == {"UA-12"}


def test_a_district_word_of_another_place_does_not_make_a_city_a_district():
    # c2-uk-08 stays: "частина Києва та окремі громади Харківщини"
    text = "Без світла залишаються частина Києва та окремі громади Харківщини."
    assert {r for r, _, _ in regions(text, "uk")} == {"UA-30", "UA-63"}


@pytest.mark.parametrize("text, lang, expected", [
    # c6-de-09: "in den Gebieten Charkiw, Poltawa und Sumy sowie in Teilen der Region Dnipropetrowsk"
    ("Ohne Strom waren Haushalte in den Gebieten Odessa, Mykolajiw sowie in Teilen der Region Cherson.", "de",
     {"UA-51", "UA-48", "UA-65"}),
    ("Power was cut in the Chernihiv and Sumy regions as well as in parts of the Poltava region.", "en",
     {"UA-74", "UA-59", "UA-53"}),
])
def test_a_list_of_places_with_an_extent_word_is_still_a_list(text, lang, expected):
    assert {r for r, _, _ in regions(text, lang)} == expected


@pytest.mark.parametrize("text, lang, expected", [
    # c6-uk-07: "знеструмлено споживачів у таких регіонах:" then "– Рівненщина – повністю;"
    ("Станом на ранок знеструмлено споживачів у таких областях:\n– Волинська область – частково;\n"
     "– Тернопільщина – повністю.", "uk", {("UA-07", "power", "partial"), ("UA-61", "power", "full")}),
    ("Ohne Strom sind derzeit Kunden in folgenden Gebieten:\n- Gebiet Wolhynien\n- Gebiet Ternopil", "de",
     {("UA-07", "power", None), ("UA-61", "power", None)}),
])
def test_a_list_header_names_the_outage_of_its_items(text, lang, expected):
    assert regions(text, lang) == expected


def test_a_list_item_with_its_own_outage_keeps_it():
    # from corpus-challenge6
    text = "Наслідки атаки:\n– Житомирщина – без світла;\n– у Рівному – без води."
    assert regions(text, "uk") == {("UA-18", "power", None), ("UA-56", "water", None)}


def test_a_clause_without_a_place_takes_the_place_of_the_clause_before():
    # c4-uk-05: "у Кривому Розі ... знеструмлено ...; ... частина міста залишилася без водопостачання"
    text = ("У Кривому Розі частково знеструмлено Металургійний район; зупинилися насосні станції, і частина міста "
            "залишилася без водопостачання.")
    assert {(r, k) for r, k, _ in regions(text, "uk")} == {("UA-12", "power"), ("UA-12", "water")}


def test_a_titles_clause_without_a_place_does_not_take_the_other_clauses_place():
    # c5-uk-11: "Південь під ударом: Ізмаїльщина без світла, у Херсоні перебої з теплом"
    assert regions("Південь під ударом: Ізмаїльщина без світла, у Херсоні перебої з теплом", "uk") == {
        ("UA-51", "power", None), ("UA-65", "heating", None)}


@pytest.mark.parametrize("text, lang, expected", [
    # c6-en-01: "cutting electricity to parts of ... Kryvyi Rih and damaging apartment blocks in Kharkiv"
    ("The strike hit a substation, cutting power to parts of Odesa and damaging several homes in Mykolaiv.", "en",
     {"UA-51"}),
    ("Der Angriff ließ Teile von Sumy ohne Strom und beschädigte Wohnhäuser in Poltawa.", "de", {"UA-59"}),
    ("Удар знеструмив частину Сум і пошкодила будинки в Полтаві.", "uk", {"UA-59"}),
])
def test_another_predicate_after_an_outage_takes_its_own_places(text, lang, expected):
    assert {r for r, _, _ in regions(text, lang)} == expected


def test_a_place_before_another_predicate_is_no_list_of_the_outage():
    # c5-de-09 stays: "..., in der Stadt Schytomyr beschädigten Trümmerteile ein Wohnhaus"
    text = "Im Gebiet Winnyzja fiel der Strom aus, in der Stadt Schytomyr beschädigten Trümmer ein Wohnhaus."
    assert {r for r, _, _ in regions(text, "de")} == {"UA-05"}


def test_a_headline_outage_restated_with_an_earlier_date_is_the_body_claim():
    # c4-en-11: the headline names an outage of the night before, which the body dates
    text = ("Russia launches 164 drones overnight, a day after a strike left parts of Kharkiv without heating\n\n"
            "Russia attacked Ukraine with 164 drones overnight on Feb. 23.\n\n"
            "The attack followed a strike on the night of Feb. 22. That attack damaged a power plant in Kharkiv "
            "and left parts of the city without heating.")
    got = {(o.date.isoformat(), o.region, o.kind) for o in extract(text, "en", "2026-02-23T10:00").outages}
    assert got == {("2026-02-22", "UA-63", "heating")}
