"""Overview: headline figures, launched vs stopped over time, interception rates, period totals; a click shows
the sources. The resolution and the two toggles are in the address (res, rolling, suppressed)."""

from __future__ import annotations

from datetime import date, timedelta

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, html
from dash.exceptions import PreventUpdate

from dashboard import context, data, figures, i18n, layers, prerender, records, series
from dashboard.components import frame_table, graph, headline_cards, marker_list, note, provenance_view
from dashboard.labels import label, labels
from dashboard.outputs import cached
from dashboard.pages import page_title, view_query
from dashboard.urlstate import search_of, to_store, view_value

dash.register_page(__name__, path="/", name=i18n.N_("Overview"), order=0, title=page_title(i18n.N_("Overview")),
                   export_table="attacks", description="How many weapons were launched and what share was stopped.",
                   prerender=lambda query: page_options(query))  # its layout holds its first cards and charts

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]
UI = State("shell-ui", "data")
PERIOD_COLUMNS = ("period_start", "period_end", "weapon", "launched", "shot_down", "suppressed", "neutralized",
                  "source")


VALIDATING = object()  # Dash builds each page's layout once without arguments, to check its callbacks' ids
FIRST = ("overview-headline.children", "overview-volumes.figure", "overview-markers.children",
         "overview-rates.figure", "overview-rate-trend.figure", "overview-excluded.children", "overview-periods.children")
prerender.first_outputs(*FIRST)


def layout(ui: str | None | object = VALIDATING, **query) -> html.Div:
    """Headline cards, chart options (from the address), the volume chart, the rates, period totals, provenance;
    the cards, charts and tables already filled for the address (dashboard/prerender.py)."""
    validating, ui = ui is VALIDATING, i18n.valid(ui if isinstance(ui, str) and ui else i18n.current())
    first = first_outputs(query, ui) if not validating and prerender.enabled() else {}
    _ = i18n.gettext(ui)
    return html.Div([
        dbc.Row(first.get("overview-headline.children"), id="overview-headline", class_name="g-2 mt-1"),
        _options(query, ui),
        dbc.Row([
            dbc.Col([graph("overview-volumes", 560, first.get("overview-volumes.figure")),
                     note(_("Click a bar or point to see the reports behind it. Hover for all its figures. Numbered "
                            "lines mark changes in reporting: hover a number for what changed.")),
                     html.Div(first.get("overview-markers.children"), id="overview-markers")], xl=8),
            dbc.Col([graph("overview-rates", 260, first.get("overview-rates.figure")),
                     graph("overview-rate-trend", 340, first.get("overview-rate-trend.figure")),
                     note(_("Rate = sum of stopped ÷ sum of launched over the nights that give both, never a mean "
                            "of nightly ratios; whiskers are 95% Wilson intervals; pale, hatched or hollow: a wide "
                            "interval; a rate from fewer than {minimum} launched weapons is hidden. Rows whose "
                            "figures come from different reports, or contradict each other, are left out. From 2025 "
                            "the Air Force counts jammed drones with those shot down, so “shot down” alone is not "
                            "comparable across years.").format(minimum=context.setting("rate_min_launched"))),
                     html.Div(first.get("overview-excluded.children"), id="overview-excluded")], xl=4),
        ], class_name="g-3"),
        html.H2(_("Totals reported for whole periods"), className="h6 mt-3"),
        note(_("Figures a source gives for a month, a week or since a date (“in January”, “this week”). They are "
               "never added to the nights above, and periods that overlap are not added to each other.")),
        html.Div(first.get("overview-periods.children"), id="overview-periods", className="overview-periods"),
        dbc.Offcanvas(id="overview-provenance", title=_("Where this number comes from"), placement="end",
                      is_open=False, scrollable=True, style={"width": "560px"}),
    ])


