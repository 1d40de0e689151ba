"""The chart callbacks' outputs kept encoded per version of the data and inputs (issue 17: a repeated identical
callback is answered without rebuilding its figures; a new store version whose data changed empties what was kept,
one with the same data keeps it)."""

from __future__ import annotations

import os
import shutil

import polars as pl
import pytest

from bench.dashboard_callbacks import payload
from dashboard import data
from dashboard.app import create_app
from dashboard.outputs import Outputs, outputs_of
from etl.store import read_tables, write_store
from tests.conftest import dev_corpus_store, volumes_request


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return dev_corpus_store(tmp_path_factory, "outputs")


def test_outputs_keep_one_store_version_and_drop_the_least_recent_past_their_bytes():
    outputs = Outputs(max_bytes=100)
    assert outputs.get("v1", "a") is None
    outputs.put("v1", "a", {"x": 1}, 60)
    assert outputs.get("v1", "a") == {"x": 1}
    outputs.put("v1", "b", {"x": 2}, 60)  # 120 bytes: "a" goes
    assert outputs.get("v1", "a") is None and outputs.get("v1", "b") == {"x": 2}
    assert outputs.get("v2", "b") is None and len(outputs) == 0  # a new version empties the cache
    outputs.put("v1", "c", {"x": 3}, 10)  # computed from the old version after the new one was seen: not kept
    assert outputs.get("v2", "c") is None
    outputs.put("v2", "big", [0], 101)  # larger than the whole cache: not kept
    assert outputs.get("v2", "big") is None


def test_a_repeated_callback_is_answered_from_the_cache_until_the_data_change(store, monkeypatch):
    app = create_app(store, {})
    client, dep, body = volumes_request(app, store)
    calls, volumes = [], data.volumes
    monkeypatch.setattr(data, "volumes", lambda *a, **k: calls.append(1) or volumes(*a, **k))

    first = client.post("/_dash-update-component", json=body)
    second = client.post("/_dash-update-component", json=body)
    assert first.status_code == second.status_code == 200
    assert second.get_json() == first.get_json() and len(calls) == 1  # the second from the cache
    assert first.get_json()["response"]["overview-volumes"]["figure"]["data"]  # a real figure was kept
    other = payload(dep, data.Filters(attacker="RU", weapons=("drone",)))
    assert client.post("/_dash-update-component", json=other).status_code == 200 and len(calls) == 2
    assert len(outputs_of(app)) == 2

    copy = store.with_name("new-version.duckdb")  # a refresh publishes a new file: renamed over the store
    shutil.copyfile(store, copy)
    os.replace(copy, store)
    third = client.post("/_dash-update-component", json=body)
    assert third.get_json() == first.get_json() and len(calls) == 2  # a new version of the same data: still kept

    tables = read_tables(store)  # a new version whose data changed: computed again, the old outputs gone
    tables["attacks"] = tables["attacks"].with_columns(pl.col("launched") + 1000)
    write_store(store, tables)
    fourth = client.post("/_dash-update-component", json=body)
    assert fourth.get_json() != first.get_json() and len(calls) == 3 and len(outputs_of(app)) == 1
