"""Embeds for newsrooms: `/embed/volumes`, `/embed/rates`, `/embed/rate-trend` (the overview's charts) and
`/embed/night/YYYY-MM-DD` (a night's evidence card), the only routes another site may put in a frame.

A chart's filters and options are in its address, read by the dashboard's own code (dashboard/urlstate.py:
`?from=2025-01-01&to=2025-03-31&attacker=RU&weapon=drone&res=week&ui=uk`), and it is drawn by the same functions
(dashboard/figures) from the same read path (dashboard/data.py) as the overview. Each embed says "data as of" the
last refresh and names the data version. The pages are plain HTML with the figure as JSON and plotly.js served
from here (/embed/plotly.min.js), so an embed needs no Dash and no other route. FrameGuard sets who may frame
what: `frame-ancestors *` on /embed/, `X-Frame-Options: DENY` and `frame-ancestors 'none'` on every other answer.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date
from importlib.resources import files
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
from flask import Flask, Response, request, send_file

from dashboard import analysis, data, figures, i18n, layers
from dashboard.evidence import kyiv_time
from dashboard.feed import figures_line
from dashboard.urlstate import read_search, to_search, view_value

__all__ = ["FrameGuard", "install", "CHARTS", "PREFIX", "chart_figure", "night_card"]

PREFIX = "/embed/"
FRAMEABLE = [("Content-Security-Policy", "frame-ancestors *")]
DENIED = [("X-Frame-Options", "DENY"), ("Content-Security-Policy", "frame-ancestors 'none'")]
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>body{{font-family:system-ui,sans-serif;margin:.5rem;color:#222}}
.asof{{font-size:.8rem;color:#666;margin:.25rem 0}} .notice{{font-size:.8rem;color:#8a6d00}}
table{{border-collapse:collapse;font-size:.9rem}} td,th{{padding:.15rem .5rem;text-align:left}}</style>{head}
</head><body>{body}<p class="asof" id="embed-asof">{asof}</p></body></html>
"""
SCRIPT = """<div id="embed-chart" style="height:{height}px"></div>
<script type="application/json" id="embed-figure">{figure}</script>
<script>const f = JSON.parse(document.getElementById("embed-figure").textContent);
Plotly.newPlot("embed-chart", f.data, f.layout, {{responsive: true, displaylogo: false}});</script>"""


class FrameGuard:
    """WSGI middleware: says on every answer (the auth's 401 too) whether another site may frame it."""

    def __init__(self, app: Callable):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        extra = FRAMEABLE if environ.get("PATH_INFO", "").startswith(PREFIX) else DENIED
        names = {name.lower() for name, _ in DENIED}

        def framed(status, headers, exc_info=None):
            kept = [(k, v) for k, v in headers if k.lower() not in names]
            return start_response(status, kept + extra, exc_info)

        return self.app(environ, framed)


def _volumes(f, store, view, settings, ui) -> go.Figure:
    resolution, rolling = view_value(view, "res", "day"), view_value(view, "rolling") == "1"
    fig = figures.volume_figure(data.volumes(f, store, resolution, rolling), resolution, rolling, ui)
    return figures.with_markers(fig, layers.markers_for(f, store, settings.get("annotations")), ui)


def _rates(f, store, view, settings, ui) -> go.Figure:
    counts = view_value(view, "suppressed", "1") == "1"
    minimum = settings["rate_min_launched"]
    return figures.rate_bars(data.class_rates(f, store, counts, minimum), counts, minimum, ui)


def _rate_trend(f, store, view, settings, ui) -> go.Figure:
    counts, minimum = view_value(view, "suppressed", "1") == "1", settings["rate_min_launched"]
    long = f.start is None or f.end is None or (f.end - f.start).days > 366
    resolution = view_value(view, "res", "day")
    trend = ("month" if long else "week") if resolution == "day" else resolution
    return figures.rate_lines(data.class_rates(f, store, counts, minimum, trend), trend, counts, minimum, ui)


CHARTS = {  # name -> (how it is drawn, its height, the overview's title for it)
    "volumes": (_volumes, 560, i18n.N_("Launched and stopped")),
    "rates": (_rates, 260, i18n.N_("Interception rate")),
    "rate-trend": (_rate_trend, 340, i18n.N_("Interception rate over time")),
}


def chart_figure(name: str, search: str, store: str, settings: dict, ui: str) -> tuple[go.Figure, data.Filters,
                                                                                       list[str]]:
    """A chart drawn for the filters and options of an address, with the filters and what it ignored."""
    f, notes, view = _address(search, store, ui)
    return CHARTS[name][0](f, store, view, settings, ui), f, notes


def _address(search: str, store: str, ui: str) -> tuple[data.Filters, list[str], dict]:
    """The filters, notices and page options of an address, as the dashboard reads them."""
    from urllib.parse import parse_qs

    bounds = data.date_bounds(store)
    f, notes = read_search(search, data.default_filters(store), None if bounds[0] is None else bounds, ui)
    return f, notes, parse_qs(search.lstrip("?"))


