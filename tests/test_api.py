"""The open-data API (issue 19): /api/v1/<table>.json and .csv equal `strikes export` for the same filters, paging
walks every row once, bad parameters are a 400 naming them, basic auth covers it, and /api/v1/openapi.json
validates. One app (with auth on), driven through Flask's test client."""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

import polars as pl
import pytest
from typer.testing import CliRunner

from dashboard.api import MAX_LIMIT
from dashboard.app import create_app
from dashboard.auth import hash_password
from etl.cli import app
from etl.query import columns
from tests.conftest import dev_corpus_store
from tests.serving import basic

USER, PASSWORD = "newsroom", "open data 19"
AUTH = basic(USER, PASSWORD)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return dev_corpus_store(tmp_path_factory, "api")


@pytest.fixture(scope="module")
def http(store):
    settings = {"auth_user": USER, "auth_password_hash": hash_password(PASSWORD), "rate_min_launched": 20}
    return create_app(store, settings).server.test_client()


def export(store, fmt: str, out, *args: str) -> None:
    """`strikes export`, run in this process (the command itself, without a Python start per call)."""
    result = CliRunner().invoke(app, ["export", "--store", str(store), "--format", fmt, "-o", str(out), *args])
    assert result.exit_code == 0, result.output


def walk(http, table: str, params: list[tuple[str, str]]) -> tuple[list[dict], int]:
    """Every row of a table through the `next` links, and how many pages it took."""
    url, rows, pages = f"/api/v1/{table}.json?{urlencode(params)}", [], 0
    while url:
        answer = http.get(url, headers=AUTH)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        body = answer.get_json()
        assert list(body)[:4] == ["data_version", "filters", "rows", "next"]
        rows, url, pages = rows + body["rows"], body["next"], pages + 1
    return rows, pages


# (API parameters, the same filters as `strikes export` options)
FILTER_SETS = [
    ("attacks", [("from", "2024-12-01"), ("to", "2025-02-28"), ("weapon", "missile")],
     ["--from", "2024-12-01", "--to", "2025-02-28", "--weapon", "missile"]),
    ("attacks", [("kind", "official"), ("kind", "press"), ("lang", "en"), ("type", "cruise_missile")],
     ["--source-kind", "official", "--source-kind", "press", "--language", "en", "--type", "cruise_missile"]),
    ("attacks", [("attacker", "RU"), ("weapon", "drone"), ("weapon", "missile"), ("rows", "class")],
     ["--attacker", "RU", "--weapon", "drone", "--weapon", "missile", "--rows", "class"]),
    ("strike_claims", [("attacker", "UA")], ["--attacker", "UA"]),
    ("outage_claims", [("from", "2024-01-01"), ("lang", "uk")], ["--from", "2024-01-01", "--language", "uk"]),
    ("reports", [("kind", "press")], ["--source-kind", "press"]),
    ("problems", [], []),
    ("refresh_runs", [], []),
]


@pytest.mark.parametrize("table, params, options", FILTER_SETS)
def test_the_api_s_rows_equal_strikes_export(http, store, tmp_path, table, params, options):
    """Issue 19: the JSON rows (walked in pages of 7) and the CSV equal `strikes export` with the same filters."""
    export(store, "parquet", tmp_path / "x.parquet", "--table", table, *options)
    export(store, "csv", tmp_path / "x.csv", "--table", table, *options)
    expected = pl.read_parquet(tmp_path / "x.parquet")
    rows, _ = walk(http, table, [*params, ("limit", "7")])
    schema = expected.schema
    got = pl.DataFrame(rows, schema={c: pl.String if schema[c].is_temporal() else schema[c] for c in schema})
    got = got.with_columns(pl.col(c).str.to_datetime(time_zone="UTC") if isinstance(schema[c], pl.Datetime) else
                           pl.col(c).str.to_date() for c in schema if schema[c].is_temporal())
    assert got.equals(expected.select(got.columns)) and got.columns == expected.columns
    if table in ("attacks", "strike_claims", "outage_claims", "reports"):
        assert expected.height > 0, f"{table} {params}: the filter set selects nothing, so it tests nothing"
    csv = http.get(f"/api/v1/{table}.csv?{urlencode([*params, ('limit', str(MAX_LIMIT))])}", headers=AUTH)
    assert csv.status_code == 200 and csv.get_data(as_text=True) == (tmp_path / "x.csv").read_text(encoding="utf-8")


