"""The dashboard keeps serving while a refresh runs (issue "the dashboard under load and attack"): a short,
bounded run of bench/load.py (the full one is `make load`). Ten clients send the browser's filter-callback
requests to `strikes serve` with two worker processes while `strikes refresh` replaces the store again and
again; every answer must be a good callback answer. No timing is asserted: the machine is shared.

That run failed about one time in eight with a plain 500 ("Callback function not found for output ...") in
its first second: a callback request that came while the worker's first request was still in Dash's
first-request setup (plotly/dash#3971). The app now does that setup before serving; the second test holds
a first request in that setup on purpose, so it fails every time the setup is left to the first requests."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.load import Load, build_store, run_load
from tests.conftest import REPO, SAMPLE


def test_no_errors_while_refreshes_replace_the_store(tmp_path):
    sources = [str(SAMPLE)]  # no ../shared needed; a short refresh makes several swaps in the window
    store = build_store(tmp_path, sources)
    cfg = Load(clients=10, seconds=10, max_seconds=120, min_refreshes=2, max_requests=5_000, timeout=60)
    outcome = run_load(store, sources, cfg, tmp_path)
    assert outcome.errors == [] and outcome.refresh_failures == []
    assert outcome.refreshes >= 2
    assert len(outcome.versions) >= 2  # the server answered from more than one version of the store
    assert len(outcome.latencies_ms) == outcome.requests > 50


def test_callbacks_sent_with_the_first_page_request_are_answered(tmp_path):
    store = build_store(tmp_path, [str(SAMPLE)])
    run = subprocess.run([sys.executable, "-m", "tests.first_requests", str(store)], cwd=REPO, capture_output=True,
                         text=True, timeout=300)  # a fresh process: Dash sets an app up once per process
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["page"] == 200
    assert len(got["callbacks"]) >= 10 and any(out.startswith("..attacks-grid.rowData") for out in got["callbacks"])
    assert {out: answer for out, answer in got["callbacks"].items() if answer != [200, False]} == {}


def test_the_load_clients_connection_gets_what_httpx_gets(tmp_path):
    """bench/loadclient.py (issue 17: httpx's 50-connection pool cost the load test's clients about 7 ms of CPU a
    request, on the cores the server runs on): every distinct request of the load test, sent on one keep-alive
    connection, gets the answer httpx gets, decompressed (the server sends brotli), and passes check()."""
    import asyncio

    import httpx

    from bench.load import Outcome, check, requests_for
    from bench.loadclient import Connection, encoded
    from tests.serving import Server

    store = build_store(tmp_path, [str(SAMPLE)])
    server = Server(store, tmp_path / "serve.log")
    try:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            http.get("/")
            work = requests_for(http.get("/_dash-dependencies").json(), store)
            distinct = list({json.dumps(b, sort_keys=True): (b, e) for b, e in work}.values())
            expected = [http.post("/_dash-update-component", json=b) for b, _ in distinct]

        async def send_all():
            conn = Connection("127.0.0.1", server.port, timeout=60)
            try:
                return [await conn.post("/_dash-update-component", encoded(b)) for b, _ in distinct]
            finally:
                await conn.close()

        got = asyncio.run(send_all())
    finally:
        server.stop()
    assert len(got) == len(distinct) > 100
    assert [a.status_code for a in got] == [a.status_code for a in expected]
    assert any(a.headers.get(b"content-encoding") == b"br" for a in got)
    assert [a.json() for a in got if a.status_code == 200] == [a.json() for a in expected if a.status_code == 200]
    outcome = Outcome()
    assert [check(a, e, outcome) for a, (_, e) in zip(got, distinct, strict=True)] == [None] * len(got)
