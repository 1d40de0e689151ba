"""Linear time for repeated-figure text (issue 13, problem 10): "Overnight 5 drones, " repeated made extraction
grow with the square of the length (160 KB: 27 s; "5 Drohnen über Kyjiw abgeschossen; " 44 s for 140 KB), so one
pasted table could hold a refresh for minutes. Each figure looked at every match, number, clause and figure of its
unit; those lookups now bisect indexes built once per unit (etl/extract/view.py) or group figures once.

Growth, not speed: the CPU time of four times the text against the text (the smaller taken at its best of
three, so a busy machine cannot make it look linear): about 16x when quadratic, about 4x when linear."""

from __future__ import annotations

import time

import pytest

from etl.model import Report
from etl.pipeline import safe_extract

SHAPES = [
    "Overnight 5 drones, ",  # one clause of many figures
    "Overnight 5 drones. ",  # many sentences
    "5 Drohnen über Kyjiw abgeschossen; ",  # a place and a predicate per figure (regional parts, measures)
    "У ніч на 5 травня збито 5 дронів. ",  # a date per sentence
]


def _cpu_seconds(text: str) -> float:
    report = Report(text=text, path="repeated.txt")
    start = time.process_time()
    safe_extract(report)
    return time.process_time() - start


@pytest.mark.parametrize("unit", SHAPES)
def test_repeated_figure_text_is_extracted_in_linear_time(unit):
    safe_extract(Report(text=unit * 10, path="warm-up.txt"))  # lexicons loaded before anything is timed
    small = min(_cpu_seconds(unit * 1_000) for _ in range(3))
    large = _cpu_seconds(unit * 4_000)
    assert large / small < 8, f"4x the text took {large / small:.1f}x the time ({small:.2f} s -> {large:.2f} s)"
