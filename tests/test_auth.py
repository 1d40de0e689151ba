"""Optional HTTP basic auth for a shared deployment (issue "the dashboard under load and attack"): the
middleware on its own, the settings that switch it on, `strikes hash-password`, and a real `strikes serve`
with every route behind it: pages, Dash's /_dash-* endpoints, assets and the CSV download."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys

import httpx
import pytest
from typer.testing import CliRunner
from werkzeug.security import check_password_hash
from werkzeug.test import Client
from werkzeug.wrappers import Response

from dashboard.auth import AuthConfigError, BasicAuth, Credentials, credentials, hash_password
from etl.cli import app as cli
from tests.conftest import REPO
from tests.serving import Server, basic

USER, PASSWORD = "newsroom", "correct horse: батарея staple"  # a colon and non-ASCII, as RFC 7617 allows
HASH = hash_password(PASSWORD)


def hello(environ, start_response):
    return Response("hello")(environ, start_response)


@pytest.fixture(scope="module")
def guarded():
    return Client(BasicAuth(hello, Credentials(USER, HASH)))


@pytest.mark.parametrize("header", [
    None,
    basic(USER, "wrong")["Authorization"],
    basic("editor", PASSWORD)["Authorization"],
    basic(USER.upper(), PASSWORD)["Authorization"],
    "Basic " + base64.b64encode(f"{USER}{PASSWORD}".encode()).decode(),  # no colon
    "Basic not-base64!",
    "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode(),  # not UTF-8
    "Bearer " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
    "Basic ",
])
def test_anything_but_the_right_user_and_password_gets_401_with_a_challenge(guarded, header):
    response = guarded.get("/", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="strikes", charset="UTF-8"'
    assert response.get_data(as_text=True) == "Authentication required.\n"


def test_the_right_user_and_password_get_through_and_are_remembered(guarded):
    for _ in range(3):
        response = guarded.get("/anything", headers=basic(USER, PASSWORD))
        assert response.status_code == 200 and response.get_data(as_text=True) == "hello"
    assert len(guarded.application._verified) == 1  # scrypt ran once; the header is remembered by its digest


def test_settings_switch_auth_on_only_with_both_user_and_a_real_hash():
    assert credentials({"auth_user": "", "auth_password_hash": ""}) is None
    assert credentials({}) is None
    assert credentials({"auth_user": USER, "auth_password_hash": HASH}) == Credentials(USER, HASH)
    with pytest.raises(AuthConfigError, match="STRIKES_AUTH_PASSWORD_HASH is not set"):
        credentials({"auth_user": USER, "auth_password_hash": ""})
    with pytest.raises(AuthConfigError, match="STRIKES_AUTH_USER is not set"):
        credentials({"auth_user": "", "auth_password_hash": HASH})
    with pytest.raises(AuthConfigError, match="not a password hash"):  # the password itself, by mistake
        credentials({"auth_user": USER, "auth_password_hash": PASSWORD})
    assert USER in repr(Credentials(USER, HASH)) and HASH not in repr(Credentials(USER, HASH))


def test_hash_password_makes_a_salted_scrypt_hash():
    runner = CliRunner()
    typed = runner.invoke(cli, ["hash-password"], input=f"{PASSWORD}\n{PASSWORD}\n")
    piped = runner.invoke(cli, ["hash-password", "--stdin"], input=PASSWORD + "\n")
    hashes = [r.stdout.strip().splitlines()[-1] for r in (typed, piped)]
    assert typed.exit_code == piped.exit_code == 0
    assert all(h.startswith("scrypt:") and check_password_hash(h, PASSWORD) for h in hashes)
    assert hashes[0] != hashes[1] and PASSWORD not in typed.stdout + piped.stdout  # salted; never echoed
    assert runner.invoke(cli, ["hash-password", "--stdin"], input="\n").exit_code == 2


def test_serve_refuses_a_plain_password_in_place_of_its_hash(tmp_path):
    env = {**os.environ, "STRIKES_AUTH_USER": USER, "STRIKES_AUTH_PASSWORD_HASH": PASSWORD}
    result = subprocess.run([sys.executable, "-m", "etl", "serve", "--store", str(tmp_path / "s.duckdb")], cwd=REPO,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2 and "is not a password hash" in result.stderr


@pytest.fixture(scope="module")
def server(hostile_store, tmp_path_factory):
    env = {"STRIKES_AUTH_USER": USER, "STRIKES_AUTH_PASSWORD_HASH": HASH}
    running = Server(hostile_store, tmp_path_factory.mktemp("auth-logs") / "serve.log", env=env,
                     headers=basic(USER, PASSWORD))
    yield running
    running.stop()


EXPORT = {"output": "filters-download.data", "outputs": {"id": "filters-download", "property": "data"},
          "inputs": [{"id": "filters-export-rows", "property": "n_clicks", "value": 1},
                     {"id": "filters-export-series", "property": "n_clicks", "value": None}],
          "state": [{"id": "filters-store", "property": "data", "value": None},
                    {"id": "shell-url", "property": "pathname", "value": "/quality"},
                    {"id": "shell-view", "property": "data", "value": None},
                    {"id": "shell-ui", "property": "data", "value": "en"}],
          "changedPropIds": ["filters-export-rows.n_clicks"]}


def test_every_route_of_the_served_dashboard_is_behind_basic_auth(server):
    with httpx.Client(base_url=server.url, timeout=60, headers=basic(USER, PASSWORD)) as allowed, \
            httpx.Client(base_url=server.url, timeout=60) as anonymous:
        index = allowed.get("/")
        scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', index.text)
        assert index.status_code == 200 and scripts
        routes = ["/", "/attacks?from=2025-03-14", "/_dash-layout", "/_dash-dependencies", "/assets/strikes.css",
                  scripts[0], "/no-such-page", "/_dash-update-component"]
        for route in routes:
            refused = anonymous.get(route)
            assert refused.status_code == 401 and "WWW-Authenticate" in refused.headers, route
            assert anonymous.get(route, headers=basic(USER, "wrong")).status_code == 401, route
        for route in routes[:6]:
            assert allowed.get(route).status_code == 200, route
        assert anonymous.post("/_dash-update-component", json=EXPORT).status_code == 401  # the CSV download
        download = allowed.post("/_dash-update-component", json=EXPORT)
        assert download.status_code == 200 and "no published date" in download.text
