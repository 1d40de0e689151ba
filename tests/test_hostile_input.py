"""Hostile input (issue 6, "Bad input"): the hand-made files of tests/data/hostile and the inputs too
big to commit, through the readers, `strikes extract` and `refresh`. Nothing crashes or hangs, no
report is lost: each is extracted, or listed with a problem that says why and what to do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from etl.frames import validate_extractions
from etl.pipeline import safe_extract
from etl.refresh import refresh
from etl.sources import Limits, read_source, source_files
from etl.store import read_tables
from tests.conftest import REPO, SAMPLE

HOSTILE = REPO / "tests" / "data" / "hostile"
SENTENCE = "Russia launched 40 drones at Ukraine overnight, the air force said on Friday morning. "

# file -> (a words of the problem it must be listed with, or None; the `launched` figures it must give)
EXPECTED: dict[str, tuple[str | None, list[int]]] = {
    # empty, binary and not-text files
    "empty.txt": ("the report has no text", []),
    "empty.json": ("not valid JSON", []),
    "empty.html": ("no article text found in the page", []),
    "empty.rss": ("not a readable RSS/Atom feed (no items)", []),
    "whitespace-only.md": ("the report has no text", []),
    "photo.txt": ("cannot decode the file", []),
    "all-nul.txt": ("cannot decode the file: binary data, not text", []),
    "nul-bytes.md": ("4 characters that are not text (NUL, control characters) were removed", [40]),
    # encodings
    "utf16-no-bom.txt": (None, [40]),
    "mixed-encoding.txt": ("the file mixes encodings: the lines that are not UTF-8 were read as cp1251", [3, 40]),
    "wrong-declared-charset.html": (None, [40]),
    # front matter
    "front-matter-unclosed.md": ("opens with '---' but no closing '---' line follows", [40]),
    "front-matter-invalid.md": ("front matter is not valid YAML", [40]),
    "front-matter-not-scalars.md": ("front matter title: a list is not a single value; it was ignored", [40]),
    "front-matter-deep.md": ("front matter is not valid YAML", [40]),
    "front-matter-future.md": ("is in the future, so it is not when the report was published", [40]),
    # found by tests/test_fuzz.py: moving 0001-01-01 00:00 Kyiv time to UTC overflowed and stopped the refresh
    "front-matter-year-one.md": ("0001-01-01T00:00:00+02:02:04 is before 1990, so it is not when the report was "
                                 "published; the date was ignored", [40]),
    "front-matter-not-a-date.md": ("cannot read 'the morning after the attack' as a date", [40]),
    # JSON and Telegram exports
    "invalid.json": ("not valid JSON (Unterminated string", []),
    "deep-nesting.json": ("not valid JSON (nested too deeply)", []),
    "not-telegram.json": ("JSON without a 'messages' list: not a Telegram Desktop export", []),
    "telegram-no-text.json": ("no report in it (no message or item with text)", []),
    "telegram-odd-shapes.json": ("another report in the file has the id '4'; this one was kept as '4#2'", [7, 8, 9, 12, 40]),
    # HTML
    "scripts-iframes.html": (None, [40]),
    "entities.html": (None, [40]),
    "deep-nesting.html": (None, [40]),
    "unclosed-tags.html": (None, [40]),
    "billion-laughs.html": (None, [40]),
    # feeds
    "billion-laughs.rss": ("the feed declares XML entities", []),
    "quadratic-blowup.rss": ("the feed declares XML entities", []),
    "external-entity.rss": ("the feed declares XML entities", []),
    "external-dtd-entity.atom": ("the feed declares XML entities", []),
    "duplicate-guids.rss": ("another report in the file has the id 'same'; this one was kept as 'same#2'", [40, 41]),
    "not-a-feed.rss": ("not a readable RSS/Atom feed", []),
    # figures that cannot be counts of weapons
    "absurd-numbers.md": ("'1234567890123456789012345678901234567890 drones' is not a count of weapons (it is more "
                          "than 1,000,000); it was left out", [40]),
}
ABSURD = HOSTILE / "absurd-numbers.md"
ABSURD_FIGURES = 8  # the figures of absurd-numbers.md that are not counts


def strikes(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The `strikes` command, with a generous watchdog that turns a hang into a failure."""
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


