"""A night: /night/YYYY-MM-DD (the attacker in the query, Russia by default), the address a journalist cites.

The night's outcome per class as a waterfall and per type in a table, every source's claims with their
sentences and the rule that chose each figure, the outages reported that day, the air-raid alerts of the
night, the nights around it and the changes in reporting near it.
"""

from __future__ import annotations

from datetime import date, timedelta

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboard import analysis, context, data, figures, i18n, layers, sirens
from dashboard.components import frame_table, graph, marker_list, night_link, note, provenance_view, stat_card
from dashboard.figures.style import CLASS_COLOURS
from dashboard.labels import label
from dashboard.outputs import cached
from dashboard.pages import clicked_night_href, day_title, view_query

dash.register_page(__name__, path_template="/night/<night>", name=i18n.N_("Night"), order=4,
                   title=day_title(i18n.N_("Night"), "night", "medium"), export_table="attacks",
                   description="One attack night: outcome, sources, alerts, outages.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data"), Input("night-day", "data")]
UI = State("shell-ui", "data")
MARGIN = timedelta(days=31)  # markers listed around a night
TYPE_COLUMNS = ("weapon", "type", "model", "launched", "shot_down", "suppressed", "stopped", "not_stopped")


def parse_night(value: str | None) -> date | None:
    """The night of the address, or None when it is not a day."""
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def layout(night: str | None = None, ui: str | None = None, **_query) -> html.Div:
    """The night's sections; their content comes from the callbacks below."""
    ui = i18n.valid(ui or i18n.current())
    _ = i18n.gettext(ui)
    day = parse_night(night) if night is not None else date.today()  # no night: the layout Dash validates with
    if day is None:
        return html.Div(dbc.Alert(_("“{night}” is not a night: the address is /night/YYYY-MM-DD.").format(
            night=(night or "")[:40]), color="warning", class_name="mt-3"), id="night-invalid")
    return html.Div([
        dcc.Store(id="night-day", data=day.isoformat()), dcc.Location(id="night-goto", refresh="callback-nav"),
        html.H1(_("The night into {day}").format(day=i18n.day(day, ui, "day_weekday")), className="night-title"),
        html.Div(id="night-subtitle", className="text-muted small"),
        html.Div(id="night-nav", className="night-nav small my-1"),
        dbc.Row(id="night-cards", class_name="g-2 mt-1"),
        dbc.Row([dbc.Col(graph("night-waterfall", 400), xl=7),
                 dbc.Col([graph("night-neighbours", 320), note(_("Click a bar to open that night."))], xl=5)],
                class_name="g-3 mt-1"),
        html.H2(_("By type and model"), className="h6 mt-3"),
        html.Div(id="night-types", className="section-box"),
        html.H2(_("Where each figure comes from"), className="h6 mt-3"),
        note(_("Every claim about this night, with its sentence and the figure marked; above each class, the rule "
               "that chose each of its figures (official beats press, exact beats approximate, later beats "
               "earlier).")),
        dcc.Loading(dbc.Row(id="night-claims", class_name="g-3"), delay_show=150),
        dbc.Row([
            dbc.Col([html.H2(_("Air-raid alerts of the night"), className="h6 mt-3"),
                     graph("night-alert-map", 430), html.Div(id="night-alerts")], xl=6),
            dbc.Col([html.H2(_("Outages reported for this day"), className="h6 mt-3"),
                     html.Div(id="night-outages", className="section-box")], xl=6),
        ], class_name="g-3"),
        html.H2(_("Changes in reporting near this night"), className="h6 mt-3"),
        html.Div(id="night-markers"),
    ], id="night-page")


@callback(Output("night-subtitle", "children"), Output("night-nav", "children"), Output("night-cards", "children"),
          Output("night-waterfall", "figure"), Output("night-types", "children"), *SHARED, UI)
@cached
def update_outcome(stored, _version, night, ui):
    """The night's outcome: who attacked, the nights before and after, a card per class, the waterfall, types."""
    f, store, ui, day = context.filters(stored), context.store(), i18n.valid(ui), date.fromisoformat(night)
    _, query = i18n.gettext(ui), view_query(stored, ui)
    rows = analysis.night_rows(day, f, store)
    before, after = analysis.around(day, f, store)
    subtitle = _("{attacker} · 18:00 on {evening} to 09:00 on {morning}, Kyiv time").format(
        attacker=label("attacker", f.attacker, ui) if f.attacker else _("every attacker"),
        evening=i18n.day(day - timedelta(days=1), ui, "medium"), morning=i18n.day(day, ui, "medium"))
    nav = [night_link(before, "← " + i18n.day(before, ui, "medium"), query, id="night-before") if before else None,
           night_link(after, i18n.day(after, ui, "medium") + " →", query, id="night-after") if after else None,
           dcc.Link(_("Month report: {month}").format(month=i18n.day(day, ui, "month")),
                    href=f"/month/{day:%Y-%m}{query}", id="night-month")]
    classes = rows.filter(pl.col("row_kind") == "class")
    types = rows.filter(pl.col("row_kind") == "type").select(TYPE_COLUMNS)
    table = frame_table(types, "night-types-table", ui) if types.height else note(
        _("No source breaks this night down by type."), className="mb-0")
    return (subtitle, nav, _cards(classes, ui), figures.waterfall_figure(rows, day, ui), table)


