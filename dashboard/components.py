"""Small builders of page parts shared by the views: headline cards, provenance, tables, notes. In the
interface language `ui`, labels from the catalogue (dashboard/labels.py), numbers and dates by Babel."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from dashboard import i18n
from dashboard.evidence import kyiv_time
from dashboard.labels import CODED, label, source_label

__all__ = ["stat_card", "headline_cards", "provenance_view", "frame_table", "note", "graph", "empty_store",
           "unreadable_store", "fallback_notice", "link", "night_href", "night_link", "NIGHT_COLUMNS",
           "marker_list", "reviewed_column"]

NIGHT_COLUMNS = ("attack_date", "night", "date")  # columns of a table whose values are attack nights


def night_href(day: date | str, query: str = "") -> str:
    """The address of a night's page, with the query of the current view (filters, language)."""
    return f"/night/{day.isoformat() if isinstance(day, date) else day}{query}"


def night_link(day: date | None, text: str, query: str = "", **kwargs):
    """A link to a night's page (the text alone when there is no night)."""
    if day is None:
        return text
    return dcc.Link(text, href=night_href(day, query), className="night-link", **kwargs)

SHOWN_MEASURES = ("launched", "shot_down", "suppressed", "neutralized")


def note(text, className: str = "", **kwargs) -> html.P:
    """A short grey explanation under a chart or a heading."""
    return html.P(text, className=f"text-muted small mb-2 {className}", **kwargs)


def graph(graph_id: str, height: int = 360, figure=None) -> dcc.Loading:
    """A chart with a loading indicator and a calm toolbar; `figure`: what it draws first (else its callback's)."""
    extra = {} if figure is None else {"figure": figure}
    return dcc.Loading(dcc.Graph(id=graph_id, config={"displaylogo": False, "responsive": True},
                                 style={"minHeight": f"{height}px"}, **extra), type="default", delay_show=150)


def stat_card(label_text: str, value: str, sub="", card_id: str | None = None, **width) -> dbc.Col:
    """One headline figure."""
    body = [html.Div(label_text, className="stat-label"), html.Div(value, className="stat-value")]
    if sub:
        body.append(html.Div(sub, className="stat-sub"))
    width = width or {"xs": 6, "md": 4, "xl": 2}
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100 stat-card", id=card_id or ""), **width)


def headline_cards(h: dict, prefix: str, ui: str = "en", counts_suppressed: bool = True, query: str = ""
                   ) -> list[dbc.Col]:
    """Attack nights, launched, stopped (= shot down + suppressed + not split, with its share), the three parts,
    the largest and the last attack (each a link to its night's page). The cards add up, and a launched figure
    nobody gave is said to be unknown."""
    _, n = i18n.gettext(ui), lambda v: i18n.number(v, ui)
    largest, last = h.get("largest"), h.get("last")
    unknown = _("not reported for {k} of {n} nights").format(k=h["unknown_launched"], n=h["attacks"]) \
        if h["unknown_launched"] else ""
    width = {"xs": 6, "md": 3, "xl": True}
    return [
        stat_card(_("Attack nights"), n(h["attacks"]), card_id=f"{prefix}-card-attacks", **width),
        stat_card(_("Launched"), n(h["launched"]) if h["attacks"] > h["unknown_launched"] or not h["attacks"]
                  else _("not reported"), unknown, card_id=f"{prefix}-card-launched", **width),
        stat_card(_("Stopped"), n(h["stopped"]), _share(h, ui, counts_suppressed), card_id=f"{prefix}-card-stopped",
                  **width),
        stat_card(label("column", "shot_down", ui), n(h["shot_down"]), card_id=f"{prefix}-card-shot-down", **width),
        stat_card(label("column", "suppressed", ui), n(h["suppressed"]), card_id=f"{prefix}-card-suppressed", **width),
        stat_card(label("column", "unsplit", ui), n(h["unsplit"]), _("stopped, no split given"),
                  card_id=f"{prefix}-card-unsplit", **width),
        stat_card(_("Largest attack"), _("not reported") if largest and largest["unknown"] else n(
            largest and largest["launched"]), night_link(largest and largest["date"], i18n.day(
                largest and largest["date"], ui, "day_weekday"), query, id=f"{prefix}-largest-link"),
            card_id=f"{prefix}-card-largest", **width),
        stat_card(_("Last attack"), night_link(last and last["date"], i18n.day(last and last["date"], ui, "medium"),
                                               query, id=f"{prefix}-last-link"), _(
            "{weekday} · {n} launched").format(weekday=i18n.day(last and last["date"], ui, "weekday"), n=_(
                "not reported") if last and last["unknown"] else n(last and last["launched"])) if last else "",
            card_id=f"{prefix}-card-last", **width),
    ]


