"""The plotly.js the dashboard sends (issue 17: a cold Overview load was 8 MB, 4.7 MB of it the full plotly.js):
the cartesian bundle fetched by `make install` at Dash's plotly.js address, compressed; the full one on request."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.bundles import CARTESIAN, PLOTLY_PATH, cartesian_bundle, plotlyjs_version
from etl.settings import load_settings


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bundles") / "none.duckdb"


def test_the_cartesian_bundle_is_sent_compressed_where_dash_fetches_plotly(empty_store):
    assert cartesian_bundle() is not None, f"{CARTESIAN} is missing or not plotly.js {plotlyjs_version()}: make install"
    client = create_app(empty_store, load_settings({"plotly_bundle": "cartesian"})).server.test_client()
    response = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.get_data())
    assert body == CARTESIAN.read_bytes() and f"(cartesian - minified) v{plotlyjs_version()}".encode() in body[:200]
    assert len(response.get_data()) < 700_000  # about 0.5 MB gzipped, against 1.5 MB for the full bundle
    again = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_plotly_bundle_full_sends_the_plotly_package_s_bundle(empty_store):
    client = create_app(empty_store, load_settings({"plotly_bundle": "full"})).server.test_client()
    body = client.get(PLOTLY_PATH).get_data()
    assert b"(cartesian" not in body[:200] and f"plotly.js v{plotlyjs_version()}".encode() in body[:200]


def test_a_bundle_of_another_version_is_not_sent(tmp_path):
    other = tmp_path / "plotly-cartesian.min.js"
    other.write_bytes(b"/**\n* plotly.js (cartesian - minified) v0.0.1\n*/\n")
    assert cartesian_bundle(other) is None and cartesian_bundle(tmp_path / "missing.js") is None
