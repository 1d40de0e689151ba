"""Attacks: the reconciled attacks in a grid; selecting a row shows the claims and evidence behind it."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, data
from dashboard.components import note, provenance_view

dash.register_page(__name__, path="/attacks", name="Attacks", order=3, title="Attacks · strikes",
                   export_table="attacks", description="Every reconciled attack and the claims behind it.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]
GRID_ROWS = 10_000  # rows sent to the grid at most (newest first); Export CSV has them all
NUMBER = {"type": "rightAligned", "valueFormatter": {"function": "params.value == null ? '—' : "
                                                                 "d3.format(',')(params.value)"}, "width": 104,
          "filter": "agNumberColumnFilter", "suppressHeaderFilterButton": True}
COLUMNS = [
    {"field": "attack_date", "headerName": "Date", "width": 122, "sort": "desc"},
    {"field": "attacker", "headerName": "By", "width": 68, "hide": True},
    {"field": "weapon", "headerName": "Class", "width": 88},
    {"field": "type", "headerName": "Type", "width": 140, "hide": True},
    {"field": "model", "headerName": "Model", "width": 120, "hide": True},
    {"field": "launched", "headerName": "Launched", **NUMBER},
    {"field": "shot_down", "headerName": "Shot down", **NUMBER},
    {"field": "suppressed", "headerName": "Suppressed", **NUMBER, "hide": True},
    {"field": "stopped", "headerName": "Stopped", **NUMBER},
    {"field": "rate", "headerName": "Share", "type": "rightAligned", "width": 96,
     "valueFormatter": {"function": "params.value == null ? '—' : d3.format('.1%')(params.value)"}},
    {"field": "claims", "headerName": "Claims", "type": "rightAligned", "width": 84, "hide": True},
    {"field": "disagreement", "headerName": "Disagree", "width": 104, "cellDataType": False,
     "valueFormatter": {"function": "params.value ? 'yes' : ''"}},
    {"field": "source", "headerName": "Launched figure from", "flex": 1, "minWidth": 110, "tooltipField": "source"},
]


def layout(**_query) -> html.Div:
    """The grid beside the provenance of the selected row."""
    return html.Div([
        dbc.Row([
            dbc.Col(dbc.Switch(id="attacks-types", label="Show type and model rows", value=False), xs="auto"),
            dbc.Col(note("One row per attack night, attacker and weapon class, reconciled from all sources "
                         "(official beats press, exact beats approximate, later beats earlier). "
                         "Select a row to see where its figures come from.", className="mb-0"), xs="auto"),
            dbc.Col(html.Div(id="attacks-limit", className="text-muted small"), xs="auto"),
        ], class_name="g-3 align-items-center my-2 chart-options"),
        dbc.Row([
            dbc.Col(dcc.Loading(dag.AgGrid(
                id="attacks-grid", columnDefs=COLUMNS, rowData=[], getRowId="params.data.key",
                defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapHeaderText": True,
                               "autoHeaderHeight": True, "suppressHeaderMenuButton": True,
                               "suppressHeaderFilterButton": True},
                dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False,
                                                  "enableClickSelection": True},
                                 "animateRows": False, "pagination": True, "paginationPageSize": 50,
                                 "paginationPageSizeSelector": False},
                style={"height": "620px"}), delay_show=150), xl=8),
            dbc.Col(dcc.Loading(html.Div(note("Select a row to see the reports behind it."),
                                         id="attacks-provenance", className="attacks-provenance"),
                                delay_show=150), xl=4),
        ], class_name="g-3"),
    ])


@callback(Output("attacks-grid", "rowData"), Output("attacks-grid", "columnDefs"), Output("attacks-limit", "children"),
          *SHARED, Input("attacks-types", "value"))
def update_grid(stored, _version, with_types):
    """The reconciled attacks the filters select (display columns only; the newest GRID_ROWS at most)."""
    rows = data.attack_table(context.filters(stored), context.store(), bool(with_types))
    columns = [{**c, "hide": False} if c["field"] in ("type", "model") and with_types else c for c in COLUMNS]
    said = ""
    if rows.height > GRID_ROWS:
        said = (f"The newest {GRID_ROWS:,} of {rows.height:,} rows are in the grid: narrow the dates, or use "
                "Export CSV for all of them.")
        rows = rows.head(GRID_ROWS)
    return rows.with_columns(rows["attack_date"].cast(str)).to_dicts(), columns, said


@callback(Output("attacks-provenance", "children"), Input("attacks-grid", "selectedRows"),
          State("filters-store", "data"), prevent_initial_call=True)
def show_provenance(selected, stored):
    """The claims behind the selected attack row."""
    if not selected:
        return note("Select a row to see the reports behind it.")
    prov = data.provenance(selected[0]["key"], context.filters(stored), context.store())
    if prov is None:
        return note("This row is no longer in the store; it may have changed with a refresh.")
    return provenance_view(prov)
