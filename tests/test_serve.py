"""`strikes serve` under attack (issue "the dashboard under load and attack"), against the real server in a
subprocess: debug off and no traceback in any response, even with FLASK_DEBUG set and a corrupt store;
query-string filters validated with a notice; the CSV download neutralises formulas; several worker
processes behind one port; a warning when bound beyond localhost without auth."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from bench.dashboard_callbacks import filter_callbacks, payload
from dashboard.data import Filters, default_filters
from dashboard.errors import GENERIC
from dashboard.serving import exposed
from tests.conftest import REPO
from tests.hostile import FORMULAS
from tests.serving import Server, children, free_port

SYNC = "..filters-dates.start_date"  # the output list of the shell callback that reads the query string


@pytest.fixture(scope="module")
def hostile(hostile_server):
    """The hostile store served by two worker processes (tests/conftest.py)."""
    return hostile_server


@pytest.fixture(scope="module")
def corrupt(tmp_path_factory):
    """A store file that is not a store, served with FLASK_DEBUG and DASH_DEBUG set (they must change nothing)."""
    folder = tmp_path_factory.mktemp("corrupt")
    store = folder / "strikes.duckdb"
    store.write_bytes(b"this is not a DuckDB file, it is where a refresh went wrong\n" * 100)
    server = Server(store, folder / "serve.log", env={"FLASK_DEBUG": "1", "DASH_DEBUG": "true"})
    yield server, store
    server.stop()


def dependencies(client: httpx.Client) -> list[dict]:
    client.get("/")
    return client.get("/_dash-dependencies").json()


def sync_request(deps: list[dict], search: str, filters: Filters) -> dict:
    """The request the browser sends when the page loads at `?search`."""
    dep = next(d for d in deps if d["output"].startswith(SYNC))
    body = payload(dep, filters)
    for item in body["inputs"]:
        if item["id"] == "shell-url":
            item["value"] = search
    return {**body, "changedPropIds": ["shell-url.search"]}


def test_a_bad_query_string_gives_the_default_view_and_a_notice(hostile, hostile_store):
    with httpx.Client(base_url=hostile.url, timeout=60) as client:
        deps = dependencies(client)
        search = "?weapon=tank&from=2025-13-01&to=2024-01-01&attacker=XX&type=<script>alert(1)</script>"
        response = client.post("/_dash-update-component", json=sync_request(deps, search, Filters()))
    assert response.status_code == 200
    out = response.json()["response"]
    default = default_filters(hostile_store)
    assert out["filters-store"]["data"]["start"] == default.start.isoformat()
    assert out["filters-store"]["data"]["attacker"] == "RU" and out["filters-weapon"]["value"] == []
    assert out["filters-notice"]["is_open"] is True
    notice = json.dumps(out["filters-notice"]["children"])
    for said in ("Unknown weapon class 'tank'", "from='2025-13-01' is not a day", "Unknown attacker 'XX'",
                 "Unknown weapon type '<script>alert(1)</script>'"):
        assert said in notice


def test_the_csv_download_is_strikes_export_with_every_formula_neutralised(hostile, hostile_store):
    with httpx.Client(base_url=hostile.url, timeout=60) as client:
        dep = next(d for d in dependencies(client) if d["output"] == "filters-download.data")
        body = {"output": dep["output"], "outputs": {"id": "filters-download", "property": "data"},
                "inputs": [{"id": "filters-export-rows", "property": "n_clicks", "value": 1},
                           {"id": "filters-export-series", "property": "n_clicks", "value": None}],
                "state": [{"id": "filters-store", "property": "data", "value": None},
                          {"id": "shell-url", "property": "pathname", "value": "/quality"},
                          {"id": "shell-view", "property": "data", "value": None},
                          {"id": "shell-ui", "property": "data", "value": "en"}],
                "changedPropIds": ["filters-export-rows.n_clicks"]}
        response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    download = response.json()["response"]["filters-download"]["data"]
    exported = subprocess.run([sys.executable, "-m", "etl", "export", "--store", str(hostile_store), "--table",
                               "problems", "--labels", "en"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout
    assert download["content"] == exported  # one path for both
    assert "'=cmd|' /C calc'!A0" in exported  # the feed's item id, in the problems table
    assert_no_formula(exported)


def assert_no_formula(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.lstrip().startswith(("=", "+", "@")) and not cell.startswith(("\t", "\r")), cell
            assert not cell.lstrip().startswith("-") or _number(cell), cell


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_strikes_export_neutralises_the_classic_payloads(hostile_store):
    exported = subprocess.run([sys.executable, "-m", "etl", "export", "--store", str(hostile_store), "--table",
                               "reports"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert_no_formula(exported)
    cells = {cell for row in csv.reader(io.StringIO(exported)) for cell in row}
    for payload_text in FORMULAS[:7]:  # as the source name of a report
        assert "'" + payload_text in cells


def test_no_traceback_reaches_the_browser_even_with_a_corrupt_store_and_flask_debug(corrupt):
    server, store = corrupt
    with httpx.Client(base_url=server.url, timeout=60) as client:
        index = client.get("/")
        assert index.status_code == 200 and '"ui":false' in index.text.replace(" ", "")
        layout = client.get("/_dash-layout")
        assert layout.status_code == 200 and "The data cannot be read right now" in layout.text
        bodies = [index.text, layout.text]
        for dep in filter_callbacks(client.get("/_dash-dependencies").json()):
            if dep["output"].startswith("..shell-search"):  # writes the address from the filters: reads no store
                continue
            response = client.post("/_dash-update-component", json=payload(dep, Filters(attacker="RU")))
            assert response.status_code == 200, response.text
            assert GENERIC in response.text  # shown in the page's error alert; the outputs stay as they were
            bodies.append(response.text)
        for broken in ({}, {"output": "nowhere.children", "outputs": {"id": "nowhere", "property": "children"},
                            "inputs": [], "changedPropIds": []}):
            response = client.post("/_dash-update-component", json=broken)
            assert response.status_code == 500 and response.text.startswith("Internal server error (error ")
            bodies.append(response.text)
        reflected = client.get("/_dash-component-suites/<script>alert(1)<%2Fscript>/x.js")  # Dash names it back
        assert reflected.status_code == 500 and "<script>" not in reflected.text
        bodies.append(reflected.text)
    for body in bodies:
        for leak in ("Traceback", 'File "', str(store), str(REPO), "duckdb", "site-packages", "Error:"):
            assert leak not in body, leak
    log = server.output()
    assert "Traceback" in log and "callback failed (error " in log  # the details are on the server


def test_bundles_come_gzip_encoded_to_browsers_that_accept_it(corrupt):
    """Issue 17: the page's JavaScript bundles were sent uncompressed even to browsers that accept gzip."""
    import gzip
    import re
    import urllib.request

    server, _ = corrupt

    def get(path: str, **headers: str) -> tuple[str | None, bytes]:
        with urllib.request.urlopen(urllib.request.Request(server.url + path, headers=headers), timeout=30) as r:
            return r.headers.get("Content-Encoding"), r.read()  # urllib never decodes: the bytes as sent

    _, page = get("/")
    bundles = re.findall(r'src="(/_dash-component-suites/[^"]+\.js[^"]*)"', page.decode())
    assert len(bundles) > 3
    for path in bundles:
        encoding, sent = get(path, **{"Accept-Encoding": "gzip, deflate"})
        plain_encoding, plain = get(path)
        assert encoding == "gzip" and len(sent) < len(plain), path
        assert gzip.decompress(sent) == plain and plain_encoding is None, path


