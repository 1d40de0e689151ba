"""Reading the store file: whole tables, or some columns of the rows a refresh needs, from a store of any
version (missing tables read empty, missing columns null, renamed columns under their new name). Values reach
DuckDB as registered frames; only the schema's own table and column names are formatted into SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl.schemas import RENAMED, TABLES, polars_schema

__all__ = ["read_tables", "read_columns", "columns_of", "selected"]


def read_tables(store: Path, names: tuple[str, ...] = tuple(TABLES),
                columns: dict[str, list[str]] | None = None) -> dict[str, pl.DataFrame]:
    """The tables of a store file as polars frames (empty frames when there is no store yet); `columns`: only
    these columns of the tables it names. The columns left out are read through all the same, not kept, so that
    a file that cannot be read in full still fails here.

    A store written by an older version reads too: missing tables are empty, missing columns null.
    """
    wanted = {name: (columns or {}).get(name) or list(polars_schema(TABLES[name])) for name in names}
    if not store.exists():
        return {name: _empty(name, cols) for name, cols in wanted.items()}
    con = duckdb.connect(str(store), read_only=True)
    try:
        present = columns_of(con)
        for name, cols in wanted.items():
            _read_through(con, name, [c for c in polars_schema(TABLES[name]) if c not in cols], present)
        return {name: _read(con, name, cols, present) for name, cols in wanted.items()}
    finally:
        con.close()


def _read_through(con, table: str, columns: list[str], present: dict[str, set[str]]) -> None:
    """Read every value of some columns of a table and keep none (the bytes of each string are summed)."""
    have = [c for c in columns if c in present.get(table, set())]
    if have:
        sums = ", ".join(f'sum(strlen(CAST("{c}" AS VARCHAR)))' for c in have)
        con.sql(f"SELECT {sums} FROM {table}").fetchall()


def read_columns(store: Path, table: str, columns: list[str], keys: tuple[str, list] | None = None) -> pl.DataFrame:
    """Some columns of one table, optionally only the rows whose `keys[0]` is among `keys[1]` (a refresh
    reads what it compares and what it reconciles again, not the report texts)."""
    schema = polars_schema(TABLES[table])
    if not store.exists():
        return pl.DataFrame(schema={c: schema[c] for c in columns})
    con = duckdb.connect(str(store), read_only=True)
    try:
        where = None
        if keys is not None:
            column, values = keys
            con.register("wanted", pl.DataFrame({"v": values}, schema={"v": schema[column]}).to_arrow())
            where = f'"{column}" IN (SELECT v FROM wanted)'
        return _read(con, table, columns, columns_of(con), where)
    finally:
        con.close()


def columns_of(con, catalog: str | None = None) -> dict[str, set[str]]:
    """Table -> column names in a database (the connection's own unless `catalog` names an attached one)."""
    rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_catalog = coalesce(?, current_database())", [catalog]).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


def selected(table: str, columns: list[str], have: set[str]) -> str:
    """The SELECT list of some columns of a table as a store of any version has them (renamed or missing)."""
    old = RENAMED.get(table, {})
    out = []
    for c in columns:
        if c in have:
            out.append(f'"{c}"')
        elif old.get(c) in have:
            out.append(f'"{old[c]}" AS "{c}"')
        else:
            out.append(f'NULL AS "{c}"')
    return ", ".join(out)


def _empty(table: str, columns: list[str]) -> pl.DataFrame:
    schema = polars_schema(TABLES[table])
    return pl.DataFrame(schema={c: schema[c] for c in columns})


def _read(con, table: str, columns: list[str], present: dict[str, set[str]], where: str | None = None):
    schema = polars_schema(TABLES[table])
    have = present.get(table, set())
    if not have:
        return _empty(table, columns)
    sql = f"SELECT {selected(table, columns, have)} FROM {table}" + (f" WHERE {where}" if where else "")
    frame = pl.from_arrow(con.sql(sql).to_arrow_table())
    return frame.select([pl.col(c).cast(schema[c]) for c in columns])
