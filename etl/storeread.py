"""Reading the store file: whole tables, or some columns of the rows a refresh needs, from a store of any
version (missing tables read empty, missing columns null, renamed columns under their new name). Values reach
DuckDB as parameters; only the schema's own table and column names are formatted into SQL."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import polars as pl

from etl.schemas import RENAMED, TABLES, polars_schema

__all__ = ["read_tables", "read_version", "read_columns", "columns_of", "selected"]

ROW_GROUP = 65_536  # rows DuckDB writes and polars reads at a time when a store version is read for the dashboard
SPILL_GROUP = 512  # rows in a row group of what the dashboard does not hold: a few rows are read at a time


def read_tables(store: Path, names: tuple[str, ...] = tuple(TABLES)) -> dict[str, pl.DataFrame]:
    """The tables of a store file as polars frames (empty frames when there is no store yet).

    A store written by an older version reads too: missing tables are empty, missing columns null.
    """
    if not store.exists():
        return {name: _empty(name, list(polars_schema(TABLES[name]))) for name in names}
    con = duckdb.connect(str(store), read_only=True)
    try:
        present = columns_of(con)
        return {name: _read(con, name, list(polars_schema(TABLES[name])), present) for name in names}
    finally:
        con.close()


def read_version(store: Path, columns: dict[str, list[str]], enums: dict[str, dict[str, tuple[str, ...]]],
                 spill: dict[str, list[str]], folder: Path) -> dict[str, pl.DataFrame]:
    """Some columns of every table of a store file, as the dashboard holds them: the text columns of `enums` as
    polars enums of the values the file holds and a vocabulary (a byte or two a row, not a 16-byte string view),
    columns with no value at all as a null constant. The `spill` columns of a table (its key and what is not held)
    are written to `folder/<table>.parquet` for etl/stored.py to read a few rows of; so every value of the file is
    read here, and a file that cannot be read in full fails here.

    DuckDB writes the tables to Parquet and is closed before polars reads the held columns a row group at a time
    (issue 17: the same tables handed over as Arrow left the server 300 MB larger for good).
    """
    if not store.exists():
        return {name: _empty(name, columns[name]) for name in TABLES}
    with tempfile.TemporaryDirectory(prefix="strikes-read-") as scratch:
        con = duckdb.connect(str(store), read_only=True)
        try:
            con.execute("SET threads = 1")  # one writer: the least memory, the file's own row order
            present, plans = columns_of(con), {}
            for name in TABLES:
                plans[name] = _to_parquet(con, name, columns[name], present, enums.get(name, {}), Path(scratch))
                if name in spill:
                    _to_parquet(con, name, spill[name], present, {}, folder, SPILL_GROUP)
        finally:
            con.close()
        return {name: _from_parquet(name, *plan) for name, plan in plans.items()}


def _to_parquet(con, table: str, columns: list[str], present: dict[str, set[str]], enums: dict[str, tuple[str, ...]],
                folder: Path, rows: int = ROW_GROUP) -> tuple[Path | None, dict[str, pl.DataType]]:
    """Where some columns of a table were written (None: no such table in the file), and their types (an enum of
    the values the file holds and a vocabulary for those of `enums`, else the schema's)."""
    schema, have = polars_schema(TABLES[table]), present.get(table, set())
    types = {c: _enum(con, table, c, have, enums[c]) if c in enums and have else schema[c] for c in columns}
    if not have:
        return None, types
    path = folder / f"{table}.parquet"
    con.sql(f"SELECT {selected(table, columns, have)} FROM {table}").write_parquet(str(path), row_group_size=rows)
    return path, types


def _from_parquet(table: str, path: Path | None, types: dict[str, pl.DataType]) -> pl.DataFrame:
    if path is None:
        return pl.DataFrame(schema=types)
    frame = pl.scan_parquet(path).select([pl.col(c).cast(t) for c, t in types.items()]).collect(engine="streaming")
    empty = [c for c in frame.columns if frame.height and frame[c].null_count() == frame.height]
    return frame.with_columns(pl.lit(None, types[c]).alias(c) for c in empty) if empty else frame


def read_columns(store: Path, table: str, columns: list[str], keys: tuple[str, list] | None = None) -> pl.DataFrame:
    """Some columns of one table, optionally only the rows whose `keys[0]` is among `keys[1]` (a refresh
    reads what it compares and what it reconciles again, not the report texts)."""
    schema = polars_schema(TABLES[table])
    if not store.exists():
        return pl.DataFrame(schema={c: schema[c] for c in columns})
    con = duckdb.connect(str(store), read_only=True)
    try:
        if keys is None:
            return _read(con, table, columns, columns_of(con))
        column, values = keys  # a list parameter: DuckDB reads the other columns of the matching rows only
        return _read(con, table, columns, columns_of(con), f'"{column}" = ANY($1)', [_values(values, schema[column])])
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


def _read(con, table: str, columns: list[str], present: dict[str, set[str]], where: str | None = None,
          params: list | None = None):
    schema = polars_schema(TABLES[table])
    have = present.get(table, set())
    if not have:
        return _empty(table, columns)
    sql = f"SELECT {selected(table, columns, have)} FROM {table}" + (f" WHERE {where}" if where else "")
    frame = pl.from_arrow(con.sql(sql, params=params).to_arrow_table())
    return frame.select([pl.col(c).cast(schema[c]) for c in columns])


def _values(values, dtype: pl.DataType) -> list:
    """Key values as a list DuckDB takes as a parameter, of the column's type."""
    return pl.Series(values, dtype=dtype).to_list()


def _enum(con, table: str, column: str, have: set[str], vocabulary: tuple[str, ...]) -> pl.Enum:
    """An enum of the values a text column of a table holds and a vocabulary, in their sort order (so rows sort
    as the text does)."""
    rows = con.sql(f"SELECT DISTINCT {selected(table, [column], have)} FROM {table}").fetchall()
    return pl.Enum(sorted({*vocabulary, *(value for (value,) in rows if value is not None)}))
