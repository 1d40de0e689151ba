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
