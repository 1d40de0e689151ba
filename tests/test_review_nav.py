"""Issue 16: the dashboard's navigation links to the Review page for a user who may review, and never for a
read-only viewer (no basic auth, or a basic-auth user not in review_users). Through the app's own server."""

from __future__ import annotations

import json

import pytest

from dashboard.app import create_app
from dashboard.auth import hash_password
from dashboard.shell import REVIEW_NAV, REVIEW_PATH
from tests.serving import basic

USER, PASSWORD = "ana", "review-pass"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return tmp_path_factory.mktemp("nav") / "missing.duckdb"  # the shell's navigation does not need data


def layout(store, settings: dict, headers: dict | None = None) -> dict[str, str | None]:
    """The id -> href of every component of the page the server gives this user."""
    answer = create_app(store, {"rate_min_launched": 20, **settings}).server.test_client().get(
        "/_dash-layout", headers=headers or {})
    assert answer.status_code == 200, answer.status_code
    found: dict[str, str | None] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if isinstance(props.get("id"), str):
                found[props["id"]] = props.get("href")
            for value in (*node.values(), *props.values()):
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(answer.get_data(as_text=True)))
    return found


def test_the_review_user_gets_a_link_to_the_review_page(store):
    got = layout(store, {"auth_user": USER, "auth_password_hash": hash_password(PASSWORD)}, basic(USER, PASSWORD))
    assert got[REVIEW_NAV] == REVIEW_PATH
    assert "shell-nav-attacks" in got  # beside the pages' links


def test_a_user_listed_in_review_users_gets_the_link_and_the_basic_auth_user_then_does_not(store):
    settings = {"auth_user": USER, "auth_password_hash": hash_password(PASSWORD), "review_users": [USER]}
    assert layout(store, settings, basic(USER, PASSWORD))[REVIEW_NAV] == REVIEW_PATH
    settings["review_users"] = ["editor"]
    got = layout(store, settings, basic(USER, PASSWORD))
    assert REVIEW_NAV not in got and "shell-nav-attacks" in got


def test_without_basic_auth_nobody_gets_the_link(store):
    got = layout(store, {})
    assert REVIEW_NAV not in got and "shell-nav-attacks" in got
