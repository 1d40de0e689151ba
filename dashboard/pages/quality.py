"""Data quality: the last refresh, problems and rejected rows, undated reports, counts per source."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import context, data
from dashboard.components import frame_table, note, stat_card
from dashboard.evidence import kyiv_time

dash.register_page(__name__, path="/quality", name="Data quality", order=4, title="Data quality · strikes",
                   export_table="problems", description="What the last refresh read and what went wrong.")

UNDATED_SHOWN = 50  # undated (and withdrawn) reports listed on the page
PROBLEMS_SHOWN = 5_000  # rows sent to the problems grid; Export CSV has them all
PROBLEM_COLUMNS = [
    {"field": "stage", "headerName": "Stage", "width": 100},
    {"field": "path", "headerName": "Report or file", "width": 320, "tooltipField": "path"},
    {"field": "item", "headerName": "Item / line", "width": 130},
    {"field": "problem", "headerName": "Problem", "flex": 1, "wrapText": True, "autoHeight": True,
     "cellStyle": {"lineHeight": "1.35", "paddingTop": "4px", "paddingBottom": "4px"}},
]


def layout(**_query) -> html.Div:
    """Refresh summary, problems grid, undated reports and counts per source."""
    return html.Div([
        note("Data quality covers the whole store: the date and weapon filters do not apply here.", "mt-2"),
        dcc.Loading(dbc.Row(id="quality-refresh", class_name="g-2"), delay_show=150),
        html.H2("Problems and rejected rows", className="h6 mt-3"),
        note("Every report that could not be read or used as it was, and every table row that was not "
             f"imported, with the reason. Nothing is dropped silently. The grid shows the first "
             f"{PROBLEMS_SHOWN:,}; Export CSV has them all."),
        dcc.Loading(dag.AgGrid(id="quality-problems", columnDefs=PROBLEM_COLUMNS, rowData=[],
                               defaultColDef={"sortable": True, "filter": True, "resizable": True},
                               dashGridOptions={"animateRows": False, "tooltipShowDelay": 300},
                               style={"height": "330px"}), delay_show=150),
        html.H2("Withdrawn reports", className="h6 mt-3"),
        note("Reports whose file is gone from its folder (or whose source was taken out of the sources): their "
             "claims are left out of the attacks, but they stay in the store and come back when the file does. "
             "`strikes purge --withdrawn-before DATE` deletes them for good."),
        dcc.Loading(html.Div(id="quality-withdrawn"), delay_show=150),
        dbc.Row([
            dbc.Col([html.H2("Undated reports waiting for a date", className="h6 mt-3"),
                     note("Their relative dates (\u201covernight\u201d) cannot be resolved; add a published date."),
                     dcc.Loading(html.Div(id="quality-undated"), delay_show=150)], xl=6),
            dbc.Col([html.H2("Reports per source and language", className="h6 mt-3"),
                     dcc.Loading(html.Div(id="quality-sources"), delay_show=150)], xl=6),
        ], class_name="g-3"),
    ])


@callback(Output("quality-refresh", "children"), Output("quality-problems", "rowData"),
          Output("quality-undated", "children"), Output("quality-sources", "children"),
          Output("quality-withdrawn", "children"), Input("shell-version", "data"))
def update_quality(_version):
    """Everything on the page, from the current store version (each part bounded: a grid of at most
    PROBLEMS_SHOWN rows, the first rows of the lists)."""
    store = context.store()
    t, q = data.tables(store), data.quality(store)
    problems = q["problems"]
    return (_refresh_cards(q["run"], t, problems.height), problems.head(PROBLEMS_SHOWN).to_dicts(),
            _undated(q["undated"]), frame_table(q["sources"].head(25), table_id="quality-sources-table"),
            _withdrawn(q["withdrawn"]))


def _withdrawn(withdrawn) -> list:
    """The most recently withdrawn reports, and how many there are."""
    if not withdrawn.height:
        return note("None: every stored report is in use.")
    table = frame_table(withdrawn.head(UNDATED_SHOWN), table_id="quality-withdrawn-table")
    if withdrawn.height <= UNDATED_SHOWN:
        return table
    return [note(f"The last {UNDATED_SHOWN} of {withdrawn.height:,} withdrawn.", "mb-1"), table]


def _undated(undated) -> list:
    """The first undated reports as a table (a browser draws a long html table slowly), and how many there are."""
    if not undated.height:
        return note("None: every report has a date.")
    table = frame_table(undated.head(UNDATED_SHOWN).select("path", "item", "why", "excerpt"),
                        table_id="quality-undated-table")
    if undated.height <= UNDATED_SHOWN:
        return table
    return [note(f"The first {UNDATED_SHOWN} of {undated.height:,}; those without a published date are all listed "
                 "with the problems above.", "mb-1"), table]


def _refresh_cards(run: dict | None, t: dict, problems: int) -> list:
    if run is None:
        return [dbc.Col(note("No refresh has run yet."))]
    took = (run["finished"] - run["started"]).total_seconds()
    counts = (f"{run['read']:,} read · {run['new']:,} new · {run['changed']:,} changed · {run['unchanged']:,} "
              f"unchanged · {run['withdrawn']:,} withdrawn · {run['failed']:,} failed")
    return [
        stat_card("Last refresh", kyiv_time(run["finished"]).removesuffix(" Kyiv"),
                  f"Kyiv time · took {took:.1f} s · {run['code_version']}", card_id="quality-last-refresh"),
        dbc.Col(dbc.Card(dbc.CardBody([html.Div("Last run read", className="stat-label"),
                                       html.Div(counts, className="stat-sub fs-6")]), class_name="h-100 stat-card"),
                xs=12, md=8, xl=4),
        stat_card("Reports stored", f"{t['reports'].height:,}", f"{t['strike_claims'].height:,} strike claims"),
        stat_card("Attack rows", f"{t['attacks'].height:,}", "reconciled"),
        stat_card("Problems", f"{problems:,}", "listed below", card_id="quality-problem-count"),
    ]