def test_paging_walks_every_row_once(http, store):
    """Pages of 5 give every strike claim once, in the order of one page of all, and the last has no `next`."""
    everything = http.get(f"/api/v1/strike_claims.json?limit={MAX_LIMIT}", headers=AUTH).get_json()
    assert everything["next"] is None and everything["total"] == len(everything["rows"]) > 12
    rows, pages = walk(http, "strike_claims", [("limit", "5")])
    assert rows == everything["rows"] and len(rows) == everything["total"]
    assert pages == -(-len(rows) // 5)
    first = http.get("/api/v1/strike_claims.csv?limit=5", headers=AUTH)
    assert 'rel="next"' in first.headers["Link"] and "offset=5" in first.headers["Link"]
    assert len(pl.read_csv(io.BytesIO(first.data))) == 5


def test_json_has_iso_dates_numbers_as_numbers_and_the_data_version(http, store):
    body = http.get("/api/v1/attacks.json?from=2024-12-01&weapon=drone&limit=3", headers=AUTH).get_json()
    row = body["rows"][0]
    assert isinstance(row["launched"], int) and isinstance(row["disagreement"], bool)
    assert len(row["attack_date"]) == 10 and row["attack_date"] >= "2024-12-01"
    runs = http.get("/api/v1/refresh_runs.json", headers=AUTH).get_json()["rows"]
    assert body["data_version"] == max(runs, key=lambda r: r["finished"])["run_id"]
    assert runs[0]["finished"].endswith("+00:00") and "T" in runs[0]["finished"]
    assert body["filters"] == {"from": "2024-12-01", "to": None, "attacker": None, "weapon": ["drone"], "type": [],
                               "kind": [], "lang": [], "rows": "all"}
    assert "version=" + body["data_version"] in body["next"]


@pytest.mark.parametrize("query, parameter, message", [
    ("weapon=tank", "weapon", "Unknown weapon class 'tank' (known: missile, drone, glide_bomb)"),
    ("from=13.12.2024", "from", "The date from='13.12.2024' is not a day (YYYY-MM-DD)"),
    ("attacker=XX", "attacker", "Unknown attacker 'XX'"),
    ("lang=fr", "lang", "Unknown language 'fr'"),
    ("kind=blog", "kind", "Unknown source kind 'blog'"),
    ("from=2025-02-01&to=2025-01-01", "from", "The start date 2025-02-01 is after the end date 2025-01-01"),
    ("weapons=drone", "weapons", "unknown parameter 'weapons'"),
    ("attacker=RU&attacker=UA", "attacker", "parameter 'attacker' is given 2 times"),
    ("limit=0", "limit", "bad parameter 'limit': '0' is not a whole number between 1 and 10000"),
    (f"limit={MAX_LIMIT + 1}", "limit", "between 1 and 10000"),
    ("offset=-1", "offset", "bad parameter 'offset'"),
    ("rows=some", "rows", "bad parameter 'rows'"),
])
def test_a_bad_parameter_is_a_400_naming_it(http, query, parameter, message):
    answer = http.get(f"/api/v1/attacks.json?{query}", headers=AUTH)
    assert answer.status_code == 400 and answer.get_json()["parameter"] == parameter
    assert message in answer.get_json()["error"] and answer.headers["Access-Control-Allow-Origin"] == "*"


def test_a_filter_a_table_has_no_column_for_is_a_400(http):
    answer = http.get("/api/v1/problems.json?weapon=drone", headers=AUTH)
    assert answer.status_code == 400 and "the problems table has no weapon or attacker column" in answer.get_json()[
        "error"]


def test_unknown_tables_are_404_and_the_api_is_read_only(http):
    assert http.get("/api/v1/alerts.json", headers=AUTH).status_code == 404
    assert http.get("/api/v1/reviews.json", headers=AUTH).status_code == 404
    assert http.get("/api/v1/attacks.xml", headers=AUTH).status_code == 404
    for method in (http.post, http.put, http.delete, http.patch):
        assert method("/api/v1/attacks.json", headers=AUTH).status_code == 405


def test_a_refresh_between_pages_is_a_409_not_a_page_of_another_version(http):
    answer = http.get("/api/v1/attacks.json?limit=2&version=0123456789ab", headers=AUTH)
    assert answer.status_code == 409 and answer.get_json()["parameter"] == "version"
    assert "start again from the first page" in answer.get_json()["error"]


def test_cors_for_get(http):
    answer = http.get("/api/v1/attacks.json?limit=1", headers={**AUTH, "Origin": "https://newsroom.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*" and "GET" in answer.headers[
        "Access-Control-Allow-Methods"]


@pytest.mark.parametrize("path", ["/api/v1/attacks.json", "/api/v1/attacks.csv", "/api/v1/openapi.json",
                                  "/feeds/attacks.atom"])
def test_the_api_needs_the_dashboard_s_password_when_auth_is_on(http, path):
    assert http.get(path).status_code == 401
    assert http.get(path, headers=basic(USER, "wrong")).status_code == 401
    assert http.get(path, headers=AUTH).status_code == 200


def test_the_openapi_document_validates_and_describes_every_table(http):
    from openapi_spec_validator import validate

    answer = http.get("/api/v1/openapi.json", headers=AUTH)
    document = json.loads(answer.data)
    validate(document)
    for table in ("attacks", "strike_claims", "outage_claims", "reports", "problems", "refresh_runs"):
        assert {f"/api/v1/{table}.json", f"/api/v1/{table}.csv"} <= set(document["paths"])
        assert set(document["components"]["schemas"][table]["properties"]) == set(columns(table))
    assert document["components"]["schemas"]["attacks"]["properties"]["launched"]["type"] == ["integer", "null"]
    assert {"review", "second_look"} <= set(document["components"]["schemas"]["strike_claims"]["properties"])
