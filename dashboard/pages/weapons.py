"""Weapons: launches and outcomes by type and model over time, and the mix of each salvo."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import context, data, figures, stats
from dashboard.components import graph, note

dash.register_page(__name__, path="/weapons", name="Weapons", order=1, title="Weapons · strikes",
                   export_table="attacks", description="Launches and interception by weapon type and model.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]


def layout(**_query) -> html.Div:
    """Resolution choice, then four charts: types over time, models, rates by type, salvo mix."""
    return html.Div([
        dbc.Row([dbc.Col([dbc.Label("Resolution", class_name="me-3 mb-0"), dbc.RadioItems(
            id="weapons-resolution", value="month", inline=True,
            options=[{"label": w.capitalize(), "value": w} for w in ("day", "week", "month")])], xs="auto",
            class_name="d-flex align-items-center"),
            dbc.Col(note("Types and models come from reports that break a salvo down; the rest of a class "
                         "is untyped. Rates count suppressed as stopped.", className="mb-0"), xs="auto"),
        ], class_name="g-3 align-items-center my-2 chart-options"),
        dbc.Row([dbc.Col(graph("weapons-types", 380), xl=7), dbc.Col(graph("weapons-models", 380), xl=5)],
                class_name="g-3"),
        dbc.Row([dbc.Col(graph("weapons-rates", 380), xl=6), dbc.Col(graph("weapons-salvo", 380), xl=6)],
                class_name="g-3"),
    ])


@callback(Output("weapons-types", "figure"), Output("weapons-models", "figure"), *SHARED,
          Input("weapons-resolution", "value"))
def update_types(stored, _version, resolution):
    """Launches by type over time, and launched/stopped by model."""
    rows = data.type_rows(context.filters(stored), context.store())
    return (figures.type_volume_figure(stats.by_type(rows, resolution), resolution),
            figures.model_figure(stats.by_model(rows)))


@callback(Output("weapons-rates", "figure"), *SHARED, Input("weapons-resolution", "value"))
def update_rates(stored, _version, resolution):
    """Interception rate per type and period (is ballistic-missile interception falling?)."""
    minimum = context.setting("rate_min_launched")
    rates = data.type_rates(context.filters(stored), context.store(), resolution, True, minimum)
    return figures.type_rate_figure(rates, resolution, minimum)


@callback(Output("weapons-salvo", "figure"), *SHARED)
def update_salvo(stored, _version):
    """Drones : cruise : ballistic per attack night."""
    return figures.salvo_figure(data.salvo_mix(context.filters(stored), context.store()))
