"""Outage charts: the tile map of the 27 regions and the timeline of one region by kind. Pure."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import i18n
from dashboard.figures.axes import period_name, resolution_title, set_time_axis
from dashboard.figures.style import KIND_COLOURS, base_figure, empty_figure
from dashboard.labels import label
from dashboard.tiles import COLUMNS, ROWS, TILES, at

__all__ = ["tile_map", "alert_tile_map", "outage_timeline_figure", "MAP_SCALE", "ALERT_SCALE", "clicked_region"]

MAP_SCALE = [  # grey for none, then a single-hue blue ramp (ColorBrewer Blues): safe for colour blindness
    [0.0, "#e4e6e9"], [0.0001, "#deebf7"], [0.5, "#4292c6"], [1.0, "#08306b"]]
ALERT_SCALE = [  # the second colouring, alert hours: grey for none, then ColorBrewer Oranges
    [0.0, "#e4e6e9"], [0.0001, "#fee6ce"], [0.5, "#fd8d3c"], [1.0, "#7f2704"]]
UNKNOWN = "#c9c9c9"  # a region whose alert hours the table does not give


def tile_map(counts: pl.DataFrame, kind: str | None = None, selected: str | None = None, ui: str = "en"
             ) -> go.Figure:
    """Ukraine's regions as tiles coloured by the number of outage reports, each named on its tile."""
    _ = i18n.gettext(ui)
    title = {None: _("Regions with outage reports in the period"),
             "power": _("Regions with power outage reports in the period"),
             "heating": _("Regions with heating outage reports in the period"),
             "water": _("Regions with water outage reports in the period")}[kind]
    by_code = dict(zip(counts["region"], counts["reports"], strict=True))
    hover = {t.code: _("{region}: {n} outage reports").format(
        region=label("region", t.code, ui), n=i18n.number(by_code.get(t.code, 0), ui)) for t in TILES}
    return _tiles(title, {t.code: by_code.get(t.code, 0) for t in TILES}, hover, MAP_SCALE, _("reports"), selected,
                  ui, 0, _("Click a region for its timeline and reports; grey: none"))


def alert_tile_map(hours: pl.DataFrame, selected: str | None = None, ui: str = "en", title: str | None = None,
                   covered: tuple | None = None, hint: str | None = None) -> go.Figure:
    """The regions coloured by their hours under air-raid alert (the map's second colouring); a region the alert
    table does not cover (a permanent alert) is grey and says so."""
    _ = i18n.gettext(ui)
    title = title or _("Hours under air-raid alert in the period (nights, 18:00–09:00)")
    values = dict(zip(hours["region"], hours["hours"], strict=True))
    hover = {code: _("{region}: permanent alert, not in the alert table").format(region=label("region", code, ui))
             if v is None else _("{region}: {hours} hours under alert").format(
                 region=label("region", code, ui), hours=i18n.number(v, ui, 1)) for code, v in values.items()}
    hint = _("Click a region for its timeline and reports") if hint is None else hint
    if covered and covered[0]:
        hint = " · ".join(p for p in (hint, _("alert table: nights {first} to {last}").format(
            first=i18n.day(covered[0], ui, "medium"), last=i18n.day(covered[1], ui, "medium"))) if p)
    return _tiles(title, values, hover, ALERT_SCALE, _("hours"), selected, ui, 1, hint)


