"""Pointers to other articles are blanked without moving any offset (etl/extract/clutter.py)."""

from __future__ import annotations

from etl.extract.clutter import blank_captions, blank_other_articles

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
