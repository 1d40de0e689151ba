"""Outage charts: the tile map of the 27 regions and the timeline of one region by kind. Pure."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.style import KIND_COLOURS, KIND_LABELS, base_figure, empty_figure
from dashboard.tiles import COLUMNS, ROWS, TILES

__all__ = ["tile_map", "outage_timeline_figure", "MAP_SCALE"]

MAP_SCALE = [  # grey for none, then a single-hue blue ramp (ColorBrewer Blues): safe for colour blindness
    [0.0, "#e4e6e9"], [0.0001, "#deebf7"], [0.5, "#4292c6"], [1.0, "#08306b"]]


def tile_map(counts: pl.DataFrame, kind: str | None = None, selected: str | None = None) -> go.Figure:
    """Ukraine's regions as tiles coloured by the number of outage reports; customdata holds the region code."""
    what = KIND_LABELS.get(kind, "").lower() + " " if kind else ""
    fig = base_figure(f"Regions with {what}outage reports in the period", height=440, legend_rows=0)
    by_code = dict(zip(counts["region"], counts["reports"], strict=True))
    top = max(max(by_code.values(), default=0), 1)
    z = [[None] * COLUMNS for _ in range(ROWS)]
    custom = [[None] * COLUMNS for _ in range(ROWS)]
    for t in TILES:
        z[t.row][t.col] = by_code.get(t.code, 0)
        custom[t.row][t.col] = [t.code, t.name]
    fig.add_trace(go.Heatmap(
        z=z, customdata=custom, colorscale=MAP_SCALE, zmin=0, zmax=top, xgap=4, ygap=4, hoverongaps=False,
        colorbar={"title": {"text": "reports"}, "thickness": 12, "len": 0.8},
        hovertemplate="%{customdata[1]} (%{customdata[0]}): %{z} outage reports<extra></extra>"))
    dark = [by_code.get(t.code, 0) / top > 0.55 for t in TILES]
    fig.add_trace(go.Scatter(
        x=[t.col for t in TILES], y=[t.row for t in TILES], mode="text", hoverinfo="skip", showlegend=False,
        text=[f"<b>{t.label}</b><br>{by_code.get(t.code, 0)}" for t in TILES],
        textfont={"color": ["white" if d else "#222" for d in dark], "size": 12}))
    for t in TILES:
        if t.code == selected:
            fig.add_shape(type="rect", x0=t.col - 0.5, x1=t.col + 0.5, y0=t.row - 0.5, y1=t.row + 0.5,
                          line={"color": "#D55E00", "width": 3})
    fig.update_xaxes(visible=False, range=[-0.5, COLUMNS - 0.5], constrain="domain", showgrid=False)
    fig.update_yaxes(visible=False, range=[ROWS - 0.5, -0.5], scaleanchor="x", constrain="domain", showgrid=False)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 48, "b": 28}, plot_bgcolor="white")
    fig.add_annotation(text="Click a region for its timeline and reports; grey: none", x=0, y=0, xref="paper",
                       yref="paper", yshift=-18, showarrow=False, xanchor="left", font={"size": 11, "color": "#666"})
    return fig


def outage_timeline_figure(timeline: pl.DataFrame, region_name: str, resolution: str = "day") -> go.Figure:
    """Outage reports per period for one region (or all), stacked by kind: power, heating, water."""
    title = f"Outage reports per {resolution}: {region_name}"
    if timeline.is_empty():
        return empty_figure(title, "No outage reports for this region in the period", height=430)
    fig = base_figure(title, height=430)
    for kind in KIND_COLOURS:
        part = timeline.filter(pl.col("kind") == kind)
        if part.is_empty():
            continue
        fig.add_trace(go.Bar(x=part["period"], y=part["reports"], name=KIND_LABELS[kind],
                             marker={"color": KIND_COLOURS[kind]},
                             hovertemplate="%{x|%Y-%m-%d}: %{y} reports<extra>" + KIND_LABELS[kind] + "</extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=f"reports per {resolution}", rangemode="tozero", dtick=1 if
                     timeline["reports"].max() < 8 else None)
    return fig
