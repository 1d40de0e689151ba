"""Rules taught by the fourth blind corpus (data/sample/corpus-challenge4, first contact: strike F1 0.906,
outage F1 0.989). Each rule is a construction of the language, tested in the three languages where it
exists there, with sentences other than the corpus's own; the file named is the one that showed it."""

from __future__ import annotations

import pytest

from tests.extracting import extract, only, regions, strikes

# published on a Friday (2025-03-14) unless a test says otherwise


@pytest.mark.parametrize("text, lang", [
    # c4-de-04: "Mit bis zu 60 Drohnen ... hat Russland ... die Ukraine angegriffen"
    ("Mit 60 Drohnen und zwei Raketen hat Russland in der Nacht die Ukraine angegriffen.", "de"),
    ("Mit 60 Drohnen hatte Russland die Ukraine in der Nacht zum Freitag angegriffen.", "de"),
])
def test_the_actor_right_after_the_auxiliary_is_the_subject(text, lang):
    assert {k[1] for k in strikes(text, lang)} == {"RU"}


@pytest.mark.parametrize("text, lang, figures", [
    # c4-de-07: a separable verb, its objects, then "oder" and another way of stopping
    ("Die Flugabwehr schoss 40 Drohnen und 3 Raketen ab oder machte sie mit elektronischen Mitteln unschädlich.",
     "de", {"drone": 40, "missile": 3}),
    ("Air defence destroyed 40 drones and 3 missiles or jammed them electronically.", "en",
     {"drone": 40, "missile": 3}),
])
def test_shot_down_or_stopped_after_the_objects_is_one_combined_figure(text, lang, figures):
    got = strikes(text, lang)
    assert {k[2]: (c.neutralized, c.shot_down) for k, c in got.items()} == {w: (n, None) for w, n in figures.items()}


def test_shot_down_and_a_later_or_of_another_figure_stay_apart():
    got = only("Air defence shot down 40 drones and 20 more were jammed or lost.", "en")
    assert (got.shot_down, got.suppressed, got.neutralized) == (40, 20, 60)


@pytest.mark.parametrize("text, lang, published, day", [
    # c4-de-07: "In der Neujahrsnacht" in a report of 2 January
    ("In der Neujahrsnacht griff Russland die Ukraine mit 86 Drohnen an.", "de", "2026-01-02T12:00", "2026-01-01"),
    ("У новорічну ніч ворог атакував Україну 86 дронами.", "uk", "2026-01-02T12:00", "2026-01-01"),
    ("Russia attacked Ukraine with 86 drones on New Year's night.", "en", "2026-01-01T12:00", "2026-01-01"),
    ("In der Christnacht griff Russland mit 40 Drohnen an.", "de", "2025-12-26T09:00", "2025-12-25"),
])
def test_a_named_night_is_the_night_that_ends_on_its_day(text, lang, published, day):
    assert only(text, lang, published).attack_date.isoformat() == day


@pytest.mark.parametrize("text, day", [
    # c4-en-02: "on Tuesday night and early Wednesday" in a Wednesday report
    ("Russia attacked Ukraine with 87 drones on Tuesday night.", "2024-10-09"),
    ("Russia attacked Ukraine with 87 drones on Tuesday night and early Wednesday.", "2024-10-09"),
    ("Russia attacked Ukraine with 87 drones on Tuesday.", "2024-10-08"),
])
def test_a_weekday_night_ends_the_next_morning(text, day):
    assert only(text, "en", "2024-10-09T11:00").attack_date.isoformat() == day


@pytest.mark.parametrize("text, lang", [
    # c4-de-08: "Von den Raketen seien 15 abgeschossen worden, zwei seien durch ... abgelenkt worden."
    ("Russland setzte 20 Raketen ein. Von den Raketen seien 15 abgeschossen worden, zwei seien durch "
     "elektronische Gegenmaßnahmen von ihrem Ziel abgelenkt worden.", "de"),
    ("Russia fired 20 missiles. Fifteen of the missiles were intercepted, two were diverted by electronic "
     "countermeasures.", "en"),
    ("Ворог випустив 20 ракет. З ракет 15 збито, дві подавлено засобами РЕБ.", "uk"),
])
def test_a_bare_number_opening_a_clause_is_the_subject_of_its_predicate(text, lang):
    got = only(text, lang)
    assert (got.launched, got.shot_down, got.suppressed, got.neutralized) == (20, 15, 2, 17)


