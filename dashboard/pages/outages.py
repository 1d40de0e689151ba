"""Outages: a tile map of the 27 regions coloured by outage reports, a region's timeline and its reports."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, ctx, dcc, html

from dashboard import context, data, figures, stats
from dashboard.components import frame_table, graph, note
from dashboard.tiles import REGION_NAMES

dash.register_page(__name__, path="/outages", name="Outages", order=2, title="Outages · strikes",
                   export_table="outage_claims", description="Which regions lost power, heating or water.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]
KINDS = {"": "All kinds", "power": "Power", "heating": "Heating", "water": "Water"}


def layout(**_query) -> html.Div:
    """Kind choice, the map beside the timeline, then the reports of the chosen region."""
    return html.Div([
        dcc.Store(id="outages-region"),
        dbc.Row([
            dbc.Col([dbc.Label("Outage kind", class_name="me-3 mb-0"), dbc.RadioItems(
                id="outages-kind", value="", inline=True, options=[{"label": v, "value": k} for k, v in KINDS.items()])],
                xs="auto", class_name="d-flex align-items-center"),
            dbc.Col(dbc.Button("All regions", id="outages-all", size="sm", color="secondary", outline=True), xs="auto"),
            dbc.Col(note("Counts are reports that say a region lost supply (not outage size). The weapon "
                         "and attacker filters do not apply here.", className="mb-0"), xs="auto"),
        ], class_name="g-3 align-items-center my-2 chart-options"),
        dbc.Row([dbc.Col(graph("outages-map", 430), xl=5), dbc.Col(graph("outages-timeline", 430), xl=7)],
                class_name="g-3"),
        html.H2(id="outages-list-title", className="h6 mt-3"),
        dcc.Loading(html.Div(id="outages-list", className="outages-list"), delay_show=150),
    ])


@callback(Output("outages-region", "data"), Input("outages-map", "clickData"), Input("outages-all", "n_clicks"),
          prevent_initial_call=True)
def choose_region(click, _all):
    """A click on a tile chooses its region; "All regions" clears the choice."""
    if ctx.triggered_id == "outages-all" or not click:
        return None
    return click["points"][0]["customdata"][0]


@callback(Output("outages-map", "figure"), *SHARED, Input("outages-kind", "value"), Input("outages-region", "data"))
def update_map(stored, _version, kind, region):
    """Regions coloured by the number of outage reports in the period."""
    counts = data.outage_map(context.filters(stored), context.store(), kind or None)
    return figures.tile_map(counts, kind or None, region)


@callback(Output("outages-timeline", "figure"), Output("outages-list-title", "children"), Output("outages-list", "children"),
          *SHARED, Input("outages-region", "data"), Input("outages-kind", "value"))
def update_region(stored, _version, region, kind):
    """The chosen region's outage reports over time by kind, and the latest of them with their evidence."""
    f, store = context.filters(stored), context.store()
    name = REGION_NAMES.get(region, "all regions")
    resolution = stats.auto_resolution(f.start, f.end)
    timeline = data.outage_timeline(f, store, region, resolution)
    rows = data.outage_reports(f, store, region, kind or None)
    table = frame_table(rows.select("date", "region", "kind", "extent", "source", "evidence_text"),
                        {"evidence_text": "evidence"}, table_id="outages-table") if rows.height else note(
        "No outage reports for these filters.")
    title = f"Latest outage reports: {name}" + (f" ({rows.height} shown)" if rows.height else "")
    return figures.outage_timeline_figure(timeline, name, resolution), title, table
