"""Pointers to other articles are blanked without moving any offset (etl/extract/clutter.py)."""

from __future__ import annotations

from etl.extract.clutter import blank_captions, blank_other_articles, blank_trailing_headline

MARKERS = ("read also", "related", "читайте також")
PHOTO = ("photo", "getty images", "archivbild", "foto", "фото", "ілюстративне фото")


def test_a_pointer_and_the_rest_of_its_line_are_blanked_and_offsets_kept():
    text = "Ten drones were shot down.Read also: 25 of 57 drones\nRepairs go on."
    out = blank_other_articles(text, MARKERS)
    assert len(out) == len(text) and out.index("Repairs") == text.index("Repairs")
    assert out.startswith("Ten drones were shot down.") and "25" not in out and "Read" not in out


def test_a_pointer_alone_on_its_line_blanks_the_next_line_with_text():
    text = "Ten drones.\n\nЧИТАЙТЕ ТАКОЖ:\n\nРосія випустила 90 ракет\nMore text."
    out = blank_other_articles(text, MARKERS)
    assert "90" not in out and "ТАКОЖ" not in out and out.endswith("More text.") and out.count("\n") == text.count("\n")


def test_the_words_inside_a_sentence_are_no_pointer():
    text = "The two were related to the attack. Officials read also the reports.\n"
    assert blank_other_articles(text, MARKERS) == text


def test_a_caption_with_a_photo_credit_at_its_end_is_blanked_and_offsets_kept():
    text = "Debris of a Shahed drone shown in Kyiv in 2023. (Photo: A. Author/Getty Images)\nNine drones were downed."
    out = blank_captions(text, PHOTO)
    assert len(out) == len(text) and "Shahed" not in out and out.endswith("Nine drones were downed.")


def test_a_caption_ending_in_an_agency_credit_after_a_photo_word_is_blanked():
    text = "    Eine Kampfdrohne am Himmel (Archivbild) (Name/AP/dpa)\n    Landesweit 29 von 38 abgefangen."
    out = blank_captions(text, PHOTO)
    assert "Kampfdrohne" not in out and "29 von 38" in out


def test_a_credit_line_opening_with_a_photo_word_is_blanked():
    for text in ("Фото: ДСНС України / Telegram\nТекст", "Ілюстративне фото: сили ППО збили 6 дронів\nТекст"):
        assert blank_captions(text, PHOTO).strip() == "Текст"


def test_an_agency_sign_off_or_a_photo_word_in_a_sentence_is_no_caption():
    for text in ("Russia launched 50 drones, the air force said. (Reuters)\n",
                 "The photo shows 12 drones over Kyiv, officials said.\n"):
        assert blank_captions(text, PHOTO) == text


def test_a_caption_run_on_after_a_headline_is_blanked_from_its_photo_word():
    text = "Росія атакувала 70 дронами Ілюстративне фото: сили ППО збили 63 дрони (Автор, РБК-Україна)\n"
    out = blank_captions(text, PHOTO)
    assert out.startswith("Росія атакувала 70 дронами ") and "63" not in out and len(out) == len(text)
    no_credit = "Росія атакувала 70 дронами, фото: сили ППО збили 63 дрони\n"  # no credit in parentheses at its end
    assert blank_captions(no_credit, PHOTO) == no_credit


def test_a_related_headline_closing_the_page_is_blanked_and_offsets_kept():
    # real en-203 and uk-809 had this layout; the words and numbers here are ours
    for text in ("Power was back by noon.\n\nSvyrydenko: Russia struck with 310 drones and 25 missiles, hit substations\n",
                 "Der Strom floss am Mittag wieder.\n\nSelenskyj: Russland griff mit 310 Drohnen an\n",
                 "Енергетики відновили живлення.\n\nКлименко: Понад 70 шахедів атакували схід, 60 збито\n\nЧитайте більше:\n"):
        out = blank_trailing_headline(text)
        assert len(out) == len(text) and out.count("\n") == text.count("\n")
        assert "310" not in out and "70" not in out and out.strip().endswith((".", ":"))


def test_a_last_paragraph_that_is_a_sentence_or_runs_on_is_kept():
    kept = ("Power was back by noon.\n\nOfficials said: 40 drones were shot down.\n",  # a finished sentence
            "Power was back by noon.\nSvyrydenko: Russia struck with 310 drones\n",  # no paragraph of its own
            "Power was back by noon, and\n\nRussia struck with 310 drones and",  # an excerpt cut off mid-sentence
            "Russia struck with 310 drones and 25 missiles, the minister said. Repairs go on. The attack\n")
    for text in kept:
        assert blank_trailing_headline(text) == text
