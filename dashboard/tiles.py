"""A tile map of Ukraine's 27 regions: one square per ISO 3166-2 code, placed by hand on a grid.

Columns run west to east, rows north to south. The grid keeps neighbours roughly next to each other;
Kyiv city (UA-30) sits just below Kyiv oblast (UA-32), Sevastopol (UA-40) beside Crimea (UA-43).
No external geometry is needed.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Tile", "TILES", "COLUMNS", "ROWS", "at"]


class Tile(NamedTuple):
    """A region's square: its ISO code, column and row (its names are in dashboard/labels.py)."""

    code: str
    col: int
    row: int


TILES: tuple[Tile, ...] = (
    Tile("UA-07", 1, 0),
    Tile("UA-56", 2, 0),
    Tile("UA-18", 3, 0),
    Tile("UA-32", 4, 0),
    Tile("UA-74", 5, 0),
    Tile("UA-59", 6, 0),
    Tile("UA-46", 0, 1),
    Tile("UA-61", 1, 1),
    Tile("UA-68", 2, 1),
    Tile("UA-05", 3, 1),
    Tile("UA-30", 4, 1),
    Tile("UA-53", 5, 1),
    Tile("UA-63", 6, 1),
    Tile("UA-09", 7, 1),
    Tile("UA-21", 0, 2),
    Tile("UA-26", 1, 2),
    Tile("UA-77", 2, 2),
    Tile("UA-71", 4, 2),
    Tile("UA-12", 5, 2),
    Tile("UA-14", 6, 2),
    Tile("UA-51", 3, 3),
    Tile("UA-35", 4, 3),
    Tile("UA-23", 5, 3),
    Tile("UA-48", 4, 4),
    Tile("UA-65", 5, 4),
    Tile("UA-40", 4, 5),
    Tile("UA-43", 5, 5),
)

COLUMNS = max(t.col for t in TILES) + 1
ROWS = max(t.row for t in TILES) + 1


def at(col: int, row: int) -> str | None:
    """The code of the region whose tile is at a column and row (None for an empty square)."""
    return next((t.code for t in TILES if (t.col, t.row) == (col, row)), None)
