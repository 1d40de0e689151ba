"""Data quality: the last refresh, problems and rejected rows, undated reports, counts per source."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, data, i18n, layers
from dashboard.components import frame_table, note, stat_card
from dashboard.evidence import kyiv_time
from dashboard.labels import label
from dashboard.pages import page_title

dash.register_page(__name__, path="/quality", name=i18n.N_("Data quality"), order=7,
                   title=page_title(i18n.N_("Data quality")), export_table="problems",
                   description="What the last refresh read and what went wrong.")

UNDATED_SHOWN = 50  # undated (and withdrawn) reports listed on the page
PROBLEMS_SHOWN = 5_000  # rows sent to the problems grid; Export CSV has them all


def problem_columns(ui: str) -> list[dict]:
    """The problems grid's columns in the interface language."""
    return [
        {"field": "stage", "headerName": label("column", "stage", ui), "width": 100,
         "valueFormatter": {"function": "params.data ? params.data.stage_text : ''"}},
        {"field": "path", "headerName": label("column", "path", ui), "width": 320, "tooltipField": "path"},
        {"field": "item", "headerName": label("column", "item", ui), "width": 130},
        {"field": "problem", "headerName": label("column", "problem", ui), "flex": 1, "wrapText": True,
         "autoHeight": True, "cellStyle": {"lineHeight": "1.35", "paddingTop": "4px", "paddingBottom": "4px"}},
    ]


def layout(ui: str | None = None, **_query) -> html.Div:
    """Refresh summary, problems grid, undated reports and counts per source."""
    ui = i18n.valid(ui or i18n.current())
    _ = i18n.gettext(ui)
    return html.Div([
        note(_("Data quality covers the whole store: the date and weapon filters do not apply here."), "mt-2"),
        dcc.Loading(dbc.Row(id="quality-refresh", class_name="g-2"), delay_show=150),
        html.H2(_("Problems and rejected rows"), className="h6 mt-3"),
        note(_("Every report that could not be read or used as it was, every source that failed, and every table "
               "row that was not imported, with the reason (in English, as the refresh wrote it). Nothing is dropped "
               "silently. The grid shows the first {shown}; Export CSV has them all.").format(
            shown=i18n.number(PROBLEMS_SHOWN, ui))),
        dcc.Loading(dag.AgGrid(id="quality-problems", columnDefs=problem_columns(ui), rowData=[],
                               defaultColDef={"sortable": True, "filter": True, "resizable": True},
                               dashGridOptions={"animateRows": False, "tooltipShowDelay": 300},
                               style={"height": "330px"}), delay_show=150),
        html.H2(_("Sources"), className="h6 mt-3"),
        note(_("Every source of the last refresh: when it was last read, when a new report of it last came, the "
               "reports it holds and its last error. A source is stale when it has been silent for longer than the "
               "cadence its [[sources]] entry in strikes.toml gives (a feed that died, a channel whose page changed); "
               "stale sources come first.")),
        dcc.Loading(html.Div(id="quality-health"), delay_show=150),
        html.H2(_("Withdrawn reports"), className="h6 mt-3"),
        note(_("Reports whose file is gone from its folder (or whose source was taken out of the sources): their "
               "claims are left out of the attacks, but they stay in the store and come back when the file does. "
               "`strikes purge --withdrawn-before DATE` deletes them for good.")),
        dcc.Loading(html.Div(id="quality-withdrawn"), delay_show=150),
        dbc.Row([
            dbc.Col([html.H2(_("Undated reports waiting for a date"), className="h6 mt-3"),
                     note(_("Their relative dates (“overnight”) cannot be resolved; add a published date.")),
                     dcc.Loading(html.Div(id="quality-undated"), delay_show=150)], xl=6),
            dbc.Col([html.H2(_("Reports per source and language"), className="h6 mt-3"),
                     dcc.Loading(html.Div(id="quality-sources"), delay_show=150)], xl=6),
        ], class_name="g-3"),
        html.H2(_("Annotations of changes in reporting"), className="h6 mt-3"),
        html.Div(id="quality-annotations"),
    ])


@callback(Output("quality-refresh", "children"), Output("quality-problems", "rowData"),
          Output("quality-undated", "children"), Output("quality-sources", "children"),
          Output("quality-withdrawn", "children"), Output("quality-annotations", "children"),
          Output("quality-health", "children"),
          Input("shell-version", "data"), State("shell-ui", "data"))