def _share(h: dict, ui: str, counts_suppressed: bool) -> list:
    """The share stopped and what it rests on; the rows left out of it, when any."""
    _ = i18n.gettext(ui)
    if h["rate"] is None:
        return [_("no night gives both launched and stopped")]
    what = _("stopped") if counts_suppressed else _("shot down")
    lines = [html.Div(_("{share} {what}: {k} of {n} launched, where both figures are given").format(
        share=i18n.percent(h["rate"], ui), what=what, k=i18n.number(h["rate_stopped"], ui),
        n=i18n.number(h["rate_launched"], ui)), id="overview-share")]
    left = h["excluded"]["contradictory"]
    if left:
        lines.append(html.Div(_("{n} row(s) whose figures contradict each other left out").format(n=left),
                              className="text-danger"))
    return lines


def _what(attack: dict, ui: str) -> str:
    _ = i18n.gettext(ui)
    what = label("weapon", attack["weapon"], ui)
    if attack.get("row_kind") == "type":
        what = f"{label('type', attack['type'], ui) if attack['type'] else _('untyped')} " \
               f"{label('model', attack.get('model'), ui) if attack.get('model') else ''}".strip()
    figures = ", ".join(f"{label('measure', m, ui)} {i18n.number(attack[m], ui)}" for m in SHOWN_MEASURES
                        if attack.get(m) is not None)
    day = i18n.day(date.fromisoformat(str(attack["attack_date"])), ui, "medium")
    return f"{day} · {label('attacker', attack['attacker'], ui)} · {what}: {figures}"


def provenance_view(prov: dict, ui: str = "en", query: str | None = None, rules: dict | None = None) -> html.Div:
    """One attack row's figures, the claims behind them (evidence with the figure marked) and disagreements; with
    `query` the title links to the night's page, with `rules` it says which rule chose each figure."""
    _ = i18n.gettext(ui)
    cards = [_claim(c, ui) for c in prov["claims"]]
    title = _what(prov["attack"], ui)
    if query is not None:
        title = night_link(date.fromisoformat(str(prov["attack"]["attack_date"])), title, query)
    parts = [html.H6(title, className="prov-title")]
    if rules:
        parts.append(html.Ul([html.Li(_("{measure} {value}: {rule}").format(
            measure=label("measure", m, ui), value=i18n.number(prov["attack"].get(m), ui), rule=label("rule", r, ui)))
            for m, r in rules.items()], className="prov-rules small mb-2"))
    if prov.get("contradictory"):
        parts.append(dbc.Alert(_("The figures of this row contradict each other (they come from different "
                                 "reports): it is left out of every rate."), color="danger", className="py-2 small"))
    if prov["disagreements"]:
        parts.append(dbc.Alert([html.Strong(_("Sources disagree:") + " "), html.Ul([
            html.Li(_("{measure}: {chosen} from {source}, but {other} from {other_source}").format(
                measure=label("measure", d["measure"], ui), chosen=i18n.number(d["chosen"], ui),
                source=d["chosen_source"], other=d["other"], other_source=d["other_source"]))
            for d in prov["disagreements"]], className="mb-0")], color="warning", className="py-2 small"))
    parts.append(html.Div(cards, className="prov-claims"))
    return html.Div(parts, className="provenance", **{"data-key": prov["key"]})


