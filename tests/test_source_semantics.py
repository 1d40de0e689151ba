"""What a source's changes mean for the store (issue 13, "source semantics"): streams (feeds, URLs, Telegram
exports) are append-only; a report file deleted from a folder is withdrawn (kept, restorable, purged only
on request); a source that fails or answers with something else keeps its reports; the shrink guard looks
at each source's largest size over its recent history. Real files, a real HTTP server on 127.0.0.1, real
`strikes` processes and store files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, timedelta

import polars as pl
import pytest

from etl.refresh import ShrinkRefused, refresh
from etl.store import read_tables
from tests.conftest import REPO, SAMPLE
from tests.feedserver import EMPTY_FEED, MAINTENANCE, feed, telegram_export

RSS = "application/rss+xml"


def strikes(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600)


def nights(store) -> list[int]:
    """The January 2025 days of the reconciled drone attacks in the store."""
    attacks = read_tables(store)["attacks"].filter((pl.col("row_kind") == "class") & (pl.col("weapon") == "drone"))
    return sorted(d.day for d in attacks["attack_date"] if d.year == 2025 and d.month == 1)


def active(store) -> pl.DataFrame:
    reports = read_tables(store)["reports"]
    return reports.filter(pl.col("withdrawn").is_null())


def test_a_feed_that_moves_on_keeps_all_15_reports(http, tmp_path):
    """Issue 13, problem 1: items 1-10, then 6-15 deleted items 1-5 and their attacks ("5 removed")."""
    answers, url = http
    store = tmp_path / "s.duckdb"
    answers["/feed.rss"] = (200, RSS, feed(range(1, 11)))
    assert refresh(store, [url + "/feed.rss"]).new == 10
    answers["/feed.rss"] = (200, RSS, feed(range(6, 16)))
    summary = refresh(store, [url + "/feed.rss"])
    assert (summary.new, summary.unchanged, summary.withdrawn) == (5, 5, 0)
    assert active(store).height == read_tables(store)["reports"].height == 15
    assert nights(store) == list(range(1, 16))


def test_a_telegram_export_reexported_for_a_shorter_range_keeps_its_messages(tmp_path):
    export = tmp_path / "channel" / "result.json"
    export.parent.mkdir()
    export.write_text(telegram_export(range(1, 11)), encoding="utf-8")
    store = tmp_path / "s.duckdb"
    refresh(store, [str(export.parent)])
    export.write_text(telegram_export(range(6, 11)), encoding="utf-8")
    summary = refresh(store, [str(export.parent)])
    assert summary.withdrawn == 0 and active(store).height == 10
    assert nights(store) == list(range(1, 11))


@pytest.mark.parametrize("answer, said", [
    ((200, "text/html", MAINTENANCE), "answered with a page where a feed was"),
    ((200, RSS, EMPTY_FEED), "an empty feed"),
    ((200, "text/plain", b""), "an empty feed"),
])
def test_a_source_that_answers_with_something_else_keeps_its_reports(http, tmp_path, answer, said):
    """Issue 13, problem 2: a maintenance page or an empty feed at the feed's URL removed its 10 reports."""
    answers, url = http
    store, source = tmp_path / "s.duckdb", url + "/feed.rss"
    answers["/feed.rss"] = (200, RSS, feed(range(1, 11)))
    refresh(store, [source])
    answers["/feed.rss"] = answer
    result = strikes("refresh", "--store", str(store), "--source", source)
    assert result.returncode == 0, result.stderr
    assert f"{source} could not be read" in result.stderr and "0 new" in result.stdout
    tables = read_tables(store)
    assert tables["reports"].height == 10 and active(store).height == 10  # the page is not stored as a report
    assert nights(store) == list(range(1, 11))
    failure = tables["problems"].filter(pl.col("report_id").is_null() & (pl.col("path") == source))
    assert failure.height == 1 and said in failure["problem"][0], failure["problem"].to_list()


def _folder(tmp_path, count: int):
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(1, count + 1):
        (folder / f"r{n:02}.md").write_text(
            f"---\npublished: 2025-01-{n:02}T09:00:00+02:00\nsource: Test Wire\n---\n"
            f"Russia launched {20 + n} drones at Ukraine overnight; {10 + n} were shot down.\n", encoding="utf-8")
    return folder


