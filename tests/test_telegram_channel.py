"""`telegram:CHANNEL` sources (issue 15): a public channel read through its web preview, served here by a local
stand-in on 127.0.0.1 in t.me's HTML shape (tests/channelserver.py; our own posts). Real HTTP, real stores."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import polars as pl
import pytest

from etl.refresh import refresh
from etl.sources.channel import ChannelOptions, channel_name, pause, posts_on_page
from etl.store import read_tables
from tests.channelserver import CHANNEL, Site, attack_text, serve_channel
from tests.conftest import REPO

SOURCE = f"telegram:{CHANNEL}"
FIRST, BEFORE_5, BEFORE_2 = f"/s/{CHANNEL}", f"/s/{CHANNEL}?before=5", f"/s/{CHANNEL}?before=2"
NO_POSTS = (b'<!DOCTYPE html><html><head><meta property="og:title" content="Test Air Command"></head><body>'
            b'<div class="tgme_page"><div class="tgme_page_title">Test Air Command</div><a class="tgme_action_button_new"'
            b' href="tg://resolve?domain=testchan">View in Telegram</a></div></body></html>')
NO_IDS = (b'<html><body><div class="tgme_widget_message js-widget_message" data-view="x"><div '
          b'class="tgme_widget_message_text">Overnight, Russia attacked Ukraine with 40 attack drones.</div></div>'
          b"</body></html>")


@pytest.fixture
def site(monkeypatch):
    """A channel of seven posts, three to a page (pages 5-7, 2-4, 1), published 7 days ago to yesterday."""
    channel = Site()
    for n in range(1, 8):
        channel.add(n, 8 - n)
    stop = serve_channel(channel)
    monkeypatch.setenv("STRIKES_TELEGRAM_BASE_URL", channel.url + "/s")
    monkeypatch.setenv("STRIKES_TELEGRAM_REQUEST_INTERVAL", "0")
    yield channel
    stop()


def reports(store) -> pl.DataFrame:
    return read_tables(store)["reports"].sort("item")


def launched(store) -> list[int]:
    """The drones launched on each reconciled night, oldest first."""
    attacks = read_tables(store)["attacks"].filter((pl.col("row_kind") == "class") & (pl.col("weapon") == "drone"))
    return attacks.sort("attack_date")["launched"].to_list()


def test_seven_posts_over_three_pages_give_seven_reports(site, tmp_path):
    store = tmp_path / "s.duckdb"
    summary = refresh(store, [SOURCE])
    assert (summary.new, summary.failed) == (7, 0)
    assert site.paths() == [FIRST, BEFORE_5, BEFORE_2]  # newest first, each older page through ?before=
    rows = reports(store)
    assert rows["item"].to_list() == [f"{CHANNEL}/{n}" for n in range(1, 8)]
    assert rows["url"].to_list() == [f"https://t.me/{CHANNEL}/{n}" for n in range(1, 8)]
    assert set(rows["path"]) == {SOURCE} and set(rows["source"]) == {"Test Air Command"}
    assert launched(store) == [21, 22, 23, 24, 25, 26, 27]  # one night per post
    assert all(agent.startswith("strikes-etl/") for _, agent, _ in site.asked)  # the project's user agent


def test_a_new_post_adds_one_and_rereads_no_older_page(site, tmp_path):
    store = tmp_path / "s.duckdb"
    refresh(store, [SOURCE])
    site.asked.clear()
    site.add(8, 0)
    summary = refresh(store, [SOURCE])
    assert (summary.new, summary.changed, summary.withdrawn) == (1, 0, 0)
    assert site.paths() == [FIRST]  # page 6-8 holds post 7, the newest stored: nothing older is asked for
    assert reports(store).filter(pl.col("withdrawn").is_null()).height == 8  # posts 1-5, not read again, are kept
    assert launched(store) == [21, 22, 23, 24, 25, 26, 27, 28]
    site.asked.clear()
    for n in (9, 10, 11, 12):  # four new posts: pages 10-12 and 7-9, which holds post 8
        site.add(n, 0)
    assert refresh(store, [SOURCE]).new == 4
    assert site.paths() == [FIRST, f"/s/{CHANNEL}?before=10"]


def test_an_edited_post_replaces_its_claims(site, tmp_path):
    store = tmp_path / "s.duckdb"
    refresh(store, [SOURCE])
    site.add(7, 1, text="Overnight, Russia attacked Ukraine with 31 attack drones.<br/>Air defence shot down 19 of "
                        "them, the air command said (figures corrected).", edited=True)
    summary = refresh(store, [SOURCE])
    assert (summary.new, summary.changed, summary.unchanged) == (0, 1, 2)
    post = reports(store).filter(pl.col("item") == f"{CHANNEL}/7")
    assert post.height == 1 and "31 attack drones" in post["text"][0]
    claims = read_tables(store)["strike_claims"].filter(pl.col("report_id") == post["report_id"][0])
    assert claims.filter(pl.col("row_kind") == "class")[["launched", "shot_down"]].rows() == [(31, 19)]
    assert launched(store)[-1] == 31


def test_a_post_with_only_a_photo_gives_no_report_and_no_problem(site, tmp_path):
    site.add(8, 0, text=None)
    store = tmp_path / "s.duckdb"
    summary = refresh(store, [SOURCE])
    assert (summary.new, summary.failed) == (7, 0)
    assert f"{CHANNEL}/8" not in reports(store)["item"].to_list()
    assert read_tables(store)["problems"].is_empty()


@pytest.mark.parametrize("shape, said", [
    (NO_POSTS, "shows no posts (no .tgme_widget_message with data-post): the preview's HTML may have changed"),
    (NO_IDS, "has 1 message blocks but no post with data-post=\"testchan/ID\""),
])
def test_a_page_of_another_shape_is_a_source_problem_never_a_removal(site, tmp_path, shape, said):
    store = tmp_path / "s.duckdb"
    refresh(store, [SOURCE])
    site.shape = shape
    summary = refresh(store, [SOURCE])
    assert (summary.new, summary.withdrawn, summary.failed, summary.unreadable) == (0, 0, 1, [SOURCE])
    assert reports(store).filter(pl.col("withdrawn").is_null()).height == 7
    assert launched(store) == [21, 22, 23, 24, 25, 26, 27]
    problems = read_tables(store)["problems"]["problem"].to_list()
    assert len(problems) == 1 and f"{SOURCE}: " in problems[0] and said in problems[0], problems


def test_a_429_is_waited_out_and_tried_again(site, tmp_path):
    store = tmp_path / "s.duckdb"
    site.forced, site.forced_for = [(429, {"Retry-After": "1"}, b"slow down")], "before=5"
    summary = refresh(store, [SOURCE])
    assert (summary.new, summary.failed) == (7, 0)
    assert site.paths() == [FIRST, BEFORE_5, BEFORE_5, BEFORE_2]
    refused, retried = site.asked[1][2], site.asked[2][2]
    assert retried - refused >= 1.0  # the Retry-After was waited out


def test_a_429_that_lasts_fails_the_read_and_loses_nothing(site, tmp_path):
    """Pages 5-7 and 2-4 were read, then page 1 kept answering 429: nothing of the read is stored (storing it would
    make post 7 the newest stored, and posts 1-4 would never be asked for again); the next refresh reads all."""
    store = tmp_path / "s.duckdb"
    site.forced, site.forced_for = [(429, {"Retry-After": "0"}, b"slow down")] * 4, "before=2"
    summary = refresh(store, [SOURCE])
    assert (summary.new, summary.failed, summary.unreadable) == (0, 1, [SOURCE])
    assert site.paths() == [FIRST, BEFORE_5] + [BEFORE_2] * 4
    problem = read_tables(store)["problems"]["problem"][0]
    assert "429" in problem and "read again at the next refresh" in problem
    assert refresh(store, [SOURCE]).new == 7
    assert launched(store) == [21, 22, 23, 24, 25, 26, 27]


def test_a_500_keeps_the_stored_reports(site, tmp_path):
    store = tmp_path / "s.duckdb"
    refresh(store, [SOURCE])
    site.add(8, 0)
    site.forced = [(500, {}, b"oops")]
    summary = refresh(store, [SOURCE])
    assert (summary.new, summary.withdrawn, summary.failed) == (0, 0, 1)
    problem = read_tables(store)["problems"]["problem"][0]
    assert f"{site.url}/s/{CHANNEL}: the server answered 500" in problem
    assert reports(store).filter(pl.col("withdrawn").is_null()).height == 7
    assert refresh(store, [SOURCE]).new == 1  # post 8 comes at the next refresh


def test_the_first_read_goes_back_telegram_first_days(site, tmp_path, monkeypatch):
    for n in (1, 2):
        site.add(n, 40)
    monkeypatch.setenv("STRIKES_TELEGRAM_FIRST_DAYS", "30")
    store = tmp_path / "s.duckdb"
    assert refresh(store, [SOURCE]).new == 5  # posts 3-7
    assert site.paths() == [FIRST, BEFORE_5]  # page 2-4 reached past 30 days: no older page is asked for


def test_requests_are_spaced_by_the_request_interval(site, tmp_path, monkeypatch):
    monkeypatch.setenv("STRIKES_TELEGRAM_REQUEST_INTERVAL", "0.4")
    refresh(tmp_path / "s.duckdb", [SOURCE])
    times = [t for _, _, t in site.asked]
    assert len(times) == 3 and all(b - a >= 0.4 for a, b in zip(times, times[1:], strict=False))


def test_the_page_parser_takes_each_post_s_own_text_time_and_link():
    from tests.channelserver import Site as Channel

    channel = Channel()
    channel.add(3, 2)
    channel.add(4, 1, text=None)
    page = posts_on_page(channel.page(None).decode(), CHANNEL)
    assert [p.number for p in page.posts] == [3, 4] and page.blocks == 2 and page.title == "Test Air Command"
    assert page.posts[0].text == attack_text(3).replace("<br/>", "\n") and page.posts[1].text == ""
    assert page.posts[0].url == f"https://t.me/{CHANNEL}/3" and page.posts[0].published is not None


@pytest.mark.parametrize("source", ["telegram:", "telegram:some channel", "telegram:../etc"])
def test_a_bad_channel_name_is_a_clear_error(source):
    with pytest.raises(ValueError, match="not a public channel name"):
        channel_name(source)


def test_the_defaults_are_polite(monkeypatch, tmp_path):
    for name in ("BASE_URL", "FIRST_DAYS", "REQUEST_INTERVAL"):
        monkeypatch.delenv(f"STRIKES_TELEGRAM_{name}", raising=False)
    monkeypatch.setenv("STRIKES_CONFIG", str(tmp_path / "none.toml"))
    options = ChannelOptions.from_settings()
    assert (options.base_url, options.first_days, options.interval) == ("https://t.me/s", 30.0, 1.0)


def _held(store) -> int:
    """Reports in the store (0 before the first refresh has swapped one in)."""
    try:
        return read_tables(store)["reports"].height if store.exists() else 0
    except Exception:  # noqa: BLE001 - a store being swapped in is read at the next look
        return 0


def _until(condition, seconds: float, proc) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the scheduled refresh did not get there in time (a watchdog, no speed test)"
        time.sleep(0.2)


def test_a_scheduled_refresh_follows_the_channel(site, tmp_path):
    """`strikes refresh --every` on a telegram: source, end to end: the first run reads the channel's three pages,
    a post added while it runs is in the store after a later run, which asked only for the newest page."""
    store = tmp_path / "s.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "etl", "refresh", "--every", "1s", "--store", str(store),
                             "--source", SOURCE], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _until(lambda: _held(store) == 7, 180, proc)
        site.add(8, 0)
        _until(lambda: _held(store) == 8, 180, proc)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "7 new" in out and "1 new" in out and "stopped after" in err
    assert site.paths()[:3] == [FIRST, BEFORE_5, BEFORE_2] and set(site.paths()[3:]) == {FIRST}
    assert launched(store) == [21, 22, 23, 24, 25, 26, 27, 28]


def test_the_pause_after_a_429_is_its_retry_after_else_doubles_and_never_passes_a_minute():
    assert [pause(None, 1.0, n) for n in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert [pause(None, 3.0, n) for n in range(2)] == [3.0, 6.0]
    assert (pause(5.0, 1.0, 2), pause(3600.0, 1.0, 0), pause(None, 1.0, 10)) == (5.0, 60.0, 60.0)


def test_strikes_extract_reads_a_channel(site):
    result = subprocess.run([sys.executable, "-m", "etl", "extract", SOURCE, "--format", "json"], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)["reports"]
    assert sorted(r["item"] for r in reports) == [f"{CHANNEL}/{n}" for n in range(1, 8)]
    assert sorted(r["strikes"][0]["launched"] for r in reports) == [21, 22, 23, 24, 25, 26, 27]


def test_strikes_extract_names_a_channel_it_cannot_read(site):
    site.shape = NO_POSTS
    result = subprocess.run([sys.executable, "-m", "etl", "extract", SOURCE], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1 and f"{SOURCE}: " in result.stderr and "shows no posts" in result.stderr
