"""Linear time for repeated-figure text (issue 13, problem 10): "Overnight 5 drones, " repeated made extraction
grow with the square of the length (160 KB: 27 s; "5 Drohnen über Kyjiw abgeschossen; " 44 s for 140 KB), so one
pasted table could hold a refresh for minutes. Each figure looked at every match, number, clause and figure of its
unit; those lookups now bisect indexes built once per unit (etl/extract/view.py) or group figures once.

Growth, not speed, and counted rather than timed: the Python lines extraction executes for four times the text
against the text: about 16x when quadratic, about 4x when linear. A line count is the same on every run, where the
CPU time of the same work on a busy 2-core machine varied between 4x and 9x (caches, the collector), so timing
could neither pass reliably nor catch a small quadratic term. Speed itself is measured by `make bench`."""

from __future__ import annotations

import sys

import pytest

from etl.extract import matcher
from etl.model import Report
from etl.pipeline import safe_extract

SHAPES = [
    "Overnight 5 drones, ",  # one clause of many figures
    "Overnight 5 drones. ",  # many sentences
    "5 Drohnen über Kyjiw abgeschossen; ",  # a place and a predicate per figure (regional parts, measures)
    "У ніч на 5 травня збито 5 дронів. ",  # a date per sentence
]


def _lines_executed(text: str) -> int:
    """How many Python lines the extraction of a text executes (sys.settrace line events)."""
    report = Report(text=text, path="repeated.txt")
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += event == "line"
        return local

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: local)
    try:
        safe_extract(report)
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize("unit", SHAPES)
def test_repeated_figure_text_is_extracted_in_linear_time(unit):
    safe_extract(Report(text=unit * 10, path="warm-up.txt"))  # lexicons loaded before anything is counted
    small, large = _lines_executed(unit * 100), _lines_executed(unit * 400)
    assert large / small < 6, f"4x the text ran {large / small:.1f}x the lines ({small} -> {large})"


def test_a_report_compiles_no_lexicon_once_its_language_is_loaded(monkeypatch):
    """The compiled lexicons are built once per process: rebuilding them for every report (a lost cache) made
    each short report cost 60 ms instead of under 1 ms, and the test suite ran for over an hour."""
    safe_extract(Report(text="Overnight 5 drones were shot down. " * 3, path="warm-up.txt"))
    built = []
    original = matcher.PhraseMatcher.__init__

    def counting(self, entries):
        built.append(self)
        original(self, entries)

    monkeypatch.setattr(matcher.PhraseMatcher, "__init__", counting)
    for text in (
        "Overnight 7 drones were shot down.",
        "Über Nacht wurden 7 Drohnen abgeschossen.",
        "Уночі збито 7 дронів.",
    ):
        safe_extract(Report(text=text, path="short.txt"))
    assert built == []
