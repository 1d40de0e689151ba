"""Overview charts: launched and stopped over time, interception rates. Pure: (frame, options) -> Figure."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import i18n
from dashboard.figures.axes import measure_line, period_name, resolution_title, set_time_axis
from dashboard.figures.style import CLASS_COLOURS, PARTIAL_OPACITY, base_figure, empty_figure, layout, tint
from dashboard.labels import label

__all__ = ["volume_figure", "rate_bars", "rate_lines", "hover_card"]

STACK = (("shot_down", ""), ("suppressed", "/"), ("unsplit", "x"))  # measure, hatch
LEGEND_GREY = "#555555"
DASHES = {"launched": "solid", "shot_down": "dash", "suppressed": "dot", "unsplit": "dashdot"}


def volume_figure(series: pl.DataFrame, resolution: str = "day", rolling: bool = False, ui: str = "en",
                  alerts: pl.DataFrame | None = None) -> go.Figure:
    """Launched vs shot down vs suppressed per weapon class: one panel per class, shared time axis.

    Bars: the light bar is everything launched, the solid part shot down, the hatched parts suppressed
    or stopped without a split; a period the dates cut short is paler. With the 7-day rolling mean the
    same figures are drawn as lines. Every point carries its weapon class as customdata (its x is the
    period), for provenance on click, and a hover card with all its figures. With `alerts` (period, hours:
    dashboard/sirens.py) the air-raid alert hours of each period are drawn over every panel, on a right axis.
    """
    rolled = rolling and resolution == "day"
    title, unit = _volume_titles(resolution, rolled, ui)
    if series.is_empty():
        return empty_figure(title, ui=ui)
    weapons = [w for w in CLASS_COLOURS if w in set(series["weapon"])]
    overlay = alerts is not None and alerts["hours"].is_not_null().any()
    fig = make_subplots(rows=len(weapons), cols=1, shared_xaxes=True, vertical_spacing=0.07,
                        subplot_titles=[label("weapon", w, ui) for w in weapons],
                        specs=[[{"secondary_y": overlay}] for _w in weapons])
    for row, weapon in enumerate(weapons, start=1):
        part = series.filter(pl.col("weapon") == weapon).sort("period")
        cards = [hover_card(r, weapon, resolution, rolled, ui) if any(r[m] for m in DRAWN) else ""
                 for r in part.iter_rows(named=True)]  # nothing drawn, no card: the calendar is zero-filled
        traces = _lines(part, weapon, cards, ui) if rolled else _bars(part, weapon, cards, ui)
        for trace in traces:
            trace.legendgroup, trace.showlegend = trace.name, False
            fig.add_trace(trace, row=row, col=1)
        fig.update_yaxes(title_text=unit if row == 1 else None, row=row, col=1, rangemode="tozero",
                         secondary_y=False)
    if overlay:
        _alert_overlay(fig, alerts, len(weapons), resolution, rolled, ui)
    for trace in _legend(series, rolled, ui):
        fig.add_trace(trace, row=1, col=1)
    fig.update_layout(layout(title, height=150 + 190 * len(weapons), legend_rows=2, ui=ui), barmode="overlay",
                      hovermode="x unified" if rolled else "closest")
    fig.update_annotations(font={"size": 13}, x=0, xanchor="left")
    set_time_axis(fig, series["period"].min(), series["period"].max(), resolution, ui,
                  resolution_title(resolution, ui), row=len(weapons), col=1)
    if series["partial"].any():
        _partial_note(fig, ui)
    return fig


DRAWN = ("launched", "shot_down", "suppressed", "unsplit")  # the figures a period's bar or line draws


def _volume_titles(resolution: str, rolled: bool, ui: str) -> tuple[str, str]:
    """The volume chart's title and its y axis's unit."""
    _ = i18n.gettext(ui)
    unit = _("7-day mean of weapons per day") if rolled else {
        "day": _("weapons per day"), "week": _("weapons per week"), "month": _("weapons per month")}[resolution]
    title = {"day": _("Launched and stopped per day"), "week": _("Launched and stopped per week"),
             "month": _("Launched and stopped per month")}[resolution]
    return title + (_(" (7-day rolling mean)") if rolled else ""), unit


def _partial_note(fig: go.Figure, ui: str) -> None:
    _ = i18n.gettext(ui)
    fig.add_annotation(text=_("Paler bars: a week or month the chosen dates cut short (partial)."), x=1,
                       y=1, xref="paper", yref="paper", yanchor="bottom", yshift=4, xanchor="right",
                       showarrow=False, font={"size": 11, "color": "#666"})


ALERT_GREY = "#6b6b6b"


def _alert_overlay(fig: go.Figure, alerts: pl.DataFrame, panels: int, resolution: str, rolled: bool, ui: str
                   ) -> None:
    """The air-raid alert hours per period as a grey line on a right axis of every panel (one legend entry)."""
    _ = i18n.gettext(ui)
    name = _("Air-raid alert hours (right axis)")
    unit = _("7-day mean of region-hours of alert") if rolled else _("region-hours of alert")
    cards = [f"<b>{period_name(p, resolution, ui)}</b><br>" + _("air-raid alerts: {hours} region-hours").format(
        hours=i18n.number(h, ui)) for p, h in zip(alerts["period"], alerts["hours"], strict=True)]
    for row in range(1, panels + 1):
        fig.add_trace(go.Scatter(
            x=alerts["period"].to_list(), y=alerts["hours"].to_list(), mode="lines", name=name, legendgroup=name,
            showlegend=row == 1, line={"color": ALERT_GREY, "width": 1.4, "dash": "dot", "shape": "hv"},
            connectgaps=False, hovertext=cards, hovertemplate="%{hovertext}<extra></extra>", meta="alerts"),
            row=row, col=1, secondary_y=True)
        fig.update_yaxes(title_text=unit if row == 1 else None, rangemode="tozero", showgrid=False, row=row, col=1,
                         secondary_y=True, title_font={"color": ALERT_GREY}, tickfont={"color": ALERT_GREY},
                         tickformat=",.0f")


def hover_card(row: dict, weapon: str, resolution: str, rolled: bool, ui: str) -> str:
    """Everything about one bar: launched, shot down, suppressed, not split, the share stopped and its n."""
    _ = i18n.gettext(ui)
    head = f"<b>{label('weapon', weapon, ui)} · {period_name(row['period'], resolution, ui)}</b>"
    if row["partial"]:
        head += "<br>" + _("partial: {days} of {total} days inside the chosen dates").format(
            days=row["days"], total=row["period_days"])
    if rolled:
        head += "<br>" + _("7-day rolling mean")
    lines = [head, measure_line("launched", row["launched"], ui, 1 if rolled else 0)]
    if row["launched"] is None or row["unknown_launched"]:
        lines[-1] = label("measure", "launched", ui) + " " + (
            _("not reported") if row["launched"] is None else i18n.number(row["launched"], ui)
            + " " + _("(not reported for {n} night(s))").format(n=row["unknown_launched"]))
    lines += [measure_line(m, row[m], ui, 1 if rolled else 0) for m in ("shot_down", "suppressed", "unsplit")]
    if not rolled:
        lines.append(_share_line(row, ui))
        lines.append(_("attack nights: {n}").format(n=row["nights"]))
    return "<br>".join(lines)


def _share_line(row: dict, ui: str) -> str:
    _ = i18n.gettext(ui)
    if not row["rate_launched"]:
        return _("share stopped: no night gives both figures")
    share = i18n.percent(row["rate_stopped"] / row["rate_launched"], ui)
    return _("share stopped {share} (n = {n} launched, on the nights that give both figures)").format(
        share=share, n=i18n.number(row["rate_launched"], ui))


def _legend(series: pl.DataFrame, rolled: bool, ui: str) -> list:
    """Legend entries in grey: the measures look the same in every class's colour."""
    shown = ["launched", "shot_down"] + [m for m in ("suppressed", "unsplit") if series[m].fill_null(0).sum()]
    names = {m: label("measure", m, ui) for m in shown}
    if rolled:
        return [go.Scatter(x=[None], y=[None], mode="lines", name=names[m], legendgroup=names[m],
                           line={"color": LEGEND_GREY, "dash": DASHES[m]}) for m in shown]
    looks = {"launched": (tint(LEGEND_GREY, 0.3), ""), "shot_down": (LEGEND_GREY, ""),
             "suppressed": (LEGEND_GREY, "/"), "unsplit": (LEGEND_GREY, "x")}
    return [go.Bar(x=[None], y=[None], name=names[m], legendgroup=names[m],
                   marker={"color": looks[m][0], "pattern": {"shape": looks[m][1], "fgcolor": "white", "solidity": 0.4}})
            for m in shown]