def test_several_worker_processes_share_the_port_and_one_that_dies_is_replaced(hostile):
    workers = children(hostile.proc.pid)
    assert len(workers) == 2
    os.kill(min(workers), signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = children(hostile.proc.pid)
        if len(now) == 2 and min(workers) not in now:
            break
        time.sleep(0.5)
    assert len(now) == 2 and min(workers) not in now
    for _ in range(6):  # whichever process accepts, the page answers
        assert httpx.get(hostile.url + "/_dash-layout", timeout=60).status_code == 200
    assert "starting another" in hostile.output()


@pytest.mark.parametrize("host, expected", [("127.0.0.1", False), ("::1", False), ("localhost", False),
                                            ("0.0.0.0", True), ("::", True), ("192.168.1.10", True),
                                            ("dashboard.example.org", True)])
def test_which_addresses_are_exposed(host, expected):
    assert exposed(host) is expected


@pytest.mark.parametrize("env, said", [
    ({}, "warning: --host 0.0.0.0 makes the dashboard reachable from other machines with no password"),
    ({"STRIKES_AUTH_USER": "newsroom", "STRIKES_AUTH_PASSWORD_HASH": "scrypt:32768:8:1$salt$00"},
     "basic auth sends the password with every request"),
])
def test_binding_beyond_localhost_warns(tmp_path, env, said):
    port = free_port()
    with socket.socket() as taken:  # the port is taken, so the server stops right after its warnings
        taken.bind(("0.0.0.0", port))
        taken.listen()
        result = subprocess.run([sys.executable, "-m", "etl", "serve", "--host", "0.0.0.0", "--port", str(port),
                                 "--store", str(tmp_path / "none.duckdb")], cwd=REPO, capture_output=True,
                                text=True, env={**os.environ, **env}, timeout=120)
    assert result.returncode == 1 and "cannot listen on 0.0.0.0" in result.stderr
    assert said in " ".join(result.stderr.split())
