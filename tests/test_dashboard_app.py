"""The app factory without a browser: pages registered, debug off, a friendly page for a missing store.

One app per process (Dash Pages registers page callbacks globally), so this module builds exactly one.
"""

from __future__ import annotations

import json

import dash
import pytest

from dashboard.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = tmp_path_factory.mktemp("empty") / "missing.duckdb"
    app = create_app(store, {"rate_min_launched": 20})
    return app, app.server.test_client(), store


def test_every_view_is_a_page_with_an_export_table(client):
    pages = {p.get("path_template") or p["relative_path"]: p.get("export_table") for p in dash.page_registry.values()}
    assert pages == {"/": "attacks", "/weapons": "attacks", "/outages": "outage_claims", "/attacks": "attacks",
                     "/night/<night>": "attacks", "/month/<month>": "attacks", "/patterns": "attacks",
                     "/quality": "problems"}


def test_a_missing_store_gives_a_page_that_says_how_to_refresh(client):
    app, http, store = client
    assert http.get("/").status_code == 200
    layout = json.dumps(http.get("/_dash-layout").get_json())
    assert "No data yet" in layout and f"strikes refresh --store {store} --source data/sample" in layout
    assert "kaggle:PATH/missile_attacks_daily.csv" in layout
    assert not app.server.debug and not app._dev_tools.ui
