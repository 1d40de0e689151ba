"""Hostile input (issue 6, "Bad input"): files that are too big for their kind are kept as reports
with a problem naming the file and the limit; the other reports go on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.sources import Limits, read_source
from tests.conftest import REPO

SENTENCE = "Russia launched 40 drones at Ukraine overnight, the air force said on Friday morning. "


def strikes(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The `strikes` command, with a generous watchdog that turns a hang into a failure."""
    import os

    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


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
