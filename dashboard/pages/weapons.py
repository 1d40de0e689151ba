"""Weapons: launches and outcomes by type and model over time, and the mix of each salvo. The resolution is in
the address (res)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, data, figures, i18n, layers, series
from dashboard.components import graph, note
from dashboard.labels import labels
from dashboard.outputs import cached
from dashboard.pages import clicked_night_href, page_title
from dashboard.urlstate import view_value

dash.register_page(__name__, path="/weapons", name=i18n.N_("Weapons"), order=1, title=page_title(i18n.N_("Weapons")),
                   export_table="attacks", description="Launches and interception by weapon type and model.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]
UI = State("shell-ui", "data")


def layout(ui: str | None = None, **query) -> html.Div:
    """Resolution choice (from the address), then four charts: types over time, models, rates by type, salvo mix."""
    ui = i18n.valid(ui or i18n.current())
    _ = i18n.gettext(ui)
    return html.Div([
        dcc.Location(id="weapons-goto", refresh="callback-nav"),
        dbc.Row([dbc.Col([dbc.Label(_("Resolution"), class_name="me-3 mb-0"), dbc.RadioItems(
            id="weapons-resolution", value=view_value(query, "res", "month"), inline=True,
            options=[{"label": v, "value": k} for k, v in labels("resolution", ui).items()])], xs="auto",
            class_name="d-flex align-items-center"),
            dbc.Col(note(_("Types and models come from reports that break a salvo down; the rest of a class "
                           "is untyped. Rates count suppressed as stopped, over the rows that give both figures."),
                         className="mb-0"), xs="auto"),
        ], class_name="g-3 align-items-center my-2 chart-options"),
        dbc.Row([dbc.Col(graph("weapons-types", 380), xl=7), dbc.Col(graph("weapons-models", 380), xl=5)],
                class_name="g-3"),
        dbc.Row([dbc.Col(graph("weapons-rates", 380), xl=6),
                 dbc.Col([graph("weapons-salvo", 380), note(_("Click a night's bar to open its page."))], xl=6)],
                class_name="g-3"),
    ])


def _markers(stored) -> list:
    """The method markers of the chosen dates, attacker and classes."""
    return layers.markers_for(context.filters(stored), context.store(), context.state().settings.get("annotations"))


@callback(Output("shell-view", "data", allow_duplicate=True), Input("weapons-resolution", "value"),
          prevent_initial_call="initial_duplicate")
def remember_view(resolution):
    """The resolution, for the address (the default left out)."""
    return {"path": "/weapons", "res": resolution if resolution != "month" else None}


@callback(Output("weapons-types", "figure"), Output("weapons-models", "figure"), *SHARED,
          Input("weapons-resolution", "value"), UI)
@cached
def update_types(stored, _version, resolution, ui):
    """Launches by type over time, and launched and share stopped by model."""
    f, ui, minimum = context.filters(stored), i18n.valid(ui), context.setting("rate_min_launched")
    store = context.store()
    rows = data.type_rows(f, store)
    return (figures.with_markers(figures.type_volume_figure(data.type_volumes(f, store, resolution), resolution, ui),
                                 _markers(stored), ui),
            figures.model_figure(series.by_model(rows, min_launched=minimum), minimum, ui))


@callback(Output("weapons-rates", "figure"), *SHARED, Input("weapons-resolution", "value"), UI)
@cached
def update_rates(stored, _version, resolution, ui):
    """Interception rate per type and period (is ballistic-missile interception falling?)."""
    minimum = context.setting("rate_min_launched")
    rates = data.type_rates(context.filters(stored), context.store(), resolution, True, minimum)
    ui = i18n.valid(ui)
    return figures.with_markers(figures.type_rate_figure(rates, resolution, minimum, ui), _markers(stored), ui)


@callback(Output("weapons-salvo", "figure"), *SHARED, UI)
@cached
def update_salvo(stored, _version, ui):
    """Drones : cruise : ballistic per attack night."""
    ui = i18n.valid(ui)
    fig = figures.salvo_figure(data.salvo_mix(context.filters(stored), context.store()), ui)
    return figures.with_markers(fig, _markers(stored), ui)


@callback(Output("weapons-goto", "href"), Input("weapons-salvo", "clickData"), UI, State("filters-store", "data"),
          prevent_initial_call=True)
def open_night(click, ui, stored):
    """A click on a night's bar opens that night's page."""
    return clicked_night_href(click, ui, stored)
