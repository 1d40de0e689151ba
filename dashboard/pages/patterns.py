"""Patterns: cumulative launches per class over the chosen dates, the day of the week, and the hour the reported
window opens (where the source gives times: the Kaggle record's `time_start`)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import analysis, context, figures, i18n, layers
from dashboard.components import graph, note
from dashboard.outputs import cached
from dashboard.pages import page_title, view_query

dash.register_page(__name__, path="/patterns", name=i18n.N_("Patterns"), order=6,
                   title=page_title(i18n.N_("Patterns")), export_table="attacks",
                   description="Cumulative totals, day of the week, hour of launch.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]
UI = State("shell-ui", "data")


def layout(ui: str | None = None, **_query) -> html.Div:
    """The cumulative chart above the day-of-week and hour charts."""
    ui = i18n.valid(ui or i18n.current())
    _ = i18n.gettext(ui)
    return html.Div([
        dcc.Location(id="patterns-goto", refresh="callback-nav"),
        graph("patterns-cumulative", 400),
        note(_("A launched figure no source gave counts as 0 here. Numbered lines: changes in reporting (hover for "
               "what changed). Click a point to open that night.")),
        dbc.Row([
            dbc.Col([graph("patterns-weekday", 360),
                     note(_("The night into Monday is the one that ends on Monday morning. Launched per night is over "
                            "the nights that state it."))], xl=6),
            dbc.Col([graph("patterns-hours", 360),
                     note(_("Only the Kaggle record's rows that give a start time. The Air Force's overnight window "
                            "opens at 18:00, so that hour stands for “the evening”, not for the time of a launch."))],
                    xl=6),
        ], class_name="g-3"),
    ])


@callback(Output("patterns-cumulative", "figure"), *SHARED, UI)
@cached
def update_cumulative(stored, _version, ui):
    """Launched per class in all, night by night, with the changes in reporting of the dates."""
    f, store, ui = context.filters(stored), context.store(), i18n.valid(ui)
    found = layers.markers_for(f, store, context.state().settings.get("annotations"))
    return figures.with_markers(figures.cumulative_figure(analysis.cumulative(f, store), ui), found, ui)


@callback(Output("patterns-weekday", "figure"), Output("patterns-hours", "figure"), *SHARED, UI)
@cached
def update_patterns(stored, _version, ui):
    """Launches by the day of the week and by the hour the reported window opens."""
    f, store, ui = context.filters(stored), context.store(), i18n.valid(ui)
    return (figures.weekday_figure(analysis.weekdays(f, store), ui),
            figures.hour_figure(analysis.launch_windows(f, store), ui))


@callback(Output("patterns-goto", "href"), Input("patterns-cumulative", "clickData"), UI,
          State("filters-store", "data"), prevent_initial_call=True)
def open_night(click, ui, stored):
    """A click on a night opens it."""
    night = figures.clicked_night(click)
    if night is None:
        raise PreventUpdate
    return f"/night/{night}{view_query(stored, i18n.valid(ui))}"