def update_quality(_version, ui):
    """Everything on the page, from the current store version (each part bounded: a grid of at most
    PROBLEMS_SHOWN rows, the first rows of the lists)."""
    store, ui = context.store(), i18n.valid(ui)
    t, q = data.tables(store), data.quality(store)
    problems = q["problems"]
    rows = [{**r, "stage_text": label("stage", r["stage"], ui)} for r in problems.head(PROBLEMS_SHOWN).to_dicts()]
    return (_refresh_cards(q["run"], t, problems.height, ui), rows, _undated(q["undated"], ui),
            frame_table(q["sources"].head(25), "quality-sources-table", ui), _withdrawn(q["withdrawn"], ui),
            _annotations(ui), _health(data.source_health(store), ui))


def _health(health, ui: str):
    """The sources' health as a table (a source's name is shown beside its location)."""
    _ = i18n.gettext(ui)
    if not health.height:
        return note(_("No refresh has recorded its sources yet."))
    return frame_table(health.head(UNDATED_SHOWN), "quality-health-table", ui)


def _withdrawn(withdrawn, ui: str) -> list:
    """The most recently withdrawn reports, and how many there are."""
    _ = i18n.gettext(ui)
    if not withdrawn.height:
        return note(_("None: every stored report is in use."))
    table = frame_table(withdrawn.head(UNDATED_SHOWN), "quality-withdrawn-table", ui)
    if withdrawn.height <= UNDATED_SHOWN:
        return table
    return [note(_("The last {shown} of {n} withdrawn.").format(shown=UNDATED_SHOWN,
                                                                 n=i18n.number(withdrawn.height, ui)), "mb-1"), table]


def _annotations(ui: str):
    """Which annotation files or entries could not be used, and why (the other entries are drawn)."""
    _ = i18n.gettext(ui)
    files = context.state().settings.get("annotations", layers.DEFAULT_ANNOTATIONS)
    problems = layers.annotation_problems(files)
    read = note(_("Read from: {files}. Every entry was used.").format(files=", ".join(files) or "—"),
                id="quality-annotations-ok")
    if not problems:
        return read
    return [note(_("Read from: {files}. These could not be used (the rest is drawn):").format(
        files=", ".join(files)), "mb-1"), html.Ul([html.Li(p) for p in problems], id="quality-annotation-problems",
                                                  className="small")]


def _undated(undated, ui: str) -> list:
    """The first undated reports as a table (a browser draws a long html table slowly), and how many there are."""
    _ = i18n.gettext(ui)
    if not undated.height:
        return note(_("None: every report has a date."))
    table = frame_table(undated.head(UNDATED_SHOWN).select("path", "item", "why", "excerpt"),
                        "quality-undated-table", ui)
    if undated.height <= UNDATED_SHOWN:
        return table
    return [note(_("The first {shown} of {n}; those without a published date are all listed with the problems "
                   "above.").format(shown=UNDATED_SHOWN, n=i18n.number(undated.height, ui)), "mb-1"), table]


def _refresh_cards(run: dict | None, t: dict, problems: int, ui: str) -> list:
    _, n = i18n.gettext(ui), lambda v: i18n.number(v, ui)
    if run is None:
        return [dbc.Col(note(_("No refresh has run yet.")))]
    took = (run["finished"] - run["started"]).total_seconds()
    counts = _("{read} read · {new} new · {changed} changed · {unchanged} unchanged · {withdrawn} withdrawn · "
               "{failed} failed").format(**{k: n(run[k]) for k in ("read", "new", "changed", "unchanged", "withdrawn",
                                                                  "failed")})
    return [
        stat_card(_("Last refresh"), kyiv_time(run["finished"], ui),
                  _("took {seconds} s · {version}").format(seconds=i18n.number(took, ui, 1),
                                                           version=run["code_version"]),
                  card_id="quality-last-refresh"),
        dbc.Col(dbc.Card(dbc.CardBody([html.Div(_("Last run read"), className="stat-label"),
                                       html.Div(counts, className="stat-sub fs-6")]), class_name="h-100 stat-card"),
                xs=12, md=8, xl=4),
        stat_card(_("Reports stored"), n(t["reports"].height), _("{n} strike claims").format(
            n=n(t["strike_claims"].height))),
        stat_card(_("Attack rows"), n(t["attacks"].height), _("reconciled")),
        stat_card(_("Air-raid alerts"), n(t["alerts"].height), _("from alerts:PATH sources"),
                  card_id="quality-alerts"),
        stat_card(_("Problems"), n(problems), _("listed below"), card_id="quality-problem-count"),
    ]
