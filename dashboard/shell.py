"""The page around every view: navigation with the language switch, the filter bar, notices, the demo banner.

Built per request in the interface language (dashboard/i18n.py). The callbacks that keep it in step
with the address bar are in dashboard/app.py.
"""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import errors, i18n, prerender
from dashboard.labels import label, labels
from dashboard.urlstate import LANGUAGES
from etl.schemas import SOURCE_KINDS

__all__ = ["CONTROLS", "NOTICE", "TICK_MS", "layout", "nav_id", "attacker_options", "demo_banner", "EXPORTS",
           "nav_href", "nav_prefix", "REVIEW_PATH", "REVIEW_NAV"]

CONTROLS = (  # filter-bar control id, property
    ("filters-dates", "start_date"), ("filters-dates", "end_date"), ("filters-attacker", "value"),
    ("filters-weapon", "value"), ("filters-type", "value"), ("filters-kind", "value"), ("filters-lang", "value"),
)
TICK_MS = 60_000  # how often the page checks for a new store version
NOTICE = "filters-notice"  # the alert that says which filters in the address were ignored
EXPORTS = ("filters-export-rows", "filters-export-series")  # the two downloads of the export menu
REVIEW_PATH, REVIEW_NAV = "/review", "shell-nav-review"  # the Review page (dashboard/reviewpage.py) and its link


def nav_id(page: dict) -> str:
    """The id of a page's link in the navigation bar."""
    return f"shell-nav-{page['module'].split('.')[-1]}"


def nav_href(page: dict, night: date | None) -> str:
    """Where a page's link goes: its path, or for a page of one night or month (/night/<night>, /month/<month>)
    the night given, or its month."""
    path = page.get("path_template") or page["relative_path"]
    if night is None:
        return path.replace("<night>", "").replace("<month>", "")
    return path.replace("<night>", night.isoformat()).replace("<month>", night.strftime("%Y-%m"))


def nav_prefix(page: dict) -> str:
    """What the address of a page starts with ("/night/" for every night page; the whole path otherwise)."""
    path = page.get("path_template") or page["relative_path"]
    return path.split("<", 1)[0] if "<" in path else path


def layout(ui: str, first: date | None, last: date | None, version: str, body, empty: bool,
           review: bool = False, page: dict | None = None) -> html.Div:
    """The shell in one language; `body` is what stands instead of the pages while the store is empty or unreadable;
    `review`: the user may review, and the navigation links to the Review page; `page`: the view of the address,
    sent with the shell (dashboard/prerender.py)."""
    hidden = {"display": "none"} if empty else None
    return html.Div([
        dcc.Location(id="shell-url", refresh=False),
        dcc.Store(id="filters-store"), dcc.Store(id="shell-search"), dcc.Store(id="shell-ui", data=ui),
        dcc.Store(id="shell-view"), dcc.Store(id="shell-version", data=version),
        dcc.Interval(id="shell-tick", interval=TICK_MS), dcc.Download(id="filters-download"),
        _navbar(ui, last, review),
        html.Div(_filter_bar(first, last, ui), style=hidden),
        _alerts(),
        html.Div(id="shell-demo"),
        body,
        dbc.Container(prerender.container(page), fluid=True, class_name="page pb-4", style=hidden),
    ], lang=ui)


def _alerts() -> dbc.Container:
    """Where ignored filters and server errors are reported (closed until there is something to say)."""
    return dbc.Container([
        dbc.Alert(id=NOTICE, color="warning", dismissable=True, is_open=False, class_name="small py-2 mt-2 mb-0"),
        dbc.Alert(id=errors.ERROR_ALERT, color="danger", dismissable=True, is_open=False,
                  class_name="small py-2 mt-2 mb-0"),
    ], fluid=True)


def demo_banner(demo: dict, ui: str) -> dbc.Alert | None:
    """Says so when the store holds the bundled sample (made-up reports), alone or mixed with real sources."""
    _ = i18n.gettext(ui)
    if not demo["demo"]:
        return None
    if demo["demo"] == demo["reports"]:
        text = _("Demo data: every report in this store is from the bundled sample, written for the project with "
                 "illustrative figures. It is not a record of any attack. Load the full history from the Kaggle "
                 "table into a store of its own (see the README).")
    else:
        text = _("This store mixes {demo} bundled sample reports (made up for the project) with {real} reports from "
                 "real sources: where they cover the same nights, figures can differ from the record.").format(
            demo=i18n.number(demo["demo"], ui), real=i18n.number(demo["reports"] - demo["demo"], ui))
    return dbc.Alert([html.Strong(_("Demo data") + ": ") if demo["demo"] != demo["reports"] else None, text],
                     id="shell-demo-banner", color="info", class_name="small py-2 mt-2 mb-0 mx-3")


