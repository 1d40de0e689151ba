"""What the user has chosen to look at, and the row conditions it sets on each table. No I/O.

etl/query.py applies them when it reads the store; the source filters (which reports a row
comes from) need the reports table and are applied there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from etl.schemas import TABLES, polars_schema

__all__ = ["Filters", "FilterError", "conditions"]


class FilterError(ValueError):
    """A filter that does not apply to the table asked for."""


@dataclass(frozen=True)
class Filters:
    """What the user has chosen to look at. Empty tuples and None mean "all"."""

    start: date | None = None
    end: date | None = None
    attacker: str | None = None
    weapons: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    source_kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def narrows_sources(self) -> bool:
        """True when only some sources are chosen (the attacks are then reconciled from those)."""
        return bool(self.source_kinds or self.languages)

    def for_table(self, table: str) -> Filters:
        """These filters without the ones a table has no column for (outages have no weapon, problems no date)."""
        cols = set(polars_schema(TABLES[table]))
        dated = bool(cols & {"attack_date", "date"})
        armed = "weapon" in cols
        return replace(self, start=self.start if dated else None, end=self.end if dated else None,
                       attacker=self.attacker if armed else None, weapons=self.weapons if armed else (),
                       types=self.types if "type" in cols else ())


def conditions(table: str, columns: list[str], f: Filters) -> list[pl.Expr]:
    """The conditions the date, attacker, class and type filters set on a table's rows."""
    cols = set(columns)
    day = "attack_date" if "attack_date" in cols else "date" if "date" in cols else None
    if (f.start or f.end) and day is None:
        raise FilterError(f"the {table} table has no dates to filter by")
    if (f.weapons or f.attacker) and "weapon" not in cols:
        raise FilterError(f"the {table} table has no weapon or attacker column")
    conds = []
    if f.start:
        conds.append(_day_expr(table, day) >= f.start)
    if f.end:
        conds.append(_day_expr(table, day, end=True) <= f.end)
    if f.attacker:
        conds.append(pl.col("attacker") == f.attacker)
    if f.weapons:
        conds.append(pl.col("weapon").is_in(list(f.weapons)))
    if f.types and "type" in cols:
        conds.append((pl.col("row_kind") == "class") | pl.col("type").is_in(list(f.types)))
    return conds


def _day_expr(table: str, day: str, end: bool = False) -> pl.Expr:
    """The date a row is filtered on; period claims count by their period."""
    if table == "strike_claims":
        bound = "period_start" if end else "period_end"
        return pl.coalesce(pl.col(day), pl.col(bound))
    return pl.col(day)
