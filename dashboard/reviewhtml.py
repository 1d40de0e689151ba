"""The Review page's HTML, in the interface language: the flagged strike claims and, beside them, the flagged outage
claims, each with its evidence highlighted, its reasons and the other claims of its night (of its date and region),
and, for a reviewer, the forms that confirm, correct or reject it. Pure apart from reading the queue.

Every value is escaped. What comes from the data (sources, report text, claim ids, the reviewer's name) stands in an
element of class `data` or in the evidence quote, so a test can tell it from the interface's own words.
"""

from __future__ import annotations

import json

from markupsafe import escape

from dashboard import evidence, flagtext, i18n, queue
from dashboard.labels import CATALOGUE, label
from etl.model import ATTACKERS, MEASURES, OUTAGE_KINDS, WEAPONS

__all__ = ["page", "SHOWN"]

SHOWN = 50  # claims of each kind on the page at once
CONTEXT = 300  # characters of the report shown before an outage claim's evidence (where its region may come from)


def _t(template: str, **values: str) -> str:
    """A translated text with HTML values put in: the text escaped, the values as given (escaped by the caller)."""
    return str(escape(template)).format(**values)


def _data(value) -> str:
    return f'<span class="data">{escape(value)}</span>'


def page(store: str, ui: str, allowed: bool, user: str | None, token: str, done: str) -> str:
    """The whole page for a viewer (`allowed`: a reviewer, who gets the forms)."""
    _ = i18n.gettext(ui)
    strikes = queue.with_text(store, queue.review_queue(store).head(SHOWN))
    outages = queue.with_text(store, queue.outage_queue(store).head(SHOWN))
    items = "".join(_strike_item(store, r, ui, allowed, token) for r in strikes.iter_rows(named=True))
    outage_items = "".join(_outage_item(store, r, ui, allowed, token) for r in outages.iter_rows(named=True))
    who = (_t(_("Reviewing as {user}."), user=f"<b>{_data(user)}</b>") if allowed else
           escape(_("Read-only: reviewing needs the review user (basic auth; setting review_users).")))
    keys = "".join(f"<kbd>Alt+Shift+{k}</kbd> {escape(what)} " for k, what in
                   (("C", _("confirm")), ("R", _("reject")), ("E", _("correct"))))
    home = "/" + ("" if ui == i18n.DEFAULT_UI else f"?ui={ui}")
    title, dashboard = escape(_("Review")), escape(_("Dashboard"))
    intro = escape(_("Claims flagged for a look, those that move their night’s figure most first. Shortcuts on "
                     "the first claim:"))
    heads = escape(_("Strike claims")), escape(_("Outage claims"))
    return (f'<!doctype html><html lang="{ui}"><head><meta charset="utf-8"><title>{title} · strikes</title>'
            f'<link rel="stylesheet" href="/assets/bootstrap.min.css"></head><body class="container py-3">'
            f'<p><a href="{home}" id="review-home">{dashboard}</a></p>'
            f'<h1 class="h3">{title}</h1><p id="review-who">{who}</p>{_notice(done, ui)}'
            f'<p class="small text-muted">{intro} {keys}</p><h2 class="h5 mt-4">{heads[0]}</h2>'
            f'{"" if items else _empty("review-empty", ui)}<ol id="review-queue">{items}</ol>'
            f'<h2 class="h5 mt-4">{heads[1]}</h2>{"" if outage_items else _empty("review-outages-empty", ui)}'
            f'<ol id="review-outages">{outage_items}</ol></body></html>')


def _empty(element_id: str, ui: str) -> str:
    _ = i18n.gettext(ui)
    said = escape(_("No claim needs a look."))
    return f'<p id="{element_id}">{said}</p>'


def _notice(done: str, ui: str) -> str:
    """What the last decision did ("Corrected: claim …"), from the address the decision redirected to."""
    if not done:
        return ""
    _ = i18n.gettext(ui)
    decision, _sep, rest = done.partition(":")
    claim, _sep, pending = rest.partition(":")
    said = {"confirm": _("Confirmed"), "correct": _("Corrected"), "reject": _("Rejected")}.get(decision)
    if said is None:
        return ""
    text = _t(_("{decision}: claim {claim}."), decision=escape(said), claim=_data(claim))
    if pending:
        text += " " + escape(_("A refresh holds the store: the decision is kept and applied by the next refresh or "
                               "decision."))
    return f'<p class="alert alert-success" id="review-done">{text}</p>'


