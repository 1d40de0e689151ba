"""The app: create_app(), and the shell's callbacks that keep the page and the address bar in step.

The view lives in the address bar. On load (and on back/forward) the query string sets the filter
controls; a change of a control updates the filter store, and a page's own options (resolution,
toggles, the selected region or row) go to the view store; both are written back into the query
string in place (history.replaceState, so the page is not rendered again) and into the page links,
so that a view can be shared by pasting its address. The store holds filters only; pages fetch their
aggregates by callback. The interface language is chosen per request (dashboard/i18n.py).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import dash
import flask
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import (
    analysis,
    api,
    context,
    data,
    embed,
    errors,
    export,
    feed,
    i18n,
    prerender,
    records,
    reviewpage,
    shell,
)
from dashboard.components import empty_store, fallback_notice, unreadable_store
from dashboard.context import AppState
from dashboard.evidence import kyiv_time
from dashboard.urlstate import from_store, to_search, to_store

__all__ = ["create_app", "CONTROLS", "NOTICE", "SCOPE"]

CONTROLS, NOTICE = shell.CONTROLS, shell.NOTICE
SCOPE = {  # page path (or the start of it) -> the filters that do not apply there (shown disabled, with a note)
    "/outages": ("attacker", "weapon", "type"),
    "/quality": ("dates", "attacker", "weapon", "type", "kind", "lang"),
    "/night/": ("dates", "weapon", "type"),
    "/month/": ("dates", "weapon", "type"),
}
SCOPE_IDS = {"dates": "filters-dates", "weapon": "filters-weapon", "type": "filters-type", "kind": "filters-kind",
             "lang": "filters-lang"}


def create_app(store: str | Path, settings: dict | None = None) -> dash.Dash:
    """The Dash app reading one store file."""
    from dashboard import bundles, compressed
    from etl.settings import load_settings

    server = flask.Flask(__name__)  # what dash.Dash would make, with the compressed answers kept
    compressed.configure(server)
    app = dash.Dash(__name__, server=server, use_pages=True, title="Strikes: air war statistics", update_title=None,
                    serve_locally=True, compress=True, suppress_callback_exceptions=False,
                    on_error=errors.callback_failed,
                    routing_callback_inputs={"ui": State("shell-ui", "data")})
    app.strikes = AppState(store=str(store), settings=dict(settings or load_settings()))
    app.layout = lambda: page_shell(app.strikes)
    bundles.install(app.server, app.strikes.settings.get("plotly_bundle", "cartesian"))
    errors.install(app.server)
    _protect(app)
    _register(app)
    reviewpage.install(app)
    api.install(app.server, str(store))
    feed.install(app.server, str(store))
    embed.install(app.server, str(store), app.strikes.settings)
    compressed.install(app.server)  # after Dash set Flask-Compress up: digests each answer before it compresses
    app.server.wsgi_app = embed.FrameGuard(app.server.wsgi_app)  # outermost: the auth's 401 says it too
    _set_up_before_serving(app)
    prerender.install(app)
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


def page_shell(state: AppState) -> html.Div:
    """The page around every view; a friendly page instead of the views while the store is empty or unreadable."""
    ui = i18n.current()
    try:
        snap = data.snapshot(state.store)
        empty = snap.empty
        (first, last), version = data.date_bounds(state.store), _version(state.store)
        body = fallback_notice(snap.fallback.name, snap.as_of, ui) if snap.fallback else None
    except Exception as exc:  # noqa: BLE001 - a store that cannot be read must not take the page down
        errors.log_error("reading the store", exc)
        empty, first, last, version, body = True, None, None, "unreadable", unreadable_store(ui)
    if body is None and empty:
        body = empty_store(state.store, ui)
    review = flask.has_request_context() and reviewpage.may_review(reviewpage.reviewer(flask.request.environ),
                                                                     state.settings)  # Dash checks it at start
    page = prerender.page_view(ui) if not empty and state.settings.get("prerender", True) else None
    layout = shell.layout(ui, first, last, version, body, empty, review=review, page=page)
    if page is not None:  # what the shell's callbacks would answer for the address: they are not asked on load
        prerender.fill(layout, _first_shell(page, ui, state.store))
    return layout


def _first_shell(page: dict, ui: str, store: str) -> dict[tuple[str, str], object]:
    """The shell's outputs for the address of a page sent with its view: the address bar, the filter store, the
    page's options, the links and what applies (address_values), "data as of" and the demo banner."""
    stored = to_store(context.address_filters(page["search"], ui, store)[0])
    shown = {("shell-url", "pathname"): page["pathname"], ("shell-url", "search"): page["search"],
             ("filters-store", "data"): stored, ("shell-view", "data"): page["options"],
             ("shell-asof", "children"): as_of(store, ui), ("shell-demo", "children"): _demo(store, ui)}
    outputs = address_outputs(dash.page_registry.values())
    values = address_values(stored, page["options"], page["pathname"], ui, store)
    return {**shown, **dict(zip(((o.component_id, o.component_property) for o in outputs), values, strict=True))}


