"""Readers on real-shaped input: a Telegram export mixing string and entity-list text, Atom and
RSS feeds, an HTML page with navigation and a footer, legacy encodings, broken files."""

from __future__ import annotations

import codecs
from datetime import date

import pytest

from etl.sources import SourceError, read_source, source_files
from etl.sources.encoding import DecodeError, decode
from etl.sources.telegram import message_text
from tests.conftest import SAMPLE

FORMATS = SAMPLE / "formats"


def test_telegram_export_one_report_per_message():
    reports = list(read_source(str(FORMATS / "telegram-air-force" / "result.json")))
    # the service message and the photo without a caption are not reports
    assert [r.item for r in reports] == ["51871", "51872"]
    first = reports[0]
    assert first.source == "Повітряні сили ЗС України"
    assert first.published.isoformat() == "2025-12-10T09:12:40+02:00"
    # entity objects and plain strings are joined in order
    assert first.text.startswith("⚡️У ніч на 10 грудня (з 18:00 9 грудня) противник атакував 2 балістичними")
    assert "збито/подавлено 151 ворожий БпЛА" in first.text
    assert first.text.rstrip().endswith("#ППО")


def test_message_text_accepts_string_or_entity_list():
    assert message_text("plain") == "plain"
    assert message_text(["a ", {"type": "bold", "text": "b"}, {"type": "link", "text": " c"}]) == "a b c"
    assert message_text(None) == ""


def test_rss_items_are_reports():
    reports = list(read_source(str(FORMATS / "meridian-wire.rss")))
    assert [r.item for r in reports] == ["meridian-2025-12-07-0815", "meridian-2025-12-06-1720"]
    r = reports[0]
    assert r.language == "en" and r.source == "Meridian Wire – Ukraine"
    assert r.url == "https://example.org/meridian/2025/12/07/drones"
    assert r.published.isoformat() == "2025-12-07T08:15:00+02:00"
    assert r.text.startswith("Russia launches 147 drones at Ukraine, most shot down\n\nKYIV, Dec 7")
    assert "<p>" not in r.text


def test_atom_entries_are_reports():
    reports = list(read_source(str(FORMATS / "continental-presse.atom")))
    assert len(reports) == 2
    assert {r.language for r in reports} == {"de"}
    assert reports[0].item == "urn:example:continental-presse:2025-12-09-drohnen"
    assert reports[0].published.isoformat() == "2025-12-09T11:30:00+02:00"  # 10:30 CET in Kyiv time
    assert "Im Gebiet Sumy waren am Morgen Teile der Region ohne Strom." in reports[0].text
    assert reports[1].text.startswith("Selenskyj: Mehr als 1.500 Drohnen in einer Woche\n\nRussland hat")


def test_html_page_keeps_the_article_and_drops_navigation_and_footer():
    (r,) = read_source(str(FORMATS / "kyiv-ledger-2025-12-02.html"))
    assert r.language == "en"
    assert r.published.isoformat() == "2025-12-02T09:40:00+02:00"
    assert r.text.startswith("Russia strikes energy grid with 36 missiles and 405 drones\n\n")
    assert "Air defense downed 31 of the missiles and 370 of the drones" in r.text
    for boilerplate in ("Support us", "Most read", "All rights reserved", "Privacy policy", "10 reasons"):
        assert boilerplate not in r.text


@pytest.mark.parametrize("where", ["meta", "time", "jsonld"])
def test_html_published_date_sources(where, tmp_path):
    head = {
        "meta": '<meta property="article:published_time" content="2025-05-01T08:00:00+03:00">',
        "time": "",
        "jsonld": '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
                  '"datePublished": "2025-05-01T08:00:00+03:00"}]}</script>',
    }[where]
    time_tag = '<time datetime="2025-05-01T08:00:00+03:00">1 May</time>' if where == "time" else ""
    page = (f"<html><head>{head}</head><body><article><h1>Title</h1>{time_tag}"
            "<p>Russia launched 40 drones overnight, the air force said on Thursday morning.</p>"
            "<p>Air defence units shot down 35 of them over several regions of the country.</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (r,) = read_source(str(path))
    assert r.published_date == date(2025, 5, 1)


def test_cp1251_file_is_read_correctly():
    raw = (FORMATS / "archive-2024-03-22-cp1251.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (r,) = read_source(str(FORMATS / "archive-2024-03-22-cp1251.txt"))
    assert r.language == "uk" and r.published_date == date(2024, 3, 22)
    assert "противник завдав масованого удару по об'єктах енергетики" in r.text


TEXT = "---\nlanguage: uk\n---\nУ ніч на 13 грудня противник атакував 3 балістичними ракетами Іскандер-М.\n"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("cp1251"),
        TEXT.encode("koi8-u"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "cp1251", "koi8-u"],
)
def test_encodings_are_detected(encoded):
    text, _ = decode(encoded)
    assert text == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_cyrillic_utf16_without_bom(encoding):
    body = "У ніч на 13 грудня противник атакував трьома балістичними ракетами Іскандер-М з Курської області."
    assert decode(body.encode(encoding))[0] == body


def test_binary_file_is_a_problem_not_a_crash(tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DecodeError):
        decode(bad.read_bytes())
    (r,) = read_source(str(bad))
    assert r.text == "" and "cannot decode the file" in r.problems[0]


def test_broken_front_matter_is_kept_with_its_problem():
    (r,) = read_source(str(FORMATS / "broken-front-matter.md"))
    assert r.problems and r.problems[0].startswith("front matter is not valid YAML")
    assert r.text.startswith("Russia launched 50 drones")


def test_missing_path_names_the_path():
    with pytest.raises(SourceError, match="nowhere/at-all.txt: no such file or folder"):
        list(read_source("nowhere/at-all.txt"))


def test_folders_skip_documentation_and_gold_files():
    names = {p.name for p in source_files(SAMPLE / "corpus-dev")}
    assert "README.md" not in names and not any(n.endswith(".gold.json") for n in names)
    assert len(names) == 24


@pytest.fixture
def http_server():
    """A real HTTP server on localhost serving data/sample/formats."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FORMATS))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_feed_and_page_from_urls(http_server):
    feed = list(read_source(f"{http_server}/meridian-wire.rss"))
    assert [r.item for r in feed] == ["meridian-2025-12-07-0815", "meridian-2025-12-06-1720"]
    (page,) = read_source(f"{http_server}/kyiv-ledger-2025-12-02.html")
    assert page.url == f"{http_server}/kyiv-ledger-2025-12-02.html"
    assert page.text.startswith("Russia strikes energy grid with 36 missiles")


def test_unreachable_url_names_it(http_server):
    with pytest.raises(SourceError, match="missing.rss: the server answered 404 .*; check the address"):
        list(read_source(f"{http_server}/missing.rss"))
