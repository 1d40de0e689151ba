"""The OpenAPI 3.1 description of the API (dashboard/api.py), built from the table schemas (etl/schemas.py), so a
column added to a table is described without anyone writing it here. No I/O."""

from __future__ import annotations

import polars as pl

from dashboard.api import API_TABLES, DEFAULT_LIMIT, FILTER_KEYS, LISTS, MAX_LIMIT
from dashboard.urlstate import LANGUAGES
from etl.model import ATTACKERS, TYPES, WEAPONS
from etl.query import ROW_KINDS, columns
from etl.schemas import SOURCE_KINDS

__all__ = ["document"]

ALLOWED = {"attacker": ATTACKERS, "weapon": WEAPONS, "type": TYPES, "kind": SOURCE_KINDS, "lang": LANGUAGES}
HELP = {
    "from": "First day (YYYY-MM-DD) of the attack date (claims: their day or period; outages: their date).",
    "to": "Last day (YYYY-MM-DD).",
    "attacker": "RU (Russia on Ukraine) or UA (Ukraine on Russia).",
    "weapon": "Weapon class; repeat for several.",
    "type": "Weapon type; repeat for several.",
    "kind": "Source kind: attacks are then reconciled from those sources only; repeat for several.",
    "lang": "Report language; repeat for several.",
}


def _column(dtype: pl.DataType) -> dict:
    """The JSON schema of one column's values (every column may be null)."""
    if dtype == pl.Date:
        kind = {"type": "string", "format": "date"}
    elif isinstance(dtype, pl.Datetime):
        kind = {"type": "string", "format": "date-time"}
    elif dtype.is_integer():
        kind = {"type": "integer"}
    elif dtype.is_float():
        kind = {"type": "number"}
    elif dtype == pl.Boolean:
        kind = {"type": "boolean"}
    else:
        kind = {"type": "string"}
    return {"type": [kind["type"], "null"], **{k: v for k, v in kind.items() if k != "type"}}


def _parameters() -> list[dict]:
    out = []
    for key in FILTER_KEYS:
        schema = {"type": "string", "format": "date"} if key in ("from", "to") else {"type": "string"}
        if key in ALLOWED:
            schema["enum"] = list(ALLOWED[key])
        if key in LISTS:
            schema = {"type": "array", "items": schema}
        out.append({"name": key, "in": "query", "required": False, "description": HELP[key], "schema": schema,
                    **({"style": "form", "explode": True} if key in LISTS else {})})
    out += [
        {"name": "rows", "in": "query", "description": "attacks only: all rows, the class rows or the type rows.",
         "schema": {"type": "string", "enum": list(ROW_KINDS), "default": "all"}},
        {"name": "limit", "in": "query", "description": "Rows per page.",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
        {"name": "offset", "in": "query", "description": "Rows to skip.",
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
        {"name": "version", "in": "query", "description": "The data version the paging began with (the `next` "
         "link sets it): 409 when the data changed since.", "schema": {"type": "string"}},
    ]
    return out


def _error() -> dict:
    return {"description": "The error, naming the parameter when one is to blame.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _operation(table: str, fmt: str) -> dict:
    if fmt == "json":
        content = {"application/json": {"schema": {
            "type": "object", "required": ["data_version", "filters", "rows", "next"],
            "properties": {"data_version": {"type": ["string", "null"]}, "filters": {"type": "object"},
                           "rows": {"type": "array", "items": {"$ref": f"#/components/schemas/{table}"}},
                           "next": {"type": ["string", "null"], "format": "uri-reference"},
                           "total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"}}}}}
    else:
        content = {"text/csv": {"schema": {"type": "string"}}}
    return {"get": {
        "operationId": f"{table}_{fmt}", "summary": f"The {table} rows the filters select, one page, as {fmt}.",
        "parameters": [{"$ref": f"#/components/parameters/{p['name']}"} for p in _parameters()],
        "responses": {"200": {"description": f"One page of {table}.", "content": content},
                      "400": _error(), "409": _error(), "503": _error()}}}


def document() -> dict:
    """The OpenAPI document of /api/v1."""
    schemas = {table: {"type": "object", "properties": {c: _column(t) for c, t in columns(table).items()}}
               for table in API_TABLES}
    schemas["Error"] = {"type": "object", "required": ["error"],
                        "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}}}
    paths = {f"/api/v1/{table}.{fmt}": _operation(table, fmt) for table in API_TABLES for fmt in ("json", "csv")}
    return {
        "openapi": "3.1.0",
        "info": {"title": "strikes open data", "version": "1",
                 "description": "Air-attack and interception statistics for Ukraine: the tables of the store, "
                                "filtered as the dashboard filters them. Read-only."},
        "paths": paths,
        "components": {"schemas": schemas, "parameters": {p["name"]: p for p in _parameters()}},
    }