def test_a_bare_number_of_people_is_not_a_figure():
    got = only("Russland griff mit 50 Drohnen an. Drei Menschen wurden getötet, zwei seien verletzt worden.", "de")
    assert (got.launched, got.shot_down, got.suppressed) == (50, None, None)


@pytest.mark.parametrize("text, lang", [
    # c4-de-08: "Von den Drohnen holte die Flugabwehr 101 vom Himmel"
    ("Russland schickte 150 Drohnen. Von den Drohnen holte die Flugabwehr 101 vom Himmel.", "de"),
    ("Russia sent 150 drones. Of the drones, air defence shot down 101.", "en"),
    ("Ворог запустив 150 дронів. З дронів ППО збила 101.", "uk"),
])
def test_a_partitive_opening_the_sentence_names_the_weapons_of_its_bare_number(text, lang):
    got = only(text, lang)
    assert (got.launched, got.shot_down) == (150, 101)


@pytest.mark.parametrize("text, lang", [
    # c4-de-09, c4-de-11: "von den Radarschirmen verschwunden", "von der Ortung verschwunden"
    ("Die Luftwaffe meldete 62 abgeschossene Drohnen; 19 weitere Drohnen seien von der Ortung verschwunden.", "de"),
    ("Air defence shot down 62 drones; 19 more drones disappeared from radar.", "en"),
])
def test_weapons_that_disappeared_were_suppressed(text, lang):
    got = only(text, lang)
    assert (got.shot_down, got.suppressed, got.neutralized) == (62, 19, 81)


def test_an_attack_named_for_a_weapon_is_not_a_weapon():
    # c4-de-10: "nach einem Drohnenangriff" is one attack, not one drone
    assert strikes("Am Kraftwerk geriet nach einem Drohnenangriff ein Transformator in Brand.", "de") == {}


@pytest.mark.parametrize("text, lang", [
    # c4-en-02: "Three of the missiles, all of them Kh-59s, and 41 of the drones were shot down"
    ("Russia launched 87 drones and five missiles. Three of the missiles, all of them Kh-59s, and 41 of the "
     "drones were shot down.", "en"),
    ("Russland feuerte 87 Drohnen und fünf Raketen ab. Drei der Raketen, alle vom Typ Ch-59, und 41 der Drohnen "
     "wurden abgeschossen.", "de"),
])
def test_an_aside_between_coordinated_figures_does_not_part_them(text, lang):
    got = {k[2]: (c.launched, c.shot_down) for k, c in strikes(text, lang).items()}
    assert got == {"drone": (87, 41), "missile": (5, 3)}


@pytest.mark.parametrize("text, lang", [
    # c4-en-07: "carried out 612 attacks on 17 settlements" after a sentence about glide bombs
    ("Russian aircraft dropped at least 11 guided bombs on the district. In total, Russian forces carried out "
     "612 attacks on 17 settlements.", "en"),
    ("Russische Flugzeuge warfen mindestens 11 Gleitbomben ab. Insgesamt gab es 612 Angriffe auf 17 Orte.", "de"),
    ("Ворог скинув щонайменше 11 КАБів. Загалом за добу зафіксовано 612 ударів по 17 населених пунктах.", "uk"),
])
def test_a_count_of_attacks_is_not_a_count_of_weapons(text, lang):
    got = only(text, lang)
    assert (got.weapon, got.launched, got.qualifier["launched"]) == ("glide_bomb", 11, "at_least")


