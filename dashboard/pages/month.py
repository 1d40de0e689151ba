"""A month report: /month/YYYY-MM (the attacker in the query, Russia by default).

Per class, this month against the month before and the same month a year earlier: launched, stopped, not
stopped, the share stopped with its interval, the change; the month day by day; the largest nights; the
regions with most outage reports; the totals sources give for the month beside the sum of its nights (never
added together); the changes in reporting over the months compared.
"""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboard import analysis, context, figures, i18n, layers, months
from dashboard.components import frame_table, graph, marker_list, note
from dashboard.figures.style import CLASS_COLOURS
from dashboard.labels import label
from dashboard.outputs import cached
from dashboard.pages import clicked_night_href, day_title, view_query

dash.register_page(__name__, path_template="/month/<month>", name=i18n.N_("Month"), order=5,
                   title=day_title(i18n.N_("Month"), "month", "month"), export_table="attacks",
                   description="A month against the month before and a year earlier.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data"), Input("month-day", "data")]
UI = State("shell-ui", "data")
TOTAL_COLUMNS = ("period_start", "period_end", "weapon", "launched", "source", "nightly_sum", "nights",
                 "unknown_launched", "difference")


def parse_month(value: str | None) -> date | None:
    """The first day of the month of the address (YYYY-MM), or None."""
    try:
        return date.fromisoformat(f"{value or ''}-01")
    except ValueError:
        return None


def layout(month: str | None = None, ui: str | None = None, **_query) -> html.Div:
    """The report's sections; their content comes from the callbacks below."""
    ui = i18n.valid(ui or i18n.current())
    _ = i18n.gettext(ui)
    first = parse_month(month) if month is not None else date.today().replace(day=1)  # None: Dash's validation
    if first is None:
        return html.Div(dbc.Alert(_("“{month}” is not a month: the address is /month/YYYY-MM.").format(
            month=(month or "")[:40]), color="warning", class_name="mt-3"), id="month-invalid")
    return html.Div([
        dcc.Store(id="month-day", data=first.isoformat()), dcc.Location(id="month-goto", refresh="callback-nav"),
        html.H1(i18n.day(first, ui, "month").capitalize(), className="night-title"),
        html.Div(id="month-nav", className="night-nav small my-1"),
        html.H2(_("Per class, against the month before and a year earlier"), className="h6 mt-2"),
        html.Div(id="month-comparison", className="section-box"),
        note(_("Launched and stopped are summed over every night; “not stopped” and the share stopped are over the "
               "nights that give both figures from one report, with the 95% Wilson interval (hidden under {n} "
               "launched).").format(n=context.setting("rate_min_launched")), className="mt-1"),
        graph("month-race", 380), note(_("Click a point to open that night.")),
        dbc.Row([
            dbc.Col([html.H2(_("The largest nights"), className="h6 mt-3"), html.Div(id="month-largest",
                                                                                    className="section-box")], xl=6),
            dbc.Col([html.H2(_("Regions with most outage reports"), className="h6 mt-3"),
                     html.Div(id="month-outages", className="section-box")], xl=6),
        ], class_name="g-3"),
        html.H2(_("Totals sources give for the month, beside the sum of its nights"), className="h6 mt-3"),
        note(_("A source's total for a month or a week and the sum of the nights in the store are different counts: "
               "the nights may miss launches (attacks by day, glide bombs at the front, nights no source reported), "
               "and a total may count what the nightly reports do not. They are shown side by side and never "
               "added together.")),
        html.Div(id="month-totals", className="section-box"),
        html.H2(_("Changes in reporting over the months compared"), className="h6 mt-3"),
        html.Div(id="month-markers"),
    ], id="month-page")


@callback(Output("month-nav", "children"), Output("month-comparison", "children"), Output("month-race", "figure"),
          *SHARED, UI)
@cached
def update_comparison(stored, _version, month, ui):
    """The months around, the comparison table and the month day by day."""
    f, store, ui, first = context.filters(stored), context.store(), i18n.valid(ui), date.fromisoformat(month)
    query = view_query(stored, ui)
    rows = analysis.month_rows(first, f, store)
    table = months.comparison(rows, first, True, context.setting("rate_min_launched"))
    nav = [dcc.Link("← " + i18n.day(months.shifted(first, -1), ui, "month"),
                    href=f"/month/{months.shifted(first, -1):%Y-%m}{query}", id="month-before"),
           dcc.Link(i18n.day(months.shifted(first, 1), ui, "month") + " →",
                    href=f"/month/{months.shifted(first, 1):%Y-%m}{query}", id="month-after")]
    found = layers.markers_for(f, store, context.state().settings.get("annotations"), first,
                               months.month_end(first))
    race = figures.month_race_figure(months.nightly(rows, first), first, ui)
    panels = tuple(a.plotly_name.replace("xaxis", "x") for a in race.select_xaxes())
    race = figures.with_markers(race, found, ui, x_of=lambda day: day.day, axes=panels or ("x",))
    return nav, _comparison(table, months.changes(table), first, ui), race


