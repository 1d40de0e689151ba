"""Constructions of the real genres that no gold corpus happened to contain (issue 2: the extractor is
measured on held-out reports). Each is a pattern of the language or of a genre's format, tested with
sentences written for the test, in the languages that have it."""

from __future__ import annotations

import pytest

from tests.extracting import only, regions, strikes


def test_the_air_force_post_gives_the_count_after_the_weapons():
    # the Air Force's morning post of 2025: "... атакував ударними БпЛА ... у кількості 273 одиниці"
    text = ("У ніч на 18 травня (з 21:00 17 травня) противник атакував ударними БпЛА типу «Shahed» та "
            "дронами-імітаторами різних типів у кількості 273 одиниці з напрямків: Брянськ, Орел, Курськ. "
            "Станом на 08:30 підтверджено збиття 88 ударних БпЛА. 128 ворожих БпЛА-імітаторів локаційно втрачено.")
    got = only(text, "uk", "2025-05-18T09:00")
    assert (got.attack_date.isoformat(), got.launched, got.shot_down, got.suppressed) == ("2025-05-18", 273, 88, 128)


@pytest.mark.parametrize("text, lang", [
    ("Russia launched strike drones and decoys numbering 273 against Ukraine overnight.", "en"),
    ("Russland setzte Drohnen in einer Anzahl von 273 ein.", "de"),
])
def test_a_quantity_phrase_counts_the_weapons_named_before(text, lang):
    assert only(text, lang).launched == 273


@pytest.mark.parametrize("text, lang", [
    ("Die Luftwaffe meldete, Russland habe 273 Drohnen eingesetzt. Davon seien 88 abgeschossen worden, 128 "
     "weitere seien verloren gegangen.", "de"),
    ("Russia launched 273 drones. Of them, 88 were shot down and 128 were lost.", "en"),
])
def test_of_them_opening_a_sentence_refers_to_the_weapons_before(text, lang):
    got = only(text, lang)
    assert (got.launched, got.shot_down, got.suppressed) == (273, 88, 128)


def test_a_regional_split_after_of_them_is_not_a_launch():
    # like dev de-04: "Davon seien 91 über dem Gebiet Moskau und 126 über dem Gebiet Kursk abgeschossen worden"
    text = ("Die russische Flugabwehr habe 337 ukrainische Drohnen abgefangen. Davon seien 91 über dem Gebiet "
            "Moskau und 126 über dem Gebiet Kursk abgeschossen worden.")
    got = only(text, "de")
    assert (got.attacker, got.launched, got.shot_down) == ("UA", None, 337)


@pytest.mark.parametrize("text, lang", [
    ("Davon seien 277 Drohnen und alle sieben Marschflugkörper abgewehrt worden.", "de"),
    ("Air defence stopped 277 drones and all seven cruise missiles.", "en"),
    ("Знешкоджено 277 дронів та всі сім крилатих ракет.", "uk"),
])
def test_all_before_a_coordinated_figure_keeps_the_shared_predicate(text, lang):
    got = {k[2]: c.neutralized for k, c in strikes(text, lang).items()}
    assert got == {"drone": 277, "missile": 7}


def test_thousands_written_as_a_word_after_digits():
    # "тисяч" is also an outage extent ("тисяч споживачів"); after digits it multiplies
    got = only("З початку року ворог запустив понад 12 тисяч дронів.", "uk", "2025-06-10T11:00")
    assert (got.period_start.isoformat(), got.launched, got.qualifier["launched"]) == ("2025-01-01", 12000, "at_least")


def test_since_the_beginning_of_a_month_is_a_period():
    got = only("Since the beginning of June, Russia has launched 2,500 drones.", "en", "2025-06-10T11:00")
    assert (got.period_start.isoformat(), got.period_end.isoformat()) == ("2025-06-01", "2025-06-10")


@pytest.mark.parametrize("text, lang", [
    ("Russia attacked with 50 drones on the night of June 8-9.", "en"),
    ("Russia attacked with 50 drones on the night of 8-9 June.", "en"),
    ("Russia attacked with 50 drones on the night of June 8 to 9.", "en"),
    ("Russland griff in der Nacht vom 8. auf den 9. Juni mit 50 Drohnen an.", "de"),
    ("У ніч з 8 на 9 червня ворог атакував 50 дронами.", "uk"),
    ("Russia attacked with 50 drones late Sunday and early Monday.", "en"),
])
def test_a_night_over_two_days_ends_on_the_second(text, lang):
    assert only(text, lang, "2025-06-10T11:00").attack_date.isoformat() == "2025-06-09"


def test_two_weekdays_without_a_time_of_day_are_not_a_night():
    assert only("Russia attacked with 50 drones on Sunday and Monday.", "en", "2025-06-10T11:00").attack_date \
        .isoformat() == "2025-06-08"


