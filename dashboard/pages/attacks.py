"""Attacks: the reconciled attacks in a grid; selecting a row shows the claims and evidence behind it. The type
toggle and the selected row are in the address (types, row)."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, data, i18n
from dashboard.components import note, provenance_view
from dashboard.labels import label
from dashboard.outputs import cached
from dashboard.pages import page_title
from dashboard.urlstate import view_value

dash.register_page(__name__, path="/attacks", name=i18n.N_("Attacks"), order=3, title=page_title(i18n.N_("Attacks")),
                   export_table="attacks", description="Every reconciled attack and the claims behind it.")

SHARED = [Input("filters-store", "data"), Input("shell-version", "data")]
UI = State("shell-ui", "data")
GRID_ROWS = 10_000  # rows sent to the grid at most (newest first); Export CSV has them all
NUMBERS = ("launched", "shot_down", "suppressed", "stopped", "claims")
TEXTS = {"attacker": "attacker", "weapon": "weapon", "type": "type", "model": "model"}
TABLE_SOURCES = {"Kaggle table (national)": "record", "Kaggle table (regional)": "regional"}


def columns(ui: str, with_types: bool = False) -> list[dict]:
    """The grid's columns in the interface language; numbers and codes shown through their formatted twins."""
    _ = i18n.gettext(ui)

    def shown(field: str) -> dict:
        return {"valueFormatter": {"function": f"params.data ? params.data.{field}_text : ''"}}

    number = {"type": "rightAligned", "width": 104, "filter": "agNumberColumnFilter",
              "suppressHeaderFilterButton": True}
    cols = [
        {"field": "attack_date", "headerName": label("column", "attack_date", ui), "width": 132, "sort": "desc",
         "cellRenderer": "NightLink", **shown("attack_date")},  # a link to the night's page (assets/*.js)
        {"field": "attacker", "headerName": _("By"), "width": 68, "hide": True, **shown("attacker")},
        {"field": "weapon", "headerName": label("column", "weapon", ui), "width": 110, **shown("weapon")},
        {"field": "type", "headerName": label("column", "type", ui), "width": 150, "hide": not with_types,
         **shown("type")},
        {"field": "model", "headerName": label("column", "model", ui), "width": 120, "hide": not with_types,
         **shown("model")},
        *[{"field": m, "headerName": label("column", m, ui), **number, **shown(m),
           "hide": m in ("suppressed", "claims")} for m in NUMBERS],
        {"field": "rate", "headerName": _("Share"), "type": "rightAligned", "width": 96, **shown("rate")},
        {"field": "disagreement", "headerName": _("Disagree"), "width": 104, "cellDataType": False,
         **shown("disagreement")},
        {"field": "contradictory", "headerName": _("Contradicts itself"), "width": 120, "cellDataType": False,
         **shown("contradictory"), "cellClassRules": {"text-danger fw-semibold": "params.value === true"}},
        {"field": "source", "headerName": _("Launched figure from"), "flex": 1, "minWidth": 160,
         "tooltipField": "source", "wrapText": True, "autoHeight": True,
         "cellStyle": {"lineHeight": "1.3", "paddingTop": "4px", "paddingBottom": "4px"}},
    ]
    return cols


def layout(ui: str | None = None, **query) -> html.Div:
    """The grid beside the provenance of the selected row (the toggle and the row from the address)."""
    ui = i18n.valid(ui or i18n.current())
    _ = i18n.gettext(ui)
    row = view_value(query, "row")
    with_types = view_value(query, "types") == "1"
    return html.Div([
        dcc.Store(id="attacks-row", data=row),
        dbc.Row([
            dbc.Col(dbc.Switch(id="attacks-types", label=_("Show type and model rows"), value=with_types), xs="auto"),
            dbc.Col(note(_("One row per attack night, attacker and weapon class, reconciled from all sources "
                           "(official beats press, exact beats approximate, later beats earlier). A row whose figures "
                           "contradict each other is marked and left out of every rate. Select a row to see where "
                           "its figures come from."), className="mb-0"), xs="auto"),
            dbc.Col(html.Div(id="attacks-limit", className="text-muted small"), xs="auto"),
        ], class_name="g-3 align-items-center my-2 chart-options"),
        dbc.Row([
            dbc.Col(dcc.Loading(dag.AgGrid(
                id="attacks-grid", columnDefs=columns(ui, with_types), rowData=[], getRowId="params.data.key",
                selectedRows={"ids": [row]} if row else None,
                defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapHeaderText": True,
                               "autoHeaderHeight": True, "suppressHeaderMenuButton": True,
                               "suppressHeaderFilterButton": True},
                dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False,
                                                  "enableClickSelection": True},
                                 "animateRows": False, "pagination": True, "paginationPageSize": 50,
                                 "paginationPageSizeSelector": False, "localeText": grid_texts(ui)},
                style={"height": "620px"}), delay_show=150), xl=8),
            dbc.Col(dcc.Loading(html.Div(note(_("Select a row to see the reports behind it.")),
                                         id="attacks-provenance", className="attacks-provenance"),
                                delay_show=150), xl=4),
        ], class_name="g-3"),
    ])