def _reasons(r: dict, ui: str) -> str:
    details, args = list(r["detail"]), list(r["args"])
    out = []
    for n, code in enumerate(r["reason"]):
        said = flagtext.detail(args[n] if n < len(args) else None, details[n] if n < len(details) else None, ui)
        out.append(f'<li data-reason="{escape(code)}">{escape(flagtext.reason(code, ui))}'
                   f'{": " + str(escape(said)) if said else ""}</li>')
    return f'<ul class="small review-reasons">{"".join(out)}</ul>'


def _source(r: dict, ui: str) -> str:
    """"(Example News, claim 1a2b…-s0)"."""
    _ = i18n.gettext(ui)
    claim = _t(_("claim {claim}"), claim=_data(r["claim_id"]))
    return f'<span class="text-muted small">({_data(r.get("source") or r["report_id"])}, {claim})</span>'


def _strike_item(store: str, r: dict, ui: str, allowed: bool, token: str) -> str:
    _ = i18n.gettext(ui)
    when = r["attack_date"] or (f"{r['period_start'] or ''}..{r['period_end'] or ''}" if r["period_start"] or
                                r["period_end"] else None)
    text = r["text"] or ""
    spans = json.loads(r["evidence"] or "[]")
    marks = evidence.figure_marks(text, spans, json.loads(r["figure_spans"] or "{}"), [r[m] for m in MEASURES])
    others = "".join(f"<li>{_data(o['source'] or o['report_id'])} ({escape(label('source_kind', o['source_kind'], ui))}"
                     f"): {escape(_figures(o, ui))}</li>" for o in queue.night_claims(store, r).iter_rows(named=True))
    what = (f'{escape(label("attacker", r["attacker"], ui))} · {escape(label("weapon", r["weapon"], ui))}: '
            f'{escape(_figures(r, ui))}')
    return _item("review-item", r, ui, when, what, _marked(text, spans, marks),
                 _others(_("Other sources of the night:"), others, ui), _strike_forms(r, ui, token) if allowed else "")


def _outage_item(store: str, r: dict, ui: str, allowed: bool, token: str) -> str:
    _ = i18n.gettext(ui)
    text = r["text"] or ""
    spans = json.loads(r["evidence"] or "[]")
    what = " · ".join(escape(p) for p in (label("region", r["region"], ui), _kind(r["kind"], ui),
                                          label("extent", r["extent"], ui) if r["extent"] else None) if p)
    others = "".join(f"<li>{_data(o['source'] or o['report_id'])} ({escape(label('source_kind', o['source_kind'], ui))})"
                     f": {escape(_kind(o['kind'], ui))}</li>" for o in queue.area_claims(store, r).iter_rows(named=True))
    return _item("review-outage", r, ui, r["date"], what, _marked(text, _with_context(text, spans), spans),
                 _others(_("Other reports for this date and region:"), others, ui),
                 _outage_forms(r, ui, token) if allowed else "")


def _item(css: str, r: dict, ui: str, when: str | None, what: str, evidence_html: str, others_html: str,
          forms: str) -> str:
    """One claim of the queue: its date, what it says, its source and reasons, its evidence, the other claims
    beside it and, for a reviewer, the decision forms."""
    return (f'<li class="mb-4 {css}" data-claim="{escape(r["claim_id"])}"><b>{escape(flagtext.when(when, ui))}</b> '
            f'{what} {_source(r, ui)}{_reasons(r, ui)}<blockquote class="evidence">{evidence_html}</blockquote>'
            f'{others_html}{forms}</li>')


def _others(caption: str, items: str, ui: str) -> str:
    """The other claims of a claim's night (or date and region), "none" when there are none."""
    _ = i18n.gettext(ui)
    none = escape(_("none"))
    return f'<div class="small">{escape(caption)}<ul class="review-others">{items or f"<li>{none}</li>"}</ul></div>'


