"""One colour-blind-safe palette (Okabe & Ito) and the look every chart shares.

Each weapon class keeps its colour on every chart; types within a class share its colour and are
told apart by hatching, dashes and marker symbols, so nothing depends on telling hues apart.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.i18n import gettext, plotly_separators

__all__ = [
    "layout", "TEMPLATE", "OKABE_ITO", "CLASS_COLOURS", "TYPE_PATTERNS", "TYPE_DASHES", "TYPE_SYMBOLS",
    "KIND_COLOURS", "base_figure", "empty_figure", "FONT", "GRID", "tint", "PARTIAL_OPACITY",
]

OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "grey": "#999999",
}
CLASS_COLOURS = {"drone": OKABE_ITO["orange"], "missile": OKABE_ITO["blue"], "glide_bomb": OKABE_ITO["reddish_purple"]}
TYPE_PATTERNS = {
    "cruise_missile": "", "ballistic_missile": "x", "hypersonic_missile": "+", "guided_missile": "/",
    "anti_aircraft_missile": ".", "attack_drone": "", "decoy_drone": "/", "reconnaissance_drone": ".",
}
TYPE_DASHES = {
    "cruise_missile": "solid", "ballistic_missile": "dash", "hypersonic_missile": "dot", "guided_missile": "dashdot",
    "anti_aircraft_missile": "longdash", "attack_drone": "solid", "decoy_drone": "dash", "reconnaissance_drone": "dot",
}
TYPE_SYMBOLS = {
    "cruise_missile": "circle", "ballistic_missile": "diamond", "hypersonic_missile": "triangle-up",
    "guided_missile": "square", "anti_aircraft_missile": "x", "attack_drone": "circle", "decoy_drone": "square",
    "reconnaissance_drone": "triangle-up",
}
KIND_COLOURS = {"power": OKABE_ITO["bluish_green"], "heating": OKABE_ITO["vermillion"],
                "water": OKABE_ITO["sky_blue"], "unspecified": OKABE_ITO["grey"]}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
GRID = "#e5e5e5"
PARTIAL_OPACITY = 0.4  # bars of a week or month the chosen dates cut short are drawn paler
TITLE_PX = 38  # the title line at the top of every chart
LEGEND_ROW_PX = 22  # one line of horizontal legend
_AXIS = {"gridcolor": GRID, "zeroline": False, "linecolor": "#bbb", "ticks": "", "automargin": True,
         "title": {"standoff": 8}}
TEMPLATE = go.layout.Template(layout={  # small on purpose: a full built-in template costs ms per figure
    "font": {"family": FONT, "size": 13, "color": "#222"}, "paper_bgcolor": "white", "plot_bgcolor": "white",
    "colorway": list(OKABE_ITO.values()), "xaxis": _AXIS, "yaxis": _AXIS, "hoverlabel": {"font": {"family": FONT}},
    "bargap": 0.15, "hovermode": "closest",
}, data={"bar": [go.Bar(marker={"pattern": {"fillmode": "overlay", "size": 8, "solidity": 0.3}})]})


def tint(colour: str, alpha: float) -> str:
    """A hex colour as rgba with the given opacity (legend swatches show it, unlike marker opacity)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def layout(title: str, height: int = 360, legend_rows: int = 1, ui: str = "en") -> dict:
    """The shared layout: the title on top, the legend under it, in a header of fixed pixels.

    A long legend (legend_rows lines) never runs into the title or the plot.
    """
    header = TITLE_PX + LEGEND_ROW_PX * legend_rows
    return {
        "template": TEMPLATE, "height": height, "separators": plotly_separators(ui),
        "title": {"text": title, "x": 0.01, "xanchor": "left", "y": 1 - 8 / height, "yanchor": "top",
                  "yref": "container", "font": {"size": 16}},
        "margin": {"l": 64, "r": 20, "t": header + 6, "b": 48},
        "legend": {"orientation": "h", "yref": "container", "yanchor": "top", "y": 1 - TITLE_PX / height,
                   "x": 0.0, "xanchor": "left", "title": None, "font": {"size": 12}},
    }


def base_figure(title: str, height: int = 360, legend_rows: int = 1, ui: str = "en") -> go.Figure:
    """An empty figure with the shared look (see `layout`)."""
    return go.Figure(layout=layout(title, height, legend_rows, ui))


def empty_figure(title: str, message: str | None = None, height: int = 300, ui: str = "en") -> go.Figure:
    """A figure that says there is nothing to draw, and why."""
    _ = gettext(ui)
    message = message or _("No data for these filters")
    fig = base_figure(title, height, legend_rows=0, ui=ui)
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 15, "color": "#666"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
