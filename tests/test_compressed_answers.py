"""Compressed callback answers kept by their content (dashboard/compressed.py; issue 17: brotli took about 0.6 ms of
the server's CPU per answer in the load test, a third of it). A repeated answer is sent as compressed the first
time, an answer that changed is compressed anew, and a client that accepts no compression gets plain JSON."""

from __future__ import annotations

import brotli
import orjson
import polars as pl
import pytest

from dashboard.app import create_app
from dashboard.compressed import Kept
from etl.store import read_tables, write_store
from tests.conftest import dev_corpus_store, volumes_request

BR = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def store(tmp_path_factory):
    return dev_corpus_store(tmp_path_factory, "compressed")


def _kept(app) -> Kept:
    """The app's Flask-Compress cache (the Kept its settings made)."""
    compress = next(f.__self__ for f in app.server.after_request_funcs[None] if hasattr(f, "__self__"))
    return compress.cache


def test_a_repeated_answer_is_sent_as_first_compressed_and_a_changed_one_anew(store):
    app = create_app(store, {})
    client, dep, body = volumes_request(app, store)
    kept = _kept(app)
    before = len(kept)

    first = client.post("/_dash-update-component", json=body, headers=BR)
    second = client.post("/_dash-update-component", json=body, headers=BR)
    plain = client.post("/_dash-update-component", json=body)  # no compression asked for
    assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "br"
    assert "Content-Encoding" not in plain.headers
    assert second.get_data() == first.get_data() and len(kept) == before + 1  # kept once
    assert orjson.loads(brotli.decompress(second.get_data())) == plain.get_json()
    assert plain.get_json()["response"]["overview-volumes"]["figure"]["data"]

    tables = read_tables(store)  # the data change: the answer changes, and is compressed anew
    tables["attacks"] = tables["attacks"].with_columns(pl.col("launched") + 1000)
    write_store(store, tables)
    changed = client.post("/_dash-update-component", json=body, headers=BR)
    now_plain = client.post("/_dash-update-component", json=body)
    assert changed.get_data() != first.get_data() and len(kept) == before + 2
    assert orjson.loads(brotli.decompress(changed.get_data())) == now_plain.get_json() != plain.get_json()


def test_kept_keeps_about_its_bytes_and_no_answer_that_is_not_a_callbacks():
    kept = Kept(max_bytes=100)
    kept.set("br;a", b"x" * 60)
    kept.set("br;b", b"y" * 60)  # 120 bytes: "a" goes
    assert kept.get("br;a") is None and kept.get("br;b") == b"y" * 60
    kept.set("br;-", b"z")  # not a callback's answer: never kept
    assert kept.get("br;-") is None and len(kept) == 1
    kept.set("br;big", b"w" * 101)  # larger than all it keeps
    assert kept.get("br;big") is None
