"""Bounded work for every request (issue 13, problem 5): `/?from=0001-01-01&to=9999-12-31` grew the server past
7-10 GB in a minute (a zero-filled calendar of 8,000 years) and years 1000-3000 gave a 265 MB response. Dates
outside the data's range (plus a margin) are clamped with a notice, the calendar is bounded, and so is every
callback's output. Against the data functions and against `strikes serve` in a subprocess."""

from __future__ import annotations

import json
import time
from datetime import date

import httpx
import pytest

from bench.dashboard_callbacks import filter_callbacks, payload
from dashboard import data
from dashboard.data import DATE_MARGIN, Filters
from dashboard.urlstate import read_search
from etl.refresh import refresh
from tests.conftest import SAMPLE
from tests.serving import Server, children

ABSURD = [(date(1, 1, 1), date(9999, 12, 31)), (date(1000, 1, 1), date(3000, 12, 31))]
RESPONSE_CAP = 2_000_000  # bytes: a callback's answer, whatever the dates asked for
MEMORY_CAP = 1 << 30  # the "under 1 GB", for the server process and its workers


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("bounded") / "s.duckdb"
    refresh(path, [str(SAMPLE)])
    return path


def _days(start: date, end: date) -> int:
    return (end - start).days + 1


@pytest.mark.parametrize("start, end", ABSURD)
def test_the_zero_filled_calendar_is_bounded_by_the_data(store, start, end):
    first, last = data.date_bounds(store)
    bound = _days(first - DATE_MARGIN, last + DATE_MARGIN)
    series = data.volumes(Filters(start=start, end=end), store, "day", rolling=True)
    assert series["period"].n_unique() <= bound
    assert series["period"].min() >= first - DATE_MARGIN and series["period"].max() <= last + DATE_MARGIN


@pytest.mark.parametrize("start, end", ABSURD)
def test_the_type_chart_s_calendar_is_bounded_by_the_data(store, start, end, monkeypatch):
    """The Weapons chart and its series export count each period's days on a calendar of the dates too (the real
    calendar, watched: its output leaves out the periods without data, so only its span shows the bound)."""
    from dashboard import series

    first, last = data.date_bounds(store)
    spans, real = [], series.calendar
    monkeypatch.setattr(series, "calendar", lambda a, b: spans.append((a, b)) or real(a, b))
    for resolution in ("week", "month"):
        assert not data.type_volumes(Filters(start=start, end=end), store, resolution).is_empty()
    assert spans == [(first - DATE_MARGIN, last + DATE_MARGIN)] * 2


@pytest.mark.parametrize("start, end", ABSURD)
def test_the_address_is_clamped_with_a_notice(store, start, end):
    first, last = data.date_bounds(store)
    filters, notes = read_search(f"?from={start.isoformat():0>10}&to={end}", data.default_filters(store),
                                 bounds=(first, last))
    assert (filters.start, filters.end) == (first - DATE_MARGIN, last + DATE_MARGIN)
    assert len(notes) == 1 and "lie outside the data" in notes[0], notes


def test_the_clamping_notice_is_in_the_interface_language(store):
    first, last = data.date_bounds(store)
    _, notes = read_search("?from=0001-01-01&to=9999-12-31", data.default_filters(store), (first, last), "uk")
    assert len(notes) == 1 and "лежать поза даними" in notes[0] and "0001-01-01" in notes[0], notes
    assert (last + DATE_MARGIN).isoformat() in notes[0] and "outside" not in notes[0]


def test_dates_near_the_data_are_left_alone(store):
    first, last = data.date_bounds(store)
    search = f"?from={first - DATE_MARGIN}&to={last}"
    filters, notes = read_search(search, data.default_filters(store), bounds=(first, last))
    assert (filters.start, filters.end, notes) == (first - DATE_MARGIN, last, [])


def _peak(pids: set[int]) -> int:
    """The highest resident memory (VmHWM) of some processes, in bytes."""
    peak = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) * 1024)
        except OSError:
            continue
    return peak


def test_the_absurd_range_settles_in_seconds_under_1_gb(store, tmp_path):
    """The whole attack against the real server: the address with the absurd range, then every filter callback
    sent the absurd dates straight (as a client that skips the address bar would)."""
    server = Server(store, tmp_path / "serve.log", args=("--workers", "2"))
    try:
        started = time.monotonic()
        with httpx.Client(base_url=server.url, timeout=120) as client:
            client.get("/")
            deps = client.get("/_dash-dependencies").json()
            for start, end in ABSURD:
                sync = next(d for d in filter_callbacks(deps) if d["output"].startswith("..filters-dates"))
                body = {**payload(sync, Filters(start=start, end=end, attacker="RU")),
                        "changedPropIds": ["shell-url.search"]}  # a page load at the absurd address
                answer = client.post("/_dash-update-component", json=body)
                assert answer.status_code == 200 and len(answer.content) < RESPONSE_CAP
                stored = answer.json()["response"]["filters-store"]["data"]
                assert stored["start"] >= "1990" and stored["end"] <= "2100", stored
                assert "lie outside the data" in json.dumps(answer.json()["response"]["filters-notice"])
                for dep in filter_callbacks(deps):
                    response = client.post("/_dash-update-component", json=payload(dep, Filters(start=start, end=end)))
                    assert response.status_code in (200, 204), response.text[:300]
                    assert len(response.content) < RESPONSE_CAP, (dep["output"], len(response.content))
        took = time.monotonic() - started
        peak = _peak({server.proc.pid, *children(server.proc.pid)})
    finally:
        server.stop()
    assert peak < MEMORY_CAP, f"{peak / 2**20:.0f} MiB"
    assert took < 120, f"{took:.0f} s"  # a watchdog, not a speed target: the unbounded calendar never finished