def _cards(classes: pl.DataFrame, ui: str) -> list:
    """A card per class: launched, and what was stopped and not."""
    _ = i18n.gettext(ui)
    if classes.is_empty():
        return [dbc.Col(dbc.Alert(_("No attack by this attacker is reported for this night."), color="light",
                                  id="night-empty"))]
    cards = []
    for r in sorted(classes.iter_rows(named=True), key=lambda r: list(CLASS_COLOURS).index(r["weapon"])):
        value = i18n.number(r["launched"], ui) if r["launched"] is not None else _("not reported")
        sub = _("{stopped} stopped · {not_stopped} not stopped").format(
            stopped=i18n.number(r["stopped"], ui), not_stopped=i18n.number(r["not_stopped"], ui))
        if r["contradictory"]:
            sub += " · " + _("figures contradict each other")
        elif r["mixed"]:
            sub += " · " + _("figures from different reports")
        cards.append(stat_card(_("{weapon} launched").format(weapon=label("weapon", r["weapon"], ui)), value, sub,
                               card_id=f"night-launched-{r['weapon']}", xs=12, md=4, xl=3))
    return cards


@callback(Output("night-claims", "children"), *SHARED, UI)
@cached
def update_claims(stored, _version, night, ui):
    """Per class, the rule behind each figure and every claim with its evidence sentence."""
    f, store, ui, day = context.filters(stored), context.store(), i18n.valid(ui), date.fromisoformat(night)
    classes = analysis.night_rows(day, f, store).filter(pl.col("row_kind") == "class")
    columns = []
    for row in classes.iter_rows(named=True):
        prov, rules = analysis.night_claims(row, f, store)
        if prov is not None:
            columns.append(dbc.Col(provenance_view(prov, ui, rules=rules), xl=12 // max(classes.height, 1),
                                   id=f"night-claims-{row['weapon']}"))
    return columns or [dbc.Col(note(i18n.gettext(ui)("No claim about this night.")))]


@callback(Output("night-neighbours", "figure"), Output("night-markers", "children"), *SHARED, UI)
@cached
def update_context(stored, _version, night, ui):
    """The nights around this one, and the changes in reporting within a month of it (drawn and listed)."""
    f, store, ui, day = context.filters(stored), context.store(), i18n.valid(ui), date.fromisoformat(night)
    found = layers.markers_for(f, store, context.state().settings.get("annotations"), day - MARGIN, day + MARGIN)
    near = analysis.neighbours(day, f, store)
    fig = figures.with_markers(figures.neighbours_figure(near, day, ui), found, ui, day - timedelta(days=7),
                               day + timedelta(days=7))
    return fig, marker_list(found, ui, "night-marker-list")


@callback(Output("night-alert-map", "figure"), Output("night-alerts", "children"), Output("night-outages", "children"),
          *SHARED, UI)
@cached
def update_alerts(stored, _version, night, ui):
    """The alerts of the night on the region map and in a table, and the outages reported for the day."""
    f, store, ui, day = context.filters(stored), context.store(), i18n.valid(ui), date.fromisoformat(night)
    _, query = i18n.gettext(ui), view_query(stored, ui)
    first, last = layers.alert_coverage(store)
    hours = layers.alert_map(data.Filters(start=day, end=day), store)
    title = _("Hours under alert this night (18:00–09:00)")
    fig = figures.alert_tile_map(hours, None, ui, title, (first, last), hint="")
    if first is None or not (first <= day <= last):
        table = note(_("The alert table in the store does not cover this night: its hours are unknown."),
                     id="night-alerts-none")
    else:
        rows = sirens.night_summary(layers.night_alerts(day, store), hours)
        table = frame_table(rows, "night-alerts-table", ui) if rows.height else note(_("No alert this night."))
    outages = data.outage_reports(data.Filters(start=day, end=day, source_kinds=f.source_kinds,
                                               languages=f.languages), store, limit=100)
    listed = frame_table(outages.select("region", "kind", "extent", "source", "evidence_text"), "night-outages-table",
                         ui, query) if outages.height else note(_("No outage reported for this day."), className="mb-0")
    return fig, table, listed


@callback(Output("night-goto", "href"), Input("night-neighbours", "clickData"), UI, State("filters-store", "data"),
          prevent_initial_call=True)
def open_night(click, ui, stored):
    """A click on a night's bar opens that night."""
    return clicked_night_href(click, ui, stored)