def _bars(part: pl.DataFrame, weapon: str, cards: list[str], ui: str) -> list[go.Bar]:
    colour = CLASS_COLOURS[weapon]
    x, custom = part["period"].to_numpy(), np.full(part.height, weapon)
    opacity = np.where(part["partial"].to_numpy(), PARTIAL_OPACITY, 1.0)
    common = {"x": x, "customdata": custom, "hovertemplate": "%{hovertext}<extra></extra>"}
    launched = part["launched"].fill_null(0).to_numpy()
    traces = [go.Bar(y=launched, name=label("measure", "launched", ui), hovertext=_shown(cards, launched),
                     marker={"color": tint(colour, 0.3), "opacity": opacity}, **common)]
    base = np.zeros(part.height)
    for measure, hatch in STACK:
        values = part[measure].to_numpy()
        if values.sum() == 0 and measure != "shot_down":
            continue
        traces.append(go.Bar(
            y=values, base=base, name=label("measure", measure, ui), hovertext=_shown(cards, values),
            marker={"color": colour, "opacity": opacity * (1.0 if not hatch else 0.75),
                    "pattern": {"shape": hatch, "fgcolor": "white", "solidity": 0.4} if hatch else None}, **common))
        base = base + values
    return traces


def _shown(cards: list[str], heights: np.ndarray) -> list[str]:
    """A segment's hover cards where it has a height (none where it is not drawn): every card is sent once per
    drawn segment, so a long zero-filled calendar does not repeat each card in every trace."""
    return [card if height else "" for card, height in zip(cards, heights, strict=True)]