def test_a_rounded_headline_figure_takes_the_period_of_the_body():
    # like challenge ch-uk-07: "Підсумки грудня: ... понад 5 тисяч дронів" over the December total
    text = ("Підсумки грудня: Росія випустила по Україні понад 5 тисяч дронів\n\n"
            "У грудні Росія випустила по Україні 5120 ударних дронів.")
    assert [k[0] for k in strikes(text, "uk", "2026-01-01T10:00")] == ["2025-12-01..2025-12-31"]


@pytest.mark.parametrize("text, lang, value", [
    ("Gut zwei Dutzend Drohnen drangen in den Luftraum ein.", "de", 24),
    ("Russia fired two dozen drones.", "en", 24),
    ("Ворог запустив два десятки дронів.", "uk", 20),
])
def test_a_number_word_times_dozen(text, lang, value):
    assert only(text, lang).launched == value


def test_dozens_alone_is_no_count():
    assert strikes("Десятки дронів атакували місто.", "uk") == {}


def test_a_part_named_without_a_number_is_no_figure():
    text = ("Die ukrainische Armee zählte in der Nacht 550 russische Angriffsdrohnen, von denen der Großteil "
            "abgewehrt worden sei.")
    got = only(text, "de")
    assert (got.launched, got.neutralized, got.shot_down) == (550, None, None)


@pytest.mark.parametrize("text, lang", [
    ("Die Luftwaffe meldete 465 Drohnen und 32 Raketen, von denen 405 beziehungsweise 27 abgefangen worden seien.",
     "de"),
    ("Russia launched 465 drones and 32 missiles, of which 405 and 27 respectively were shot down.", "en"),
    ("Ворог запустив 465 дронів і 32 ракети, з яких збито 405 і 27 відповідно.", "uk"),
])
def test_respectively_gives_the_numbers_in_the_order_of_the_weapons(text, lang):
    got = {k[2]: (c.launched, c.shot_down) for k, c in strikes(text, lang).items()}
    assert got == {"drone": (465, 405), "missile": (32, 27)}


def test_two_parts_of_wholes_in_one_list_share_the_predicate():
    text = ("Ukraine's air force said it had downed 405 of the 465 drones and 27 of the 32 missiles Russia launched "
            "overnight.")
    got = {k[2]: (c.launched, c.shot_down) for k, c in strikes(text, "en").items()}
    assert got == {"drone": (465, 405), "missile": (32, 27)}


def test_tens_in_the_instrumental_case():
    assert only("Ворог атакував Київщину двома десятками шахедів, більшість з яких збили.", "uk").launched == 20


@pytest.mark.parametrize("text, lang", [
    ("Moscow Mayor Sergei Sobyanin said air defenses shot down 24 drones heading toward the capital.", "en"),
    ("Der Moskauer Bürgermeister Sergej Sobjanin teilte mit, die Flugabwehr habe 24 Drohnen abgeschossen.", "de"),
    ("Мер москви Собянін заявив, що ППО збила 24 дрони.", "uk"),
])
def test_russian_officials_announcing_shoot_downs_are_defenders(text, lang):
    assert list(strikes(text, lang)) == [("2025-03-14", "UA", "drone")]


@pytest.mark.parametrize("text, lang", [
    ("08:10 — Russia launched 150 drones overnight.\n\n09:45 — Correction: the air force now says Russia launched "
     "127 drones.", "en"),
    ("Russland startete 150 Drohnen. Die Luftwaffe korrigierte die Zahl später auf 127 Drohnen.", "de"),
    ("Вночі ворог запустив 150 дронів. За уточненими даними, ворог запустив 127 дронів.", "uk"),
])
def test_a_correction_replaces_the_figure_said_before_it(text, lang):
    # live blogs and updated wire stories: the corrected figure, even when it is the smaller one
    assert only(text, lang).launched == 127


@pytest.mark.parametrize("text, lang", [
    ("The air force said Russia launched 127 drones, not 150 as reported earlier.", "en"),
    ("Russland startete 127 Drohnen und nicht 150, wie zunächst gemeldet.", "de"),
    ("Ворог запустив 127 дронів, а не 150, як повідомлялося раніше.", "uk"),
])
def test_a_number_rejected_by_a_negation_is_no_figure(text, lang):
    assert only(text, lang).launched == 127


@pytest.mark.parametrize("text, lang, qualifier", [
    ("Russia launched 50 drones; air defense shot down about 40.", "en", "approx"),
    ("Russland startete 50 Drohnen, abgeschossen wurden rund 40.", "de", "approx"),
    ("Russland startete 50 Drohnen. Abgeschossen wurden 40, zehn weitere gingen verloren.", "de", "exact"),
    ("Ворог запустив 50 дронів, збито понад 40.", "uk", "at_least"),
])
def test_a_bare_number_after_its_predicate_with_a_qualifier_or_auxiliary_between(text, lang, qualifier):
    got = only(text, lang)
    assert (got.launched, got.shot_down, got.qualifier["shot_down"]) == (50, 40, qualifier)


