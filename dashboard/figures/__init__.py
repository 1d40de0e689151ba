"""Pure figure builders: (frame, options) -> plotly Figure, one colour-blind-safe palette for all."""

from dashboard.figures.markers import with_markers
from dashboard.figures.night import month_race_figure, neighbours_figure, waterfall_figure
from dashboard.figures.outages import (
    ALERT_SCALE,
    MAP_SCALE,
    alert_tile_map,
    clicked_region,
    outage_timeline_figure,
    tile_map,
)
from dashboard.figures.overview import hover_card, rate_bars, rate_lines, volume_figure
from dashboard.figures.patterns import cumulative_figure, hour_figure, weekday_figure
from dashboard.figures.style import CLASS_COLOURS, KIND_COLOURS, base_figure, empty_figure
from dashboard.figures.weapons import (
    MIX_STYLE,
    model_figure,
    salvo_figure,
    type_rate_figure,
    type_volume_figure,
)

__all__ = [
    "CLASS_COLOURS", "KIND_COLOURS", "MAP_SCALE", "MIX_STYLE", "base_figure", "empty_figure", "volume_figure",
    "rate_bars", "rate_lines", "hover_card", "type_volume_figure", "type_rate_figure", "model_figure",
    "salvo_figure", "tile_map", "outage_timeline_figure", "clicked_region", "ALERT_SCALE", "alert_tile_map",
    "with_markers", "waterfall_figure", "neighbours_figure", "month_race_figure", "cumulative_figure",
    "weekday_figure", "hour_figure", "clicked_night",
]


def clicked_night(click: dict | None) -> str | None:
    """The night (YYYY-MM-DD) of a click on a chart whose bars or points stand for nights (their customdata)."""
    points = (click or {}).get("points") or []
    value = points[0].get("customdata") if points else None
    value = value[0] if isinstance(value, list) and value else value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return value
    return None