def _lines(part: pl.DataFrame, weapon: str, cards: list[str], ui: str) -> list[go.Scatter]:
    colour = CLASS_COLOURS[weapon]
    traces = []
    for n, (measure, dash) in enumerate(DASHES.items()):
        if measure in ("suppressed", "unsplit") and not part[measure].fill_null(0).sum():
            continue
        traces.append(go.Scatter(
            x=part["period"].to_numpy(), y=part[measure].to_numpy(), mode="lines", name=label("measure", measure, ui),
            customdata=np.full(part.height, weapon), hovertext=cards if n == 0 else None,  # one card per day
            hovertemplate="%{hovertext}<extra></extra>" if n == 0 else None, hoverinfo=None if n == 0 else "skip",
            line={"color": colour, "dash": dash, "width": 2.5 if measure == "launched" else 2}))
    return traces


def _rate_text(row: dict, min_launched: int, ui: str) -> str:
    _ = i18n.gettext(ui)
    if not row["shown"]:
        return _("hidden: only {n} launched (fewer than {minimum})").format(
            n=i18n.number(row["launched"], ui), minimum=min_launched)
    text = i18n.percent(row["rate"], ui)
    return text + (" · " + _("uncertain") if row.get("uncertain") else "")


def _rate_hover(row: dict, min_launched: int, ui: str) -> str:
    _ = i18n.gettext(ui)
    if not row["shown"]:
        return _rate_text(row, min_launched, ui)
    return _("{rate} stopped, 95% Wilson interval {low}–{high}<br>{stopped} of {launched} launched, on {nights} night(s)"
             ).format(rate=i18n.percent(row["rate"], ui), low=i18n.percent(row["low"], ui),
                      high=i18n.percent(row["high"], ui), stopped=i18n.number(row["stopped"], ui),
                      launched=i18n.number(row["launched"], ui), nights=row["nights"]) + (
        "<br>" + _("wide interval: read with care") if row.get("uncertain") else "")