def test_not_fewer_than_is_at_least():
    assert only("Russia launched not fewer than 50 drones.", "en").qualifier["launched"] == "at_least"


@pytest.mark.parametrize("text, lang", [
    ("Die Flugabwehr schoss 41 Drohnen von 58 ab.", "de"),
    ("Збито 41 БпЛА із 58.", "uk"),
    ("Air defense shot down 41 drones out of 58 launched.", "en"),
])
def test_the_whole_after_a_count_of_weapons_is_what_was_launched(text, lang):
    got = only(text, lang)
    assert (got.launched, got.shot_down) == (58, 41)


def test_a_date_after_a_count_of_weapons_is_no_whole():
    got = only("Знищено 20 дронів з 12 березня.", "uk")
    assert (got.launched, got.shot_down) == (None, 20)


def test_a_separable_verb_of_defence():
    # "wehrte ... ab" is "abgewehrt": repelled in any way, the combined figure
    got = only("Die ukrainische Luftabwehr wehrte nach eigenen Angaben 56 von 70 Drohnen ab.", "de")
    assert (got.launched, got.neutralized) == (70, 56)


@pytest.mark.parametrize("text, lang, launched", [
    ("Russia launched a dozen drones overnight.", "en", 12),
    ("Russia launched two dozen drones overnight.", "en", 24),
    ("Russland schickte ein Dutzend Drohnen.", "de", 12),
    ("Ворог запустив близько десятка дронів.", "uk", 10),
    ("Ворог запустив два десятки дронів.", "uk", 20),
])
def test_a_dozen_and_a_ten_are_counts(text, lang, launched):
    assert only(text, lang).launched == launched


@pytest.mark.parametrize("text, lang", [
    ("Russia launched 50 drones late Saturday into Sunday.", "en"),
    ("Russia launched 50 drones from late Saturday into early Sunday.", "en"),
    ("In der Nacht von Samstag auf Sonntag startete Russland 50 Drohnen.", "de"),
    ("Von Samstag auf Sonntag startete Russland 50 Drohnen.", "de"),
    ("В ніч із суботи на неділю ворог запустив 50 дронів.", "uk"),
])
def test_a_weekday_running_into_the_next_is_the_night_that_ends_on_it(text, lang):
    # published on Monday 10 March 2025: the night to Sunday 9 March
    assert list(strikes(text, lang, "2025-03-10T10:00"))[0][0] == "2025-03-09"


@pytest.mark.parametrize("text, lang", [
    ("Ukrainian forces launched four ATACMS missiles at Belgorod, all of which were shot down, Russia said.", "en"),
    ("Russia launched 4 missiles at Kyiv and Lviv; all were shot down by air defense.", "en"),
    ("Russland feuerte 4 Raketen ab, alle wurden abgefangen.", "de"),
    ("Ворог випустив 4 ракети – всі вони були збиті.", "uk"),
])
def test_all_of_them_after_a_count_gives_the_same_count_its_own_measure(text, lang):
    got = only(text, lang)
    assert (got.launched, got.shot_down) == (4, 4)


@pytest.mark.parametrize("text, lang", [
    ("Russia launched 5 missiles, all aimed at Kyiv.", "en"),
    ("Russland griff mit 300 Drohnen an, alle Regionen waren betroffen.", "de"),
])
def test_all_without_a_measure_after_it_adds_nothing(text, lang):
    got = only(text, lang)
    assert got.shot_down is None and got.neutralized is None


def test_left_in_the_dark_is_a_power_outage():
    assert regions("Some 50,000 customers in the Zaporizhzhia region were left in the dark.", "en") == {
        ("UA-23", "power", "partial")}


@pytest.mark.parametrize("text, lang, period", [
    ("Since the start of the week, Russia has launched 900 drones.", "en", "2025-03-10..2025-03-16"),
    ("Від початку тижня росіяни випустили по Україні понад 1000 ударних дронів.", "uk", "2025-03-10..2025-03-16"),
    ("Last month Russia launched 4,300 drones.", "en", "2025-02-01..2025-02-28"),
    ("Im vergangenen Monat feuerte Russland 4300 Drohnen ab.", "de", "2025-02-01..2025-02-28"),
    ("За минулий місяць ворог застосував 4300 шахедів.", "uk", "2025-02-01..2025-02-28"),
])
def test_the_week_so_far_and_last_month_are_periods(text, lang, period):
    # published on Sunday 16 March 2025
    assert list(strikes(text, lang, "2025-03-16T10:00"))[0][0] == period
