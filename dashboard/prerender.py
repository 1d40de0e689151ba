"""The view a browser is loading, sent inside the layout it asks for, so that its first content needs no callback.

Without this, a page load is three trips after Dash's scripts: the layout (`/_dash-layout`), then the pages
router's callback for the view of the address (and the shell's filter callback), then the view's own callbacks
for its figures. The browser asks for the layout from the page it loads, and names that page in its Referer
header (dashboard/i18n.py reads the interface language there too), so the shell can carry the view already:
built by the same page layout function the router calls, with the router's location set so that it is not asked
again, and the filter store holding what the address sets. A page layout that is given the address can then hold
its first outputs, computed by its own (cached) callbacks (`first_outputs`), and those callbacks are not called
when the page loads (FIRST_OUTPUTS). plotly.js is asked for with the page, instead of when the first graph
mounts. The shell's own callbacks (the address bar, the links, "data as of") are answered in the layout too
(dashboard/app.py), so a page sent so asks for no callback whose answer another waits for.

Without a Referer, or with one of another site or of no page of the app, the shell goes out without the view and
the router builds it, as before. Only a page registered with `prerender=True` is sent so: one whose layout holds its
first outputs. The callbacks of another page would wait for the shell's (the filter store, the store version),
which send nothing new when the shell already holds the address's filters, so they would not be called at all. Should the Referer name another page than the one shown (a browser that trims it
to the site), a clientside check finds out and sets both locations to the address shown: the router builds the
right page and the shell's callbacks read the right filters. The setting `prerender`
(default on) turns all of it off: the page loads as it did before issue 17.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import dash
import flask
from dash import Input, Output, State, dcc, html

from dashboard import context, errors

__all__ = ["FIRST_OUTPUTS", "address", "container", "enabled", "first_outputs", "install", "view"]

FIRST_OUTPUTS: set[str] = set()  # "id.property" of the outputs a page layout already holds on a first load
_LOCATION, _CONTENT, _STORE, _DUMMY = "_pages_location", "_pages_content", "_pages_store", "_pages_dummy"
RENDERED = "shell-rendered"  # the address the shell was built for (None: the router builds the view)


def enabled() -> bool:
    """Whether pages are sent with their first content (the setting `prerender`)."""
    return bool(context.state().settings.get("prerender", True))


def first_outputs(*outputs: str) -> None:
    """Declare outputs ("id.property") that a page layout holds when the page is first loaded: their callbacks
    are registered with prevent_initial_call=True, and are called when the page loads only with `prerender` off."""
    FIRST_OUTPUTS.update(outputs)


def address() -> tuple[str, str] | None:
    """(pathname, search) of the page that asked for the layout: its Referer, when of this site; else None."""
    if not flask.has_request_context() or not flask.request.path.endswith("/_dash-layout"):
        return None
    referrer = urlsplit(flask.request.referrer or "")
    if referrer.scheme not in ("http", "https") or referrer.netloc != flask.request.host:
        return None
    return referrer.path or "/", f"?{referrer.query}" if referrer.query else ""


def page_view(ui: str) -> dict | None:
    """The view of the page that asked for the layout (see view), or None."""
    asked = address()
    return view(*asked, ui) if asked else None


def view(pathname: str, search: str, ui: str) -> dict | None:
    """The page of an address as the pages router builds it ({"content", "title", "pathname", "search"}, and the
    page's options as the shell keeps them for the address bar, "options": what its `prerender`, when a function,
    gives for the query); None for an address of no page, of a page not registered with `prerender` (its layout does
    not hold its first outputs), or of a page that failed: the router builds those, as before."""
    from dash._pages import _parse_query_string, _path_to_page  # the router's own reading of an address

    page, variables = _path_to_page(dash.get_app().strip_relative_path(pathname))
    if not page.get("prerender"):
        return None
    query = _parse_query_string(search)
    try:
        layout, title = page.get("layout", ""), page["title"]
        content = layout(**{**(variables or {}), **query, "ui": ui}) if callable(layout) else layout
        title = title(**(variables or {})) if callable(title) else title
        options = page["prerender"](query) if callable(page["prerender"]) else None
    except Exception as exc:  # noqa: BLE001 - the router builds it again and reports what failed
        errors.log_error(f"building the page {pathname} with the layout", exc)
        return None
    return {"content": content, "title": title, "pathname": pathname, "search": search, "options": options}


def container(first: dict | None) -> html.Div:
    """Dash's page container, holding the view `first` when given (the router's location set to its address)."""
    if first is None:
        return html.Div([dash.page_container, dcc.Store(id=RENDERED)])
    return html.Div([
        dcc.Location(id=_LOCATION, refresh="callback-nav", pathname=first["pathname"], search=first["search"]),
        html.Div(first["content"], id=_CONTENT, disable_n_clicks=True),
        dcc.Store(id=_STORE, data={"title": first["title"]}),
        html.Div(id=_DUMMY, disable_n_clicks=True),
        dcc.Store(id=RENDERED, data={"pathname": first["pathname"], "search": first["search"]}),
    ])


def fill(layout, values: dict[tuple[str, str], object]) -> None:
    """Set the props of the layout's components by (id, property), as callbacks answering them would."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "to_plotly_json"):
            for (cid, prop), value in values.items():
                if getattr(node, "id", None) == cid:
                    setattr(node, prop, value)
            stack.append(getattr(node, "children", None))


def install(app: dash.Dash) -> None:
    """The check that the view sent is the one the browser shows, and plotly.js asked for with a page sent so; with
    `prerender` off, the callbacks of FIRST_OUTPUTS called on a page load again (run after the pages' callbacks are
    in the app)."""
    app.clientside_callback(
        """function(rendered, search) {
            const here = [window.location.pathname, window.location.search], none = window.dash_clientside.no_update;
            if (!rendered) { return [none, none, none, none]; }
            if (rendered.pathname !== here[0] || rendered.search !== here[1]) { return [...here, ...here]; }
            if (search !== undefined && search !== null && here[1] !== search) {  // the address of what is shown
                window.history.replaceState(window.history.state, '', here[0] + search);
            }
            return [none, none, none, none];
        }""",
        Output(_LOCATION, "pathname"), Output(_LOCATION, "search"), Output("shell-url", "pathname"),
        Output("shell-url", "search"), Input(RENDERED, "data"), State("shell-search", "data"))
    if app.strikes.settings.get("prerender", True):
        _preload_plotly(app)
        return
    callbacks = app._callback_list  # noqa: SLF001 - what /_dash-dependencies sends the browser
    for i, callback in enumerate(callbacks):
        if FIRST_OUTPUTS & set(callback["output"].strip(".").split("...")):
            callbacks[i] = {**callback, "prevent_initial_call": False}



def _preload_plotly(app: dash.Dash) -> None:
    """The HTML of a page registered with `prerender=True` asks for plotly.js at once (a preload, which the graph's
    own script tag then uses), instead of when its first graph mounts, after the layout has come and been drawn."""
    from dash._pages import _path_to_page

    from dashboard.bundles import PLOTLY_PATH

    tag = f'<link rel="preload" as="script" href="{app.config.requests_pathname_prefix}{PLOTLY_PATH.lstrip("/")}">'
    plain = app.interpolate_index

    def interpolate_index(**kwargs):
        page, _ = _path_to_page(app.strip_relative_path(flask.request.path)) if flask.has_request_context() else ({},
                                                                                                                None)
        return plain(**{**kwargs, "css": kwargs.get("css", "") + tag}) if page.get("prerender") else plain(**kwargs)

    app.interpolate_index = interpolate_index