def rate_bars(rates: pl.DataFrame, counts_suppressed: bool = True, min_launched: int = 20, ui: str = "en"
              ) -> go.Figure:
    """The interception rate of each weapon class over the period, with its 95% Wilson interval.

    A rate whose interval is wide (few weapons: 33 glide bombs) is drawn pale and hatched and says so.
    """
    _ = i18n.gettext(ui)
    title = _("Share stopped, whole period") if counts_suppressed else _("Share shot down, whole period")
    if rates.is_empty():
        return empty_figure(title, height=260, ui=ui)
    fig = base_figure(title, height=130 + 55 * rates.height, legend_rows=0, ui=ui)
    order = {w: n for n, w in enumerate(CLASS_COLOURS)}
    for row in sorted(rates.iter_rows(named=True), key=lambda r: order.get(r["weapon"], 9)):
        shown, unsure = row["shown"], bool(row.get("uncertain"))
        name = label("weapon", row["weapon"], ui)
        fig.add_trace(go.Bar(
            y=[f"{name}<br><span style='font-size:11px'>n={i18n.number(row['launched'], ui)}</span>"],
            x=[row["rate"] * 100 if shown else 0], orientation="h", showlegend=False, name=name,
            marker={"color": CLASS_COLOURS[row["weapon"]], "opacity": 0.45 if unsure else 1.0,
                    "pattern": {"shape": "/" if unsure else "", "fgcolor": "white", "solidity": 0.3}},
            error_x={"type": "data", "array": [(row["high"] - row["rate"]) * 100 if shown else 0],
                     "arrayminus": [(row["rate"] - row["low"]) * 100 if shown else 0], "color": "#333",
                     "visible": shown},
            text=[_rate_text(row, min_launched, ui)], textposition="outside" if not shown else "inside",
            insidetextanchor="start", textfont={"color": "white" if shown and not unsure else "#333"},
            hovertemplate=f"{_rate_hover(row, min_launched, ui)}<extra></extra>"))
    fig.update_xaxes(title_text=_("Share of launched (%)"), range=[0, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(margin={"l": 96}, uniformtext={"minsize": 10, "mode": "show"})
    return fig


def rate_lines(rates: pl.DataFrame, resolution: str = "month", counts_suppressed: bool = True,
               min_launched: int = 20, ui: str = "en") -> go.Figure:
    """The interception rate per class and period, with 95% Wilson intervals; gaps where too few were launched,
    hollow markers where the interval is wide."""
    _ = i18n.gettext(ui)
    title = {"week": _("Share stopped per week"), "month": _("Share stopped per month"),
             "day": _("Share stopped per day")}[resolution] if counts_suppressed else {
        "week": _("Share shot down per week"), "month": _("Share shot down per month"),
        "day": _("Share shot down per day")}[resolution]
    if rates.is_empty() or not rates["shown"].any():
        return empty_figure(title, _("No period with at least {n} weapons launched").format(n=min_launched),
                            height=320, ui=ui)
    fig = base_figure(title, height=340, ui=ui)
    for weapon in [w for w in CLASS_COLOURS if w in set(rates["weapon"])]:
        part = rates.filter(pl.col("weapon") == weapon).sort("period")
        rows = part.to_dicts()
        fig.add_trace(go.Scatter(
            x=part["period"], y=[r * 100 if r is not None else None for r in part["rate"]], mode="lines+markers",
            name=label("weapon", weapon, ui), connectgaps=False, line={"color": CLASS_COLOURS[weapon], "width": 2},
            marker={"size": 7, "symbol": ["circle-open" if r.get("uncertain") else "circle" for r in rows]},
            error_y={"type": "data", "symmetric": False, "thickness": 1.2, "width": 3,
                     "array": _gap(part["high"], part["rate"]), "arrayminus": _gap(part["rate"], part["low"])},
            hovertext=[f"<b>{label('weapon', weapon, ui)} · {period_name(r['period'], resolution, ui)}</b><br>"
                       + _rate_hover(r, min_launched, ui) for r in rows], hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(title_text=_("Stopped (%)") if counts_suppressed else _("Shot down (%)"), range=[0, 100],
                     ticksuffix="%")
    set_time_axis(fig, rates["period"].min(), rates["period"].max(), resolution, ui, resolution_title(resolution, ui))
    return fig


def _gap(a: pl.Series, b: pl.Series) -> list[float | None]:
    return [(x - y) * 100 if x is not None and y is not None else None for x, y in zip(a, b, strict=True)]
