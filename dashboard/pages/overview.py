"""Overview: headline figures, launched vs stopped over time, interception rates; a click shows the sources."""

from __future__ import annotations

from datetime import date, timedelta

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html
from dash.exceptions import PreventUpdate

from dashboard import context, data, figures
from dashboard.components import graph, headline_cards, note, provenance_view

dash.register_page(__name__, path="/", name="Overview", order=0, title="Overview · strikes",
                   export_table="attacks", description="How many weapons were launched and what share was stopped.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]


def layout(**_query) -> html.Div:
    """Headline cards, chart options, the volume chart, the rates and the provenance panel."""
    options = dbc.Row([
        dbc.Col([dbc.Label("Resolution", class_name="me-3 mb-0"), dbc.RadioItems(
            id="overview-resolution", value="day", inline=True,
            options=[{"label": w.capitalize(), "value": w} for w in ("day", "week", "month")])], xs="auto",
            class_name="d-flex align-items-center"),
        dbc.Col(dbc.Switch(id="overview-rolling", label="7-day rolling mean (day resolution)", value=False), xs="auto"),
        dbc.Col(dbc.Switch(id="overview-suppressed", label="Count suppressed (jammed, lost) as stopped", value=True),
                xs="auto"),
    ], class_name="g-3 align-items-center my-2 chart-options")
    return html.Div([
        dbc.Row(id="overview-headline", class_name="g-2 mt-1"),
        options,
        dbc.Row([
            dbc.Col([graph("overview-volumes", 560),
                     note("Click a bar or point to see the reports behind it.")], xl=8),
            dbc.Col([graph("overview-rates", 260), graph("overview-rate-trend", 340),
                     note(["Rate = sum of stopped ÷ sum of launched over the rows that give both, never a mean "
                           "of nightly ratios; whiskers are 95% Wilson intervals; a rate from fewer than ",
                           html.Span(id="overview-min"), " launched weapons is hidden. From 2025 the Air Force "
                           "counts jammed drones with those shot down, so \u201cshot down\u201d alone is not "
                           "comparable across years."])], xl=4),
        ], class_name="g-3"),
        dbc.Offcanvas(id="overview-provenance", title="Where this number comes from", placement="end",
                      is_open=False, scrollable=True, style={"width": "560px"}),
    ])


@callback(Output("overview-headline", "children"), *SHARED)
def update_headline(stored, _version):
    """The headline figures of the period."""
    return headline_cards(data.headline(context.filters(stored), context.store()), "overview")


@callback(Output("overview-volumes", "figure"), *SHARED, Input("overview-resolution", "value"),
          Input("overview-rolling", "value"))
def update_volumes(stored, _version, resolution, rolling):
    """Launched vs shot down vs suppressed per class."""
    series = data.volumes(context.filters(stored), context.store(), resolution, bool(rolling))
    return figures.volume_figure(series, resolution, bool(rolling))


@callback(Output("overview-rates", "figure"), Output("overview-rate-trend", "figure"), Output("overview-min", "children"),
          *SHARED,
          Input("overview-suppressed", "value"), Input("overview-resolution", "value"))
def update_rates(stored, _version, counts_suppressed, resolution):
    """Interception rate per class over the period, and per week or month (month beyond a year of days)."""
    f, store, minimum = context.filters(stored), context.store(), context.setting("rate_min_launched")
    long = f.start is None or f.end is None or (f.end - f.start).days > 366
    trend = ("month" if long else "week") if resolution == "day" else resolution
    total = data.class_rates(f, store, bool(counts_suppressed), minimum)
    by_period = data.class_rates(f, store, bool(counts_suppressed), minimum, trend)
    return (figures.rate_bars(total, bool(counts_suppressed), minimum),
            figures.rate_lines(by_period, trend, bool(counts_suppressed), minimum), str(minimum))


@callback(Output("overview-provenance", "children"), Output("overview-provenance", "is_open"),
          Input("overview-volumes", "clickData"), State("filters-store", "data"),
          State("overview-resolution", "value"), State("overview-rolling", "value"), prevent_initial_call=True)
def show_provenance(click, stored, resolution, rolling):
    """The attacks behind a clicked point: the largest few of that class in its day, week or month."""
    if not click or not click.get("points"):
        raise PreventUpdate
    point = click["points"][0]
    weapon, start = point["customdata"], date.fromisoformat(str(point["x"])[:10])
    end = _period_end(start, "day" if rolling and resolution == "day" else resolution)
    if rolling and resolution == "day":
        start = start - timedelta(days=6)
    f, store = context.filters(stored), context.store()
    keys, total = data.bucket_attacks(weapon, start, end, f, store)
    views = [provenance_view(p) for p in (data.provenance(k, f, store) for k in keys) if p]
    if not views:
        return [note(f"No attack reported between {start} and {end}.")], True
    intro = note(f"{total} attack night(s) between {start} and {end}" + (
        f"; the {len(views)} largest are shown." if total > len(views) else "."))
    return [intro, *views], True


def _period_end(start: date, resolution: str) -> date:
    if resolution == "day":
        return start
    if resolution == "week":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)