def _navbar(ui: str, last: date | None, review: bool) -> dbc.Navbar:
    _ = i18n.gettext(ui)
    links = [dbc.NavLink(_(p["name"]), href=nav_href(p, last), id=nav_id(p)) for p in dash.page_registry.values()]
    if review:  # a page of the server, not of Dash: a whole page load
        links.append(dbc.NavLink(_("Review"), href=REVIEW_PATH + ("" if ui == i18n.DEFAULT_UI else f"?ui={ui}"),
                                 id=REVIEW_NAV, external_link=True))
    switch = [html.A(NAMES[code], id=f"shell-ui-{code}", href=f"?ui={code}",
                     className="nav-link px-2" + (" active fw-semibold" if code == ui else ""), lang=code)
              for code in i18n.UI_LANGUAGES]
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand([html.Span("strikes", className="fw-bold"), html.Span(  # the subtitle on wide screens only
            " " + _("air war statistics"), className="fw-light d-none d-xxl-inline")], href="/"),
        dbc.Nav(links, navbar=True, class_name="me-auto"),
        html.Span(id="shell-asof", className="navbar-text small text-light me-3"),
        html.Nav(switch, id="shell-languages", className="navbar-nav small", title=_("Language of the interface")),
    ], fluid=True), color="dark", dark=True, class_name="py-1")


NAMES = {"en": "English", "uk": "Українська"}  # each interface language named in itself


def attacker_options(ui: str, disabled: bool = False) -> list[dict]:
    """The attacker choices of the filter bar."""
    return [{"label": name, "value": code, "disabled": disabled} for code, name in labels("attacker", ui).items()]


def _filter_bar(first: date | None, last: date | None, ui: str) -> dbc.Card:
    _ = i18n.gettext(ui)

    def dropdown(cid: str, options: dict, placeholder: str) -> dcc.Dropdown:
        return dcc.Dropdown(id=cid, options=[{"label": v, "value": k} for k, v in options.items()], multi=True,
                            placeholder=placeholder, className="filter-dropdown")

    def cell(label_text: str, control, **width) -> dbc.Col:
        return dbc.Col([dbc.Label(label_text, class_name="filter-label"), control], **width)

    kinds = {k: label("source_kind", k, ui) for k in SOURCE_KINDS}
    return dbc.Card(dbc.CardBody(dbc.Row([
        cell(_("Dates (attack night, Kyiv)"), dcc.DatePickerRange(
            id="filters-dates", min_date_allowed=first, max_date_allowed=last, display_format="YYYY-MM-DD",
            month_format="MM/YYYY" if ui != "en" else "MMMM YYYY", first_day_of_week=1, clearable=False),
            xs=12, md=6, xl="auto"),
        cell(_("Attacker"), dbc.RadioItems(id="filters-attacker", inline=True, options=attacker_options(ui)),
             xs=12, md=6, xl="auto"),
        cell(_("Weapon class"), dropdown("filters-weapon", labels("weapon", ui), _("All classes")), xs=6, md=3, xl=True),
        cell(_("Type"), dropdown("filters-type", labels("type", ui), _("All types")), xs=6, md=3, xl=True),
        cell(_("Source kind"), dropdown("filters-kind", kinds, _("All sources")), xs=6, md=3, xl=True),
        cell(_("Language"), dropdown("filters-lang", {k: label("language", k, ui) for k in LANGUAGES},
                                     _("All languages")), xs=6, md=3, xl=True),
        dbc.Col(_export_menu(ui), xs=12, md="auto", class_name="d-flex align-items-end justify-content-end"),
        dbc.Col(html.Div(id="filters-scope", className="filter-scope small text-muted"), xs=12),
    ], class_name="g-2 align-items-end")), class_name="filter-bar rounded-0 border-start-0 border-end-0")


def _export_menu(ui: str) -> dbc.DropdownMenu:
    """Export CSV: the rows behind the view, or (on chart pages) the chart's own series."""
    _ = i18n.gettext(ui)
    return dbc.DropdownMenu([
        dbc.DropdownMenuItem(_("Rows behind this view"), id=EXPORTS[0]),
        dbc.DropdownMenuItem(_("This chart's series"), id=EXPORTS[1]),
    ], label=_("Export CSV"), id="filters-export", color="primary", size="sm", align_end=True,
        toggle_class_name="btn-outline-primary", toggle_style={"background": "white", "color": "#0d6efd"})