def test_every_hostile_file_has_an_expectation():
    assert {p.name for p in source_files(HOSTILE)} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(name):
    problem, launched = EXPECTED[name]
    extractions = [safe_extract(r) for r in read_source(str(HOSTILE / name))]
    validate_extractions(extractions)
    assert extractions, "a file always gives at least one report"
    problems = [p for ex in extractions for p in ex.as_dict()["problems"]]
    if problem is not None:
        assert any(problem in p for p in problems), problems
    assert all("internal error" not in p for p in problems), problems
    assert sorted(s.launched for ex in extractions for s in ex.strikes if s.launched is not None) == launched


def _claims_or_problems(reports: list[dict]) -> list[str]:
    """The reports that are neither extracted (a claim) nor listed with a problem: lost ones."""
    return [f"{r['path']}#{r['item']}" for r in reports if not (r["strikes"] or r["outages"] or r["problems"])]


def test_the_folder_through_strikes_extract():
    result = strikes("extract", str(HOSTILE), "--format", "json")
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)["reports"]
    assert {Path(r["path"]).name for r in reports} == set(EXPECTED)
    assert _claims_or_problems(reports) == []
    assert not any("internal error" in p for r in reports for p in r["problems"])


def test_the_folder_through_refresh(tmp_path):
    store = tmp_path / "s.duckdb"
    summary = refresh(store, [str(HOSTILE)])
    tables = read_tables(store)
    assert {Path(p).name for p in tables["reports"]["path"]} == set(EXPECTED)
    assert summary.read == tables["reports"].height
    explained = set(tables["strike_claims"]["report_id"]) | set(tables["outage_claims"]["report_id"]) | set(
        tables["problems"]["report_id"].drop_nulls())
    lost = tables["reports"].filter(~pl.col("report_id").is_in(list(explained)))
    assert lost["path"].to_list() == []
    assert tables["problems"].filter(pl.col("problem").str.contains("internal error")).height == 0
    again = refresh(store, [str(HOSTILE)])  # and a second run is quiet: hostile files have stable ids
    assert (again.new, again.changed, again.withdrawn) == (0, 0, 0)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_absurd_figures_through_every_format(fmt):
    """A 40-digit figure in an Int64 column made polars overflow in every format; now it is a problem."""
    result = strikes("extract", str(ABSURD), "--format", fmt)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    if fmt == "json":
        (report,) = json.loads(result.stdout)["reports"]
        assert [s["launched"] for s in report["strikes"]] == [40]
        assert sum("is not a count of weapons" in p for p in report["problems"]) == ABSURD_FIGURES
    elif fmt == "csv":
        assert result.stdout.count(",\"problem\",") == ABSURD_FIGURES
    else:
        assert result.stdout.rstrip().endswith("1 reports, 1 strike claims, 0 outage claims")


def test_absurd_figures_through_refresh(tmp_path):
    refresh(tmp_path / "s.duckdb", [str(ABSURD)])
    tables = read_tables(tmp_path / "s.duckdb")
    assert tables["strike_claims"]["launched"].to_list() == [40]
    assert tables["problems"]["problem"].str.contains("is not a count of weapons").sum() == ABSURD_FIGURES