def _comparison(table: pl.DataFrame, change: pl.DataFrame, first: date, ui: str):
    """The comparison as a table: a block of three rows per class, this month first, the change beside the others."""
    _ = i18n.gettext(ui)
    if table.is_empty():
        return note(_("No attack by this attacker in these months."), id="month-empty", className="mb-0")
    names = {k: f"{label('which', k, ui)} ({i18n.day(v[0], ui, 'month')})" for k, v in months.periods(first).items()}
    head = html.Thead(html.Tr([html.Th(h) for h in (
        label("column", "weapon", ui), label("column", "which", ui), _("Nights"), label("column", "launched", ui),
        label("column", "stopped", ui), label("column", "not_stopped", ui), _("Share stopped (95% Wilson interval)"),
        _("This month against it"))]))
    changes = {(r["weapon"], r["against"]): r for r in change.iter_rows(named=True)}
    body = []
    for r in sorted(table.iter_rows(named=True), key=lambda r: list(CLASS_COLOURS).index(r["weapon"])):
        this = r["which"] == "this"
        launched = html.Td(i18n.number(r["launched"], ui), **({"id": f"month-launched-{r['weapon']}"} if this else {}))
        body.append(html.Tr([
            html.Td(label("weapon", r["weapon"], ui) if this else ""), html.Td(names[r["which"]]),
            html.Td(i18n.number(r["nights"], ui)), launched, html.Td(i18n.number(r["stopped"], ui)),
            html.Td(i18n.number(r["not_stopped"], ui)), html.Td(_share(r, ui)),
            html.Td("" if this else _change(changes.get((r["weapon"], r["which"])), ui)),
        ], className="this" if this else ""))
    return dbc.Table([head, html.Tbody(body)], size="sm", hover=True, responsive=True,
                     class_name="month-table small mb-0", id="month-comparison-table")


def _share(r: dict, ui: str) -> str:
    _ = i18n.gettext(ui)
    if not r.get("shown"):
        return _("too few launched") if r.get("rate_launched") else "—"
    return f"{i18n.percent(r['rate'], ui)} ({i18n.percent(r['low'], ui)}–{i18n.percent(r['high'], ui)})"


def _change(c: dict | None, ui: str) -> str:
    """"+312 launched (+6%) · share stopped +3.7 points"."""
    _ = i18n.gettext(ui)
    if c is None or c["launched_change"] is None:
        return "—"
    sign = "+" if c["launched_change"] > 0 else ""
    text = _("{sign}{n} launched").format(sign=sign, n=i18n.number(c["launched_change"], ui))
    if c["launched_ratio"] is not None:
        text += f" ({sign}{i18n.percent(c['launched_ratio'], ui, 0)})"
    if c["share_points"] is not None:
        points = round(c["share_points"], 1) + 0.0  # never "-0.0"
        text += " · " + _("share stopped {sign}{points} points").format(
            sign="+" if points > 0 else "", points=i18n.number(points, ui, 1))
    return text


@callback(Output("month-largest", "children"), Output("month-outages", "children"), Output("month-totals", "children"),
          Output("month-markers", "children"), *SHARED, UI)
@cached
def update_details(stored, _version, month, ui):
    """The largest nights, the regions with most outage reports, the sources' totals and the markers."""
    f, store, ui, first = context.filters(stored), context.store(), i18n.valid(ui), date.fromisoformat(month)
    _, query = i18n.gettext(ui), view_query(stored, ui)
    end = months.month_end(first)
    rows = analysis.month_rows(first, f, store)
    largest = months.largest_nights(rows, first, end)
    weapons = [w for w in CLASS_COLOURS if w in largest.columns]
    largest_table = frame_table(largest.select("attack_date", "launched", *weapons).rename(
        {w: label("weapon", w, ui) for w in weapons}), "month-largest-table", ui, query) if largest.height else note(
        _("No attack this month."), className="mb-0")
    outages = analysis.month_outages(first, f, store)
    outage_table = frame_table(outages, "month-outages-table", ui) if outages.height else note(
        _("No outage reports this month."), className="mb-0")
    totals = analysis.month_totals(first, f, store)
    totals_table = frame_table(totals.select(TOTAL_COLUMNS), "month-totals-table", ui) if totals.height else note(
        _("No source gives a total for this month or a period inside it."), className="mb-0")
    found = layers.markers_for(f, store, context.state().settings.get("annotations"),
                               months.periods(first)["year_before"][0], end)
    return largest_table, outage_table, totals_table, marker_list(found, ui, "month-marker-list")


@callback(Output("month-goto", "href"), Input("month-race", "clickData"), UI, State("filters-store", "data"),
          prevent_initial_call=True)
def open_night(click, ui, stored):
    """A click on a night of the month opens it."""
    return clicked_night_href(click, ui, stored)