def first_outputs(query: dict, ui: str) -> dict:
    """The outputs of FIRST for an address (Dash's query dict), answered by the page's own callbacks with the
    inputs the page will send them: the filters the address sets, the store version and the chart options."""
    stored = to_store(context.address_filters(search_of(query), ui)[0])
    version = context.version()
    resolution, rolling = view_value(query, "res", "day"), view_value(query, "rolling") == "1"
    suppressed, alerts = view_value(query, "suppressed", "1") == "1", view_value(query, "alerts") == "1"
    answers = (update_headline(stored, version, suppressed, ui),
               *update_volumes(stored, version, resolution, rolling, alerts, ui),
               *update_rates(stored, version, suppressed, resolution, ui),
               update_periods(stored, version, ui))
    return dict(zip(FIRST, answers, strict=True))


def _options(query: dict, ui: str) -> dbc.Row:
    """The chart options, as the address sets them."""
    _ = i18n.gettext(ui)
    return dbc.Row([
        dbc.Col([dbc.Label(_("Resolution"), class_name="me-3 mb-0"), dbc.RadioItems(
            id="overview-resolution", value=view_value(query, "res", "day"), inline=True,
            options=[{"label": v, "value": k} for k, v in labels("resolution", ui).items()])], xs="auto",
            class_name="d-flex align-items-center"),
        dbc.Col(dbc.Switch(id="overview-rolling", label=_("7-day rolling mean (day resolution)"),
                           value=view_value(query, "rolling") == "1"), xs="auto"),
        dbc.Col(dbc.Switch(id="overview-suppressed", label=_("Count suppressed (jammed, lost) as stopped"),
                           value=view_value(query, "suppressed", "1") == "1"), xs="auto"),
        dbc.Col(dbc.Switch(id="overview-alerts", label=_("Air-raid alert hours"),
                           value=view_value(query, "alerts") == "1", disabled=not layers.has_alerts(context.store())),
                xs="auto"),
    ], class_name="g-3 align-items-center my-2 chart-options")


@callback(Output("shell-view", "data", allow_duplicate=True), Input("overview-resolution", "value"),
          Input("overview-rolling", "value"), Input("overview-suppressed", "value"), Input("overview-alerts", "value"),
          State("shell-view", "data"), prevent_initial_call="initial_duplicate")
def remember_view(resolution, rolling, suppressed, alerts, kept=None):
    """The chart options, for the address (defaults left out); nothing new when the shell keeps them already."""
    view = {"path": "/", "res": resolution if resolution != "day" else None, "rolling": "1" if rolling else None,
            "suppressed": None if suppressed else "0", "alerts": "1" if alerts else None}
    return dash.no_update if view == kept else view


def page_options(query: dict) -> dict:
    """The chart options of an address (Dash's query dict), as remember_view keeps them for the address bar."""
    return remember_view(view_value(query, "res", "day"), view_value(query, "rolling") == "1",
                         view_value(query, "suppressed", "1") == "1", view_value(query, "alerts") == "1")


@callback(Output("overview-headline", "children"), *SHARED, Input("overview-suppressed", "value"), UI,
          prevent_initial_call=True)
@cached
def update_headline(stored, _version, counts_suppressed, ui):
    """The headline figures of the period."""
    h = data.headline(context.filters(stored), context.store(), bool(counts_suppressed))
    ui = i18n.valid(ui)
    return headline_cards(h, "overview", ui, bool(counts_suppressed), view_query(stored, ui))


@callback(Output("overview-volumes", "figure"), Output("overview-markers", "children"), *SHARED,
          Input("overview-resolution", "value"), Input("overview-rolling", "value"), Input("overview-alerts", "value"),
          UI, prevent_initial_call=True)
@cached
def update_volumes(stored, _version, resolution, rolling, alerts, ui):
    """Launched vs shot down vs suppressed per class, with the alert hours when asked and the method markers."""
    f, store, ui = context.filters(stored), context.store(), i18n.valid(ui)
    series_ = data.volumes(f, store, resolution, bool(rolling))
    overlay = layers.alert_series(f, store, resolution, bool(rolling)) if alerts else None
    found = layers.markers_for(f, store, context.state().settings.get("annotations"))
    fig = figures.with_markers(figures.volume_figure(series_, resolution, bool(rolling), ui, overlay), found, ui)
    return fig, marker_list(found, ui, "overview-marker-list")