def _notice(notes: list[str], ui: str) -> list:
    _ = i18n.gettext(ui)
    return [html.Strong(_("Some parts of the address were not understood and the default is shown instead:")),
            html.Ul([html.Li(n) for n in notes], className="mb-0")] if notes else []


def _version(store: str) -> str:
    """A token that changes when a refresh replaces the store file."""
    return context.version(store)


def _register(app: dash.Dash) -> None:
    """The shell's callbacks: address bar <-> filters, view and page links; data as of, demo banner, export.

    The address and the demo banner are not asked for when a page loads: a page sent with its view has them in its
    layout (page_shell), and on any other the address bar's location, set as the page mounts, asks for them."""
    prerender.first_outputs("shell-search.data", "shell-demo.children")
    _register_filters(app)
    _register_address(app)
    _register_data(app)


def _register_filters(app: dash.Dash) -> None:
    """The query string sets the controls (and says what it ignored); a control sets the filters."""
    store = app.strikes.store

    @app.callback([Output(c, p) for c, p in CONTROLS] + [Output("filters-store", "data"), Output(NOTICE, "children"),
                                                         Output(NOTICE, "is_open")],
                  [Input("shell-url", "search")] + [Input(c, p) for c, p in CONTROLS],
                  State("filters-store", "data"), State("shell-ui", "data"))
    def sync_filters(search, *args):
        """The query string sets the controls (and says what it ignored, or clamped); a control sets the filters."""
        values, current, ui = args[:-2], args[-2], i18n.valid(args[-1])
        if ctx.triggered_id in (None, "shell-url"):
            filters, notes = context.address_filters(search, ui, store)
            controls, notice = _control_values(filters), [_notice(notes, ui), bool(notes)]
        else:
            filters = context.address_filters(_search_of(values), i18n.DEFAULT_UI, store)[0]
            controls, notice = [no_update] * len(CONTROLS), [no_update, no_update]
        stored = to_store(filters)
        return [*controls, stored if stored != current else no_update, *notice]


def address_outputs(pages) -> list[Output]:
    """What compose_address answers: the query string, the page links, the language links and which filters apply."""
    nav = [Output(shell.nav_id(p), "href") for p in pages]
    langs = [Output(f"shell-ui-{code}", "href") for code in i18n.UI_LANGUAGES]
    scope = [Output(SCOPE_IDS[k], "disabled") for k in SCOPE_IDS] + [
        Output("filters-attacker", "options"), Output("filters-scope", "children"), Output(shell.EXPORTS[1], "disabled")]
    return [Output("shell-search", "data"), *nav, *langs, *scope]


def address_values(stored: dict | None, view: dict | None, pathname: str | None, ui: str | None, store: str) -> list:
    """The address of what is shown: filters, the page's own options and the language (when not English); the page
    links, the language links and which filters apply (the outputs of address_outputs)."""
    ui, path = i18n.valid(ui), pathname or "/"
    options = dict(view or {}) if (view or {}).get("path") == path else {}
    options.pop("path", None)
    language = {"ui": ui} if ui != i18n.DEFAULT_UI else {}
    filters = from_store(stored)
    shown = _applying(filters, path)  # a night's or month's address holds only what applies: it is cited
    query = to_search(shown, {**options, **language})
    night = _last_night(filters, store)
    links = [shell.nav_href(p, night) + to_search(filters, language) for p in dash.page_registry.values()]
    switch = [path + to_search(shown, {**options, "ui": code if code != i18n.DEFAULT_UI else None})
              for code in i18n.UI_LANGUAGES]
    return [query, *links, *switch, *_scope(path, ui)]


def _register_address(app: dash.Dash) -> None:
    """Filters and page options -> the query string, the page links, the language links and which filters apply."""
    pages = list(dash.page_registry.values())
    nav = [Output(shell.nav_id(p), "href") for p in pages]
    prefixes = [shell.nav_prefix(p) for p in pages]
    store = app.strikes.store

    @app.callback(address_outputs(pages), Input("filters-store", "data"), Input("shell-view", "data"),
                  Input("shell-url", "pathname"), State("shell-ui", "data"), prevent_initial_call=True)
    def compose_address(stored, view, pathname, ui):
        """The address of what is shown, the page links and which filters apply (address_values)."""
        return address_values(stored, view, pathname, ui, store)

    app.clientside_callback(
        """function(search) {
            if (search !== undefined && search !== null && window.location.search !== search) {
                window.history.replaceState(window.history.state, '', window.location.pathname + search);
            }
            return window.dash_clientside.no_update;
        }""",
        Input("shell-search", "data"))

    app.clientside_callback(
        f"""function(pathname) {{ const path = pathname || '/';
            return {json.dumps(prefixes)}.map(p => p.endsWith('/') && p !== '/' ? path.startsWith(p) : p === path); }}""",
        [Output(o.component_id, "active") for o in nav], Input("shell-url", "pathname"))