def test_the_shrink_guard_is_not_bypassed_by_gradual_deletion(tmp_path):
    """Issue 13, problem 3: 10 -> 5 -> 3 -> 2 -> 1 reports over four runs passed, each under half of the last."""
    folder, store = _folder(tmp_path, 10), tmp_path / "s.duckdb"
    refresh(store, [str(folder)])
    for n in range(6, 11):
        (folder / f"r{n:02}.md").unlink()
    assert refresh(store, [str(folder)]).withdrawn == 5  # exactly half of the largest size: allowed
    for n in (4, 5):
        (folder / f"r{n:02}.md").unlink()
    with pytest.raises(ShrinkRefused, match=rf"{folder}: 3 of its reports would be left, of 10 at most over its "
                                            "last runs"):
        refresh(store, [str(folder)])
    assert active(store).height == 5
    result = strikes("refresh", "--store", str(store), "--source", str(folder))
    assert result.returncode == 1 and "--allow-shrink" in result.stderr
    assert refresh(store, [str(folder)], allow_shrink=True).withdrawn == 2
    (folder / "r03.md").unlink()  # --allow-shrink set a new baseline of 3: 3 -> 2 passes, 3 -> 1 does not
    (folder / "r02.md").unlink()
    with pytest.raises(ShrinkRefused, match="1 of its reports would be left, of 3 at most"):
        refresh(store, [str(folder)])


def test_a_deleted_file_is_withdrawn_restorable_and_purged_only_on_request(tmp_path):
    folder, store = _folder(tmp_path, 4), tmp_path / "s.duckdb"
    refresh(store, [str(folder)])
    gone = folder / "r02.md"
    text = gone.read_text(encoding="utf-8")
    gone.unlink()
    summary = refresh(store, [str(folder)])
    assert summary.withdrawn == 1 and "1 withdrawn" in summary.line()
    tables = read_tables(store)
    assert tables["reports"].height == 4  # the report and its claims stay in the store
    withdrawn = tables["reports"].filter(pl.col("withdrawn").is_not_null())
    assert withdrawn["path"].to_list() == [str(gone)]
    assert tables["strike_claims"].filter(pl.col("report_id") == withdrawn["report_id"][0]).height == 1
    assert nights(store) == [1, 3, 4]  # its claims left the reconciled attacks

    from dashboard.data import quality, snapshot
    listed = quality(store)["withdrawn"]
    assert listed["path"].to_list() == [str(gone)] and listed["claims"].to_list() == [1]
    assert snapshot(store).tables["strike_claims"].height == 3  # the read path leaves withdrawn claims out

    gone.write_text(text, encoding="utf-8")  # the file returns: the report is restored as it was
    back = refresh(store, [str(folder)])
    assert (back.restored, back.new, back.withdrawn) == (1, 0, 0)
    assert nights(store) == [1, 2, 3, 4] and active(store).height == 4

    gone.unlink()
    refresh(store, [str(folder)])
    kept = strikes("purge", "--store", str(store), "--withdrawn-before", "2000-01-01")
    assert kept.returncode == 0 and "no report was withdrawn before 2000-01-01" in kept.stdout
    assert read_tables(store)["reports"].height == 4
    later = (date.today() + timedelta(days=2)).isoformat()  # after today in Kyiv too, whatever the machine's zone
    purged = strikes("purge", "--store", str(store), "--withdrawn-before", later)
    assert purged.returncode == 0, purged.stderr
    assert f"purged 1 withdrawn report (withdrawn before {later})" in purged.stdout, purged.stdout
    tables = read_tables(store)
    assert tables["reports"].height == 3 and str(gone) not in tables["reports"]["path"].to_list()
    assert tables["strike_claims"].height == 3 and nights(store) == [1, 3, 4]


def test_purge_needs_a_date(tmp_path):
    result = strikes("purge", "--store", str(tmp_path / "s.duckdb"), "--withdrawn-before", "last week")
    assert result.returncode == 2 and "--withdrawn-before: 'last week' is not a date (YYYY-MM-DD)" in result.stderr


def test_a_folder_that_vanished_or_was_emptied_keeps_its_reports(tmp_path):
    folder, store = _folder(tmp_path, 4), tmp_path / "s.duckdb"
    refresh(store, [str(folder)])
    for p in folder.iterdir():  # an unmounted share looks like an empty folder
        p.unlink()
    summary = refresh(store, [str(folder)])
    assert summary.unreadable == [str(folder)] and summary.withdrawn == 0 and active(store).height == 4
    assert any("no report files in it" in p for p in read_tables(store)["problems"]["problem"].to_list())
    folder.rmdir()
    summary = refresh(store, [str(folder)])
    assert summary.unreadable == [str(folder)] and active(store).height == 4