def night_card(night: date, search: str, store: str) -> tuple[pl.DataFrame, list[dict], data.Filters]:
    """A night's class rows (with their outcome), the reports behind them and the filters (attacker, sources)."""
    f = read_search(search, data.default_filters(store))[0]
    f = analysis.night_filters(night, data.Filters(attacker=f.attacker or "RU", source_kinds=f.source_kinds,
                                                   languages=f.languages))
    rows = analysis.night_rows(night, f, store).filter(pl.col("row_kind") == "class")
    if rows.is_empty():
        return rows, [], f
    ids = rows.select(pl.col("sources").str.json_decode(pl.List(pl.String))).explode("sources")["sources"]
    tables = data.tables(store)
    claims = tables["strike_claims"].lazy().filter(pl.col("claim_id").is_in(ids.implode())).select("report_id")
    reports = tables["reports"].lazy().filter(pl.col("report_id").is_in(claims.collect()["report_id"].implode()))
    reports = reports.select(pl.col("source").cast(pl.Utf8), "url", "published").collect()
    return rows, reports.unique().sort("published", nulls_last=True).to_dicts(), f


def _asof(store: str, ui: str) -> str:
    """ "data as of <time> · data version <id>", escaped."""
    _, snap = i18n.gettext(ui), data.snapshot(store)
    when = _("data as of {time}").format(time=kyiv_time(snap.as_of, ui)) if snap.as_of else _("no data yet")
    version = _("data version {version}").format(version=snap.version) if snap.version else ""
    return html.escape(" · ".join(p for p in (when, version) if p))


def _page(title: str, body: str, store: str, ui: str, link: str, head: str = "") -> Response:
    _ = i18n.gettext(ui)
    asof = f'{_asof(store, ui)} · <a href="{html.escape(link)}" target="_blank" rel="noopener">' \
           f'{html.escape(_("Open in the dashboard"))}</a>'
    text = PAGE.format(lang=ui, title=html.escape(title), head=head, body=body, asof=asof)
    return Response(text, mimetype="text/html")


def _notices(notes: list[str]) -> str:
    return "".join(f'<p class="notice">{html.escape(n)}</p>' for n in notes)


def _chart_page(name: str, store: str, settings: dict) -> Response:
    ui = _ui()
    search = request.query_string.decode("utf-8", "replace")
    fig, f, notes = chart_figure(name, search, store, settings, ui)
    figure = fig.to_json().replace("<", "\\u003c")
    body = _notices(notes) + SCRIPT.format(height=CHARTS[name][1], figure=figure)
    link = "/" + to_search(f, {k: view_value(request.args.to_dict(flat=False), k) for k in ("res", "rolling",
                                                                                           "suppressed", "ui")})
    head = f'<script src="{PREFIX}plotly.min.js"></script>'
    return _page(i18n.gettext(ui)(CHARTS[name][2]), body, store, ui, link, head)


def _night_page(night: str, store: str) -> Response:
    ui, _ = _ui(), i18n.gettext(_ui())
    try:
        day = date.fromisoformat(night)
    except ValueError:
        return Response(f"{night[:40]!r} is not a night: the address is /embed/night/YYYY-MM-DD\n", status=404,
                        mimetype="text/plain")
    rows, reports, f = night_card(day, request.query_string.decode("utf-8", "replace"), store)
    title = _("The night into {day}").format(day=i18n.day(day, ui, "day_weekday"))
    lines = "".join(f"<li>{html.escape(figures_line(r))}</li>" for r in rows.to_dicts())
    body = f"<h1 style='font-size:1.1rem'>{html.escape(title)}</h1><ul id='embed-figures'>{lines}</ul>" if lines \
        else f"<h1 style='font-size:1.1rem'>{html.escape(title)}</h1><p>{html.escape(_('No figures for this night.'))}</p>"
    if reports:
        items = "".join(_source_item(r) for r in reports)
        body += f"<p style='margin-bottom:0'>{html.escape(_('Sources'))}</p><ul id='embed-sources'>{items}</ul>"
    query = "" if f.attacker == "RU" else f"?attacker={f.attacker}"
    return _page(title, body, store, ui, f"/night/{day.isoformat()}{query}")


def _source_item(report: dict) -> str:
    name, url = html.escape(report["source"] or "unnamed source"), report["url"] or ""
    return f'<li><a href="{html.escape(url)}" target="_blank" rel="noopener">{name}</a></li>' \
        if url.startswith(("http://", "https://")) else f"<li>{name}</li>"


def _ui() -> str:
    return i18n.valid(request.args.get("ui") or i18n.current())


def install(server: Flask, store: str, settings: dict) -> None:
    """Add the /embed/ routes; FrameGuard goes around the whole server in dashboard/app.py."""
    plotly_js = Path(str(files("plotly") / "package_data" / "plotly.min.js"))

    @server.get(f"{PREFIX}<name>")
    def embed_chart(name: str):
        if name == "plotly.min.js":
            return send_file(plotly_js, mimetype="text/javascript", max_age=86400)
        if name not in CHARTS:
            return Response(f"no such embed {name[:40]!r}; the charts are {', '.join(CHARTS)}, and "
                            "night/YYYY-MM-DD\n", status=404, mimetype="text/plain")
        return _chart_page(name, store, settings)

    @server.get(f"{PREFIX}night/<night>")
    def embed_night(night: str):
        return _night_page(night, store)
