"""Pointers to other articles are blanked without moving any offset (etl/extract/clutter.py)."""

from __future__ import annotations

from etl.extract.clutter import blank_other_articles

MARKERS = ("read also", "related", "читайте також")


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
