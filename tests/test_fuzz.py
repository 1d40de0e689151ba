"""Fuzzing (issue 6, "Reliability: hostile input"): the extractor on arbitrary and almost-real text, the
readers and `strikes extract` on arbitrary bytes under every suffix, and `refresh` on folders of them.
Nothing raises, claims keep the schema, and no report is lost.

The examples are the same on every run (the "fuzz" profile of tests/conftest.py); each crash found is
fixed in the code and kept here as an @example, naming what it broke.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from etl.cli import app
from etl.extract import extract_report
from etl.frames import validate_extractions
from etl.lexicon import REGION_CODES, available_languages, gazetteer, load_language, weapon_catalog
from etl.model import (
    ATTACKERS,
    EXTENTS,
    MAX_COUNT,
    MEASURES,
    OUTAGE_KINDS,
    QUALIFIERS,
    TYPES,
    WEAPONS,
    Report,
)
from etl.pipeline import safe_extract
from etl.refresh import refresh
from etl.render import extraction_json
from etl.sources import SUFFIXES, read_source
from etl.store import read_tables
from tests.conftest import SAMPLE

PROFILE = settings.get_profile(os.environ.get("STRIKES_FUZZ_PROFILE", "fuzz"))
TIME_LIMIT = 20.0  # seconds per report: a hang is a failure, not a stuck test run


def fuzz(share: float) -> settings:
    """The fuzz profile with this share of its example budget (the dearer a test, the smaller its share)."""
    return settings(PROFILE, max_examples=max(3, round(PROFILE.max_examples * share)))


# --- what the texts are built from -----------------------------------------------------------------

def _phrases(node) -> list[str]:
    """Every phrase in a lexicon file (list items and mapping keys, recursively)."""
    if isinstance(node, dict):
        return [k for k in node if isinstance(k, str)] + [p for v in node.values() for p in _phrases(v)]
    if isinstance(node, list):
        return [p for v in node for p in _phrases(v)]
    return [node] if isinstance(node, str) else []


def _words(*path: str) -> list[str]:
    """Phrases of every language's lexicon (under `path`, e.g. "measures"), with `*` made a word ending.

    Without a path: every phrase, weapon alias and region name."""
    words = set()
    for code in available_languages():
        node = load_language(code)
        for key in path:
            node = node[key]
        words |= set(_phrases(node))
    if not path:
        words |= {a for e in weapon_catalog() for a in e.aliases}
        words |= {p for e in gazetteer()["regions"].values() for forms in e.values() for p in forms}
    return sorted(w.replace("*", "s") for w in words if w.strip())


def _documents() -> list[tuple[str, str]]:
    """(text, language) of the dev sample corpus: whole real reports in en, de and uk."""
    return [(r.text, r.language) for r in read_source(str(SAMPLE / "corpus-dev")) if r.text and r.language]


WORDS = _words()
WEAPONS_SAID = _words("weapons", "classes") + _words("weapons", "types") + _words("weapons", "models")
MEASURES_SAID = _words("measures")
DOCUMENTS = _documents()
SENTENCES = sorted({line.strip() for text, _ in DOCUMENTS for line in text.splitlines() if len(line.strip()) > 20})
SEPARATORS = (" ", "\u00a0", "\u202f", "\u2009", ",", ".", "'", "")
MINUS = ("-", "\u2212", "\ufe63", "\uff0d", "\u2013", "\u2014", "+")


def _grouped(n: int, sep: str) -> str:
    """A number written with a thousands separator ("1,234,567")."""
    digits = str(n)
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


numbers = st.one_of(
    st.integers(0, 2000).map(str),
    st.builds(_grouped, st.integers(0, 10**45), st.sampled_from(SEPARATORS)),
    st.builds("{}{}".format, st.sampled_from(MINUS), st.integers(0, 10**7)),
    st.builds("{}{}{}".format, st.integers(0, 99), st.sampled_from(["e", "E", "e+", "E-", "e\u2212", ".5e", ",5E"]),
              st.integers(0, 10**6)),
    st.builds("{},{}".format, st.integers(0, 10**4), st.integers(0, 999)),
    st.integers(4290, 4310).map(lambda k: "9" * k),  # around Python's limit on int() of a digit string
    st.sampled_from(["٤٠", "४०", "４０", "𝟒𝟎", "²", "½", "Ⅻ", "0" * 30 + "40"]),  # digits of other scripts
)
dates = st.builds(
    "{} {} {}".format, st.integers(-1, 40), st.sampled_from([w for w in WORDS if w.isalpha()] + ["грудня", "Dezember"]),
    st.one_of(st.integers(0, 10000).map(str), st.just("")))
figures = st.builds("{} {} {}".format, numbers, st.sampled_from(WEAPONS_SAID), st.sampled_from(MEASURES_SAID))
noise = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
piece = st.one_of(figures, st.sampled_from(WORDS), numbers, dates, noise, st.sampled_from(SENTENCES))
joints = st.sampled_from([" ", " ", ", ", ". ", "\n", "\n\n", "\n- ", "\n• ", "\n1. ", ": ", "; ", " – ", " (", ") "])
languages = st.sampled_from([*available_languages(), None, "fr"])


@st.composite
def mixed_text(draw) -> tuple[str, str | None]:
    """Figures, lexicon words, numbers, dates, real sentences and noise, joined by punctuation and lines."""
    parts = draw(st.lists(st.tuples(piece, joints), max_size=40))
    return "".join(p + j for p, j in parts), draw(languages)


@st.composite
def real_text(draw) -> tuple[str, str | None]:
    """A real report with fuzzed numbers, some noise spliced in, maybe cut short; its language or none."""
    text, lang = draw(st.sampled_from(DOCUMENTS))
    fill = draw(st.lists(st.one_of(st.none(), numbers), min_size=1, max_size=8))
    text = re.sub(r"\d+", lambda m: fill[m.start() % len(fill)] or m.group(), text)
    for at, bit in draw(st.lists(st.tuples(st.integers(0, len(text)), st.one_of(noise, joints)), max_size=4)):
        text = text[:at] + bit + text[at:]
    cut = draw(st.one_of(st.none(), st.integers(0, len(text))))
    return text[:cut], draw(st.sampled_from([lang, None]))


texts = st.one_of(st.tuples(st.text(max_size=300), languages), mixed_text(), real_text())
published = st.one_of(st.none(), st.datetimes(timezones=st.just(UTC)))


# --- what every extraction must satisfy ---------------------------------------------------------------

def _inside(spans, text: str) -> bool:
    return all(0 <= s.start < s.end <= len(text) for s in spans)


def _count_ok(value, bound: int) -> bool:
    return value is None or (type(value) is int and 0 <= value <= bound)


def check_extraction(ex, text: str) -> None:
    """Claims that satisfy the schema, with evidence inside the text, and problems that are sentences."""
    assert all(type(p) is str and p for p in ex.problems), ex.problems
    assert not [p for p in ex.problems if "internal error" in p or "extraction stopped" in p], ex.problems
    for c in ex.strikes:
        assert c.attacker in ATTACKERS and c.weapon in WEAPONS
        # a class figure is one figure, or a sum over its types, or shot down + suppressed of those
        bound = 2 * MAX_COUNT * max(1, len(c.types))
        assert all(_count_ok(getattr(c, m), bound) for m in MEASURES), c
        assert set(c.qualifier) <= set(MEASURES) and set(c.qualifier.values()) <= set(QUALIFIERS)
        for t in c.types:
            assert t.type in TYPES and all(_count_ok(getattr(t, m), 2 * MAX_COUNT) for m in MEASURES), t
        assert c.evidence and _inside(c.evidence, text)
        assert _inside([s for spans in c.figure_spans.values() for s in spans], text)
    for o in ex.outages:
        assert o.region in REGION_CODES and o.kind in (*OUTAGE_KINDS, None) and o.extent in (*EXTENTS, None)
        assert o.evidence and _inside(o.evidence, text)
    validate_extractions([ex])  # the claims fit the store's columns (a 40-digit figure overflowed Int64)
    json.dumps(extraction_json([ex]))
    event("strike claims" if ex.strikes else "no strike claim")  # shown by --hypothesis-show-statistics
    if any("is not a count of weapons" in p for p in ex.problems):
        event("a figure that is not a count")


# --- the extractor ------------------------------------------------------------------------------------

@fuzz(1.0)
@given(text_lang=texts, when=published)
# found with the absurd-number tests: int() of 5,000 digits raised, 40 digits overflowed Int64, a count went -8
@example(text_lang=("Russia launched " + "9" * 5000 + " drones.", "en"), when=None)
@example(text_lang=("Russia launched 1234567890123456789012345678901234567890 drones.", "en"), when=None)
@example(text_lang=("Russia launched 32 missiles, and all but 40 of them were intercepted.", "en"), when=None)
# found by this module: "in der Nacht zum Donnerstag" counted back from 0001-01-01 raised OverflowError
@example(text_lang=("Russland setzte in der Nacht zum Donnerstag 40 Drohnen ein.", "de"),
         when=datetime(1, 1, 1, tzinfo=UTC))
@example(text_lang=("Russia launched 40 drones on the night of 31 December.", "en"),
         when=datetime(9999, 12, 31, tzinfo=UTC))
def test_extractor_on_any_text(text_lang, when):
    text, lang = text_lang
    report = Report(text=text, path="fuzz.txt", published=when, language=lang)
    check_extraction(extract_report(report), text)


# --- the readers and `strikes extract` ----------------------------------------------------------------

def _front_matter(body: str, value: str) -> str:
    return f"---\npublished: {value}\nsource: {value}\nlanguage: {value[:2]}\ntitle: {value}\n---\n{body}"


def _html(body: str, value: str) -> str:
    return (f'<html><head><meta property="article:published_time" content="{value}"><title>{value}</title></head>'
            f"<body><nav>menu</nav><article><time datetime=\"{value}\">{value}</time><p>{body}</p></article>")


def _telegram(body: str, value: str) -> str:
    message = {"id": value, "date": value, "date_unixtime": value, "text": [body, {"type": "bold", "text": value}]}
    return json.dumps({"name": value, "messages": [message, {"id": 2, "date": "2025-03-14T08:00:00", "text": body}]})


def _rss(body: str, value: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{value}</title>'
            f"<item><guid>{value}</guid><title>{value}</title><pubDate>{value}</pubDate>"
            f"<description><![CDATA[{body}]]></description></item><item><description>{body}</description>"
            "</item></channel></rss>")


def _atom(body: str, value: str) -> str:
    return (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{value}</title><entry><id>{value}</id>'
            f"<updated>{value}</updated><title>{body[:40]}</title><content type=\"html\">{body}</content>"
            "</entry></feed>")


SHAPES = (lambda body, value: body, _front_matter, _html, _telegram, _rss, _atom)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251", "koi8-u", "cp1252")
values = st.one_of(st.sampled_from(["2025-03-14T08:00:00+02:00", "2025-03-14", "0001-01-01", "9999-12-31T23:59:59",
                                    "Fri, 14 Mar 2025 08:00:00 +0200", "1741932000", "-99999999999", "1e400",
                                    "[1, 2]", "{a: b}", "&amp;", "&unknown;", "]]>", "<b>", "'", '"', "\x00"]),
                   noise)


@st.composite
def file_bytes(draw) -> bytes:
    """A file as it could arrive: a document of some shape and encoding, maybe cut short, or any bytes."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.binary(max_size=600))
    shape = draw(st.sampled_from(SHAPES))
    doc = shape(draw(texts)[0], draw(values))
    raw = doc.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    cut = draw(st.one_of(st.none(), st.integers(0, len(raw))))
    return raw if cut is None else raw[:cut]