def _tiles(title: str, values: dict, hover: dict, scale: list, unit: str, selected: str | None, ui: str,
           decimals: int, hint: str) -> go.Figure:
    """The tile map: a heatmap of the values (None: a grey tile), each region named with its value."""
    fig = base_figure(title, height=440, legend_rows=0, ui=ui)
    top = max(max((v for v in values.values() if v is not None), default=0), 1)
    z = [[None] * COLUMNS for _row in range(ROWS)]
    text = [[None] * COLUMNS for _row in range(ROWS)]
    unknown = [[None] * COLUMNS for _row in range(ROWS)]
    for t in TILES:
        grid = z if values.get(t.code) is not None else unknown
        grid[t.row][t.col] = values.get(t.code) if grid is z else 1
        text[t.row][t.col] = hover.get(t.code)
    fig.add_trace(go.Heatmap(
        z=z, hovertext=text, colorscale=scale, zmin=0, zmax=top, xgap=4, ygap=4, hoverongaps=False,
        colorbar={"title": {"text": unit}, "thickness": 12, "len": 0.8},
        hovertemplate="%{hovertext}<extra></extra>"))
    if any(v is None for v in values.values()):
        fig.add_trace(go.Heatmap(z=unknown, hovertext=text, colorscale=[[0, UNKNOWN], [1, UNKNOWN]], showscale=False,
                                 xgap=4, ygap=4, hoverongaps=False, hovertemplate="%{hovertext}<extra></extra>"))
    dark = [(values.get(t.code) or 0) / top > 0.55 for t in TILES]
    fig.add_trace(go.Scatter(
        x=[t.col for t in TILES], y=[t.row for t in TILES], mode="text", hoverinfo="skip", showlegend=False,
        text=[f"<b>{label('region_short', t.code, ui)}</b><br>{i18n.number(values.get(t.code), ui, decimals)}"
              for t in TILES],
        textfont={"color": ["white" if d else "#222" for d in dark], "size": 10}))
    for t in TILES:
        if t.code == selected:
            fig.add_shape(type="rect", x0=t.col - 0.5, x1=t.col + 0.5, y0=t.row - 0.5, y1=t.row + 0.5,
                          line={"color": "#D55E00", "width": 3})
    fig.update_xaxes(visible=False, range=[-0.5, COLUMNS - 0.5], constrain="domain", showgrid=False)
    fig.update_yaxes(visible=False, range=[ROWS - 0.5, -0.5], scaleanchor="x", constrain="domain", showgrid=False)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 48, "b": 28}, plot_bgcolor="white")
    if hint:
        fig.add_annotation(text=hint, x=0, y=0, xref="paper", yref="paper", yshift=-18, showarrow=False,
                           xanchor="left", font={"size": 11, "color": "#666"})
    return fig


def clicked_region(click: dict | None) -> str | None:
    """The region of a click on the tile map: the tile at the clicked column and row (a heatmap's click
    carries x and y, not customdata: issue 14)."""
    points = (click or {}).get("points") or []
    if not points:
        return None
    try:
        return at(int(round(float(points[0]["x"]))), int(round(float(points[0]["y"]))))
    except (KeyError, TypeError, ValueError):
        return None


def outage_timeline_figure(timeline: pl.DataFrame, region_name: str, resolution: str = "day", ui: str = "en"
                           ) -> go.Figure:
    """Outage reports per period for one region (or all), stacked by kind: power, heating, water."""
    _ = i18n.gettext(ui)
    title = {"day": _("Outage reports per day: {region}"), "week": _("Outage reports per week: {region}"),
             "month": _("Outage reports per month: {region}")}[resolution].format(region=region_name)
    if timeline.is_empty():
        return empty_figure(title, _("No outage reports for this region in the period"), height=430, ui=ui)
    fig = base_figure(title, height=430, ui=ui)
    for kind in KIND_COLOURS:
        part = timeline.filter(pl.col("kind") == kind)
        if part.is_empty():
            continue
        name = label("outage_kind", kind, ui)
        fig.add_trace(go.Bar(x=part["period"], y=part["reports"], name=name, marker={"color": KIND_COLOURS[kind]},
                             hovertext=[f"<b>{period_name(p, resolution, ui)}</b><br>{name}: {i18n.number(n, ui)}"
                                        for p, n in zip(part["period"], part["reports"], strict=True)],
                             hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text={"day": _("reports per day"), "week": _("reports per week"),
                                 "month": _("reports per month")}[resolution], rangemode="tozero",
                     dtick=1 if timeline["reports"].max() < 8 else None)
    set_time_axis(fig, timeline["period"].min(), timeline["period"].max(), resolution, ui,
                  resolution_title(resolution, ui))
    return fig
