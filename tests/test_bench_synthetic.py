"""bench/synthetic.py, the million-claim history `make bench` serves (issue 17): it builds every table of the schema,
so a column the schema gains cannot stop the bench from building its store again (issue 16's region_from did)."""

from __future__ import annotations

from bench.synthetic import generate
from etl.schemas import TABLES, polars_schema
from etl.store import read_tables, write_store


def test_the_synthetic_history_has_every_table_of_the_schema_and_stores(tmp_path):
    tables = generate(3_000, 7)
    for name, frame in tables.items():
        assert frame.schema == polars_schema(TABLES[name]), name
    assert tables["strike_claims"].height == 3_000 and tables["outage_claims"].height > 0
    store = tmp_path / "synthetic.duckdb"
    write_store(store, tables)  # validated as a refresh's tables are
    assert read_tables(store, ("strike_claims",))["strike_claims"].height == 3_000
