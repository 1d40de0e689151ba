"""Small builders of page parts shared by the views: headline cards, provenance, tables, notes."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from dashboard.figures.style import CLASS_LABELS, MEASURE_LABELS, TYPE_LABELS

__all__ = ["stat_card", "headline_cards", "provenance_view", "frame_table", "note", "graph", "empty_store",
           "unreadable_store", "fallback_notice", "link"]

KIND_NAMES = {"official": "official", "press": "press", "record": "Kaggle national", "regional": "Kaggle regional"}


def note(text, className: str = "") -> html.P:
    """A short grey explanation under a chart or a heading."""
    return html.P(text, className=f"text-muted small mb-2 {className}")


def graph(graph_id: str, height: int = 360) -> dcc.Loading:
    """A chart with a loading indicator and a calm toolbar."""
    return dcc.Loading(dcc.Graph(id=graph_id, config={"displaylogo": False, "responsive": True},
                                 style={"minHeight": f"{height}px"}), type="default", delay_show=150)


def stat_card(label: str, value: str, sub: str = "", card_id: str | None = None) -> dbc.Col:
    """One headline figure."""
    body = [html.Div(label, className="stat-label"), html.Div(value, className="stat-value")]
    if sub:
        body.append(html.Div(sub, className="stat-sub"))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100 stat-card", id=card_id or ""), xs=6, md=4, xl=2)


def _n(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def headline_cards(h: dict, prefix: str) -> list[dbc.Col]:
    """Attacks, launched, shot down, suppressed, the largest and the last attack."""
    largest, last = h.get("largest"), h.get("last")
    share = f"{h['rate']:.1%} stopped (of {h['rate_launched']:,} with both figures)" if h.get("rate") is not None else ""
    return [
        stat_card("Attack nights", _n(h["attacks"]), card_id=f"{prefix}-card-attacks"),
        stat_card("Launched", _n(h["launched"]), share, card_id=f"{prefix}-card-launched"),
        stat_card("Shot down", _n(h["shot_down"]), card_id=f"{prefix}-card-shot-down"),
        stat_card("Suppressed", _n(h["suppressed"]), "jammed or lost", card_id=f"{prefix}-card-suppressed"),
        stat_card("Largest attack", _n(largest and largest["launched"]),
                  _day(largest and largest["date"]), card_id=f"{prefix}-card-largest"),
        stat_card("Last attack", _day(last and last["date"], "%-d %b %Y"),
                  f"{_day(last and last['date'], '%A')} · {_n(last and last['launched'])} launched",
                  card_id=f"{prefix}-card-last"),
    ]


def _day(value: date | None, fmt: str = "%a %-d %b %Y") -> str:
    return value.strftime(fmt) if value else "—"


def _what(attack: dict) -> str:
    what = CLASS_LABELS.get(attack["weapon"], attack["weapon"])
    if attack.get("row_kind") == "type":
        what = f"{TYPE_LABELS.get(attack['type'], attack['type'] or 'untyped')} {attack.get('model') or ''}".strip()
    figures = ", ".join(f"{MEASURE_LABELS[m]} {attack[m]:,}" for m in MEASURE_LABELS if attack.get(m) is not None)
    return f"{attack['attack_date']} · {attack['attacker']} · {what}: {figures}"


def provenance_view(prov: dict) -> html.Div:
    """One attack row's figures, the claims behind them (evidence with the figure marked) and disagreements."""
    cards = [_claim(c) for c in prov["claims"]]
    parts = [html.H6(_what(prov["attack"]), className="prov-title")]
    if prov["disagreements"]:
        parts.append(dbc.Alert([html.Strong("Sources disagree: "), html.Ul([
            html.Li(f"{MEASURE_LABELS.get(d['measure'], d['measure'])}: {d['chosen']:,} from {d['chosen_source']}, "
                    f"but {d['other']} from {d['other_source']}") for d in prov["disagreements"]], className="mb-0")],
            color="warning", className="py-2 small"))
    parts.append(html.Div(cards, className="prov-claims"))
    return html.Div(parts, className="provenance", **{"data-key": prov["key"]})


