"""Feeds that carry summaries (issue 15): with `follow_links`, each item's link is read once and the article's text
is the report; articles are cached by URL, so a refresh never fetches the same article twice. A feed and its
articles on a local HTTP server; the words are ours."""

from __future__ import annotations

import polars as pl
import pytest

from etl.refresh import refresh
from etl.registry import SourceEntry
from etl.sources.articles import cache_folder
from etl.store import read_tables
from tests.feedserver import Answers, night, serve

RSS = "application/rss+xml"


def summary_feed(base: str, items) -> bytes:
    """A feed whose items are one-line summaries without figures; each links to its article."""
    from email.utils import format_datetime

    entries = "".join(
        f"<item><guid>wire-{n}</guid><title>Night attack {n}</title><link>{base}/news/{n}.html</link>"
        f"<pubDate>{format_datetime(night(n))}</pubDate><description>Another night of drone attacks; details in "
        f"the article.</description></item>" for n in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"<language>en</language>{entries}</channel></rss>").encode()


def article(n: int) -> bytes:
    """The article of item n: the figures are only here."""
    body = (f"<p>Russia launched {40 + n} attack drones at Ukraine overnight, the air force said.</p>"
            f"<p>Air defence shot down {30 + n} of them over several regions, officials said on Monday morning, "
            "adding that the attack lasted for several hours and that emergency crews were at work.</p>")
    return (f"<!doctype html><html lang='en'><head><title>Night attack {n}</title></head><body><nav>Home | World"
            f"</nav><article><h1>Night attack {n}</h1>{body}</article><footer>Test Wire 2025</footer></body></html>"
            ).encode()


@pytest.fixture
def wire():
    answers = Answers()
    url, stop = serve(answers)
    for n in range(1, 6):
        answers[f"/news/{n}.html"] = (200, "text/html", article(n))
    yield answers, url
    stop()


def launched(store) -> list[int]:
    attacks = read_tables(store)["attacks"].filter((pl.col("row_kind") == "class") & (pl.col("weapon") == "drone"))
    return attacks.sort("attack_date")["launched"].to_list()


def test_a_feed_with_follow_links_reads_each_article_once(wire, tmp_path):
    answers, url = wire
    store, source = tmp_path / "s.duckdb", url + "/feed.rss"
    entry = [SourceEntry(source, follow_links=True)]
    answers["/feed.rss"] = (200, RSS, summary_feed(url, range(1, 4)))
    assert refresh(store, [source], entries=entry).new == 3
    assert launched(store) == [41, 42, 43]  # the figures of the articles, which the summaries lack
    texts = read_tables(store)["reports"]["text"].to_list()
    assert all("attack drones" in t and "Home | World" not in t for t in texts)
    assert sorted(p for p in answers.asked if p.startswith("/news/")) == ["/news/1.html", "/news/2.html",
                                                                          "/news/3.html"]
    answers.asked.clear()
    again = refresh(store, [source], entries=entry)  # the same items: no article is fetched again
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    assert answers.asked == ["/feed.rss"]
    answers.asked.clear()
    answers["/feed.rss"] = (200, RSS, summary_feed(url, range(2, 6)))  # the feed moves on: items 4 and 5 are new
    assert refresh(store, [source], entries=entry).new == 2
    assert sorted(answers.asked) == ["/feed.rss", "/news/4.html", "/news/5.html"]
    assert launched(store) == [41, 42, 43, 44, 45]
    assert len(list(cache_folder(store).glob("*.json"))) == 5


def test_an_article_that_cannot_be_read_keeps_the_summary_and_is_tried_again(wire, tmp_path):
    answers, url = wire
    store, source = tmp_path / "s.duckdb", url + "/feed.rss"
    entry = [SourceEntry(source, follow_links=True)]
    answers["/feed.rss"] = (200, RSS, summary_feed(url, [1, 2]))
    answers["/news/2.html"] = (500, "text/plain", b"down")
    assert refresh(store, [source], entries=entry).new == 2
    assert launched(store) == [41]
    problems = read_tables(store)["problems"]["problem"].to_list()
    assert any(f"the article at {url}/news/2.html could not be read" in p and "tried again" in p for p in problems)
    answers["/news/2.html"] = (200, "text/html", article(2))
    answers.asked.clear()
    summary = refresh(store, [source], entries=entry)
    assert (summary.changed, summary.unchanged) == (1, 1) and answers.asked == ["/feed.rss", "/news/2.html"]
    assert launched(store) == [41, 42]


def test_without_follow_links_the_summary_is_the_report(wire, tmp_path):
    answers, url = wire
    store, source = tmp_path / "s.duckdb", url + "/feed.rss"
    answers["/feed.rss"] = (200, RSS, summary_feed(url, [1]))
    refresh(store, [source])
    assert answers.asked == ["/feed.rss"] and launched(store) == []


def test_the_readme_s_follow_links_entry_is_read_as_written(tmp_path):
    """The [[sources]] example of README's feeds that carry summaries."""
    import tomllib

    from etl.registry import source_entries
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("```toml\n", readme.index("**Feeds that carry summaries.**")) + 8
    entries = source_entries(tomllib.loads(readme[start:readme.index("```\n", start)])["sources"])
    assert entries == [SourceEntry("https://wire.example.org/rss", "Test Wire", "press", None, 21600.0, True)]
