"""A page sent with its first content (dashboard/prerender.py, issue 17: time to a drawn Overview): the layout a page
asks for holds its view, the router's location and the filters of its address, and the Overview's cards, charts and
tables already answered, equal to what their callbacks answer for the inputs the page then sends."""

from __future__ import annotations

import json

import dash
import pytest
from dash._utils import to_json

from dashboard.app import create_app
from dashboard.prerender import FIRST_OUTPUTS
from etl.settings import load_settings
from tests.conftest import dev_corpus_store

OVERVIEW_ADDRESS = "/?from=2024-01-01&to=2025-06-30&attacker=RU&weapon=drone&weapon=missile&res=week&suppressed=0"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return dev_corpus_store(tmp_path_factory, "prerender")


@pytest.fixture(scope="module")
def app(store):
    return create_app(store, {})


def props(node) -> dict[str, dict]:
    """Every component of a layout (as JSON) with an id: id -> its props."""
    found: dict[str, dict] = {}

    def walk(n):
        if isinstance(n, list):
            for item in n:
                walk(item)
        elif isinstance(n, dict):
            if "props" in n and "type" in n:
                if isinstance(n["props"].get("id"), str):
                    found[n["props"]["id"]] = n["props"]
                for value in n["props"].values():
                    walk(value)
            else:
                for value in n.values():
                    walk(value)

    walk(node)
    return found


def layout_for(app, referrer: str | None) -> dict[str, dict]:
    client = app.server.test_client()
    client.get("/")
    headers = {"Referer": referrer} if referrer else {}
    return props(client.get("/_dash-layout", headers=headers).get_json())


def answer_or_none(app, output: str, shown: dict[str, dict]) -> dict | None:
    """What the callback of `output` answers, or None when it sends nothing new (204)."""
    try:
        return answer(app, output, shown)
    except NoUpdate:
        return None


class NoUpdate(Exception):
    """The callback answered that nothing changes."""


