"""A tile map of Ukraine's 27 regions: one square per ISO 3166-2 code, placed by hand on a grid.

Columns run west to east, rows north to south. The grid keeps neighbours roughly next to each other;
Kyiv city (UA-30) sits just below Kyiv oblast (UA-32), Sevastopol (UA-40) beside Crimea (UA-43).
No external geometry is needed.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Tile", "TILES", "REGION_NAMES", "COLUMNS", "ROWS"]


class Tile(NamedTuple):
    """A region's square: its code, short label, full name, column and row."""

    code: str
    label: str
    name: str
    col: int
    row: int


TILES: tuple[Tile, ...] = (
    Tile("UA-07", "VOL", "Volyn", 1, 0),
    Tile("UA-56", "RIV", "Rivne", 2, 0),
    Tile("UA-18", "ZHY", "Zhytomyr", 3, 0),
    Tile("UA-32", "KYO", "Kyiv oblast", 4, 0),
    Tile("UA-74", "CHN", "Chernihiv", 5, 0),
    Tile("UA-59", "SUM", "Sumy", 6, 0),
    Tile("UA-46", "LVI", "Lviv", 0, 1),
    Tile("UA-61", "TER", "Ternopil", 1, 1),
    Tile("UA-68", "KHM", "Khmelnytskyi", 2, 1),
    Tile("UA-05", "VIN", "Vinnytsia", 3, 1),
    Tile("UA-30", "KYC", "Kyiv (city)", 4, 1),
    Tile("UA-53", "POL", "Poltava", 5, 1),
    Tile("UA-63", "KHA", "Kharkiv", 6, 1),
    Tile("UA-09", "LUH", "Luhansk", 7, 1),
    Tile("UA-21", "ZAK", "Zakarpattia", 0, 2),
    Tile("UA-26", "IVF", "Ivano-Frankivsk", 1, 2),
    Tile("UA-77", "CHV", "Chernivtsi", 2, 2),
    Tile("UA-71", "CHK", "Cherkasy", 4, 2),
    Tile("UA-12", "DNI", "Dnipropetrovsk", 5, 2),
    Tile("UA-14", "DON", "Donetsk", 6, 2),
    Tile("UA-51", "ODE", "Odesa", 3, 3),
    Tile("UA-35", "KIR", "Kirovohrad", 4, 3),
    Tile("UA-23", "ZAP", "Zaporizhzhia", 5, 3),
    Tile("UA-48", "MYK", "Mykolaiv", 4, 4),
    Tile("UA-65", "KHE", "Kherson", 5, 4),
    Tile("UA-40", "SEV", "Sevastopol", 4, 5),
    Tile("UA-43", "CRI", "Crimea", 5, 5),
)

REGION_NAMES = {t.code: t.name for t in TILES}
COLUMNS = max(t.col for t in TILES) + 1
ROWS = max(t.row for t in TILES) + 1
