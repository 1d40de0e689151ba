"""Overview charts: launched and stopped over time, interception rates. Pure: (frame, options) -> Figure."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.figures.style import (
    CLASS_COLOURS,
    CLASS_LABELS,
    MEASURE_LABELS,
    base_figure,
    empty_figure,
    layout,
    tint,
)

__all__ = ["volume_figure", "rate_bars", "rate_lines"]

STACK = (("shot_down", "", 1.0), ("suppressed", "/", 0.75), ("unsplit", "x", 0.75))  # measure, hatch, opacity
LEGEND_GREY = "#555555"


def volume_figure(series: pl.DataFrame, resolution: str = "day", rolling: bool = False) -> go.Figure:
    """Launched vs shot down vs suppressed per weapon class: one panel per class, shared time axis.

    Bars: the light bar is everything launched, the solid part shot down, the hatched parts suppressed
    or stopped without a split. With the 7-day rolling mean the same figures are drawn as lines.
    Every point carries its weapon class as customdata (its x is the period), for provenance on click.
    """
    rolled = rolling and resolution == "day"
    unit = "7-day mean of weapons per day" if rolled else f"weapons per {resolution}"
    title = f"Launched and stopped per {resolution}" + (" (7-day rolling mean)" if rolled else "")
    if series.is_empty():
        return empty_figure(title)
    weapons = [w for w in CLASS_COLOURS if w in set(series["weapon"])]
    fig = make_subplots(rows=len(weapons), cols=1, shared_xaxes=True, vertical_spacing=0.07,
                        subplot_titles=[CLASS_LABELS[w] for w in weapons])
    for row, weapon in enumerate(weapons, start=1):
        part = series.filter(pl.col("weapon") == weapon).sort("period")
        custom = np.full(part.height, weapon)
        traces = _lines(part, weapon, custom) if rolled else _bars(part, weapon, custom)
        for trace in traces:
            trace.legendgroup = trace.name
            trace.showlegend = False
            fig.add_trace(trace, row=row, col=1)
        fig.update_yaxes(title_text=unit if row == 1 else None, row=row, col=1, rangemode="tozero")
    for trace in _legend(series, rolled):
        fig.add_trace(trace, row=1, col=1)
    fig.update_layout(layout(title, height=150 + 190 * len(weapons), legend_rows=2), barmode="overlay",
                      hovermode="x unified" if rolled else "closest")
    fig.update_annotations(font={"size": 13}, x=0, xanchor="left")
    return fig


def _legend(series: pl.DataFrame, rolled: bool) -> list:
    """Legend entries in grey: the measures look the same in every class's colour."""
    shown = ["launched", "shot_down"] + [m for m in ("suppressed", "unsplit") if series[m].fill_null(0).sum()]
    if rolled:
        dashes = {"launched": "solid", "shot_down": "dash", "suppressed": "dot", "unsplit": "dashdot"}
        return [go.Scatter(x=[None], y=[None], mode="lines", name=MEASURE_LABELS[m], legendgroup=MEASURE_LABELS[m],
                           line={"color": LEGEND_GREY, "dash": dashes[m]}) for m in shown]
    looks = {"launched": (tint(LEGEND_GREY, 0.3), ""), "shot_down": (LEGEND_GREY, ""),
             "suppressed": (LEGEND_GREY, "/"), "unsplit": (LEGEND_GREY, "x")}
    return [go.Bar(x=[None], y=[None], name=MEASURE_LABELS[m], legendgroup=MEASURE_LABELS[m],
                   marker={"color": looks[m][0], "pattern": {"shape": looks[m][1], "fgcolor": "white", "solidity": 0.4}})
            for m in shown]


def _bars(part: pl.DataFrame, weapon: str, custom: list) -> list[go.Bar]:
    colour = CLASS_COLOURS[weapon]

    def hover(what: str) -> str:
        return "%{x|%Y-%m-%d}: %{y:,.0f} " + what + "<extra>" + CLASS_LABELS[weapon] + "</extra>"

    x = part["period"].to_numpy()
    traces = [go.Bar(x=x, y=part["launched"].to_numpy(), name="launched", marker={"color": tint(colour, 0.3)},
                     customdata=custom, hovertemplate=hover("launched"))]
    base = np.zeros(part.height)
    for measure, hatch, opacity in STACK:
        values = part[measure].to_numpy()
        if values.sum() == 0 and measure != "shot_down":
            continue
        traces.append(go.Bar(
            x=x, y=values, base=base, name=MEASURE_LABELS[measure], customdata=custom,
            marker={"color": colour, "opacity": opacity,
                    "pattern": {"shape": hatch, "fgcolor": "white", "solidity": 0.4} if hatch else None},
            hovertemplate=hover(MEASURE_LABELS[measure])))
        base = base + values
    return traces


