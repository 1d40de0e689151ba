"""Reading the store file: whole tables, or some columns of the rows a refresh needs, from a store of any
version (missing tables read empty, missing columns null, renamed columns under their new name). Values reach
DuckDB as parameters; only the schema's own table and column names are formatted into SQL."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import duckdb
import polars as pl

from etl.schemas import RENAMED, TABLES, polars_schema
from etl.stored import KEYS

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
                 spill: dict[str, list[str]], folder: Path, volatile: dict[str, tuple[str, ...]] | None = None
                 ) -> tuple[dict[str, pl.DataFrame], str]:
    """Some columns of every table of a store file, as the dashboard holds them, and the digest of their content.
    The text columns of `enums` are polars enums of the values the file holds and a vocabulary (a byte or two a row,
    not a 16-byte string view), columns with no value at all a null constant. The `spill` columns of a table (its
    key and what is not held) are written to `folder/<table>.parquet` for etl/stored.py to read a few rows of; so
    every value of the file is read here, and a file that cannot be read in full fails here.

    DuckDB writes the tables to Parquet and is closed before polars reads the held columns a row group at a time
    (issue 17: the same tables handed over as Arrow left the server 300 MB larger for good). The digest is the
    SHA-256 of those Parquet files and the types read from them, leaving out the `volatile` columns (what changes
    with every refresh whatever the data: a table's own name for all of it): two files with the same digest hold
    the same values in the same order. A file whose data are unchanged may still get a new digest (its rows moved);
    never the other way round.
    """
    volatile = volatile or {}
    if not store.exists():
        return {name: _empty(name, columns[name]) for name in TABLES}, ""
    with tempfile.TemporaryDirectory(prefix="strikes-read-") as scratch:
        con = duckdb.connect(str(store), read_only=True)
        try:
            con.execute("SET threads = 1")  # one writer: the least memory, the file's own row order
            present, plans, digest = columns_of(con), {}, hashlib.sha256()
            for name in TABLES:
                plans[name] = _to_parquets(con, name, columns[name], volatile.get(name, ()), present,
                                           enums.get(name, {}), Path(scratch))
                if name in spill:
                    _to_parquet(con, name, spill[name], present, {}, folder, SPILL_GROUP)
                if not set(columns[name]) <= set(volatile.get(name, ())):  # a table not volatile whole
                    _digest(digest, name, plans[name][0], folder / f"{name}.parquet" if name in spill else None)
        finally:
            con.close()
        tables = {name: _joined([_from_parquet(name, *plan) for plan in parts], columns[name])
                  for name, parts in plans.items()}
        return tables, digest.hexdigest()


def _to_parquets(con, table: str, columns: list[str], volatile: tuple[str, ...], present: dict[str, set[str]],
                 enums: dict[str, tuple[str, ...]], folder: Path) -> list[tuple[Path | None, dict[str, pl.DataType]]]:
    """Where the columns of a table were written, as _to_parquet: in one file, or with some but not all of them
    volatile, in two (the others; the table's key and the volatile ones)."""
    moving = [c for c in columns if c in volatile]
    steady = [c for c in columns if c not in moving]
    if not moving or not steady:
        return [_to_parquet(con, table, columns, present, enums, folder)]
    key = [c for c in KEYS[table] if c in steady]
    if key != KEYS[table]:
        raise ValueError(f"the volatile columns of {table} are read with its key {KEYS[table]}: hold it too")
    return [_to_parquet(con, table, steady, present, enums, folder),
            _to_parquet(con, table, [*key, *moving], present, enums, folder, suffix="+")]


def _digest(digest, table: str, plan: tuple[Path | None, dict[str, pl.DataType]], spilled: Path | None) -> None:
    """Add a table's Parquet files (held and spilled, as written) and the types read from them to a digest."""
    path, types = plan
    digest.update(f"{table}\0{types!r}\0".encode())
    for part in (path, spilled):
        if part is None or not part.exists():
            digest.update(b"\0none\0")
            continue
        with part.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())


def _joined(parts: list[pl.DataFrame], columns: list[str]) -> pl.DataFrame:
    """A table read in two parts (its steady columns, and its key with the volatile ones) as one, in its order."""
    if len(parts) == 1:
        return parts[0]
    steady, moving = parts
    key = [c for c in moving.columns if c in steady.columns]
    return steady.join(moving, on=key, how="left", maintain_order="left").select(columns)


def _to_parquet(con, table: str, columns: list[str], present: dict[str, set[str]], enums: dict[str, tuple[str, ...]],
                folder: Path, rows: int = ROW_GROUP, suffix: str = "") -> tuple[Path | None, dict[str, pl.DataType]]:
    """Where some columns of a table were written (None: no such table in the file), and their types (an enum of
    the values the file holds and a vocabulary for those of `enums`, else the schema's)."""
    schema, have = polars_schema(TABLES[table]), present.get(table, set())
    types = {c: _enum(con, table, c, have, enums[c]) if c in enums and have else schema[c] for c in columns}
    if not have:
        return None, types
    path = folder / f"{table}{suffix}.parquet"
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
