"""Weapons charts: launches by type, rates by type, models, and the mix of each salvo. Pure."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import i18n
from dashboard.figures.axes import period_name, resolution_title, set_time_axis
from dashboard.figures.style import (
    CLASS_COLOURS,
    PARTIAL_OPACITY,
    TYPE_DASHES,
    TYPE_PATTERNS,
    TYPE_SYMBOLS,
    base_figure,
    empty_figure,
    layout,
)
from dashboard.labels import CATALOGUE, label

__all__ = ["type_volume_figure", "type_rate_figure", "model_figure", "salvo_figure", "MIX_STYLE"]

MIX_STYLE = {  # part of a salvo -> (catalogue label, colour, hatch): missiles in the blues, drones orange
    "drones": (("weapon", "drone"), CLASS_COLOURS["drone"], ""),
    "cruise": (("type", "cruise_missile"), CLASS_COLOURS["missile"], ""),
    "ballistic": (("type", "ballistic_missile"), "#56B4E9", "x"),
    "other_missiles": (None, "#56B4E9", ""),
    "glide_bombs": (("weapon", "glide_bomb"), CLASS_COLOURS["glide_bomb"], ""),
}


def _rows(items: int, per_row: int = 3) -> int:
    """Lines of legend needed for a half-width chart."""
    return max(1, -(-items // per_row))


def _type_order(frame: pl.DataFrame) -> list[tuple[str, str]]:
    pairs = set(frame.select("weapon", "type").unique().iter_rows())
    return [(w, t) for w in CLASS_COLOURS for t in CATALOGUE["type"] if (w, t) in pairs]


def type_volume_figure(by_type: pl.DataFrame, resolution: str = "week", ui: str = "en") -> go.Figure:
    """Launches per weapon type and period, stacked; hatching tells the types of one class apart; partial
    periods paler."""
    _ = i18n.gettext(ui)
    title = {"day": _("Launches by weapon type per day"), "week": _("Launches by weapon type per week"),
             "month": _("Launches by weapon type per month")}[resolution]
    if by_type.is_empty():
        return empty_figure(title, _("No breakdown by type for these filters"), ui=ui)
    order = _type_order(by_type)
    fig = base_figure(title, height=444, legend_rows=_rows(len(order)), ui=ui)
    for weapon, wtype in order:
        part = by_type.filter((pl.col("weapon") == weapon) & (pl.col("type") == wtype)).sort("period")
        name = label("type", wtype, ui)
        cards = [f"<b>{name} · {period_name(r['period'], resolution, ui)}</b><br>"
                 + f"{label('measure', 'launched', ui)} {i18n.number(r['launched'], ui)}"
                 + (("<br>" + _("partial: {days} of {total} days inside the chosen dates").format(
                     days=r["days"], total=r["period_days"])) if r["partial"] else "") for r in part.iter_rows(named=True)]
        fig.add_trace(go.Bar(
            x=part["period"], y=part["launched"], name=name, hovertext=cards,
            hovertemplate="%{hovertext}<extra></extra>",
            marker={"color": CLASS_COLOURS[weapon], "opacity": [PARTIAL_OPACITY if p else 1 for p in part["partial"]],
                    "pattern": {"shape": TYPE_PATTERNS[wtype], "fgcolor": "white", "solidity": 0.35}}))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text={"day": _("weapons launched per day"), "week": _("weapons launched per week"),
                                 "month": _("weapons launched per month")}[resolution])
    set_time_axis(fig, by_type["period"].min(), by_type["period"].max(), resolution, ui,
                  resolution_title(resolution, ui))
    return fig


def type_rate_figure(rates: pl.DataFrame, resolution: str = "month", min_launched: int = 20, ui: str = "en"
                     ) -> go.Figure:
    """The interception rate of each weapon type per period, with 95% Wilson intervals (hollow: uncertain)."""
    _ = i18n.gettext(ui)
    title = {"day": _("Interception rate by weapon type per day"), "week": _("Interception rate by weapon type per week"),
             "month": _("Interception rate by weapon type per month")}[resolution]
    shown = rates.filter(pl.col("shown")) if not rates.is_empty() else rates
    if shown.is_empty():
        return empty_figure(title, _("No type with at least {n} launched in a period").format(n=min_launched),
                            height=340, ui=ui)
    order = _type_order(shown)
    fig = base_figure(title, height=400, legend_rows=_rows(len(order)), ui=ui)
    for weapon, wtype in order:
        part = rates.filter((pl.col("weapon") == weapon) & (pl.col("type") == wtype)).sort("period")
        rows, name = part.to_dicts(), label("type", wtype, ui)
        fig.add_trace(go.Scatter(
            x=part["period"], y=[r * 100 if r is not None else None for r in part["rate"]], name=name,
            mode="lines+markers", line={"color": CLASS_COLOURS[weapon], "dash": TYPE_DASHES[wtype], "width": 2},
            marker={"symbol": [TYPE_SYMBOLS[wtype] + ("-open" if r["uncertain"] else "") for r in rows], "size": 8},
            error_y={"type": "data", "symmetric": False, "thickness": 1, "width": 3,
                     "array": [(r["high"] - r["rate"]) * 100 if r["rate"] is not None else None for r in rows],
                     "arrayminus": [(r["rate"] - r["low"]) * 100 if r["rate"] is not None else None for r in rows]},
            hovertext=[_type_rate_card(r, name, resolution, ui) for r in rows],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(title_text=_("Shot down or suppressed (%)"), range=[0, 100], ticksuffix="%")
    set_time_axis(fig, rates["period"].min(), rates["period"].max(), resolution, ui, resolution_title(resolution, ui))
    return fig


def _type_rate_card(r: dict, name: str, resolution: str, ui: str) -> str:
    _ = i18n.gettext(ui)
    head = f"<b>{name} · {period_name(r['period'], resolution, ui)}</b><br>"
    if not r["shown"]:
        return head + _("hidden: only {n} launched").format(n=i18n.number(r["launched"], ui))
    return head + _("{rate} stopped (95% Wilson interval {low}–{high}), {stopped} of {launched}").format(
        rate=i18n.percent(r["rate"], ui), low=i18n.percent(r["low"], ui), high=i18n.percent(r["high"], ui),
        stopped=i18n.number(r["stopped"], ui), launched=i18n.number(r["launched"], ui)) + (
        "<br>" + _("wide interval: read with care") if r["uncertain"] else "")


def model_figure(models: pl.DataFrame, min_launched: int = 20, ui: str = "en") -> go.Figure:
    """Per model: everything launched (left, a linear axis), and the share stopped with its interval over the
    rows that state both figures (right), with the number of weapons that share rests on."""
    _ = i18n.gettext(ui)
    title = _("Launched and share stopped by model")
    if models.is_empty():
        return empty_figure(title, _("No models named for these filters"), ui=ui)
    names = [label("model", m, ui) for m in models["model"]]
    colours = [CLASS_COLOURS[w] for w in models["weapon"]]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.55, 0.45], horizontal_spacing=0.04)
    fig.update_layout(layout(title, height=max(320, 130 + 27 * models.height), legend_rows=0, ui=ui), showlegend=False)
    rows = models.to_dicts()
    fig.add_trace(go.Bar(y=names, x=models["launched"], orientation="h", marker={"color": colours},
                         text=[i18n.number(v, ui) for v in models["launched"]], textposition="auto",
                         hovertext=[_model_card(r, n, min_launched, ui) for r, n in zip(rows, names, strict=True)],
                         hovertemplate="%{hovertext}<extra></extra>"), row=1, col=1)
    share = [r["rate"] * 100 if r["shown"] else None for r in rows]
    fig.add_trace(go.Bar(
        y=names, x=share, orientation="h", marker={"color": colours, "opacity": [
            0.45 if r.get("uncertain") else 1.0 for r in rows]},
        error_x={"type": "data", "color": "#333",
                 "array": [(r["high"] - r["rate"]) * 100 if r["shown"] else None for r in rows],
                 "arrayminus": [(r["rate"] - r["low"]) * 100 if r["shown"] else None for r in rows]},
        text=[f"{i18n.percent(r['rate'], ui)} (n={i18n.number(r['rate_launched'], ui)})" if r["shown"]
              else _("too few with both figures") for r in rows], textposition="inside",
        insidetextanchor="start", textfont={"color": "white", "size": 11}, constraintext="none",
        hovertext=[_model_card(r, n, min_launched, ui) for r, n in zip(rows, names, strict=True)],
        hovertemplate="%{hovertext}<extra></extra>"), row=1, col=2)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_xaxes(title_text=label("measure", "launched", ui), rangemode="tozero", row=1, col=1)
    fig.update_xaxes(title_text=_("Stopped (%)"), range=[0, 100], tickvals=[0, 50, 100], ticksuffix="%", row=1, col=2)
    fig.update_layout(margin={"l": 120})
    return fig


def _model_card(r: dict, name: str, min_launched: int, ui: str) -> str:
    _ = i18n.gettext(ui)
    lines = [f"<b>{name}</b>", _("{n} launched in all").format(n=i18n.number(r["launched"], ui))]
    if r["shown"]:
        lines.append(_("{rate} stopped (95% Wilson interval {low}–{high}): {stopped} of {launched}").format(
            rate=i18n.percent(r["rate"], ui), low=i18n.percent(r["low"], ui), high=i18n.percent(r["high"], ui),
            stopped=i18n.number(r["rate_stopped"], ui), launched=i18n.number(r["rate_launched"], ui)))
    else:
        lines.append(_("share hidden: only {n} launched on rows with both figures (fewer than {minimum})").format(
            n=i18n.number(r["rate_launched"], ui), minimum=min_launched))
    if r["no_stopped"]:
        lines.append(_("{n} row(s) give no stopped figure and are left out of the share").format(n=r["no_stopped"]))
    return "<br>".join(lines)


def salvo_figure(mix: pl.DataFrame, ui: str = "en") -> go.Figure:
    """What each attack night was made of: drones, cruise, ballistic and other missiles, glide bombs. Each bar carries
    its night as customdata (a click opens the night's page)."""
    _ = i18n.gettext(ui)
    title = _("Mix of each salvo (drones : cruise : ballistic)")
    if mix.is_empty():
        return empty_figure(title, ui=ui)
    parts = [p for p in MIX_STYLE if mix[p].sum()]
    fig = base_figure(title, height=400, legend_rows=_rows(len(parts)), ui=ui)
    ratio = [" : ".join(i18n.number(v, ui) for v in row) for row in mix.select("drones", "cruise", "ballistic").rows()]
    for part in parts:
        key, colour, hatch = MIX_STYLE[part]
        name = label(*key, ui) if key else _("Other or untyped missiles")
        if part == "ballistic":
            name = _("Ballistic missiles (incl. Kinzhal)")
        cards = [f"<b>{i18n.day(d, ui, 'day_weekday')}</b><br>{name}: {i18n.number(v, ui)}<br>"
                 + _("drones : cruise : ballistic = {ratio}").format(ratio=r)
                 for d, v, r in zip(mix["attack_date"], mix[part], ratio, strict=True)]
        fig.add_trace(go.Bar(x=mix["attack_date"], y=mix[part], name=name, hovertext=cards,
                             customdata=[d.isoformat() for d in mix["attack_date"]],
                             hovertemplate="%{hovertext}<extra></extra>",
                             marker={"color": colour, "pattern": {"shape": hatch, "fgcolor": "white", "solidity": 0.35}}))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=_("weapons launched per night"))
    set_time_axis(fig, mix["attack_date"].min(), mix["attack_date"].max(), "day", ui, resolution_title("day", ui))
    return fig
