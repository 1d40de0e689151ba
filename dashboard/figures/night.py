"""Night and month charts: a night's outcome as a waterfall per class, the nights around it, and the month's
launches day by day against the month before and a year earlier. Pure: (frame, options) -> Figure.

Every bar or point that stands for a night carries its date as customdata, so a click opens that night's
page (dashboard/pages/night.py).
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import i18n
from dashboard.figures.axes import resolution_title, set_time_axis
from dashboard.figures.style import CLASS_COLOURS, OKABE_ITO, empty_figure, layout, tint
from dashboard.labels import label

__all__ = ["waterfall_figure", "waterfall_bars", "neighbours_figure", "month_race_figure", "NOT_STOPPED"]

NOT_STOPPED = OKABE_ITO["vermillion"]
LOOKS = {"shot_down": ("", 1.0), "suppressed": ("/", 0.75), "unsplit": ("x", 0.75)}  # hatch, opacity
LINES = {"this": ("solid", 3.0), "previous": ("dash", 1.8), "year_before": ("dot", 1.8)}


def waterfall_bars(row: dict) -> list[tuple[str, int, int]]:
    """A class or type row's waterfall as (step, base, height): launched from 0, each way of stopping taken off the
    top, then what was not stopped from 0. Steps without a figure are left out; "not stopped" needs both figures."""
    if row.get("launched") is None:
        return []
    bars, top = [("launched", 0, row["launched"])], row["launched"]
    for step in ("shot_down", "suppressed", "unsplit"):
        value = row.get(step)
        if value:
            bars.append((step, max(top - value, 0), value))
            top -= value
    if row.get("not_stopped") is not None:
        bars.append(("not_stopped", 0, row["not_stopped"]))
    return bars


def waterfall_figure(outcome: pl.DataFrame, night: date, ui: str = "en") -> go.Figure:
    """The night's outcome per class: launched -> shot down -> suppressed -> stopped, not split -> not stopped."""
    _ = i18n.gettext(ui)
    title = _("What happened to the weapons launched on the night of {night}").format(night=i18n.day(night, ui))
    rows = {r["weapon"]: r for r in outcome.filter(pl.col("row_kind") == "class").iter_rows(named=True)}
    weapons = [w for w in CLASS_COLOURS if w in rows]
    if not weapons:
        return empty_figure(title, _("No attack reported on this night"), height=380, ui=ui)
    fig = make_subplots(rows=1, cols=len(weapons), subplot_titles=[label("weapon", w, ui) for w in weapons],
                        horizontal_spacing=0.08)
    fig.update_annotations(font={"size": 13})
    for col, weapon in enumerate(weapons, start=1):
        _class_bars(fig, rows[weapon], weapon, col, ui)
    fig.update_layout(layout(title, height=400, legend_rows=0, ui=ui), showlegend=False, barmode="overlay")
    fig.update_yaxes(rangemode="tozero")
    fig.update_yaxes(title_text=_("weapons"), col=1)
    return fig


def _class_bars(fig: go.Figure, row: dict, weapon: str, col: int, ui: str) -> None:
    _ = i18n.gettext(ui)
    colour, bars = CLASS_COLOURS[weapon], waterfall_bars(row)
    if not bars:
        fig.add_annotation(text=_("launched not reported"), x=0.5, y=0.5, xref=f"x{col if col > 1 else ''} domain",
                           yref=f"y{col if col > 1 else ''} domain", showarrow=False, font={"color": "#666"})
        return
    names = [label("measure", step, ui) for step, _b, _h in bars]
    for (step, base, height), name in zip(bars, names, strict=True):
        hatch, opacity = LOOKS.get(step, ("", 1.0))
        fill = tint(colour, 0.35) if step == "launched" else NOT_STOPPED if step == "not_stopped" else colour
        fig.add_trace(go.Bar(
            x=[name], y=[height], base=[base], name=name, customdata=[weapon], text=[i18n.number(height, ui)],
            textposition="outside" if step in ("launched", "not_stopped") else "inside", cliponaxis=False,
            marker={"color": fill, "opacity": opacity, "line": {"width": 0},
                    "pattern": {"shape": hatch, "fgcolor": "white", "solidity": 0.4} if hatch else None},
            hovertemplate=f"<b>{label('weapon', weapon, ui)}</b><br>{name}: {i18n.number(height, ui)}<extra></extra>"),
            row=1, col=col)
    if row.get("not_stopped") is None:
        why = _("figures contradict each other") if row.get("contradictory") else _("not stopped: unknown")
        fig.add_annotation(text=why, x=1, y=1, xref=f"x{col if col > 1 else ''} domain",
                           yref=f"y{col if col > 1 else ''} domain", xanchor="right", showarrow=False,
                           font={"size": 11, "color": "#666"})


