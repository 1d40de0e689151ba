"""The JSON and CSV API: `/api/v1/<table>.json` and `.csv`, read-only, through the one read path (etl/query.py).

The filter parameters are the dashboard address's (`from`, `to`, `attacker`, `weapon`, `type`, `kind`, `lang`) and
are checked by the same code (dashboard/urlstate.py); where the address falls back to a default with a notice, the
API answers 400 naming the parameter. Rows come in pages (`limit`, at most MAX_LIMIT, and `offset`); the `next`
link pins the data version, so a refresh between two pages is a 409, never a page of another version. The same
basic auth as the dashboard covers these routes (it sits in front of the whole server: dashboard/app.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import urlencode

import polars as pl
from flask import Flask, Response, request

from dashboard.urlstate import read_search
from etl.bundle import bundle_files, filter_echo
from etl.csvout import to_csv
from etl.query import ROW_KINDS, FilterError, Filters, export_rows, snapshot

__all__ = ["install", "API_TABLES", "FILTER_KEYS", "PAGE_KEYS", "DEFAULT_LIMIT", "MAX_LIMIT", "ApiError",
           "request_filters", "page_of"]

API_TABLES = ("attacks", "strike_claims", "outage_claims", "reports", "problems", "refresh_runs")
FILTER_KEYS = ("from", "to", "attacker", "weapon", "type", "kind", "lang")
LISTS = ("weapon", "type", "kind", "lang")  # repeatable; the others are single-valued
PAGE_KEYS = ("rows", "limit", "offset", "version")
DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS"}


class ApiError(ValueError):
    """A request the API refuses: its status and message (naming the parameter)."""

    def __init__(self, message: str, status: int = 400, parameter: str | None = None):
        super().__init__(message)
        self.status, self.parameter = status, parameter


def request_filters(args) -> Filters:
    """The filters a request's parameters ask for, checked as the dashboard's address is; ApiError when one is bad."""
    for key in args:
        if key not in FILTER_KEYS + PAGE_KEYS:
            raise ApiError(f"unknown parameter {key!r}; the parameters are {', '.join(FILTER_KEYS + PAGE_KEYS)}",
                           parameter=key)
        if key not in LISTS and len(args.getlist(key)) > 1:
            raise ApiError(f"parameter {key!r} is given {len(args.getlist(key))} times; give it once", parameter=key)
    pairs = [(k, v) for k in FILTER_KEYS for v in args.getlist(k)]
    for key in dict(pairs):
        notes = read_search(urlencode([(k, v) for k, v in pairs if k == key]), Filters())[1]
        if notes:
            raise ApiError(f"bad parameter {key!r}: {_as_error(notes[0])}", parameter=key)
    filters, notes = read_search(urlencode(pairs), Filters())
    if notes:
        raise ApiError(f"bad parameters 'from' and 'to': {_as_error(notes[0])}", parameter="from")
    return filters


def _as_error(note: str) -> str:
    """An address notice ("... ignored", "...; showing the default ...") said as the reason for a refusal."""
    return note.split("; showing")[0].replace(" ignored", "").rstrip(".")


def _integer(args, key: str, default: int, low: int, high: int | None = None) -> int:
    value = args.get(key)
    if value is None:
        return default
    if not value.isdigit() or int(value) < low or (high is not None and int(value) > high):
        upper = f" and {high}" if high is not None else " or more"
        raise ApiError(f"bad parameter {key!r}: {value[:40]!r} is not a whole number between {low}{upper}",
                       parameter=key)
    return int(value)


def page_of(table: str, args, store: str) -> tuple[pl.DataFrame, dict]:
    """One page of a table's rows and what the JSON says around them (data version, filters, next link)."""
    filters = request_filters(args)
    rows = args.get("rows", "all")
    if rows not in ROW_KINDS:
        raise ApiError(f"bad parameter 'rows': {rows[:40]!r} is not one of {', '.join(ROW_KINDS)}", parameter="rows")
    limit = _integer(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _integer(args, "offset", 0, 0)
    snap = snapshot(store)
    if snap.missing:
        raise ApiError("there is no store yet: run `strikes refresh` first", status=503)
    version = snap.version
    if "version" in args and args["version"] != (version or ""):
        raise ApiError(f"the data changed since this paging began (version {args['version'][:40]!r}, now "
                       f"{version!r}): start again from the first page", status=409, parameter="version")
    try:
        frame = export_rows(table, filters, store, rows)
    except FilterError as exc:
        raise ApiError(str(exc)) from exc
    page = frame.slice(offset, limit)
    more = offset + page.height < frame.height
    following = [(k, v) for k, v in args.items(multi=True) if k not in ("offset", "version")]
    following += [("offset", str(offset + limit)), ("version", version or "")]
    meta = {"data_version": version, "filters": filter_echo(filters, rows), "total": frame.height, "offset": offset,
            "limit": limit, "next": f"{request.path}?{urlencode(following)}" if more else None}
    return page, meta


def json_default(value):
    """ISO dates and times for json.dumps."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _error(exc: ApiError) -> Response:
    body = {"error": str(exc), **({"parameter": exc.parameter} if exc.parameter else {})}
    return Response(json.dumps(body) + "\n", status=exc.status, mimetype="application/json", headers=CORS)


def _bundle(table: str, store: str) -> Response:
    """All the rows the filters select as a zip: the CSV and its manifest (etl/bundle.py), as `strikes export
    --bundle` writes them."""
    import io
    import zipfile

    try:
        if any(key in request.args for key in ("limit", "offset", "version")):
            raise ApiError("a bundle holds every row: 'limit', 'offset' and 'version' do not apply to .zip")
        filters, rows = request_filters(request.args), request.args.get("rows", "all")
        frame = export_rows(table, filters, store, rows)
    except FilterError as exc:
        return _error(ApiError(str(exc)))
    except ApiError as exc:
        return _error(exc)
    snap = snapshot(store)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in bundle_files(table, rows, filters, frame, snap.tables["refresh_runs"], "csv").items():
            archive.writestr(name, body)
    headers = {**CORS, "X-Data-Version": snap.version or "",
               "Content-Disposition": f'attachment; filename="strikes-{table}-{snap.version or "none"}.zip"'}
    return Response(buffer.getvalue(), mimetype="application/zip", headers=headers)


def install(server: Flask, store: str) -> None:
    """Add the API's GET routes and /api/v1/openapi.json to the server."""
    from dashboard.openapi import document

    @server.get("/api/v1/<table>.<fmt>")
    def api_table(table: str, fmt: str):
        if table not in API_TABLES or fmt not in ("json", "csv", "zip"):
            return _error(ApiError(f"no such table or format: {table}.{fmt[:10]}; the tables are "
                                   f"{', '.join(API_TABLES)}, as .json, .csv or .zip (a bundle)", status=404))
        if fmt == "zip":
            return _bundle(table, store)
        try:
            page, meta = page_of(table, request.args, store)
        except ApiError as exc:
            return _error(exc)
        headers = {**CORS, "X-Data-Version": meta["data_version"] or ""}
        if fmt == "csv":
            if meta["next"]:
                headers["Link"] = f'<{meta["next"]}>; rel="next"'
            return Response(to_csv(page), mimetype="text/csv", headers=headers)
        body = {"data_version": meta["data_version"], "filters": meta["filters"], "rows": page.to_dicts(),
                "next": meta["next"], **{k: meta[k] for k in ("total", "offset", "limit")}}
        return Response(json.dumps(body, default=json_default, ensure_ascii=False) + "\n",
                        mimetype="application/json", headers=headers)

    @server.get("/api/v1/openapi.json")
    def api_openapi():
        return Response(json.dumps(document(), indent=1) + "\n", mimetype="application/json", headers=CORS)
