"""Pure figure builders: (frame, options) -> plotly Figure, one colour-blind-safe palette for all."""

from dashboard.figures.outages import MAP_SCALE, clicked_region, outage_timeline_figure, tile_map
from dashboard.figures.overview import hover_card, rate_bars, rate_lines, volume_figure
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
    "salvo_figure", "tile_map", "outage_timeline_figure", "clicked_region",
]
