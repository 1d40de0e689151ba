"""The dashboard shell: navigation, the filter bar, "data as of", the pages, and `serve()`.

The filters live in the address bar. On load (and on back/forward) the query string sets the filter
controls; a change of a control updates the filter store, which rewrites the query string in place
(history.replaceState, so the page is not rendered again) and the page links, so that a view can be
shared by pasting its address. The store holds filters only; pages fetch their aggregates by callback.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import data, errors
from dashboard.components import empty_store, fallback_notice, unreadable_store
from dashboard.context import AppState
from dashboard.evidence import kyiv_time
from dashboard.figures.style import CLASS_LABELS, TYPE_LABELS
from dashboard.urlstate import LANGUAGES, from_store, read_search, to_search, to_store
from etl.csvout import to_csv
from etl.schemas import SOURCE_KINDS

__all__ = ["create_app", "CONTROLS", "NOTICE"]

CONTROLS = (  # filter-bar control id, property
    ("filters-dates", "start_date"), ("filters-dates", "end_date"), ("filters-attacker", "value"),
    ("filters-weapon", "value"), ("filters-type", "value"), ("filters-kind", "value"), ("filters-lang", "value"),
)
KIND_OPTIONS = {"official": "Official posts", "press": "Press", "record": "Kaggle national record",
                "regional": "Kaggle regional commands"}
LANGUAGE_NAMES = {"en": "English", "de": "German", "uk": "Ukrainian"}
TICK_MS = 60_000  # how often the page checks for a new store version
NOTICE = "filters-notice"  # the alert that says which filters in the address were ignored


def create_app(store: str | Path, settings: dict | None = None) -> dash.Dash:
    """The Dash app reading one store file."""
    from etl.settings import load_settings

    app = dash.Dash(__name__, use_pages=True, title="Strikes: air war statistics", update_title=None,
                    serve_locally=True, suppress_callback_exceptions=False, on_error=errors.callback_failed)
    app.strikes = AppState(store=str(store), settings=dict(settings or load_settings()))
    app.layout = lambda: shell(app.strikes)
    errors.install(app.server)
    _protect(app)
    _register(app)
    _set_up_before_serving(app)
    return app


def _set_up_before_serving(app: dash.Dash) -> None:
    """Runs Dash's once-per-process setup now, while no request can be in flight.

    Dash does it in before_request hooks (moving the pages' callbacks into the app, filling the registry
    of component bundles, adding the pages router) whose "done" flag is set before the work. So under
    waitress's threads, a request arriving while the first one is still in that setup skips it and finds
    no callback for its output: a plain 500 (plotly/dash#3971, seen by tests/test_load.py on startup).
    """
    with app.server.test_request_context("/"):
        app.server.preprocess_request()


def _protect(app: dash.Dash) -> None:
    """Basic auth in front of every route (pages, /_dash-* callbacks, assets, downloads) when configured."""
    from dashboard.auth import BasicAuth, credentials

    creds = credentials(app.strikes.settings)
    if creds is not None:
        app.server.wsgi_app = BasicAuth(app.server.wsgi_app, creds)


def shell(state: AppState) -> html.Div:
    """The page around every view; a friendly page instead of the views while the store is empty or unreadable."""
    try:
        snap = data.snapshot(state.store)
        empty = snap.empty
        (first, last), version = data.date_bounds(state.store), _version(state.store)
        notice = fallback_notice(snap.fallback.name, snap.as_of) if snap.fallback else None
    except Exception as exc:  # noqa: BLE001 - a store that cannot be read must not take the page down
        errors.log_error("reading the store", exc)
        empty, first, last, version, notice = True, None, None, "unreadable", unreadable_store()
    hidden = {"display": "none"} if empty else None
    return html.Div([
        dcc.Location(id="shell-url", refresh=False),
        dcc.Store(id="filters-store"), dcc.Store(id="shell-search"),
        dcc.Store(id="shell-version", data=version),
        dcc.Interval(id="shell-tick", interval=TICK_MS), dcc.Download(id="filters-download"),
        _navbar(),
        html.Div(_filter_bar(first, last), style=hidden),
        _alerts(),
        notice or (empty_store(state.store) if empty else None),
        dbc.Container(dash.page_container, fluid=True, class_name="page pb-4", style=hidden),
    ])


def _alerts() -> dbc.Container:
    """Where ignored filters and server errors are reported (closed until there is something to say)."""
    return dbc.Container([
        dbc.Alert(id=NOTICE, color="warning", dismissable=True, is_open=False, class_name="small py-2 mt-2 mb-0"),
        dbc.Alert(id=errors.ERROR_ALERT, color="danger", dismissable=True, is_open=False,
                  class_name="small py-2 mt-2 mb-0"),
    ], fluid=True)


def _notice(notes: list[str]) -> list:
    return [html.Strong("Some filters in the address were not understood and the default is shown instead:"),
            html.Ul([html.Li(n) for n in notes], className="mb-0")] if notes else []


def _navbar() -> dbc.Navbar:
    links = [dbc.NavLink(p["name"], href=p["relative_path"], id=f"shell-nav-{p['module'].split('.')[-1]}")
             for p in dash.page_registry.values()]
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand([html.Span("strikes", className="fw-bold"), html.Span(" air war statistics",
                                                                              className="fw-light")], href="/"),
        dbc.Nav(links, navbar=True, class_name="me-auto"),
        html.Span(id="shell-asof", className="navbar-text small text-light"),
    ], fluid=True), color="dark", dark=True, class_name="py-1")


def _filter_bar(first: date | None, last: date | None) -> dbc.Card:
    def dropdown(cid: str, options: dict, placeholder: str) -> dcc.Dropdown:
        return dcc.Dropdown(id=cid, options=[{"label": v, "value": k} for k, v in options.items()], multi=True,
                            placeholder=placeholder, className="filter-dropdown")

    def cell(label: str, control, **width) -> dbc.Col:
        return dbc.Col([dbc.Label(label, class_name="filter-label"), control], **width)

    return dbc.Card(dbc.CardBody(dbc.Row([
        cell("Dates (attack night, Kyiv)", dcc.DatePickerRange(
            id="filters-dates", min_date_allowed=first, max_date_allowed=last, display_format="YYYY-MM-DD",
            first_day_of_week=1, clearable=False), xs=12, md=6, xl="auto"),
        cell("Attacker", dbc.RadioItems(id="filters-attacker", inline=True, options=[
            {"label": "Russia → Ukraine", "value": "RU"}, {"label": "Ukraine → Russia", "value": "UA"}]),
            xs=12, md=6, xl="auto"),
        cell("Weapon class", dropdown("filters-weapon", CLASS_LABELS, "All classes"), xs=6, md=3, xl=True),
        cell("Type", dropdown("filters-type", TYPE_LABELS, "All types"), xs=6, md=3, xl=True),
        cell("Source kind", dropdown("filters-kind", {k: KIND_OPTIONS[k] for k in SOURCE_KINDS}, "All sources"),
             xs=6, md=3, xl=True),
        cell("Language", dropdown("filters-lang", {k: LANGUAGE_NAMES[k] for k in LANGUAGES}, "All languages"),
             xs=6, md=3, xl=True),
        dbc.Col(dbc.Button("Export CSV", id="filters-export", color="primary", outline=True, size="sm",
                           title="Download the rows behind this view (same as `strikes export`)"),
                xs=12, md="auto", class_name="d-flex align-items-end justify-content-end"),
    ], class_name="g-2 align-items-end")), class_name="filter-bar rounded-0 border-start-0 border-end-0")


def _version(store: str) -> str:
    """A token that changes when a refresh replaces the store file."""
    return ":".join(str(part) for part in data.snapshot(store).signature)


def _register(app: dash.Dash) -> None:
    """The shell's callbacks: address bar <-> filters and page links; data as of and export."""
    _register_filters(app)
    _register_data(app)


def _register_filters(app: dash.Dash) -> None:
    """The query string sets the controls; a control sets the filters, the query string and the links."""
    store = app.strikes.store
    nav = [Output(f"shell-nav-{p['module'].split('.')[-1]}", "href") for p in dash.page_registry.values()]
    paths = [p["relative_path"] for p in dash.page_registry.values()]

    @app.callback([Output(c, p) for c, p in CONTROLS] + [Output("filters-store", "data"),
                                                         Output("shell-search", "data"),
                                                         Output(NOTICE, "children"), Output(NOTICE, "is_open")] + nav,
                  [Input("shell-url", "search")] + [Input(c, p) for c, p in CONTROLS],
                  State("filters-store", "data"))
    def sync_filters(search, *args):
        """The query string sets the controls (and says what it ignored); a control sets the filters,
        the query string and the links."""
        values, current = args[:-1], args[-1]
        bounds = data.date_bounds(store)
        bounds = None if bounds[0] is None else bounds
        if ctx.triggered_id in (None, "shell-url"):
            filters, notes = read_search(search, data.default_filters(store), bounds)
            controls, notice = _control_values(filters), [_notice(notes), bool(notes)]
        else:
            filters = read_search(_search_of(values), data.default_filters(store), bounds)[0]
            controls, notice = [no_update] * len(CONTROLS), [no_update, no_update]
        stored = to_store(filters)
        query = to_search(filters)
        return [*controls, stored if stored != current else no_update, query, *notice, *[p + query for p in paths]]

    app.clientside_callback(
        """function(search) {
            if (search !== undefined && search !== null && window.location.search !== search) {
                window.history.replaceState(window.history.state, '', window.location.pathname + search);
            }
            return window.dash_clientside.no_update;
        }""",
        Input("shell-search", "data"))

    app.clientside_callback(
        f"""function(pathname) {{ return {json.dumps(paths)}.map(p => p === (pathname || '/')); }}""",
        [Output(o.component_id, "active") for o in nav], Input("shell-url", "pathname"))


def _register_data(app: dash.Dash) -> None:
    """ "data as of", the store version that redraws the pages after a refresh, and the CSV export."""
    store = app.strikes.store

    @app.callback(Output("shell-asof", "children"), Output("shell-version", "data"),
                  Input("shell-tick", "n_intervals"), State("shell-version", "data"))
    def data_as_of(_, version):
        """ "data as of <last refresh>", and a new version token when a refresh replaced the store."""
        snap = data.snapshot(store)
        label = f"data as of {kyiv_time(snap.as_of)}" if snap.as_of else "no data yet"
        label += " (a kept version: the store is damaged)" if snap.fallback else ""
        fresh = _version(store)
        return label, fresh if fresh != version else no_update

    @app.callback(Output("filters-download", "data"), Input("filters-export", "n_clicks"),
                  State("filters-store", "data"), State("shell-url", "pathname"), prevent_initial_call=True)
    def export_csv(_, stored, pathname):
        """The rows behind the current view as CSV: the same read path as `strikes export`."""
        table = _export_table(pathname)
        filters = from_store(stored).for_table(table)
        span = f"_{filters.start}_{filters.end}" if filters.start and filters.end else ""
        return dcc.send_string(to_csv(data.query(table, filters, store)), f"strikes-{table}{span}.csv")


def _control_values(f: data.Filters) -> list:
    return [f.start.isoformat() if f.start else None, f.end.isoformat() if f.end else None, f.attacker,
            list(f.weapons), list(f.types), list(f.source_kinds), list(f.languages)]


def _search_of(values: tuple) -> str:
    start, end, attacker, weapons, types, kinds, langs = values
    f = data.Filters(start=_iso_day(start), end=_iso_day(end), attacker=attacker, weapons=tuple(weapons or ()),
                     types=tuple(types or ()), source_kinds=tuple(kinds or ()), languages=tuple(langs or ()))
    return to_search(f) or "?"


def _iso_day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _export_table(pathname: str | None) -> str:
    for page in dash.page_registry.values():
        if page["relative_path"] == (pathname or "/"):
            return page.get("export_table", "attacks")
    return "attacks"