def link(text: str, url: str | None):
    """A link to a report's address when it is an http(s) URL, else just the text (no javascript: or data:)."""
    try:
        web = bool(url) and urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:  # e.g. a broken IPv6 host
        web = False
    return html.A(text, href=url.strip(), target="_blank", rel="noopener noreferrer nofollow") if web else text


def _claim(c: dict, ui: str) -> dbc.Card:
    _ = i18n.gettext(ui)
    source = link(source_label(c["source"], c["url"], c["source_kind"], ui), c["url"])
    used = ", ".join(label("measure", m, ui) for m in c["used_for"])
    header = [html.Span(source, className="fw-semibold text-break"), " ",
              dbc.Badge(label("source_kind", c["source_kind"], ui), color="secondary", className="ms-1"),
              html.Span(" · " + kyiv_time(c["published_at"], ui) if c.get("published_at") else " · " + _(
                  "no published date"),
                        className="text-muted small")]
    figures = "; ".join(f"{label('measure', m, ui)} {v}" for m, v in c["figures"].items())
    body = [html.Blockquote([html.Mark(p["text"]) if p["mark"] else p["text"] for p in c["evidence"]],
                            className="evidence mb-1"),
            html.Div([_("Says: {figures}").format(figures=figures),
                      html.Span(" · " + _("figures used: {used}").format(used=used) if used else " · " + _("not used"),
                                className="text-muted")], className="small")]
    if c.get("review"):
        body.append(html.Div(_review_line(c["review"], ui), className="small fw-semibold review-note"))
    return dbc.Card([dbc.CardHeader(header, className="py-1 small"), dbc.CardBody(body, className="py-2")],
                    className="mb-2 claim-card" + (" claim-used" if used else ""))


def reviewed_column(rows: pl.DataFrame, ui: str = "en") -> pl.DataFrame:
    """Rows with `review`, `reviewed_by` and `reviewed_on` as one `reviewed` text ("corrected by ana on …"; null when
    not reviewed), for a table of a view."""
    if "review" not in rows.columns:
        return rows
    said = [_review_line({"status": r["review"], "by": r["reviewed_by"], "on": r["reviewed_on"]}, ui)
            if r["review"] else None for r in rows.select("review", "reviewed_by", "reviewed_on").iter_rows(named=True)]
    return rows.with_columns(pl.Series("reviewed", said, dtype=pl.Utf8)).drop("review", "reviewed_by", "reviewed_on")


def _review_line(review: dict, ui: str) -> str:
    """"corrected by ana on 2025-02-07 10:00 Kyiv" (or confirmed)."""
    _ = i18n.gettext(ui)
    when = kyiv_time(review["on"], ui) if review.get("on") else ""
    if review["status"] == "corrected":
        return _("corrected by {who} on {when}").format(who=review["by"], when=when)
    return _("confirmed by {who} on {when}").format(who=review["by"], when=when)


def frame_table(frame: pl.DataFrame, table_id: str | None = None, ui: str = "en", nights: str | None = None
                ) -> dbc.Table:
    """A small frame as a striped table (for a handful of rows only): catalogue headers and labels; with `nights`
    (the query of the view) every attack night in it links to its page."""
    head = html.Thead(html.Tr([html.Th(label("column", c, ui)) for c in frame.columns]))

    def cell(name: str, value):
        shown = _cell(name, value, ui)
        if nights is not None and name in NIGHT_COLUMNS and isinstance(value, date) and not isinstance(value, datetime):
            return night_link(value, shown, nights)
        return shown

    rows = [html.Tr([html.Td(cell(name, v)) for name, v in zip(frame.columns, row, strict=True)])
            for row in frame.iter_rows()]
    return dbc.Table([head, html.Tbody(rows)], striped=True, hover=True, size="sm", responsive=True,
                     className="small", id=table_id or "")


