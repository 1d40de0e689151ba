"""The dashboard keeps serving while a refresh runs (issue "the dashboard under load and attack"): a short,
bounded run of bench/load.py (the full one is `make load`). Ten clients send the browser's filter-callback
requests to `strikes serve` with two worker processes while `strikes refresh` replaces the store again and
again; every answer must be a good callback answer. No timing is asserted: the machine is shared."""

from __future__ import annotations

from bench.load import Load, build_store, run_load
from tests.conftest import SAMPLE


def test_no_errors_while_refreshes_replace_the_store(tmp_path):
    sources = [str(SAMPLE)]  # no ../shared needed; a short refresh makes several swaps in the window
    store = build_store(tmp_path, sources)
    cfg = Load(clients=10, seconds=10, max_seconds=120, min_refreshes=2, max_requests=5_000, timeout=60)
    outcome = run_load(store, sources, cfg, tmp_path)
    assert outcome.errors == [] and outcome.refresh_failures == []
    assert outcome.refreshes >= 2
    assert len(outcome.versions) >= 2  # the server answered from more than one version of the store
    assert len(outcome.latencies_ms) == outcome.requests > 50
