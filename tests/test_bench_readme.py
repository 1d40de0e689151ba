"""bench/readme.py (issue 5): the README's Performance figures are written from bench/results.json."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from bench.harness import Figure
from bench.readme import main, render_performance, update_readme

MACHINE = {"cpu": "Test CPU", "cores": 2, "memory_gib": 4.0, "python": "3.11.0", "platform": "Linux",
           "date": "2026-12-01 10:00 UTC"}


def _doc(*figures: Figure) -> dict:
    return {"machine": MACHINE, "sizes": [1000, 10000], "seconds": 600.0, "errors": [], "sections": {},
            "figures": [asdict(f) for f in figures]}


def test_every_figure_is_written_with_its_target_and_a_missed_one_with_its_explanation():
    doc = _doc(
        Figure("extraction", "extract, one core", 812.5, "reports/s", 10000, reference="baseline time",
               ratio=41.0, target=">= 500 reports/s", met=True),
        Figure("refresh", "1% changed (100 files)", 3.5, "s", 10000, reference="full refresh", ratio=0.17,
               target="<= 1% of full + 1.5 x no-op", met=False, note="reconciling every touched night"),
        Figure("dashboard", "p95 overview.update_volumes, Kaggle table", 67.3, "ms", 7605, target="p95 < 150 ms",
               met=True),
    )
    text = render_performance(doc)
    assert "Test CPU, 2 cores" in text and "10 minutes" in text
    assert "| extract, one core | 10,000 | 812 reports/s | 41.0 | baseline time | >= 500 reports/s | met |" in text
    assert "| 1% changed (100 files) | 10,000 | 3.5 s |" in text and "**missed**" in text
    assert "- refresh / 1% changed (100 files) (10,000): reconciling every touched night" in text
    assert "| overview.update_volumes |  | 67.3 ms |" in text  # no p50 given: an empty cell
    assert "Met 2 targets, missed 1." in text


def test_only_the_marked_blocks_change_and_a_second_run_changes_nothing(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\nkept\n<!-- performance:begin (generated) -->\nold figures\n"
                      "<!-- performance:end -->\nalso kept\n  <!-- load:begin -->\n  <!-- load:end -->\n",
                      encoding="utf-8")
    results = tmp_path / "results.json"
    results.write_text(json.dumps(_doc(Figure("memory", "peak RSS", 300.0, "MiB", 1000, target="< 2 GiB",
                                              met=True))), encoding="utf-8")
    assert main(["--readme", str(readme), "--results", str(results), "--load", str(tmp_path / "none.json")]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "old figures" not in text and "| peak RSS | 1,000 | 300 MiB |" in text
    assert text.startswith("# Title\n\nkept\n<!-- performance:begin (generated) -->\n")
    assert "<!-- performance:end -->\nalso kept\n" in text
    assert update_readme(readme, results, tmp_path / "none.json") == text
    assert main(["--readme", str(readme), "--results", str(results), "--load", str(tmp_path / "x"), "--check"]) == 0


def test_a_readme_without_markers_is_an_error_naming_them(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n", encoding="utf-8")
    results = tmp_path / "results.json"
    results.write_text(json.dumps(_doc()), encoding="utf-8")
    with pytest.raises(SystemExit, match="performance:begin"):
        update_readme(readme, results, tmp_path / "none.json")


def test_the_committed_readme_matches_the_committed_results():
    """README.md's figures are those of bench/results.json (run `make bench-readme` after `make bench`)."""
    assert main(["--check"]) == 0
