"""The Review page (`/review`): the queue of flagged claims, heaviest first, each with its evidence highlighted and
the other sources of its night, and the flagged outage claims beside them; and, for a reviewer, confirm / correct /
reject (an outage claim's correction: its region or kind). In the interface language (`ui`, as the dashboard's);
the HTML is dashboard/reviewhtml.py's.

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
import secrets
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, redirect, request
from markupsafe import escape

from dashboard import i18n, queue, reviewhtml
from dashboard.labels import label
from etl.model import MEASURES

__all__ = ["install", "reviewer", "may_review", "CSRF_COOKIE"]

CSRF_COOKIE = "strikes_review_csrf"
FIELDS = (*MEASURES, "attack_date", "attacker", "weapon", "region", "kind")  # what a correction form may give


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
        body = reviewhtml.page(state.store, i18n.current(), allowed, user, token, request.args.get("done", ""))
        response = Response(body, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        if allowed:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Strict", path="/review")
        return response

    @server.post("/review/decide")
    def review_decide():
        ui = i18n.current()
        _ = i18n.gettext(ui)
        user = reviewer(request.environ)
        if not may_review(user, state.settings):
            return _refused(_("you may not review on this dashboard"), ui)
        if not _same_origin() or not _token_ok():
            return _refused(_("this request did not come from the review page (cross-site request refused)"), ui)
        try:
            done = _decide(state.store, user, request.form, ui)
        except ValueError as exc:
            return _refused(str(exc), ui, 400)
        return redirect(f"/review?done={done}" + ("" if ui == i18n.DEFAULT_UI else f"&ui={ui}"), code=303)


def _refused(message: str, ui: str, status: int = 403) -> Response:
    _ = i18n.gettext(ui)
    said = _("refused: {why}").format(why=message)
    return Response(f"{escape(said)}\n", status=status, mimetype="text/plain")


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    if origin is None:  # not sent by every browser on a same-origin form; the token still has to match
        return True
    return urlsplit(origin).netloc == request.host


def _token_ok() -> bool:
    cookie, sent = request.cookies.get(CSRF_COOKIE, ""), request.form.get("csrf", "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())


def _decide(store: str, user: str, form, ui: str) -> str:
    """Record one decision from the form; what was done (for the page's notice)."""
    from etl.review import decision_row
    from etl.reviewstore import record

    _ = i18n.gettext(ui)
    claim = queue.find_claim(store, form.get("claim_id", ""))
    if claim is None:
        raise ValueError(_("no claim {claim} in the store").format(claim=repr(form.get("claim_id", ""))))
    decision = form.get("decision", "")
    if decision not in ("confirm", "correct", "reject"):
        raise ValueError(_("unknown decision {decision}").format(decision=repr(decision)))
    values = _values(form, ui) if decision == "correct" else None
    if decision == "correct" and not values:
        raise ValueError(_("a correction needs at least one value"))
    row = decision_row(claim, claim["claim_key"], claim["content_hash"], decision, user, values,
                       form.get("note") or None)
    applied = record(Path(store), row, timeout=10.0)
    return f"{decision}:{claim['claim_id']}" + ("" if applied else ":pending")


def _values(form, ui: str) -> dict:
    """The corrected values a form gives that differ from nothing (empty fields are left as extracted)."""
    _ = i18n.gettext(ui)
    out = {}
    for name in FIELDS:
        raw = (form.get(name) or "").strip()
        if not raw:
            continue
        if name in MEASURES:
            if not raw.isdigit():
                raise ValueError(_("{field}: {value} is not a count").format(field=label("measure", name, ui), value=repr(raw)))
            out[name] = int(raw)
        elif name == "attack_date":
            try:
                out[name] = date.fromisoformat(raw)
            except ValueError:
                raise ValueError(_("{value} is not a date (YYYY-MM-DD)").format(value=repr(raw))) from None
        else:
            out[name] = raw
    return out