@callback(Output("overview-rates", "figure"), Output("overview-rate-trend", "figure"),
          Output("overview-excluded", "children"), *SHARED, Input("overview-suppressed", "value"),
          Input("overview-resolution", "value"), UI, prevent_initial_call=True)
@cached
def update_rates(stored, _version, counts_suppressed, resolution, ui):
    """Interception rate per class over the period, and per week or month (month beyond a year of days)."""
    f, store, minimum, ui = context.filters(stored), context.store(), context.setting("rate_min_launched"), i18n.valid(ui)
    long = f.start is None or f.end is None or (f.end - f.start).days > 366
    trend = ("month" if long else "week") if resolution == "day" else resolution
    total = data.class_rates(f, store, bool(counts_suppressed), minimum)
    by_period = data.class_rates(f, store, bool(counts_suppressed), minimum, trend)
    left = data.headline(f, store, bool(counts_suppressed))["excluded"]
    _ = i18n.gettext(ui)
    excluded = note(_(
        "Left out of the rates: {contradictory} row(s) whose figures contradict each other, {mixed} whose launched "
        "and stopped figures come from different reports (see them under Attacks).").format(**left),
        id="overview-excluded-note") if any(left.values()) else None
    found = layers.markers_for(f, store, context.state().settings.get("annotations"))
    return (figures.rate_bars(total, bool(counts_suppressed), minimum, ui),
            figures.with_markers(figures.rate_lines(by_period, trend, bool(counts_suppressed), minimum, ui), found, ui),
            excluded)


@callback(Output("overview-periods", "children"), *SHARED, UI, prevent_initial_call=True)
@cached
def update_periods(stored, _version, ui):
    """The totals sources give for whole periods, apart from the nights."""
    ui = i18n.valid(ui)
    rows = records.period_totals(context.filters(stored), context.store())
    if rows.is_empty():
        _ = i18n.gettext(ui)
        return note(_("No source gives a total for a period in these dates."))
    qualified = rows.with_columns(pl.struct("launched", "q_launched").map_elements(
        lambda r: _qualified(r["launched"], r["q_launched"], ui), return_dtype=pl.Utf8).alias("launched"))
    return frame_table(qualified.select(PERIOD_COLUMNS).head(40), "overview-periods-table", ui)


def _qualified(value: int | None, qualifier: str | None, ui: str) -> str:
    """A figure with its qualifier: "at least 1,300", "about 800"."""
    if value is None:
        return "—"
    if qualifier in (None, "exact"):
        return i18n.number(value, ui)
    return f"{label('qualifier', qualifier, ui)} {i18n.number(value, ui)}"


@callback(Output("overview-provenance", "children"), Output("overview-provenance", "is_open"),
          Input("overview-volumes", "clickData"), State("filters-store", "data"),
          State("overview-resolution", "value"), State("overview-rolling", "value"), UI, prevent_initial_call=True)
def show_provenance(click, stored, resolution, rolling, ui):
    """The attacks behind a clicked point: the largest few of that class in its day, week or month."""
    if not click or not click.get("points") or "customdata" not in click["points"][0]:
        raise PreventUpdate  # the alert overlay carries no weapon class
    ui, point = i18n.valid(ui), click["points"][0]
    weapon, start = point["customdata"], date.fromisoformat(str(point["x"])[:10])
    end = series.period_end(start, "day" if rolling and resolution == "day" else resolution)
    if rolling and resolution == "day":
        start = start - timedelta(days=6)
    f, store, _ = context.filters(stored), context.store(), i18n.gettext(ui)
    keys, total = data.bucket_attacks(weapon, start, end, f, store)
    views = [provenance_view(p, ui, view_query(stored, ui)) for p in (data.provenance(k, f, store) for k in keys) if p]
    span = {"start": i18n.day(start, ui, "medium"), "end": i18n.day(end, ui, "medium")}
    if not views:
        return [note(_("No attack reported between {start} and {end}.").format(**span))], True
    intro = _("{n} attack night(s) between {start} and {end}").format(n=total, **span) + (
        _("; the {n} largest are shown.").format(n=len(views)) if total > len(views) else ".")
    return [note(intro), *views], True
