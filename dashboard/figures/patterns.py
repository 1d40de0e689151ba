"""Pattern charts: cumulative launches per class, launches by the day of the week, and by the hour a reported
window opens. Pure: (frame, options) -> Figure."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl

from dashboard import i18n
from dashboard.figures.axes import resolution_title, set_time_axis
from dashboard.figures.style import CLASS_COLOURS, base_figure, empty_figure
from dashboard.labels import label

__all__ = ["cumulative_figure", "weekday_figure", "hour_figure"]

MONDAY = date(2024, 1, 1)  # any Monday: weekday names come from Babel


def cumulative_figure(frame: pl.DataFrame, ui: str = "en") -> go.Figure:
    """Launched per class in all, night by night over the chosen dates (a click on a point opens its night)."""
    _ = i18n.gettext(ui)
    title = _("Launched in all since the start of the chosen dates")
    if frame.is_empty():
        return empty_figure(title, height=380, ui=ui)
    fig = base_figure(title, height=400, ui=ui)
    for weapon in [w for w in CLASS_COLOURS if w in set(frame["weapon"])]:
        part = frame.filter(pl.col("weapon") == weapon).sort("attack_date")
        name = label("weapon", weapon, ui)
        cards = [_("{night}: {launched} launched that night, {total} in all").format(
            night=i18n.day(r["attack_date"], ui, "day_weekday"), launched=i18n.number(r["launched"], ui),
            total=i18n.number(r["total_launched"], ui)) for r in part.iter_rows(named=True)]
        fig.add_trace(go.Scatter(
            x=part["attack_date"].to_list(), y=part["total_launched"].to_list(), mode="lines", name=name,
            line={"color": CLASS_COLOURS[weapon], "width": 2.4, "shape": "hv"}, hovertext=cards,
            customdata=[d.isoformat() for d in part["attack_date"]], hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(title_text=_("weapons launched, cumulative"), rangemode="tozero")
    set_time_axis(fig, frame["attack_date"].min(), frame["attack_date"].max(), "day", ui,
                  resolution_title("day", ui))
    return fig


def weekday_figure(frame: pl.DataFrame, ui: str = "en") -> go.Figure:
    """Launched per attack night by the day of the week of the night's date, per class, with the nights behind."""
    _ = i18n.gettext(ui)
    title = _("Launched per attack night, by the day the night ends")
    if frame.is_empty():
        return empty_figure(title, height=340, ui=ui)
    names = [i18n.day(MONDAY + timedelta(days=n), ui, "weekday") for n in range(7)]
    fig = base_figure(title, height=360, ui=ui)
    for weapon in [w for w in CLASS_COLOURS if w in set(frame["weapon"])]:
        part = frame.filter(pl.col("weapon") == weapon).sort("weekday")
        cards = [_("{day}: {per} launched per night, over {n} nights ({total} in all)").format(
            day=names[r["weekday"] - 1], per=i18n.number(r["per_night"], ui, 1), n=i18n.number(r["nights"], ui),
            total=i18n.number(r["launched"], ui)) for r in part.iter_rows(named=True)]
        fig.add_trace(go.Bar(x=[names[d - 1] for d in part["weekday"]], y=part["per_night"].to_list(),
                             name=label("weapon", weapon, ui), marker={"color": CLASS_COLOURS[weapon]},
                             hovertext=cards, hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(categoryorder="array", categoryarray=names)
    fig.update_yaxes(title_text=_("weapons launched per night"))
    return fig


def hour_figure(frame: pl.DataFrame, ui: str = "en") -> go.Figure:
    """Weapons launched by the hour (Kyiv) at which the Kaggle record's window opens, per class, stacked."""
    _ = i18n.gettext(ui)
    title = _("Launched by the hour the reported window opens (Kyiv time)")
    if frame.is_empty():
        return empty_figure(title, _("No source gives times for these filters"), height=340, ui=ui)
    fig = base_figure(title, height=360, ui=ui)
    for weapon in [w for w in CLASS_COLOURS if w in set(frame["weapon"])]:
        part = frame.filter(pl.col("weapon") == weapon).sort("hour")
        cards = [_("{hour}:00 · {n} windows · {launched} launched").format(
            hour=f"{r['hour']:02d}", n=i18n.number(r["windows"], ui), launched=i18n.number(r["launched"], ui))
            for r in part.iter_rows(named=True)]
        fig.add_trace(go.Bar(x=part["hour"].to_list(), y=part["launched"].to_list(), name=label("weapon", weapon, ui),
                             marker={"color": CLASS_COLOURS[weapon]}, hovertext=cards,
                             hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=_("hour the window opens"), tickmode="array", tickvals=list(range(0, 24, 3)),
                     ticktext=[f"{h:02d}:00" for h in range(0, 24, 3)], range=[-0.5, 23.5])
    fig.update_yaxes(title_text=_("weapons launched"))
    return fig
