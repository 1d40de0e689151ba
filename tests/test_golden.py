"""Golden tests: every report of the bundled dev corpus (data/sample/corpus-dev, a copy of
../shared/corpus/dev) is extracted exactly as its gold file says, every field; the challenge
corpora (data/sample/corpus-challenge*) on every scored figure and outage."""

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


# Where the extractor and a gold author read a sentence differently and both readings are defensible; strict:
# a report that starts to match its gold fails here, so the entry is removed.
DIFFERENT_READING = {
    "c4-uk-04": "'Крім того, у Куп'янському районі ... знеструмлено 3 населені пункти' follows 'Також учора, "
                "17 травня, ...' in the same paragraph: we date the outage 17 May, the gold the report's night",
    "c2-en-08": "'In the morning, 3 Geran-2 attack UAVs hit a private enterprise' is the report's only drone count: the "
                "gold (written before spec decision 9) counts the hits as launched, the extractor follows decision 9 "
                "(hits are never launched) unless a breakdown by type counts the class otherwise",
}
# Where the gold is right and the extractor is not, yet; strict, like the above.
KNOWN_MISSES: dict[str, str] = {}
OPEN = {**DIFFERENT_READING, **KNOWN_MISSES}
CHALLENGE = [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=OPEN[p.name.split(".")[0]]))
    if p.name.split(".")[0] in OPEN else p
    for name in ("corpus-challenge", "corpus-challenge2", "corpus-challenge3", "corpus-challenge4",
                 "corpus-challenge5", "corpus-challenge6")
    for p in sorted((SAMPLE / name).glob("*.gold.json"))]


def test_challenge_corpora_are_bundled():
    assert len(CHALLENGE) == 36 + 30 + 30 + 36 + 36 + 36


@pytest.mark.parametrize("gold_path", CHALLENGE, ids=lambda p: p.name.split(".")[0])
def test_challenge_report_figures(gold_path: Path):
    """Figures, qualifiers, dates and attackers of every row; outage regions and kinds.

    Type rows and outage extents are left out here: the gold's author applied two conventions
    the dev corpus has no precedent for (a type row's neutralized figure, types named without
    a count).
    """
    gold = load_gold(gold_path)
    got = extract_file(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")))
    assert normal_strikes(got["strikes"], with_types=False) == normal_strikes(gold["strikes"], with_types=False)
    assert {(o["date"], o["region"], o["kind"]) for o in got["outages"]} == {  # dates too
        (o["date"], o["region"], o["kind"]) for o in gold["outages"]}
