"""Weapons charts: launches by type, rates by type, models, and the mix of each salvo. Pure."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.style import (
    CLASS_COLOURS,
    TYPE_DASHES,
    TYPE_LABELS,
    TYPE_PATTERNS,
    TYPE_SYMBOLS,
    base_figure,
    empty_figure,
)

__all__ = ["type_volume_figure", "type_rate_figure", "model_figure", "salvo_figure", "MIX_STYLE"]

MIX_STYLE = {  # part of a salvo -> (label, colour, hatch): missiles in the blues, drones orange as everywhere
    "drones": ("Drones", CLASS_COLOURS["drone"], ""),
    "cruise": ("Cruise missiles", CLASS_COLOURS["missile"], ""),
    "ballistic": ("Ballistic missiles (incl. Kinzhal)", "#56B4E9", "x"),
    "other_missiles": ("Other or untyped missiles", "#56B4E9", ""),
    "glide_bombs": ("Glide bombs", CLASS_COLOURS["glide_bomb"], ""),
}


def _rows(items: int, per_row: int = 3) -> int:
    """Lines of legend needed for a half-width chart."""
    return max(1, -(-items // per_row))


def _type_order(frame: pl.DataFrame) -> list[tuple[str, str]]:
    pairs = set(frame.select("weapon", "type").unique().iter_rows())
    return [(w, t) for w in CLASS_COLOURS for t in TYPE_LABELS if (w, t) in pairs]


def type_volume_figure(by_type: pl.DataFrame, resolution: str = "week") -> go.Figure:
    """Launches per weapon type and period, stacked; hatching tells the types of one class apart."""
    title = f"Launches by weapon type per {resolution}"
    if by_type.is_empty():
        return empty_figure(title, "No breakdown by type for these filters")
    order = _type_order(by_type)
    fig = base_figure(title, height=444, legend_rows=_rows(len(order)))
    for weapon, wtype in order:
        part = by_type.filter((pl.col("weapon") == weapon) & (pl.col("type") == wtype)).sort("period")
        fig.add_trace(go.Bar(
            x=part["period"], y=part["launched"], name=TYPE_LABELS[wtype],
            marker={"color": CLASS_COLOURS[weapon], "pattern": {"shape": TYPE_PATTERNS[wtype], "fgcolor": "white",
                                                                "solidity": 0.35}},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,} launched<extra>" + TYPE_LABELS[wtype] + "</extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=f"weapons launched per {resolution}")
    return fig


def type_rate_figure(rates: pl.DataFrame, resolution: str = "month", min_launched: int = 20) -> go.Figure:
    """The interception rate of each weapon type per period, with 95% Wilson intervals."""
    title = f"Interception rate by weapon type per {resolution}"
    shown = rates.filter(pl.col("shown")) if not rates.is_empty() else rates
    if shown.is_empty():
        return empty_figure(title, f"No type with at least {min_launched} launched in a {resolution}", height=340)
    order = _type_order(shown)
    fig = base_figure(title, height=400, legend_rows=_rows(len(order)))
    for weapon, wtype in order:
        part = rates.filter((pl.col("weapon") == weapon) & (pl.col("type") == wtype)).sort("period")
        fig.add_trace(go.Scatter(
            x=part["period"], y=[r * 100 if r is not None else None for r in part["rate"]], name=TYPE_LABELS[wtype],
            mode="lines+markers", line={"color": CLASS_COLOURS[weapon], "dash": TYPE_DASHES[wtype], "width": 2},
            marker={"symbol": TYPE_SYMBOLS[wtype], "size": 8},
            error_y={"type": "data", "symmetric": False, "thickness": 1, "width": 3,
                     "array": [(h - r) * 100 if r is not None else None for h, r in zip(part["high"], part["rate"],
                                                                                      strict=True)],
                     "arrayminus": [(r - lo) * 100 if r is not None else None for r, lo in zip(part["rate"], part["low"],
                                                                                             strict=True)]},
            customdata=list(zip(part["stopped"], part["launched"], strict=True)),
            hovertemplate="%{x|%Y-%m-%d}: %{y:.1f}% (%{customdata[0]:,} of %{customdata[1]:,})<extra>"
                          + TYPE_LABELS[wtype] + "</extra>"))
    fig.update_yaxes(title_text="% shot down or suppressed", range=[0, 100], ticksuffix="%")
    fig.update_xaxes(title_text=f"{resolution} starting")
    return fig


def model_figure(models: pl.DataFrame) -> go.Figure:
    """Launched and stopped per model over the period, largest first."""
    title = "Launched and stopped by model"
    if models.is_empty():
        return empty_figure(title, "No models named for these filters")
    labels = models["model"].to_list()
    colours = [CLASS_COLOURS[w] for w in models["weapon"]]
    fig = base_figure(title, height=max(300, 120 + 27 * models.height), legend_rows=0)
    fig.add_trace(go.Bar(y=labels, x=models["launched"], orientation="h", name="launched", showlegend=False,
                         marker={"color": colours, "opacity": 0.3},
                         hovertemplate="%{y}: %{x:,} launched<extra></extra>"))
    fig.add_trace(go.Bar(y=labels, x=models["stopped"].fill_null(0), orientation="h", name="stopped", showlegend=False,
                         marker={"color": colours}, hovertemplate="%{y}: %{x:,} stopped<extra></extra>"))
    fig.update_layout(barmode="overlay", margin={"l": 120})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text="weapons, log scale (light: launched; solid: stopped)", type="log")
    return fig


def salvo_figure(mix: pl.DataFrame) -> go.Figure:
    """What each attack night was made of: drones, cruise, ballistic and other missiles, glide bombs."""
    title = "Mix of each salvo (drones : cruise : ballistic)"
    if mix.is_empty():
        return empty_figure(title)
    parts = [p for p in MIX_STYLE if mix[p].sum()]
    fig = base_figure(title, height=400, legend_rows=_rows(len(parts)))
    ratio = [f"{d:,} : {c:,} : {b:,}" for d, c, b in zip(mix["drones"], mix["cruise"], mix["ballistic"], strict=True)]
    for part in parts:
        label, colour, hatch = MIX_STYLE[part]
        fig.add_trace(go.Bar(
            x=mix["attack_date"], y=mix[part], name=label, customdata=ratio,
            marker={"color": colour, "pattern": {"shape": hatch, "fgcolor": "white", "solidity": 0.35}},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,} " + label.lower() + "<br>drones : cruise : ballistic = "
                          "%{customdata}<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="weapons launched per night")
    return fig