def _lines(part: pl.DataFrame, weapon: str, custom: list) -> list[go.Scatter]:
    colour = CLASS_COLOURS[weapon]
    dashes = {"launched": "solid", "shot_down": "dash", "suppressed": "dot", "unsplit": "dashdot"}
    traces = []
    for measure, dash in dashes.items():
        if measure in ("suppressed", "unsplit") and not part[measure].fill_null(0).sum():
            continue
        traces.append(go.Scatter(
            x=part["period"].to_numpy(), y=part[measure].to_numpy(), mode="lines", name=MEASURE_LABELS[measure],
            customdata=custom,
            line={"color": colour, "dash": dash, "width": 2.5 if measure == "launched" else 2},
            hovertemplate="%{y:,.1f} " + MEASURE_LABELS[measure] + "<extra></extra>"))
    return traces


def _rate_text(row: dict, min_launched: int) -> str:
    if not row["shown"]:
        return f"hidden: only {row['launched']:,} launched (fewer than {min_launched})"
    return f"{row['rate']:.1%}"


def _rate_hover(row: dict, min_launched: int) -> str:
    if not row["shown"]:
        return _rate_text(row, min_launched)
    return (f"{row['rate']:.1%} stopped, 95% interval {row['low']:.1%}–{row['high']:.1%}<br>"
            f"{row['stopped']:,} of {row['launched']:,} launched")


def rate_bars(rates: pl.DataFrame, counts_suppressed: bool = True, min_launched: int = 20) -> go.Figure:
    """The interception rate of each weapon class over the period, with its 95% Wilson interval."""
    title = f"Share {'stopped' if counts_suppressed else 'shot down'}, whole period"
    if rates.is_empty():
        return empty_figure(title, height=260)
    fig = base_figure(title, height=130 + 55 * rates.height, legend_rows=0)
    order = {w: n for n, w in enumerate(CLASS_COLOURS)}
    for row in sorted(rates.iter_rows(named=True), key=lambda r: order.get(r["weapon"], 9)):
        shown = row["shown"]
        label = f"{CLASS_LABELS[row['weapon']]}<br><span style='font-size:11px'>n={row['launched']:,}</span>"
        fig.add_trace(go.Bar(
            y=[label], x=[row["rate"] * 100 if shown else 0], orientation="h",
            marker={"color": CLASS_COLOURS[row["weapon"]]}, showlegend=False, name=CLASS_LABELS[row["weapon"]],
            error_x={"type": "data", "array": [(row["high"] - row["rate"]) * 100 if shown else 0],
                     "arrayminus": [(row["rate"] - row["low"]) * 100 if shown else 0], "color": "#333",
                     "visible": shown},
            text=[_rate_text(row, min_launched)], textposition="outside" if not shown else "inside",
            insidetextanchor="start", textfont={"color": "white" if shown else "#555"},
            hovertemplate=f"{_rate_hover(row, min_launched)}<extra></extra>"))
    fig.update_xaxes(title_text="% of launched, with 95% interval", range=[0, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(margin={"l": 96}, uniformtext={"minsize": 10, "mode": "show"})
    return fig


def rate_lines(rates: pl.DataFrame, resolution: str = "month", counts_suppressed: bool = True,
               min_launched: int = 20) -> go.Figure:
    """The interception rate per class and period, with 95% Wilson intervals; gaps where too few were launched."""
    title = f"Share {'stopped' if counts_suppressed else 'shot down'} per {resolution}"
    if rates.is_empty() or not rates["shown"].any():
        return empty_figure(title, f"No {resolution} with at least {min_launched} weapons launched", height=320)
    fig = base_figure(title, height=340)
    for weapon in [w for w in CLASS_COLOURS if w in set(rates["weapon"])]:
        part = rates.filter(pl.col("weapon") == weapon).sort("period")
        rate = [r * 100 if r is not None else None for r in part["rate"]]
        fig.add_trace(go.Scatter(
            x=part["period"], y=rate, mode="lines+markers", name=CLASS_LABELS[weapon], connectgaps=False,
            line={"color": CLASS_COLOURS[weapon], "width": 2}, marker={"size": 7},
            error_y={"type": "data", "symmetric": False, "thickness": 1.2, "width": 3,
                     "array": _gap(part["high"], part["rate"]), "arrayminus": _gap(part["rate"], part["low"])},
            customdata=list(zip(part["stopped"], part["launched"], strict=True)),
            hovertemplate="%{x|%Y-%m-%d}: %{y:.1f}% (%{customdata[0]:,} of %{customdata[1]:,})<extra>"
                          + CLASS_LABELS[weapon] + "</extra>"))
    fig.update_yaxes(title_text=f"% {'stopped' if counts_suppressed else 'shot down'}", range=[0, 100],
                     ticksuffix="%")
    fig.update_xaxes(title_text=f"{resolution} starting")
    return fig


def _gap(a: pl.Series, b: pl.Series) -> list[float | None]:
    return [(x - y) * 100 if x is not None and y is not None else None for x, y in zip(a, b, strict=True)]
