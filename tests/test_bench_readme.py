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


def test_a_section_run_again_replaces_only_its_own_figures_and_the_readme_says_when(tmp_path):
    """`python -m bench one_file --merge` (issue 17): the quick-CLI figures measured again without the other sections."""
    from bench.harness import merge_results

    results = tmp_path / "results.json"
    results.write_text(json.dumps(_doc(
        Figure("extraction", "extract, one core", 812.5, "reports/s", 10000),
        Figure("extraction", "reference: python -c pass", 0.024, "s"),
        Figure("extraction", "strikes extract ONE_FILE", 1.7, "s", 1, ratio=70.8, met=False, note="pandera 467 ms"),
        Figure("refresh", "no-op refresh", 2.0, "s", 10000))), encoding="utf-8")
    merge_results(results, [Figure("extraction", "reference: python -c pass", 0.02, "s"),
                            Figure("extraction", "strikes extract ONE_FILE", 0.4, "s", 1, ratio=20.0, met=True),
                            Figure("extraction", "strikes extract ONE_FILE --format csv", 0.41, "s", 1)],
                  [], {"one_file": {"seconds": 9.0, "load_before": 1.5, "load_after": 1.7}})
    doc = json.loads(results.read_text(encoding="utf-8"))
    assert [(f["name"], f["value"]) for f in doc["figures"]] == [
        ("extract, one core", 812.5), ("reference: python -c pass", 0.02), ("strikes extract ONE_FILE", 0.4),
        ("strikes extract ONE_FILE --format csv", 0.41), ("no-op refresh", 2.0)]
    assert doc["machine"] == MACHINE and doc["sizes"] == [1000, 10000]  # the full run's
    text = render_performance(doc)
    assert text.startswith("Measured on 2026-12-01 10:00 UTC")
    when = doc["sections"]["one_file"]["measured"]
    assert (f"Measured again since, their figures replacing those of the full run: `one_file` on {when} "
            "(`python -m bench one_file --merge`, load average 1.5 -> 1.7).") in text
    assert "pandera 467 ms" not in text and "| strikes extract ONE_FILE | 1 | 0.4 s | 20.0 |" in text


def test_a_merge_replaces_the_load_figures_whatever_requests_the_run_answered(tmp_path):
    """The load section's size is the requests a run answered: a run merged again replaces its figures (before, the
    README listed the p95 of every run merged, each under its own request count)."""
    from bench.harness import merge_results

    results = tmp_path / "results.json"
    results.write_text(json.dumps(_doc(Figure("load", "p95 latency", 2708.0, "ms", 2677, target="< 300 ms", met=False),
                                       Figure("memory", "peak RSS", 300.0, "MiB", 2677))), encoding="utf-8")
    merge_results(results, [Figure("load", "p95 latency", 2335.0, "ms", 3764, target="< 300 ms", met=False)],
                  [], {"load": {"seconds": 99.0, "load_before": 4.4, "load_after": 5.5}})
    doc = json.loads(results.read_text(encoding="utf-8"))
    assert [(f["section"], f["value"], f["size"]) for f in doc["figures"]] == [("load", 2335.0, 3764),
                                                                              ("memory", 300.0, 2677)]


def test_a_merge_replaces_each_figure_by_its_unit_too(tmp_path):
    """"extract, one core" is written twice per size, in reports/s and in MB/s: a section run again replaces each
    with its own, and keeps both."""
    from bench.harness import merge_results

    results = tmp_path / "results.json"
    results.write_text(json.dumps(_doc(
        Figure("extraction", "extract, one core", 812.5, "reports/s", 10000, target=">= 1,000 reports/s", met=False),
        Figure("extraction", "extract, one core", 0.4, "MB/s", 10000))), encoding="utf-8")
    merge_results(results, [Figure("extraction", "extract, one core", 700.0, "reports/s", 10000,
                                   target=">= 1,000 reports/s", met=False),
                            Figure("extraction", "extract, one core", 0.35, "MB/s", 10000)],
                  [], {"extraction": {"seconds": 800.0, "load_before": 0.9, "load_after": 2.5}})
    doc = json.loads(results.read_text(encoding="utf-8"))
    assert [(f["value"], f["unit"]) for f in doc["figures"]] == [(700.0, "reports/s"), (0.35, "MB/s")]
