"""Sources declared once in strikes.toml (`[[sources]]`) and each source's health (issue 15): `strikes sources` and
the Data quality page list every source with its last success, last new report, reports held, last error and
whether it is stale. Real feeds on a local HTTP server, real stores, `strikes` and `strikes serve` processes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import httpx
import polars as pl
import pytest

from dashboard.data import source_health
from etl.refresh import refresh
from etl.registry import SourceEntry, source_entries
from etl.settings import ConfigError, load_settings
from etl.store import read_tables
from tests.conftest import REPO
from tests.feedserver import feed
from tests.serving import Server

RSS = "application/rss+xml"


def strikes(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


TOML = """
[strikes]
store = "s.duckdb"

[[sources]]
name = "Test Wire"
location = "{wire}"
kind = "press"
language = "en"
cadence = "1s"

[[sources]]
name = "Daily Digest"
location = "{digest}"
kind = "official"
cadence = "1d"
"""


def test_sources_are_declared_once_in_strikes_toml(tmp_path, monkeypatch):
    config = tmp_path / "strikes.toml"
    config.write_text(TOML.format(wire="https://wire.example.org/feed.rss", digest="feeds/") +
                      '\n[[sources]]\nlocation = "telegram:kpszsu"\n', encoding="utf-8")
    monkeypatch.setenv("STRIKES_CONFIG", str(config))
    monkeypatch.delenv("STRIKES_SOURCES", raising=False)
    entries = source_entries(load_settings().sources)
    assert entries == [
        SourceEntry("https://wire.example.org/feed.rss", "Test Wire", "press", "en", 1.0),
        SourceEntry("feeds/", "Daily Digest", "official", None, 86400.0),
        SourceEntry("telegram:kpszsu"),
    ]
    config.write_text('sources = ["data/a", {location = "data/b", cadence = "6h"}]\n', encoding="utf-8")
    assert source_entries(load_settings().sources) == [SourceEntry("data/a"), SourceEntry("data/b", cadence=21600.0)]


@pytest.mark.parametrize("entry, said", [
    ({"location": "x", "kind": "blog"}, "sources entry 1: kind 'blog' is not one of official, press"),
    ({"location": "x", "cadnce": "1d"}, "sources entry 1: unknown keys cadnce"),
    ({"name": "Wire", "cadence": "1d"}, "sources entry 1 (Wire): no location"),
    ({"location": "x", "cadence": "daily"}, "sources entry 1: cadence 'daily' is not an interval like 30m"),
    ({"location": "x", "language": "English!"}, "language 'English!' is not a language code"),
])
def test_a_bad_sources_entry_is_one_clear_line(entry, said):
    with pytest.raises(ConfigError, match=said.replace("(", r"\(").replace(")", r"\)")):
        source_entries([entry])


def test_a_bad_sources_entry_stops_strikes_refresh_with_exit_2(tmp_path):
    config = tmp_path / "strikes.toml"
    config.write_text('[[sources]]\nlocation = "x"\nkind = "blog"\n', encoding="utf-8")
    result = strikes("refresh", "--store", str(tmp_path / "s.duckdb"), env={"STRIKES_CONFIG": str(config)})
    assert result.returncode == 2 and "kind 'blog' is not one of official, press" in result.stderr


def test_the_kind_and_language_of_an_entry_go_to_reports_that_do_not_say(tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "a.md").write_text("Russia launched 30 drones at Ukraine overnight; 20 were shot down.\n", encoding="utf-8")
    (folder / "b.md").write_text("---\nkind: press\nlanguage: de\n---\nRussland griff mit 12 Drohnen an.\n",
                                 encoding="utf-8")
    store = tmp_path / "s.duckdb"
    refresh(store, [str(folder)], entries=[SourceEntry(str(folder), "Posts", "official", "en")])
    rows = read_tables(store)["reports"].sort("path")
    assert rows[["source_kind", "language"]].rows() == [("official", "en"), ("press", "de")]


def test_strikes_sources_and_the_data_quality_page_show_a_stale_source(http, tmp_path, monkeypatch):
    """Two feeds, one due every second and one every day: after a second with nothing new the first is stale and
    listed first; a feed that fails shows its error and when; the page shows what the command shows."""
    answers, url = http
    answers["/wire.rss"] = (200, RSS, feed(range(1, 4)))
    answers["/digest.rss"] = (200, RSS, feed(range(10, 12)))
    config = tmp_path / "strikes.toml"
    config.write_text(TOML.format(wire=url + "/wire.rss", digest=url + "/digest.rss"), encoding="utf-8")
    env = {"STRIKES_CONFIG": str(config)}
    store = tmp_path / "s.duckdb"
    assert strikes("refresh", "--store", str(store), env=env).returncode == 0
    time.sleep(1.2)  # longer than the wire's cadence of 1 s
    answers["/digest.rss"] = (500, "text/plain", b"down")
    monkeypatch.setenv("STRIKES_CONFIG", str(config))
    refresh(store, [url + "/wire.rss", url + "/digest.rss"], entries=source_entries(load_settings().sources))
    listed = strikes("sources", "--store", str(store), env=env)
    assert listed.returncode == 0, listed.stderr
    wire, digest = listed.stdout.splitlines()
    assert wire.startswith(f"STALE   {url}/wire.rss (Test Wire): 3 reports; last success 20")
    assert "cadence 1s" in wire and "last error" not in wire
    assert digest.startswith(f"failing {url}/digest.rss (Daily Digest): 2 reports;") and "cadence 1d" in digest
    assert "last error 20" in digest and "the server answered 500" in digest

    health = source_health(store)
    assert health[["source", "stale", "reports"]].rows() == [(url + "/wire.rss", True, 3),
                                                              (url + "/digest.rss", False, 2)]
    assert health["last_error"][1].startswith(f"{url}/digest.rss: the server answered 500")
    server = Server(store, tmp_path / "serve.log")
    try:
        table = _quality_health(server.url)
    finally:
        server.stop()
    assert "Stale" in table and "Last new report" in table and "Daily Digest" in table
    rows = [row for row in _cells(json.loads(table)) if row]
    assert rows[0][:4] == [url + "/wire.rss", "Test Wire", "1s", "yes"], rows
    assert rows[1][:4] == [url + "/digest.rss", "Daily Digest", "1d", "no"], rows


def _quality_health(base: str) -> str:
    """The Sources table of the Data quality page, as its callback sends it (JSON)."""
    with httpx.Client(base_url=base, timeout=60) as client:
        deps = client.get("/_dash-dependencies").json()
        dep = next(d for d in deps if "quality-health.children" in d["output"])
        outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True))
                   for p in dep["output"].strip(".").split("...")]
        body = {"output": dep["output"], "outputs": outputs,
                "inputs": [{"id": "shell-version", "property": "data", "value": "x"}],
                "state": [{"id": "shell-ui", "property": "data", "value": "en"}],
                "changedPropIds": ["shell-version.data"]}
        response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.text
    return json.dumps(response.json()["response"]["quality-health"]["children"])


def _cells(component) -> list[list[str]]:
    """The text of each body row's cells of a serialised dbc.Table."""
    rows: list[list[str]] = []

    def walk(node, row=None):
        if isinstance(node, dict):
            kind, children = node.get("type"), node.get("props", {}).get("children")
            if kind == "Tr":
                rows.append([])
                walk(children, rows[-1])
            elif kind == "Td" and row is not None:
                row.append(children if isinstance(children, str) else json.dumps(children))
            else:
                walk(children, row)
        elif isinstance(node, list):
            for child in node:
                walk(child, row)

    walk(component)
    return rows