def link(text: str, url: str | None):
    """A link to a report's address when it is an http(s) URL, else just the text (no javascript: or data:)."""
    try:
        web = bool(url) and urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:  # e.g. a broken IPv6 host
        web = False
    return html.A(text, href=url.strip(), target="_blank", rel="noopener noreferrer nofollow") if web else text


def _claim(c: dict) -> dbc.Card:
    source = link(c["source"], c["url"])
    used = ", ".join(MEASURE_LABELS[m] for m in c["used_for"])
    header = [html.Span(source, className="fw-semibold text-break"), " ",
              dbc.Badge(KIND_NAMES.get(c["source_kind"], c["source_kind"]), color="secondary", className="ms-1"),
              html.Span(f" · {c['published']}" if c["published"] else " · no published date",
                        className="text-muted small")]
    figures = "; ".join(f"{MEASURE_LABELS[m]} {v}" for m, v in c["figures"].items())
    body = [html.Blockquote([html.Mark(p["text"]) if p["mark"] else p["text"] for p in c["evidence"]],
                            className="evidence mb-1"),
            html.Div([f"Says: {figures}", html.Span(f" · figures used: {used}" if used else " · not used",
                                                    className="text-muted")], className="small")]
    return dbc.Card([dbc.CardHeader(header, className="py-1 small"), dbc.CardBody(body, className="py-2")],
                    className="mb-2 claim-card" + (" claim-used" if used else ""))


def frame_table(frame: pl.DataFrame, headers: dict[str, str] | None = None, table_id: str | None = None) -> dbc.Table:
    """A small frame as a striped table (for a handful of rows only)."""
    headers = headers or {c: c.replace("_", " ") for c in frame.columns}
    head = html.Thead(html.Tr([html.Th(headers.get(c, c)) for c in frame.columns]))
    rows = [html.Tr([html.Td(_cell(v)) for v in row]) for row in frame.iter_rows()]
    return dbc.Table([head, html.Tbody(rows)], striped=True, hover=True, size="sm", responsive=True,
                     className="small", id=table_id or "")


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def empty_store(store: str) -> dbc.Container:
    """The friendly page shown while there is no data: what to run to fill the store."""
    return dbc.Container(dbc.Card(dbc.CardBody([
        html.H2("No data yet", className="h4"),
        html.P(["The store ", html.Code(store), " is missing or empty. Fill it with a refresh, then reload "
                "this page:"]),
        html.Pre(f"strikes refresh --store {store} --source data/sample", className="bg-light p-2 rounded"),
        html.P("To load the full history (2022 on), add the Kaggle table "
               "“Massive Missile Attacks on Ukraine” (missile_attacks_daily.csv):"),
        html.Pre(f"strikes refresh --store {store} --source data/sample \\\n"
                 "    --source kaggle:PATH/missile_attacks_daily.csv", className="bg-light p-2 rounded"),
        html.P(html.A("Download the Kaggle table",
                      href="https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine")),
    ]), className="mt-4", id="shell-empty"), fluid="md")


def unreadable_store() -> dbc.Container:
    """The page shown when the store exists but cannot be read (the error itself is only in the server log)."""
    return dbc.Container(dbc.Card(dbc.CardBody([
        html.H2("The data cannot be read right now", className="h4"),
        html.P("The store could not be opened. The error has been logged on the server. If a refresh is "
               "running, reload this page in a minute. Otherwise the store may be damaged: on the server, "
               "`strikes store verify` checks it and `strikes store restore` puts back the newest good version "
               "(a refresh refuses to build on a damaged store)."),
    ]), className="mt-4", id="shell-unreadable"), fluid="md")


def fallback_notice(version: str, as_of) -> dbc.Container:
    """The warning shown while a damaged store is replaced, for reading, by a kept version (named, not its path)."""
    when = f", data as of {as_of:%Y-%m-%d %H:%M} UTC" if as_of else ""
    return dbc.Container(dbc.Alert([
        html.Strong("The store file is damaged and cannot be read. "),
        f"Showing the newest good version kept ({version}{when}) instead. On the server, "
        "`strikes store restore` puts it back; refreshes are refused until then.",
    ], color="warning", class_name="small py-2 mt-2 mb-0", id="shell-fallback"), fluid=True)