def _figures(r: dict, ui: str) -> str:
    """"launched 160, shot down 80"."""
    return ", ".join(f"{label('measure', m, ui)} {i18n.number(r[m], ui)}" for m in MEASURES if r[m] is not None)


def _kind(kind: str | None, ui: str) -> str:
    return label("outage_kind", kind or "unspecified", ui)


def _marked(text: str, spans: list, marks: list) -> str:
    return "".join(f"<mark>{escape(p['text'])}</mark>" if p["mark"] else str(escape(p["text"]))
                   for p in evidence.segments(text, spans, marks))


def _with_context(text: str, spans: list) -> list:
    """The evidence spans, the first one reaching back over the text before it in its paragraph (up to CONTEXT
    characters, from a word's start), where the region of an outage sentence that names none was said."""
    if not spans:
        return spans
    (start, end), rest = sorted(spans)[0], sorted(spans)[1:]
    paragraph = text.rfind("\n\n", 0, start)
    reach = max(paragraph + 2 if paragraph >= 0 else 0, start - CONTEXT)
    if reach > 0 and not text[reach - 1].isspace():
        space = text.find(" ", reach, start)
        reach = space + 1 if space >= 0 else start
    return [[reach, end], *rest]


def _hidden(r: dict, token: str) -> str:
    return (f'<input type="hidden" name="csrf" value="{escape(token)}">'
            f'<input type="hidden" name="claim_id" value="{escape(r["claim_id"])}">')


def _decide_buttons(r: dict, ui: str, token: str) -> str:
    _ = i18n.gettext(ui)
    buttons = _button("success", "confirm", "c", _("Confirm")) + _button("danger", "reject", "r", _("Reject"))
    return f'<form method="post" action="/review/decide?ui={ui}" class="review-form">{_hidden(r, token)}{buttons}</form>'


def _correct_form(r: dict, ui: str, token: str, inputs: str) -> str:
    _ = i18n.gettext(ui)
    button = _button("primary", "correct", "e", _("Correct"))
    return (f'<form method="post" action="/review/decide?ui={ui}" class="review-correct">{_hidden(r, token)}{inputs}'
            f'{button}</form>')


def _button(colour: str, decision: str, key: str, text: str) -> str:
    return (f'<button class="btn btn-sm btn-{colour} me-1" name="decision" value="{decision}" accesskey="{key}">'
            f'{escape(text)}</button>')


def _select(name: str, caption: str, options: dict[str, str]) -> str:
    shown = "".join(f'<option value="{escape(code)}">{escape(text)}</option>' for code, text in options.items())
    return (f'<label class="me-2 small">{escape(caption)} <select name="{name}"><option value=""></option>{shown}'
            f'</select></label>')


def _strike_forms(r: dict, ui: str, token: str) -> str:
    _ = i18n.gettext(ui)
    inputs = "".join(f'<label class="me-2 small">{escape(label("measure", m, ui))} <input name="{m}" size="5" '
                     f'inputmode="numeric" placeholder="{r[m] if r[m] is not None else ""}"></label>' for m in MEASURES)
    day, pattern = escape(_("date")), escape(_("YYYY-MM-DD"))
    inputs += (f'<label class="me-2 small">{day} <input name="attack_date" size="10" placeholder="{pattern}"></label>'
               + _select("attacker", _("attacker"), {a: label("attacker", a, ui) for a in ATTACKERS})
               + _select("weapon", _("class"), {w: label("weapon", w, ui) for w in WEAPONS}))
    return _decide_buttons(r, ui, token) + _correct_form(r, ui, token, inputs)


def _outage_forms(r: dict, ui: str, token: str) -> str:
    _ = i18n.gettext(ui)
    regions = {code: label("region", code, ui) for code in CATALOGUE["region"]}
    inputs = (_select("region", _("region"), regions)
              + _select("kind", _("outage kind"), {k: label("outage_kind", k, ui) for k in OUTAGE_KINDS}))
    return _decide_buttons(r, ui, token) + _correct_form(r, ui, token, inputs)