@pytest.mark.parametrize("text, lang", [
    # c4-en-12: "intercepted 59 Ukrainian drones over ... and a further six over the Sea of Azov"
    ("Russian air defences intercepted 59 Ukrainian drones over the Kursk region and a further six over the "
     "Sea of Azov.", "en"),
    ("Die russische Flugabwehr fing 59 ukrainische Drohnen über Kursk ab und weitere sechs über dem Meer.", "de"),
    ("Російська ППО збила 59 українських дронів над Курською областю та ще шість над Азовським морем.", "uk"),
])
def test_a_further_count_adds_to_the_figure_before_it(text, lang):
    assert only(text, lang).shot_down == 65


def test_a_further_count_after_a_regional_split_adds_to_nothing():
    # c4-uk-11: "143 ... безпілотники ..., зокрема 23 – над Курською областю і ще 9 – над Кримом"
    text = ("Російська ППО знищила 143 українські безпілотники над регіонами Росії, зокрема 23 – над Курською "
            "областю і ще 9 – над окупованим Кримом.")
    assert only(text, "uk").shot_down == 143


def test_a_headline_total_is_not_added_to_twice():
    got = only("Russia fires 100 drones\n\nRussia launched 80 drones overnight, and another 20 in the morning.", "en")
    assert got.launched == 100


@pytest.mark.parametrize("text, lang, value", [
    # c4-uk-04: "однією балістичною ракетою"; compound numbers in the oblique cases
    ("Ворог атакував Харків однією балістичною ракетою.", "uk", 1),
    ("Ворог атакував область двомастами п'ятдесятьма дронами.", "uk", 250),
    ("Ворог атакував область тридцятьма трьома ракетами.", "uk", 33),
    ("Ворог атакував область сімдесятьма дронами.", "uk", 70),
])
def test_ukrainian_numbers_in_every_case(text, lang, value):
    assert only(text, lang).launched == value


def test_a_headings_figure_takes_the_date_of_the_entry_that_restates_it():
    # c4-de-03: a liveblog heading over an entry dated "am Samstag", in a Sunday report
    text = ("07:10 Uhr – Mindestens 27 Gleitbomben auf Kostjantyniwka\n"
            "Russische Kampfflugzeuge haben am Samstag mindestens 27 Gleitbomben auf die Stadt abgeworfen.")
    assert list(strikes(text, "de", "2026-01-04T13:00")) == [("2026-01-03", "RU", "glide_bomb")]


@pytest.mark.parametrize("text, lang, kinds", [
    # c4-de-05: "Ternopol ohne Strom, Wasser und Heizung"; "fielen Strom, Wasser und Heizung aus"
    ("In Ternopil fielen Strom, Wasser und Heizung aus.", "de", {"power", "water", "heating"}),
    ("Ternopil was left without power, water and heating.", "en", {"power", "water", "heating"}),
])
def test_a_list_of_utilities_is_one_outage_of_each(text, lang, kinds):
    assert {kind for _, kind, _ in regions(text, lang)} == kinds


def test_a_clause_without_a_place_takes_the_place_of_the_clause_before():
    # c4-uk-05: "у Кривому Розі ... знеструмлено ...; ... частина міста залишилася без водопостачання"
    text = ("У Кривому Розі частково знеструмлено Металургійний район; зупинилися насосні станції, і частина міста "
            "залишилася без водопостачання.")
    assert {(r, k) for r, k, _ in regions(text, "uk")} == {("UA-12", "power"), ("UA-12", "water")}


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


def test_a_headline_outage_restated_with_an_earlier_date_is_the_body_claim():
    # c4-en-11: the headline names an outage of the night before, which the body dates
    text = ("Russia launches 164 drones overnight, a day after a strike left parts of Kharkiv without heating\n\n"
            "Russia attacked Ukraine with 164 drones overnight on Feb. 23.\n\n"
            "The attack followed a strike on the night of Feb. 22. That attack damaged a power plant in Kharkiv "
            "and left parts of the city without heating.")
    got = {(o.date.isoformat(), o.region, o.kind) for o in extract(text, "en", "2026-02-23T10:00").outages}
    assert got == {("2026-02-22", "UA-63", "heating")}
