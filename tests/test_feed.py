"""The Atom feed of attack nights (issue 19): it parses with feedparser, each entry carries its night's figures
and sources, and its link opens that night's page (through Dash's own page routing). One app, Flask's test client."""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
import polars as pl
import pytest

from dashboard.app import create_app
from dashboard.feed import FEED_NIGHTS
from etl.query import Filters, query
from tests.conftest import dev_corpus_store

ROUTER = ".._pages_content.children..._pages_store.data.."


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return dev_corpus_store(tmp_path_factory, "feed", {"hostile-source.md": (
        "---\npublished: 2025-11-20T08:00:00+02:00\nsource: <script>alert(1)</script> & Co\n"
        "url: javascript:alert(1)\n---\nRussia launched 77 drones at Ukraine overnight; 70 were shot down.\n")})


@pytest.fixture(scope="module")
def http(store):
    return create_app(store, {"rate_min_launched": 20}).server.test_client()


@pytest.fixture(scope="module")
def parsed(http):
    answer = http.get("/feeds/attacks.atom")
    assert answer.status_code == 200 and answer.mimetype == "application/atom+xml"
    result = feedparser.parse(answer.data)
    assert not result.bozo, result.get("bozo_exception")
    return result


def test_the_feed_parses_and_lists_the_latest_nights_newest_first(parsed, store):
    attacks = query("attacks", Filters(), store).filter(pl.col("row_kind") == "class")
    nights = attacks.select("attack_date", "attacker").unique().sort(["attack_date", "attacker"], descending=True)
    assert parsed.version == "atom10" and len(parsed.entries) == min(FEED_NIGHTS, nights.height) > 5
    days = [urlsplit(e.link).path.removeprefix("/night/") for e in parsed.entries]
    assert days == [d.isoformat() for d in nights["attack_date"].head(len(days))]
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_an_entry_carries_the_night_s_figures_and_sources(parsed, store):
    entry = next(e for e in parsed.entries if "/night/2025-11-20" in e.link)
    assert "Drones: 77 launched, 70 shot down" in entry.title
    body = entry.content[0].value
    assert "77 launched" in body and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in body
    assert "<script>" not in body and "javascript:" not in body
    seen = query("reports", Filters(), store).filter(pl.col("source").str.contains("<script>"))["first_seen"][0]
    assert entry.updated_parsed[:6] == seen.utctimetuple()[:6]  # when a refresh first saw the night's report


def test_every_entry_link_opens_its_night_page(http, parsed):
    http.get("/")
    for entry in parsed.entries:
        path, search = urlsplit(entry.link).path, urlsplit(entry.link).query
        body = {"output": ROUTER, "outputs": [{"id": "_pages_content", "property": "children"},
                                              {"id": "_pages_store", "property": "data"}],
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                           {"id": "_pages_location", "property": "search", "value": "?" + search if search else ""}],
                "state": [{"id": "shell-ui", "property": "data", "value": "en"}],
                "changedPropIds": ["_pages_location.pathname"]}
        answer = http.post("/_dash-update-component", json=body)
        assert answer.status_code == 200, (path, answer.data[:300])
        text = answer.get_data(as_text=True)
        night = path.removeprefix("/night/")
        assert f'"data":"{night}"' in text.replace(" ", "") and "night-invalid" not in text, path
