"""Embeds (issue 19): /embed/... may be framed by any site and no other route may (pages, callbacks, assets, the
API, the feed, a 404, the auth's 401); an embed draws the figures of the filters in its address, says "data as
of" and the data version. One app with auth on, driven through Flask's test client; the store is the dev corpus."""

from __future__ import annotations

import base64
import json
import re
from datetime import date

import numpy as np
import polars as pl
import pytest

from dashboard.app import create_app
from dashboard.auth import hash_password
from etl.query import Filters, export_rows, snapshot
from tests.conftest import dev_corpus_store
from tests.serving import basic
from tests.test_auth import EXPORT

USER, PASSWORD = "newsroom", "embeds 19"
AUTH = basic(USER, PASSWORD)
CSP = "Content-Security-Policy"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return dev_corpus_store(tmp_path_factory, "embed")


@pytest.fixture(scope="module")
def http(store):
    settings = {"auth_user": USER, "auth_password_hash": hash_password(PASSWORD), "rate_min_launched": 20}
    return create_app(store, settings).server.test_client()


def last_night(store) -> str:
    rows = export_rows("attacks", Filters(attacker="RU"), store, "class")
    return rows["attack_date"].max().isoformat()


def figure_of(page: str):
    """The plotly figure an embed page draws."""
    return json.loads(re.search(r'id="embed-figure">(.*?)</script>', page, re.S).group(1))


def test_an_embed_route_is_frameable_and_no_other_route_is(http, store):
    """Issue 19: `frame-ancestors *` (no X-Frame-Options) on /embed/; DENY and `frame-ancestors 'none'` on the
    pages, the Dash callbacks and bundles, the assets, the API, the feed, a missing page and the auth's 401."""
    night = last_night(store)
    for route in ("/embed/volumes?weapon=drone", "/embed/rates", "/embed/rate-trend?res=month",
                  f"/embed/night/{night}", "/embed/plotly.min.js"):
        answer = http.get(route, headers=AUTH)
        assert answer.status_code == 200, route
        assert answer.headers[CSP] == "frame-ancestors *" and "X-Frame-Options" not in answer.headers, route
    index = http.get("/", headers=AUTH).get_data(as_text=True)
    bundle = re.findall(r'src="(/_dash-component-suites/[^"]+)"', index)[0]
    others = ["/", f"/night/{night}", "/attacks?from=2025-01-01", "/_dash-layout", "/_dash-dependencies", bundle,
              "/assets/strikes.css", "/api/v1/attacks.json?limit=2", "/api/v1/openapi.json", "/feeds/attacks.atom",
              "/no-such-page", "/embedded"]
    answers = [(route, http.get(route, headers=AUTH)) for route in others]
    answers += [("callback", http.post("/_dash-update-component", json=EXPORT, headers=AUTH)),
                ("401", http.get("/", headers=basic(USER, "wrong")))]
    for route, answer in answers:
        assert answer.headers.get_all("X-Frame-Options") == ["DENY"], route
        assert answer.headers.get_all(CSP) == ["frame-ancestors 'none'"], route
    assert answers[-2][1].status_code == 200 and answers[-1][1].status_code == 401
    assert http.get("/embed/rates").status_code == 401  # an embed needs the password like every route


def _launched(fig: dict, weapon: str) -> float:
    """The sum of the "launched" bars of a class's panel."""
    return sum(np.nansum(_values(t["y"])) for t in fig["data"]
               if t.get("name") == "launched" and t.get("customdata") and t["customdata"][0] == weapon)


def _values(y) -> np.ndarray:
    """A trace's values, as plotly writes them (a list, or typed-array bytes)."""
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])
    return np.array([v for v in y if v is not None], dtype=float)


def test_the_volumes_embed_shows_the_figures_of_its_filters(http, store):
    """The launched bars of /embed/volumes equal the class rows `strikes export` gives for the same filters; another
    filter set draws other figures; a value the address cannot use is named on the embed, as on the dashboard."""
    for search in ("from=2024-12-01&to=2025-02-28&attacker=RU&weapon=drone&res=week",
                   "from=2025-01-01&to=2025-12-31&attacker=RU&res=month"):
        filters = Filters(start=_day(search, "from"), end=_day(search, "to"), attacker="RU",
                          weapons=("drone",) if "weapon" in search else ())
        fig = figure_of(http.get(f"/embed/volumes?{search}", headers=AUTH).get_data(as_text=True))
        rows = export_rows("attacks", filters, store, "class")
        for weapon in ("drone", "missile"):
            expected = rows.filter(pl.col("weapon") == weapon)["launched"].sum()
            if weapon in (filters.weapons or ("drone", "missile")):
                assert expected > 0 and _launched(fig, weapon) == expected, (search, weapon)
            else:
                assert _launched(fig, weapon) == 0, (search, weapon)
    page = http.get("/embed/volumes?weapon=zz&from=2025-13-01", headers=AUTH).get_data(as_text=True)
    assert "Unknown weapon class &#x27;zz&#x27; ignored" in page and "The date from=" in page


def _day(search: str, key: str) -> date:
    return date.fromisoformat(re.search(rf"{key}=([0-9-]+)", search).group(1))


def test_embeds_say_data_as_of_and_the_data_version(http, store):
    """Every embed ends with "data as of <last refresh>" and the data version, and links its view."""
    version = snapshot(store).version
    for route in ("/embed/volumes?attacker=RU&weapon=missile&res=month", "/embed/rates?suppressed=0",
                  f"/embed/night/{last_night(store)}"):
        page = http.get(route, headers=AUTH).get_data(as_text=True)
        asof = re.search(r'id="embed-asof">(.*?)</p>', page).group(1)
        assert "data as of 20" in asof and f"data version {version}" in asof, route
    page = http.get("/embed/volumes?attacker=RU&weapon=missile&res=month", headers=AUTH).get_data(as_text=True)
    assert 'href="/?' in page and "weapon=missile" in page and "res=month" in page
    uk = http.get("/embed/rates?ui=uk", headers=AUTH).get_data(as_text=True)
    assert 'lang="uk"' in uk and "data as of" not in uk


def test_the_night_embed_is_the_night_s_evidence_card(http, store):
    """/embed/night/YYYY-MM-DD lists each class's figures of that night and the sources behind them, and links
    the night's page; a night with no attack says so; an address that is not a night is a 404."""
    night = last_night(store)
    page = http.get(f"/embed/night/{night}", headers=AUTH).get_data(as_text=True)
    day = date.fromisoformat(night)
    rows = export_rows("attacks", Filters(start=day, end=day, attacker="RU"), store, "class")
    figures = re.search(r"<ul id='embed-figures'>(.*?)</ul>", page).group(1)
    assert figures.count("<li>") == rows.height > 0
    for row in rows.to_dicts():
        assert f"{row['launched']} launched" in figures
    assert "<ul id='embed-sources'><li>" in page and f'href="/night/{night}"' in page
    ukraine = http.get(f"/embed/night/{night}?attacker=UA", headers=AUTH).get_data(as_text=True)
    assert f'href="/night/{night}?attacker=UA"' in ukraine and figures not in ukraine
    empty = http.get("/embed/night/2001-01-01", headers=AUTH).get_data(as_text=True)
    assert "No figures for this night." in empty
    assert http.get("/embed/night/2025-02-30", headers=AUTH).status_code == 404
