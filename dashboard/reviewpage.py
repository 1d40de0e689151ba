"""The Review page (`/review`): the queue of flagged claims, heaviest first, each with its evidence highlighted and
the other sources of its night; and, for a reviewer, confirm / correct / reject.

It is a plain server-rendered page on the dashboard's Flask server (behind the same basic auth), with HTML forms:
it works without JavaScript, and every value is escaped. Who may write: the basic-auth user, or the users named in
`review_users`; without basic auth nobody writes here (`strikes review` does). A write must carry the token of
the double-submit cookie (a random value in a SameSite=Strict cookie, echoed in the form, which another site can
neither read nor send) and, when the browser sends one, an Origin of this host: a forged POST gets 403 and
changes nothing. Decisions go through etl/reviewstore.py (journal first, then the store).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, redirect, request
from markupsafe import escape

from dashboard import evidence, queue
from etl.model import MEASURES

__all__ = ["install", "reviewer", "may_review", "CSRF_COOKIE"]

CSRF_COOKIE = "strikes_review_csrf"
SHOWN = 50  # claims on the page at once
FIELDS = (*MEASURES, "attack_date", "attacker", "weapon")


def reviewer(environ: dict) -> str | None:
    """The basic-auth user of a request (the middleware has verified the password), None without one."""
    scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")[0]
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return user or None


def may_review(user: str | None, settings: dict) -> bool:
    """True when this user may write decisions: basic auth is on, and the user is the auth user or listed in
    review_users."""
    if not user or not settings.get("auth_user"):
        return False
    allowed = list(settings.get("review_users") or []) or [settings["auth_user"]]
    return user in allowed


def install(app) -> None:
    """Add GET /review and POST /review/decide to the app's server."""
    state, server = app.strikes, app.server

    @server.get("/review")
    def review_page():
        user = reviewer(request.environ)
        allowed = may_review(user, state.settings)
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        body = _page(state.store, allowed, user, token, request.args.get("done", ""))
        response = Response(body, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        if allowed:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Strict", path="/review")
        return response

    @server.post("/review/decide")
    def review_decide():
        user = reviewer(request.environ)
        if not may_review(user, state.settings):
            return _refused("you may not review on this dashboard")
        if not _same_origin() or not _token_ok():
            return _refused("this request did not come from the review page (cross-site request refused)")
        try:
            done = _decide(state.store, user, request.form)
        except ValueError as exc:
            return Response(f"refused: {escape(str(exc))}\n", status=400, mimetype="text/plain")
        return redirect(f"/review?done={done}", code=303)


def _refused(message: str) -> Response:
    return Response(f"refused: {message}\n", status=403, mimetype="text/plain")


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    if origin is None:  # not sent by every browser on a same-origin form; the token still has to match
        return True
    return urlsplit(origin).netloc == request.host


def _token_ok() -> bool:
    cookie, sent = request.cookies.get(CSRF_COOKIE, ""), request.form.get("csrf", "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())


def _decide(store: str, user: str, form) -> str:
    """Record one decision from the form; what was done (for the page's notice)."""
    from etl.review import decision_row
    from etl.reviewstore import record

    claim = queue.find_claim(store, form.get("claim_id", ""))
    if claim is None:
        raise ValueError(f"no claim {form.get('claim_id', '')!r} in the store")
    decision = form.get("decision", "")
    if decision not in ("confirm", "correct", "reject"):
        raise ValueError(f"unknown decision {decision!r}")
    values = _values(form) if decision == "correct" else None
    row = decision_row(claim, claim["claim_key"], claim["content_hash"], decision, user, values,
                       form.get("note") or None)
    applied = record(Path(store), row, timeout=10.0)
    return f"{decision}:{claim['claim_id']}" + ("" if applied else ":pending")


def _values(form) -> dict:
    """The corrected values a form gives that differ from nothing (empty fields are left as extracted)."""
    out = {}
    for name in FIELDS:
        raw = (form.get(name) or "").strip()
        if not raw:
            continue
        if name in MEASURES:
            if not raw.isdigit():
                raise ValueError(f"{name}: {raw!r} is not a count")
            out[name] = int(raw)
        elif name == "attack_date":
            out[name] = date.fromisoformat(raw)
        else:
            out[name] = raw
    return out


def _page(store: str, allowed: bool, user: str | None, token: str, done: str) -> str:
    rows = queue.review_queue(store).head(SHOWN)
    items = "".join(_item(store, r, allowed, token) for r in rows.iter_rows(named=True))
    who = (f"Reviewing as <b>{escape(user)}</b>." if allowed else
           "Read-only: reviewing needs the review user (basic auth; setting review_users).")
    notice = f'<p class="alert alert-success" id="review-done">Done: {escape(done)}</p>' if done else ""
    empty = "" if items else '<p id="review-empty">No claim needs a look.</p>'
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Review: strikes</title>'
            f'<link rel="stylesheet" href="/assets/bootstrap.min.css"></head><body class="container py-3">'
            f'<p><a href="/">Dashboard</a></p><h1 class="h3">Review</h1><p id="review-who">{who}</p>{notice}'
            f'<p class="small text-muted">Claims flagged for a look, those that move their night\'s figure most first. '
            f'Shortcuts on the first claim: Alt+Shift+C confirm, Alt+Shift+R reject, Alt+Shift+E correct.</p>'
            f'{empty}<ol id="review-queue">{items}</ol></body></html>')


def _item(store: str, r: dict, allowed: bool, token: str) -> str:
    when = r["attack_date"] or (f"{r['period_start']}..{r['period_end']}" if r["period_start"] else "undated")
    figures = ", ".join(f"{m.replace('_', ' ')} {r[m]}" for m in MEASURES if r[m] is not None)
    reasons = "".join(f"<li>{escape(reason)}: {escape(detail)}</li>" for reason, detail in
                      zip(r["reason"], [*r["detail"], *[""] * len(r["reason"])], strict=False))
    text = r["text"] or ""
    spans = json.loads(r["evidence"] or "[]")
    marks = evidence.figure_marks(text, spans, json.loads(r["figure_spans"] or "{}"), [r[m] for m in MEASURES])
    sentence = "".join(f"<mark>{escape(p['text'])}</mark>" if p["mark"] else str(escape(p["text"]))
                       for p in evidence.segments(text, spans, marks))
    others = "".join(f"<li>{escape(o['source'] or o['report_id'])} ({escape(o['source_kind'])}): "
                     f"{escape(', '.join(f'{m} {o[m]}' for m in MEASURES if o[m] is not None))}</li>"
                     for o in queue.night_claims(store, r).iter_rows(named=True))
    forms = _forms(r, token) if allowed else ""
    return (f'<li class="mb-4 review-item" data-claim="{escape(r["claim_id"])}"><b>{escape(str(when))}</b> '
            f'{escape(r["attacker"])} {escape(r["weapon"])}: {escape(figures)} '
            f'<span class="text-muted small">({escape(r["source"] or "")}, claim {escape(r["claim_id"])})</span>'
            f'<ul class="small">{reasons}</ul><blockquote class="evidence">{sentence}</blockquote>'
            f'<div class="small">Other sources of the night:<ul class="review-others">{others or "<li>none</li>"}'
            f'</ul></div>{forms}</li>')


def _forms(r: dict, token: str) -> str:
    hidden = (f'<input type="hidden" name="csrf" value="{escape(token)}">'
              f'<input type="hidden" name="claim_id" value="{escape(r["claim_id"])}">')
    inputs = "".join(f'<label class="me-2 small">{m.replace("_", " ")} <input name="{m}" size="5" '
                     f'inputmode="numeric" placeholder="{r[m] if r[m] is not None else ""}"></label>' for m in MEASURES)
    inputs += ('<label class="me-2 small">date <input name="attack_date" size="10" placeholder="YYYY-MM-DD"></label>'
               '<label class="me-2 small">attacker <select name="attacker"><option value=""></option><option>RU'
               '</option><option>UA</option></select></label><label class="me-2 small">class <select name="weapon">'
               '<option value=""></option><option>missile</option><option>drone</option><option>glide_bomb</option>'
               '</select></label>')
    button = '<button class="btn btn-sm btn-{} me-1" name="decision" value="{}" accesskey="{}">{}</button>'
    return (f'<form method="post" action="/review/decide" class="review-form">{hidden}'
            f'{button.format("success", "confirm", "c", "Confirm")}{button.format("danger", "reject", "r", "Reject")}'
            f'</form><form method="post" action="/review/decide" class="review-correct">{hidden}{inputs}'
            f'{button.format("primary", "correct", "e", "Correct")}</form>')