def _last_night(filters: data.Filters, store: str) -> date | None:
    """The night the Night and Month links open: the attacker's last night up to the end of the chosen dates (None
    when the store cannot be read: the address is still written)."""
    try:
        return analysis.last_night(filters, store)
    except Exception as exc:  # noqa: BLE001 - the pages say the store cannot be read
        errors.log_error("finding the last night for the page links", exc)
        return None


def scope_of(path: str) -> tuple[str, ...]:
    """The filters that do not apply on a page (by its path, or the start of it for a night or a month)."""
    key = next((k for k in SCOPE if k.endswith("/") and path.startswith(k)), path)
    return SCOPE.get(key, ())


def _applying(filters: data.Filters, path: str) -> data.Filters:
    """The filters of a page's address: a night's or a month's page, which is cited, holds only those that apply
    there; the others hold them all (the session's filters go along when the address is shared)."""
    off = scope_of(path) if path.startswith(("/night/", "/month/")) else ()
    return replace(filters, start=None if "dates" in off else filters.start, end=None if "dates" in off else
                   filters.end, weapons=() if "weapon" in off else filters.weapons,
                   types=() if "type" in off else filters.types)


def _scope(path: str, ui: str) -> list:
    """Which filter controls are disabled on a page, the attacker choices, the note that says so, and whether
    the page has a chart series to export."""
    _ = i18n.gettext(ui)
    off = scope_of(path)
    note = ""
    if path == "/outages":
        note = _("Outages have no weapon or attacker: those filters do not apply on this page.")
    elif path == "/quality":
        note = _("Data quality covers the whole store: no filter applies on this page.")
    elif path.startswith("/night/"):
        note = _("A night's page shows every class of that night: the dates, class and type filters do not apply.")
    elif path.startswith("/month/"):
        note = _("A month's report shows every class: the dates, class and type filters do not apply.")
    return [k in off for k in SCOPE_IDS] + [shell.attacker_options(ui, "attacker" in off), note,
                                             not export.has_series(path)]


def _register_data(app: dash.Dash) -> None:
    """ "data as of", the store version that redraws the pages after a refresh, the demo banner and the export."""
    store = app.strikes.store

    @app.callback(Output("shell-asof", "children"), Output("shell-version", "data"),
                  Input("shell-tick", "n_intervals"), State("shell-version", "data"), State("shell-ui", "data"))
    def data_as_of(_, version, ui):
        """ "data as of <last refresh>", and a new version token when a refresh replaced the store."""
        fresh = _version(store)
        return as_of(store, ui), fresh if fresh != version else no_update

    @app.callback(Output("shell-demo", "children"), Input("shell-version", "data"), Input("shell-url", "pathname"),
                  State("shell-ui", "data"), prevent_initial_call=True)
    def demo_banner(_version, _path, ui):
        """Says so on every page when the store holds the bundled sample reports."""
        return _demo(store, ui)

    @app.callback(Output("filters-download", "data"), *[Input(e, "n_clicks") for e in shell.EXPORTS],
                  State("filters-store", "data"), State("shell-url", "pathname"), State("shell-view", "data"),
                  State("shell-ui", "data"), prevent_initial_call=True)
    def export_csv(_rows, _series, stored, pathname, view, ui):
        """The rows behind the current view, or its chart's series, as CSV with labelled headers."""
        path = pathname or "/"
        options = view if (view or {}).get("path") == path else {}
        kind = "series" if ctx.triggered_id == shell.EXPORTS[1] else "rows"
        text, name = export.view_csv(kind, path, from_store(stored), options, i18n.valid(ui), store,
                                     app.strikes.settings["rate_min_launched"])
        return dcc.send_string(text, name)


def as_of(store: str, ui: str | None) -> str:
    """ "data as of <the end of the last refresh>", in Kyiv time."""
    gettext, snap = i18n.gettext(ui), data.snapshot(store)
    when = kyiv_time(snap.as_of, i18n.valid(ui))
    label = gettext("data as of {time}").format(time=when) if snap.as_of else gettext("no data yet")
    return label + (" " + gettext("(a kept version: the store is damaged)") if snap.fallback else "")


def _demo(store: str, ui: str | None):
    return shell.demo_banner(records.demo_reports(store), i18n.valid(ui))


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
