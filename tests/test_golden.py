"""Golden tests: every report of the bundled dev corpus (data/sample/corpus-dev, a copy of
../shared/corpus/dev) is extracted exactly as its gold file says, every field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.golden import extract_file, load_gold, normal_outages, normal_strikes

CORPUS = SAMPLE / "corpus-dev"
GOLD = sorted(CORPUS.glob("*.gold.json"))


def test_corpus_is_bundled():
    assert len(GOLD) == 24


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name.split(".")[0])
def test_report_matches_gold(gold_path: Path):
    gold = load_gold(gold_path)
    got = extract_file(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")))
    assert got["published"] == gold["published"]
    assert got["language"] == gold["language"]
    assert normal_strikes(got["strikes"]) == normal_strikes(gold["strikes"])
    assert normal_outages(got["outages"]) == normal_outages(gold["outages"])