def neighbours_figure(volumes: pl.DataFrame, night: date, ui: str = "en") -> go.Figure:
    """Launched per class on the nights around a night, the night itself solid and the others pale; a click on a
    bar opens that night."""
    _ = i18n.gettext(ui)
    title = _("Launched on the nights before and after")
    if volumes.is_empty():
        return empty_figure(title, height=300, ui=ui)
    fig = go.Figure(layout=layout(title, height=320, ui=ui))
    for weapon in [w for w in CLASS_COLOURS if w in set(volumes["weapon"])]:
        part = volumes.filter(pl.col("weapon") == weapon).sort("period")
        days = part["period"].to_list()
        fig.add_trace(go.Bar(
            x=days, y=part["launched"].fill_null(0).to_list(), name=label("weapon", weapon, ui),
            customdata=[d.isoformat() for d in days],
            marker={"color": CLASS_COLOURS[weapon], "opacity": [1.0 if d == night else 0.45 for d in days]},
            hovertemplate="%{x|%Y-%m-%d}: %{y}<extra>" + label("weapon", weapon, ui) + "</extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=_("weapons launched"))
    set_time_axis(fig, volumes["period"].min(), volumes["period"].max(), "day", ui, resolution_title("day", ui))
    return fig


def month_race_figure(nightly: pl.DataFrame, month: date, ui: str = "en") -> go.Figure:
    """Launched so far in the month, day by day, per class: this month against the month before and the same month
    a year earlier (`nightly`: weapon, which, attack_date, launched). A click on a point opens its night."""
    _ = i18n.gettext(ui)
    title = _("Launched so far in {month}, day by day").format(month=i18n.day(month, ui, "month"))
    if nightly.is_empty():
        return empty_figure(title, height=360, ui=ui)
    weapons = [w for w in CLASS_COLOURS if w in set(nightly["weapon"])]
    fig = make_subplots(rows=1, cols=len(weapons), subplot_titles=[label("weapon", w, ui) for w in weapons],
                        horizontal_spacing=0.06)
    fig.update_annotations(font={"size": 13})
    for col, weapon in enumerate(weapons, start=1):
        for which, (dash, width) in LINES.items():
            part = nightly.filter((pl.col("weapon") == weapon) & (pl.col("which") == which)).sort("attack_date")
            if part.is_empty():
                continue
            name = label("which", which, ui)
            total = part["launched"].fill_null(0).cum_sum()
            fig.add_trace(go.Scatter(
                x=[d.day for d in part["attack_date"]], y=total.to_list(), mode="lines+markers", name=name,
                legendgroup=which, showlegend=col == 1, customdata=[d.isoformat() for d in part["attack_date"]],
                line={"color": CLASS_COLOURS[weapon] if which == "this" else "#777", "dash": dash, "width": width,
                      "shape": "hv"}, marker={"size": 5 if which == "this" else 3},
                hovertemplate="%{customdata}: %{y}<extra>" + name + "</extra>"), row=1, col=col)
    fig.update_layout(layout(title, height=380, ui=ui))
    fig.update_xaxes(title_text=_("day of the month"), range=[0.5, 31.5], dtick=5)
    fig.update_yaxes(rangemode="tozero")
    fig.update_yaxes(title_text=_("weapons launched, cumulative"), col=1)
    return fig
