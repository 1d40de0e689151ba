"""Outages: a tile map of the 27 regions coloured by outage reports or, as a second colouring, by hours under
air-raid alert; a region's timeline and its reports. The outage kind, the chosen region and the colouring are in
the address (outage, region, colour)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard import context, data, figures, i18n, layers, series
from dashboard.components import frame_table, graph, note, reviewed_column
from dashboard.labels import label, labels
from dashboard.outputs import cached
from dashboard.pages import page_title, view_query
from dashboard.urlstate import view_value

dash.register_page(__name__, path="/outages", name=i18n.N_("Outages"), order=2, title=page_title(i18n.N_("Outages")),
                   export_table="outage_claims", description="Which regions lost power, heating or water.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]
UI = State("shell-ui", "data")
KINDS = ("power", "heating", "water")


def layout(ui: str | None = None, **query) -> html.Div:
    """Kind choice, the map beside the timeline, then the reports of the chosen region (both from the address)."""
    ui = i18n.valid(ui or i18n.current())
    _ = i18n.gettext(ui)
    kinds = {"": _("All kinds"), **{k: labels("outage_kind", ui)[k] for k in KINDS}}
    return html.Div([
        dcc.Store(id="outages-region", data=view_value(query, "region")),
        dbc.Row([
            dbc.Col([dbc.Label(_("Outage kind"), class_name="me-3 mb-0"), dbc.RadioItems(
                id="outages-kind", value=view_value(query, "outage", ""), inline=True,
                options=[{"label": v, "value": k} for k, v in kinds.items()])],
                xs="auto", class_name="d-flex align-items-center"),
            dbc.Col(dbc.Button(_("All regions"), id="outages-all", size="sm", color="secondary", outline=True),
                    xs="auto"),
            dbc.Col([dbc.Label(_("Colour the map by"), class_name="me-3 mb-0"), dbc.RadioItems(
                id="outages-colour", value=view_value(query, "colour", "reports"), inline=True,
                options=[{"label": _("outage reports"), "value": "reports"},
                         {"label": _("hours under air-raid alert"), "value": "alerts",
                          "disabled": not layers.has_alerts(context.store())}])],
                xs="auto", class_name="d-flex align-items-center"),
            dbc.Col(note(_("Counts are reports that say a region lost supply (not outage size). The weapon "
                           "and attacker filters do not apply here."), className="mb-0"), xs="auto"),
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
    if ctx.triggered_id == "outages-all":
        return None
    return figures.clicked_region(click) or dash.no_update


@callback(Output("shell-view", "data", allow_duplicate=True), Input("outages-kind", "value"),
          Input("outages-region", "data"), Input("outages-colour", "value"), prevent_initial_call="initial_duplicate")
def remember_view(kind, region, colour):
    """The outage kind, region and map colouring, for the address."""
    return {"path": "/outages", "outage": kind or None, "region": region,
            "colour": colour if colour == "alerts" else None}


@callback(Output("outages-map", "figure"), *SHARED, Input("outages-kind", "value"), Input("outages-region", "data"),
          Input("outages-colour", "value"), UI)
@cached
def update_map(stored, _version, kind, region, colour, ui):
    """Regions coloured by the number of outage reports in the period, or by their hours under alert."""
    f, store, ui = context.filters(stored), context.store(), i18n.valid(ui)
    if colour == "alerts":
        return figures.alert_tile_map(layers.alert_map(f, store), region, ui, covered=layers.alert_coverage(store))
    return figures.tile_map(data.outage_map(f, store, kind or None), kind or None, region, ui)


@callback(Output("outages-timeline", "figure"), Output("outages-list-title", "children"),
          Output("outages-list", "children"), *SHARED, Input("outages-region", "data"), Input("outages-kind", "value"),
          UI)
@cached
def update_region(stored, _version, region, kind, ui):
    """The chosen region's outage reports over time by kind, and the latest of them with their evidence."""
    f, store, ui = context.filters(stored), context.store(), i18n.valid(ui)
    _ = i18n.gettext(ui)
    name = label("region", region, ui) if region else _("all regions")
    resolution = series.auto_resolution(f.start, f.end)
    timeline = data.outage_timeline(f, store, region, resolution)
    rows = reviewed_column(data.outage_reports(f, store, region, kind or None), ui)
    table = frame_table(rows.select("date", "region", "kind", "extent", "source", "evidence_text", "reviewed"),
                        "outages-table", ui, view_query(stored, ui)) if rows.height else note(
        _("No outage reports for these filters."))
    title = _("Latest outage reports: {region}").format(region=name) + (
        " " + _("({n} shown)").format(n=rows.height) if rows.height else "")
    found = layers.markers_for(f, store, context.state().settings.get("annotations"))
    found = [m for m in found if m.weapon is None]  # outages have no weapon class
    return figures.with_markers(figures.outage_timeline_figure(timeline, name, resolution, ui), found, ui), title, table