def test_health_is_computed_from_the_runs_and_reports():
    """The pure function: stale by cadence against the last new report (or the first read, with none)."""
    from dashboard.health import source_health as health_of

    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    state = {"a": {"reports": 2, "failed": False, "error": None, "cadence": 3600.0, "name": "A"},
             "b": {"reports": 0, "failed": True, "error": "b: down", "cadence": 3600.0, "name": None},
             "c": {"reports": 1, "failed": False, "error": None, "cadence": None, "name": None}}
    runs = pl.DataFrame({"finished": [t0, t0 + timedelta(hours=3)], "source_state": [json.dumps(state)] * 2})
    reports = pl.DataFrame({"origin": ["a", "a", "c"], "first_seen": [t0, t0 + timedelta(hours=3), t0]})
    out = health_of(runs, reports, t0 + timedelta(hours=3, minutes=30))
    rows = {r["source"]: r for r in out.iter_rows(named=True)}
    assert out["source"].to_list() == ["b", "a", "c"]  # stale first
    assert (rows["a"]["stale"], rows["b"]["stale"], rows["c"]["stale"]) == (False, True, False)
    assert rows["b"]["last_success"] is None and rows["b"]["last_error"] == "b: down"
    assert rows["b"]["last_error_at"] == t0 + timedelta(hours=3) and rows["a"]["cadence"] == "1h"
    later = health_of(runs, reports, t0 + timedelta(hours=4, minutes=1))  # a's last new report was 1h01m ago
    assert later[["source", "stale"]].rows() == [("a", True), ("b", True), ("c", False)]


def test_the_readme_example_is_a_valid_strikes_toml(tmp_path, monkeypatch):
    """The strikes.toml of README's "Following live sources" is read as written: four entries, each with its kind,
    language and cadence."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Following live sources"):]
    example = section[section.index("```toml\n") + 8:section.index("```\n", section.index("```toml\n") + 8)]
    config = tmp_path / "strikes.toml"
    config.write_text(example, encoding="utf-8")
    monkeypatch.setenv("STRIKES_CONFIG", str(config))
    monkeypatch.delenv("STRIKES_SOURCES", raising=False)
    settings = load_settings()
    entries = source_entries(settings.sources)
    assert settings.store == "data/live.duckdb"
    assert [e.location.split(":")[0] for e in entries] == ["telegram", "https", "https", "kaggle"]
    assert [(e.kind, e.language, e.cadence) for e in entries] == [
        ("official", "uk", 86400.0), ("press", "en", 43200.0), ("press", "de", 21600.0), (None, None, 259200.0)]


def test_a_source_flag_reads_its_location_with_what_its_entry_says():
    from etl.registry import read_entries

    configured = [{"location": "feeds/", "kind": "press", "cadence": "1d"}, "data/other"]
    assert read_entries(configured, ["feeds/", "new/"]) == [SourceEntry("feeds/", kind="press", cadence=86400.0),
                                                            SourceEntry("new/")]
    assert read_entries(configured, None)[1] == SourceEntry("data/other")