def answer(app, output: str, shown: dict[str, dict]) -> dict:
    """What the callback of `output` answers for the inputs and states the page shows."""
    client = app.server.test_client()
    dep = next(d for d in client.get("/_dash-dependencies").get_json() if d["output"] == output)

    def filled(items):
        return [{**i, "value": shown[i["id"]].get(i["property"])} for i in items]

    parts = output.strip(".").split("...")
    outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    body = {"output": output, "outputs": outputs if output.startswith("..") else outputs[0],
            "inputs": filled(dep["inputs"]), "state": filled(dep["state"]),
            "changedPropIds": [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"]}
    response = client.post("/_dash-update-component", json=body)
    if response.status_code == 204:
        raise NoUpdate(output)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def test_the_overview_s_first_layout_holds_what_its_callbacks_answer_for_the_same_inputs(app):
    shown = layout_for(app, "http://localhost" + OVERVIEW_ADDRESS)
    assert shown["filters-store"]["data"]["weapons"] == ["drone", "missile"]
    assert shown["overview-resolution"]["value"] == "week" and shown["overview-suppressed"]["value"] is False
    drawn = shown["overview-volumes"]["figure"]
    assert drawn["data"] and shown["overview-rates"]["figure"]["data"] and shown["overview-headline"]["children"]
    for output in ("overview-headline.children", "..overview-volumes.figure...overview-markers.children..",
                   "..overview-rates.figure...overview-rate-trend.figure...overview-excluded.children..",
                   "overview-periods.children"):
        for component, got in answer(app, output, shown).items():
            for prop, value in got.items():
                assert json.dumps(shown[component].get(prop), sort_keys=True) == json.dumps(value, sort_keys=True), \
                    f"{component}.{prop}"


def test_the_router_and_the_filter_store_are_not_asked_again_for_the_address_sent(app):
    shown = layout_for(app, "http://localhost" + OVERVIEW_ADDRESS)
    assert shown["_pages_location"]["pathname"] == "/"
    assert shown["_pages_location"]["search"] == OVERVIEW_ADDRESS[1:]
    assert shown["shell-rendered"]["data"] == {"pathname": "/", "search": OVERVIEW_ADDRESS[1:]}
    assert shown["_pages_store"]["data"]["title"].startswith("Overview")
    shown["shell-url"]["search"] = OVERVIEW_ADDRESS[1:]  # what the address bar gives the filter callback
    deps = app.server.test_client().get("/_dash-dependencies").get_json()
    sync = next(d["output"] for d in deps if d["output"].startswith("..filters-dates.start_date"))
    assert "filters-store" not in answer(app, sync, shown)  # the store already holds the address's filters
    first = [d for d in deps if set(d["output"].strip(".").split("...")) & FIRST_OUTPUTS]
    assert len(first) == 6 and all(d["prevent_initial_call"] for d in first)


def test_the_shell_holds_the_address_links_and_banner_its_callbacks_would_answer(app):
    shown = layout_for(app, "http://localhost" + OVERVIEW_ADDRESS)
    assert shown["shell-url"]["pathname"] == "/" and shown["shell-url"]["search"] == OVERVIEW_ADDRESS[1:]
    assert shown["shell-view"]["data"] == {"path": "/", "res": "week", "rolling": None, "suppressed": "0",
                                           "alerts": None}
    search = shown["shell-search"]["data"]  # the address of what is shown, written into the address bar on load
    assert search.startswith("?from=2024-01-01&to=2025-06-30&attacker=RU&weapon=drone&weapon=missile")
    assert "res=week" in search and "suppressed=0" in search
    assert shown["shell-nav-weapons"]["href"].startswith("/weapons?from=2024-01-01")
    assert shown["shell-asof"]["children"].startswith("data as of")
    deps = app.server.test_client().get("/_dash-dependencies").get_json()
    for output in ("..shell-search.data...shell-nav-overview.href", "shell-demo.children"):
        dep = next(d for d in deps if d["output"].startswith(output))
        for component, got in answer(app, dep["output"], shown).items():
            for prop, value in got.items():
                assert json.dumps(shown[component].get(prop), sort_keys=True) == json.dumps(value, sort_keys=True), \
                    f"{component}.{prop}"
    view = next(d["output"] for d in deps if d["output"].startswith("shell-view.data@")
                and d["inputs"][0]["id"] == "overview-resolution")
    assert "shell-view" not in (answer_or_none(app, view, shown) or {})  # the options as the shell keeps them


def test_only_a_page_whose_layout_holds_its_first_outputs_is_sent_with_the_layout(app):
    # another page's callbacks would wait for the shell's, which send nothing new: they would never be called
    for referrer in (None, "http://elsewhere.example/?res=week", "http://localhost/no-such-page",
                     "http://localhost/weapons?res=week", "http://localhost/quality"):
        shown = layout_for(app, referrer)
        assert shown["_pages_content"].get("children") is None and "overview-volumes" not in shown
        assert shown["shell-rendered"].get("data") is None and shown["filters-store"].get("data") is None


def test_in_ukrainian_the_first_cards_are_in_ukrainian(app):
    shown = layout_for(app, "http://localhost/?ui=uk")
    assert "Ночі атак" in json.dumps(shown["overview-headline"]["children"], ensure_ascii=False)


def test_with_prerender_off_the_page_loads_as_before_issue_17(store):
    app = create_app(store, {**load_settings(), "prerender": False})
    shown = layout_for(app, "http://localhost" + OVERVIEW_ADDRESS)
    assert shown["_pages_content"].get("children") is None and shown["filters-store"].get("data") is None
    deps = app.server.test_client().get("/_dash-dependencies").get_json()
    first = [d for d in deps if set(d["output"].strip(".").split("...")) & FIRST_OUTPUTS]
    assert len(first) == 6 and not any(d["prevent_initial_call"] for d in first)
    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/")
    with app.server.test_request_context("/"):
        assert "figure" not in props(json.loads(to_json(layout(ui="en", res="week"))))["overview-volumes"]