folders = st.lists(st.tuples(st.sampled_from(sorted(SUFFIXES)), file_bytes()), min_size=1, max_size=4)


def write_folder(folder: Path, files: list[tuple[str, bytes]]) -> list[str]:
    """The files written as f0.txt, f1.html ...; their paths."""
    paths = []
    for n, (suffix, raw) in enumerate(files):
        path = folder / f"f{n}{suffix}"
        path.write_bytes(raw)
        paths.append(str(path))
    return paths


@fuzz(0.25)
@given(files=folders, fmt=st.sampled_from(["json", "csv", "table"]))
# a feed item published on 0001-01-01: counting the night before from it raised OverflowError
@example(files=[(".rss", b'<rss version="2.0"><channel><item><pubDate>0001-01-01</pubDate><description>Russland '
                         b"setzte in der Nacht zum Donnerstag 40 Drohnen ein.</description></item></channel></rss>")],
         fmt="json")
@example(files=[(".md", b"---\npublished: 0001-01-01\n---\nRussia launched 40 drones.")], fmt="csv")
def test_readers_and_strikes_extract_on_any_bytes(files, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_folder(Path(tmp), files)
        for path in paths:
            reports = list(read_source(path))
            assert reports and all(r.path == path for r in reports)
            for r in reports:
                assert all(type(p) is str and p for p in r.problems)
                assert "\x00" not in r.text
                r.text.encode("utf-8")  # raises on a lone surrogate, which no store or JSON writer takes
                check_extraction(safe_extract(r, TIME_LIMIT), r.text)
        result = CliRunner().invoke(app, ["extract", tmp, "--format", fmt])
        assert result.exit_code == 0, result.output
        if fmt == "json":
            reports = json.loads(result.stdout)["reports"]
            assert {r["path"] for r in reports} == set(paths)  # every file is there: nothing lost
            assert not [p for r in reports for p in r["problems"] if "internal error" in p]


# --- refresh ------------------------------------------------------------------------------------------

@fuzz(0.03)
@given(files=folders)
# a page published 0001-01-01 (00:00 Kyiv time is before the first UTC moment): the claims frame overflowed
@example(files=[(".htm", b'<html><head><meta property="article:published_time" content="0001-01-01"></head><body>'
                         b"<article><p>Russia launched 40 drones at Ukraine overnight.</p></article></body></html>")])
def test_refresh_keeps_every_file(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        paths = write_folder(folder, files)
        summary = refresh(Path(tmp) / "s.duckdb", [str(folder)])
        tables = read_tables(Path(tmp) / "s.duckdb")
        assert summary.unreadable == [] and summary.read == tables["reports"].height
        kept = set(tables["reports"]["path"]) | set(tables["problems"]["path"].drop_nulls())
        assert set(paths) <= kept
        assert tables["problems"].filter(pl.col("problem").str.contains("internal error")).height == 0