def _cell(name: str, value, ui: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        _ = i18n.gettext(ui)
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return i18n.number(value, ui)
    if isinstance(value, float):
        return i18n.number(value, ui, 1)
    if isinstance(value, list):
        return ", ".join(_cell(name, v, ui) for v in value)
    if isinstance(value, datetime):
        return kyiv_time(value, ui)
    if isinstance(value, date):
        return i18n.day(value, ui, "medium")
    if name in CODED:
        return label(CODED[name], value, ui)
    return str(value)


def empty_store(store: str, ui: str = "en") -> dbc.Container:
    """The friendly page shown while there is no data: what to run to fill the store."""
    _ = i18n.gettext(ui)
    return dbc.Container(dbc.Card(dbc.CardBody([
        html.H2(_("No data yet"), className="h4"),
        html.P([_("The store {store} is missing or empty. Fill it with a refresh, then reload this page.").format(
            store=store)]),
        html.P(_("To try the dashboard on the bundled sample (made-up demo reports):")),
        html.Pre(f"strikes refresh --store {store} --source data/sample", className="bg-light p-2 rounded"),
        html.P(_("For the full history (2022 on), the Kaggle table “Massive Missile Attacks on Ukraine” "
                 "(missile_attacks_daily.csv), alone, in a store of its own:")),
        html.Pre(f"strikes refresh --store {store} --source kaggle:PATH/missile_attacks_daily.csv",
                 className="bg-light p-2 rounded"),
        html.P(html.A(_("Download the Kaggle table"),
                      href="https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine")),
    ]), className="mt-4", id="shell-empty"), fluid="md")


def unreadable_store(ui: str = "en") -> dbc.Container:
    """The page shown when the store exists but cannot be read (the error itself is only in the server log)."""
    _ = i18n.gettext(ui)
    return dbc.Container(dbc.Card(dbc.CardBody([
        html.H2(_("The data cannot be read right now"), className="h4"),
        html.P(_("The store could not be opened. The error has been logged on the server. If a refresh is "
                 "running, reload this page in a minute. Otherwise the store may be damaged: on the server, "
                 "`strikes store verify` checks it and `strikes store restore` puts back the newest good version "
                 "(a refresh refuses to build on a damaged store).")),
    ]), className="mt-4", id="shell-unreadable"), fluid="md")


def fallback_notice(version: str, as_of, ui: str = "en") -> dbc.Container:
    """The warning shown while a damaged store is replaced, for reading, by a kept version (named, not its path)."""
    _ = i18n.gettext(ui)
    shown = (_("Showing the newest good version kept ({version}, data as of {time}) instead.").format(
        version=version, time=kyiv_time(as_of, ui)) if as_of else
        _("Showing the newest good version kept ({version}) instead.").format(version=version))
    return dbc.Container(dbc.Alert([
        html.Strong(_("The store file is damaged and cannot be read.") + " "), shown + " ",
        _("On the server, `strikes store restore` puts it back; refreshes are refused until then."),
    ], color="warning", class_name="small py-2 mt-2 mb-0", id="shell-fallback"), fluid=True)


def marker_list(found: list, ui: str, list_id: str) -> html.Div:
    """Method markers as a numbered list: the number drawn on the charts, the day, what changed, its source."""
    from dashboard import markers

    _ = i18n.gettext(ui)
    if not found:
        return html.Div(note(_("No change in reporting is known for these dates.")), id=list_id)
    items = [html.Li([
        dbc.Badge(str(m.number), color="dark" if m.curated else "secondary", className="me-2"),
        html.Span(i18n.day(m.day, ui, "medium"), className="text-muted me-2"),
        html.Strong(markers.title(m, ui)), " — ", markers.note(m, ui), " ",
        html.Span(f"({label('marker', m.kind, ui)})", className="text-muted"),
        *([" ", link(_("source"), m.url)] if m.url else []),
    ], className="mb-1") for m in found]
    return html.Div(html.Ul(items, className="list-unstyled small mb-0"), id=list_id, className="marker-list")
