"""Rules for totals, taught by the blind corpora and the held-out genres: a class total against its types,
breakdowns and lists that add up, further counts, regional subsets, and headings and headlines restated
in the body.
Each case names the corpus report it came from (a comment such as `# c5-en-07: ...`), or the
corpus round or issue that taught it. Snippets are published on Friday 2025-03-14 unless a test
says otherwise."""

from __future__ import annotations

import pytest

from tests.extracting import extract, only, strikes


def test_a_part_of_typed_weapons_keeps_their_type():
    # c5-en-07: "Of the 58 Iskander-M and KN-23 missiles launched in December, only 21 were intercepted"
    text = ("Russia launched 182 missiles in December. Of the 58 Iskander-M and KN-23 missiles launched in December, "
            "only 21 were intercepted.")
    got = only(text, "en", "2026-01-03T10:00")
    assert (got.launched, got.shot_down) == (182, None)
    assert [(t.type, t.model, t.launched, t.shot_down) for t in got.types] == [("ballistic_missile", None, 58, 21)]


@pytest.mark.parametrize("text, lang, missiles, drones", [
    # c6-uk-08: "противник атакував:" then one line per weapon, some with no known type ("2 ракетами 3М22")
    ("У ніч на 14 березня противник атакував:\n– 3 ракетами «Циркон»;\n– 5 крилатими ракетами Х-101;\n"
     "– 120 ударними БпЛА та дронами-імітаторами;\n– 4 розвідувальними БпЛА «Орлан-10».", "uk", 8, 124),
    ("Overnight the enemy attacked with:\n- 2 missiles of an unknown type;\n- 6 Kalibr cruise missiles;\n"
     "- 80 attack drones and decoys;\n- 3 Orlan-10 reconnaissance drones.", "en", 8, 83),
])
def test_the_items_of_a_list_add_up_to_the_class(text, lang, missiles, drones):
    found = strikes(text, lang)
    assert (found[("2025-03-14", "RU", "missile")].launched, found[("2025-03-14", "RU", "drone")].launched) == (
        missiles, drones)
    assert not [p for p in extract(text, lang).problems if "add up" in p]


def test_a_list_item_split_into_its_own_sub_list_is_not_added_twice():
    # from corpus-challenge6
    text = ("Противник атакував:\n– 10 ракетами, з них:\n  – 6 Х-101;\n  – 4 Калібр;\n– 50 ударними БпЛА.")
    found = strikes(text, "uk")
    assert found[("2025-03-14", "RU", "missile")].launched == 10


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


def test_a_regional_split_after_of_them_is_not_a_launch():
    # like dev de-04: "Davon seien 91 über dem Gebiet Moskau und 126 über dem Gebiet Kursk abgeschossen worden"
    text = ("Die russische Flugabwehr habe 337 ukrainische Drohnen abgefangen. Davon seien 91 über dem Gebiet "
            "Moskau und 126 über dem Gebiet Kursk abgeschossen worden.")
    got = only(text, "de")
    assert (got.attacker, got.launched, got.shot_down) == ("UA", None, 337)


def test_a_headline_total_is_not_added_to_twice():
    # from corpus-challenge4
    got = only("Russia fires 100 drones\n\nRussia launched 80 drones overnight, and another 20 in the morning.", "en")
    assert got.launched == 100


def test_a_headings_figure_takes_the_date_of_the_entry_that_restates_it():
    # c4-de-03: a liveblog heading over an entry dated "am Samstag", in a Sunday report
    text = ("07:10 Uhr – Mindestens 27 Gleitbomben auf Kostjantyniwka\n"
            "Russische Kampfflugzeuge haben am Samstag mindestens 27 Gleitbomben auf die Stadt abgeworfen.")
    assert list(strikes(text, "de", "2026-01-04T13:00")) == [("2026-01-03", "RU", "glide_bomb")]


def test_a_headline_takes_the_period_and_the_attacker_of_the_body_restating_it():
    # c5-uk-12: a title "Лютий у цифрах: ... 170 ракет і найбільша атака ... в ніч на 3 лютого"
    text = ("Лютий у цифрах: 170 ракет і найбільша атака місяця в ніч на 3 лютого\n\n"
            "У лютому росія випустила по Україні 170 ракет різних типів. Найбільшою атакою стала ніч на 3 лютого: "
            "тоді противник застосував 39 ракет.")
    got = {(k[0], k[2]): c.launched for k, c in strikes(text, "uk", "2026-03-01T10:00").items()}
    assert got == {("2026-02-01..2026-02-28", "missile"): 170, ("2026-02-03", "missile"): 39}
    # c5-uk-06: "у рф заявляють про 122 збиті дрони" over "... знищила 122 українські безпілотники"
    text = ("Генштаб підтвердив ураження НПЗ у Саратові, у рф заявляють про 122 збиті дрони\n\n"
            "Ворог атакував Україну 40 дронами. У міноборони рф заявили, що за ніч їхня протиповітряна оборона "
            "знищила 122 українські безпілотники.")
    got = {k[1:]: (c.launched, c.shot_down) for k, c in strikes(text, "uk").items()}
    assert got == {("RU", "drone"): (40, None), ("UA", "drone"): (None, 122)}


def test_evidence_of_the_restated_heading_stays_with_the_claim():
    # from corpus-challenge5
    text = "Лютий у цифрах: 170 ракет\n\nУ лютому росія випустила по Україні 170 ракет."
    claim = extract(text, "uk", "2026-03-01T10:00").strikes[0]
    assert len(claim.evidence) == 2


def test_a_headline_rounding_gives_way_to_the_body_figure():
    # c6-de-01: "fast 500 Drohnen" in the headline over "knapp 480 Drohnen" in the body
    text = ("Russland greift mit rund 300 Drohnen an\n\nIn der Nacht zu Freitag setzte Russland etwa 296 Drohnen "
            "ein.")
    got = only(text, "de")
    assert (got.launched, got.qualifier["launched"]) == (296, "approx")


def test_a_rounded_headline_figure_takes_the_period_of_the_body():
    # like challenge ch-uk-07: "Підсумки грудня: ... понад 5 тисяч дронів" over the December total
    text = ("Підсумки грудня: Росія випустила по Україні понад 5 тисяч дронів\n\n"
            "У грудні Росія випустила по Україні 5120 ударних дронів.")
    assert [k[0] for k in strikes(text, "uk", "2026-01-01T10:00")] == ["2025-12-01..2025-12-31"]
