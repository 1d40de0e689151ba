"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent (a user's clone);
with STRIKES_REQUIRE_SHARED=1 (set by .ci/run) they fail instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "data" / "sample"
KAGGLE_CSV = SHARED / "data" / "external" / "ua-air-defense-tracker" / "missile_attacks_daily.csv"

# tests/test_fuzz.py: the same examples on every run (CI is reproducible; no example database is kept)
# and no per-example deadline on a loaded machine. max_examples is the budget of the cheapest fuzz test; the
# dearer ones take a share of it. A longer run with a new seed each time: STRIKES_FUZZ_PROFILE=fuzz-deep.
_FUZZ = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("fuzz", derandomize=True, max_examples=600, **_FUZZ)
settings.register_profile("fuzz-deep", derandomize=False, max_examples=5000, **_FUZZ)


def dev_corpus_store(tmp_path_factory, name: str, extra: dict[str, str] | None = None) -> Path:
    """A store refreshed from a copy of the dev corpus (and `extra` reports: file name -> text)."""
    from etl.refresh import refresh

    path = tmp_path_factory.mktemp(name) / "s.duckdb"
    reports = tmp_path_factory.mktemp(f"{name}-reports")
    for p in (SAMPLE / "corpus-dev").glob("*.txt"):
        (reports / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    for file_name, text in (extra or {}).items():
        (reports / file_name).write_text(text, encoding="utf-8")
    refresh(path, [str(reports)])
    return path


def need_shared(path: Path = SHARED) -> Path:
    """The path inside ../shared, or skip (fail in CI) when it is missing."""
    if path.exists():
        return path
    reason = f"{path} is absent: this test needs the ../shared folder beside the repository"
    if os.environ.get("STRIKES_REQUIRE_SHARED") == "1":
        pytest.fail(reason + " (STRIKES_REQUIRE_SHARED=1)")
    pytest.skip(reason)


@pytest.fixture
def shared() -> Path:
    """The ../shared folder."""
    return need_shared()


@pytest.fixture
def kaggle_csv() -> Path:
    """The shared copy of the Kaggle table missile_attacks_daily.csv."""
    return need_shared(KAGGLE_CSV)


@pytest.fixture(scope="session")
def kaggle_store(tmp_path_factory) -> Path:
    """A store built once per session from data/sample and the Kaggle table in ../shared (do not refresh it:
    copy it first)."""
    from etl.refresh import refresh

    kaggle = need_shared(KAGGLE_CSV)
    path = tmp_path_factory.mktemp("kaggle-store") / "strikes.duckdb"
    refresh(path, [str(SAMPLE), f"kaggle:{kaggle}"])
    return path


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory) -> Path:
    """A store of reports carrying script tags and spreadsheet formulas, plus the dev corpus (tests/hostile.py)."""
    from tests.hostile import build_store

    return build_store(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def hostile_server(hostile_store, tmp_path_factory):
    """`strikes serve` with two worker processes on the hostile store (shared by the serving and browser tests)."""
    from tests.serving import Server

    server = Server(hostile_store, tmp_path_factory.mktemp("hostile-logs") / "serve.log", args=("--workers", "2"))
    yield server
    server.stop()


@pytest.fixture
def http():
    """(answers, base URL) of a local HTTP server on 127.0.0.1 whose answers the test sets (tests/feedserver.py)."""
    from tests.feedserver import Answers, serve

    answers = Answers()
    url, stop = serve(answers)
    yield answers, url
    stop()


def volumes_request(app, store: Path):
    """A test client of the app with the Overview loaded, the dependency of its volumes chart callback, and the body
    of that callback for the default filters (the request a browser sends first)."""
    from bench.dashboard_callbacks import filter_callbacks, payload
    from dashboard import data

    client = app.server.test_client()
    client.get("/")
    dep = next(d for d in filter_callbacks(client.get("/_dash-dependencies").get_json())
               if d["output"].startswith("..overview-volumes.figure"))
    return client, dep, payload(dep, data.default_filters(store))