def grid_texts(ui: str) -> dict:
    """AG Grid's own words (pagination, empty grid) in the interface language."""
    _ = i18n.gettext(ui)
    return {"page": _("Page"), "of": _("of"), "to": _("to"), "more": _("more"), "noRowsToShow": _("No rows to show"),
            "firstPage": _("First page"), "lastPage": _("Last page"), "nextPage": _("Next page"),
            "previousPage": _("Previous page"), "loadingOoo": _("Loading…")}


def grid_rows(rows: pl.DataFrame, ui: str) -> list[dict]:
    """The grid's rows with their shown twins: numbers and dates by Babel, codes by the catalogue."""
    _ = i18n.gettext(ui)
    out = []
    for r in rows.iter_rows(named=True):
        shown = {f"{m}_text": i18n.number(r[m], ui) for m in NUMBERS}
        shown |= {f"{k}_text": label(kind, r[k], ui) if r[k] else "" for k, kind in TEXTS.items()}
        shown["attack_date_text"] = i18n.day(r["attack_date"], ui, "medium")
        shown["rate_text"] = i18n.percent(r["rate"], ui)
        shown["disagreement_text"] = _("yes") if r["disagreement"] else ""
        shown["contradictory_text"] = _("yes") if r["contradictory"] else ""
        source = label("source_kind", TABLE_SOURCES[r["source"]], ui) if r["source"] in TABLE_SOURCES else r["source"]
        out.append({**r, **shown, "attack_date": r["attack_date"].isoformat(), "source": source})
    return out


@callback(Output("attacks-grid", "rowData"), Output("attacks-grid", "columnDefs"), Output("attacks-limit", "children"),
          *SHARED, Input("attacks-types", "value"), UI)
@cached
def update_grid(stored, _version, with_types, ui):
    """The reconciled attacks the filters select (display columns only; the newest GRID_ROWS at most, and a note
    that says so)."""
    ui = i18n.valid(ui)
    _ = i18n.gettext(ui)
    rows = data.attack_table(context.filters(stored), context.store(), bool(with_types))
    said = ""
    if rows.height > GRID_ROWS:
        said = _("The newest {shown} of {n} rows are in the grid: narrow the dates, or use Export CSV for all of "
                 "them.").format(shown=i18n.number(GRID_ROWS, ui), n=i18n.number(rows.height, ui))
        rows = rows.head(GRID_ROWS)
    return grid_rows(rows, ui), columns(ui, bool(with_types)), said


@callback(Output("attacks-row", "data"), Input("attacks-grid", "selectedRows"), State("attacks-row", "data"),
          prevent_initial_call=True)
def select_row(selected, current):
    """The selected row's key (the grid's selection, kept in the address)."""
    key = selected[0]["key"] if isinstance(selected, list) and selected else None
    return key if key != current and key else dash.no_update


@callback(Output("shell-view", "data", allow_duplicate=True), Input("attacks-types", "value"),
          Input("attacks-row", "data"), prevent_initial_call="initial_duplicate")
def remember_view(with_types, row):
    """The type toggle and the selected row, for the address."""
    return {"path": "/attacks", "types": "1" if with_types else None, "row": row}


@callback(Output("attacks-provenance", "children"), Input("attacks-row", "data"), State("filters-store", "data"), UI)
def show_provenance(key, stored, ui):
    """The claims behind the selected attack row."""
    ui = i18n.valid(ui)
    _ = i18n.gettext(ui)
    if not key:
        return note(_("Select a row to see the reports behind it."))
    prov = data.provenance(key, context.filters(stored), context.store())
    if prov is None:
        return note(_("This row is no longer in the store; it may have changed with a refresh."))
    return provenance_view(prov, ui)