@pytest.fixture(scope="module")
def one_line_20mb(tmp_path_factory) -> Path:
    """A 20 MB text file on a single line, made at test time (never committed)."""
    path = tmp_path_factory.mktemp("big") / "one-line-20mb.txt"
    line = SENTENCE * (20_000_000 // len(SENTENCE) + 1)
    path.write_text(line[:20_000_000], encoding="utf-8")
    return path


def test_a_20mb_line_is_cut_to_max_report_chars(one_line_20mb):
    (r,) = read_source(str(one_line_20mb))
    assert len(r.text) <= 1_000_000 and r.text.startswith(SENTENCE)
    assert r.problems == [f"{one_line_20mb}: the text is 20,000,000 characters, more than max_report_chars "
                          f"(1,000,000): only the first {len(r.text):,} were read; split the report, or raise "
                          "STRIKES_MAX_REPORT_CHARS"]
    assert r.text.split()[-1] in SENTENCE.split()  # cut at a word break, not inside a word


def test_a_file_over_max_file_bytes_is_listed_not_read(one_line_20mb, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SENTENCE, encoding="utf-8")
    result = strikes("extract", str(one_line_20mb), str(good), "--format", "json",
                     env={"STRIKES_MAX_FILE_BYTES": "1000000"})
    assert result.returncode == 0, result.stderr
    big, small = json.loads(result.stdout)["reports"]
    assert big["path"] == str(one_line_20mb) and not big["strikes"]
    assert big["problems"][0] == (f"{one_line_20mb} is 20,000,000 bytes, more than max_file_bytes (1,000,000 bytes): "
                                  "not read; split it, or raise the limit with STRIKES_MAX_FILE_BYTES if the file "
                                  "is right")
    assert small["strikes"][0]["launched"] == 40


def test_a_page_over_max_page_bytes_is_not_parsed(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body>" + "<p>" + SENTENCE + "</p>" * 5000 + "</body></html>", encoding="utf-8")
    (r,) = read_source(str(page), Limits(max_page_bytes=10_000))
    assert r.text == "" and r.problems[0].startswith(f"{page} is ")
    assert "more than max_page_bytes (10,000 bytes): the page was not parsed" in r.problems[0]
    (r,) = read_source(str(page))
    assert r.text.startswith("Russia launched 40 drones") and not r.problems


@pytest.mark.parametrize("name", ["billion-laughs.rss", "quadratic-blowup.rss", "external-entity.rss",
                                  "external-dtd-entity.atom"])
def test_feeds_with_entities_are_refused_before_parsing(name):
    (r,) = read_source(str(HOSTILE / name))
    assert r.text == ""
    assert r.problems == [f"{HOSTILE / name}: the feed declares XML entities or external references "
                          "(EntitiesForbidden); it was not read: ask the publisher for a plain feed, or remove the "
                          "DOCTYPE"]


def test_a_feed_that_is_a_path_is_not_opened(tmp_path):
    """feedparser opens a file name it is given as bytes: a "feed" holding /dev/zero would never end."""
    path = tmp_path / "path.rss"
    path.write_text(str(SAMPLE / "formats" / "meridian-wire.rss"), encoding="utf-8")
    (r,) = read_source(str(path))
    assert r.text == "" and r.problems[0].startswith("not a readable RSS/Atom feed")


def test_scripts_and_hidden_markup_are_not_read():
    (r,) = read_source(str(HOSTILE / "scripts-iframes.html"))
    for hidden in ("999", "888", "777", "666", "alert", "document.write"):
        assert hidden not in r.text
    assert r.text.startswith("Russia launches 40 drones — most shot down\n\nRussia launched 40 drones at Ukraine")


def test_odd_telegram_shapes_keep_every_message_with_text():
    reports = list(read_source(str(HOSTILE / "telegram-odd-shapes.json")))
    assert [r.item for r in reports] == ["3", "4", "4#2", None, "#2", "#3"]
    assert {r.source for r in reports} == {None}  # a "name" that is not text is no source
    assert reports[1].text == "Russia launched 35 missiles at Ukraine."  # entity objects without text are skipped
    assert reports[1].published.isoformat() == "2025-03-14T08:02:00+02:00"  # date_unixtime unusable: `date`
    assert reports[3].problems == ["message date_unixtime: -99999999999 is not a time"]
    assert "is in the future" in reports[4].problems[0]
    assert reports[5].text == "Russia launched 9 drones at Ukraine overnight."  # NUL and lone surrogate removed