def test_a_source_taken_out_of_the_sources_is_withdrawn_under_the_guard(tmp_path):
    folder, store = _folder(tmp_path, 4), tmp_path / "s.duckdb"
    seeds = str(SAMPLE / "seeds")
    refresh(store, [str(folder), seeds])
    with pytest.raises(ShrinkRefused, match=f"{folder}: 0 of its reports would be left, of 4"):
        refresh(store, [seeds])
    summary = refresh(store, [seeds], allow_shrink=True)
    assert summary.withdrawn == 4 and active(store).height == 2
    assert refresh(store, [str(folder), seeds]).restored == 4


def test_a_report_reached_through_two_sources_moves_without_loss(tmp_path):
    """The same files under another source (a parent folder) are not withdrawn, and the guard is quiet."""
    store = tmp_path / "s.duckdb"
    refresh(store, [str(SAMPLE / "seeds")])
    summary = refresh(store, [str(SAMPLE / "corpus-dev"), str(SAMPLE)])
    assert summary.withdrawn == 0 and summary.new > 0
    assert set(active(store)["origin"]) == {str(SAMPLE / "corpus-dev"), str(SAMPLE)}


def test_the_same_file_reached_twice_is_read_once(tmp_path):
    """Issue 13, problem 6: `--source dir --source dir/file` stopped the refresh with a uniqueness error."""
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE / "corpus-dev", folder)
    store = tmp_path / "s.duckdb"
    one = str(folder / "en-06.txt")
    result = strikes("refresh", "--store", str(store), "--source", str(folder), "--source", one)
    assert result.returncode == 0, result.stderr
    assert "24 reports read, 24 new" in result.stdout
    assert read_tables(store)["reports"].height == 24
    again = strikes("refresh", "--store", str(store), "--source", one, "--source", str(folder))
    assert again.returncode == 0 and "0 new, 0 changed, 24 unchanged, 0 withdrawn" in again.stdout, again.stdout


def test_purge_counts_days_in_kyiv_time(tmp_path):
    """`--withdrawn-before DATE` is the start of that day in Kyiv: 23:30 UTC on 1 January is 2 January there."""
    import duckdb

    from etl.purge import purge_withdrawn

    folder, store = _folder(tmp_path, 3), tmp_path / "s.duckdb"
    refresh(store, [str(folder)])
    (folder / "r01.md").unlink()
    refresh(store, [str(folder)])
    con = duckdb.connect(str(store))
    con.execute("UPDATE reports SET withdrawn = TIMESTAMPTZ '2025-01-01 23:30:00+00' WHERE withdrawn IS NOT NULL")
    con.close()
    assert purge_withdrawn(store, date(2025, 1, 2)) == 0
    assert read_tables(store)["reports"].height == 3
    assert purge_withdrawn(store, date(2025, 1, 3)) == 1
    assert read_tables(store)["reports"].height == 2 and nights(store) == [2, 3]


def test_a_feed_file_that_breaks_and_recovers_keeps_its_items_and_drops_the_breakage(tmp_path):
    """A feed file in a folder overwritten with something unreadable keeps its items (a stream) and gives one
    report that says what is wrong; once the feed is back, that report is withdrawn and the items are all in."""
    folder, store = tmp_path / "feeds", tmp_path / "s.duckdb"
    folder.mkdir()
    wire = folder / "wire.rss"
    wire.write_bytes(feed(range(1, 6)))
    refresh(store, [str(folder), str(SAMPLE / "seeds")])
    wire.write_bytes(b"<rss><channel><title>half a downl")  # no item in it
    broken = refresh(store, [str(folder), str(SAMPLE / "seeds")])
    assert (broken.new, broken.withdrawn) == (1, 0) and nights(store) == [1, 2, 3, 4, 5]
    wire.write_bytes(feed(range(1, 7)))
    back = refresh(store, [str(folder), str(SAMPLE / "seeds")])
    assert (back.new, back.withdrawn) == (1, 1) and nights(store) == [1, 2, 3, 4, 5, 6]
    assert active(store).filter(pl.col("path") == str(wire))["item"].null_count() == 0
