"""Errors stay on the server: the log gets the traceback, the browser a generic message with an id to quote.

Two places can fail: a callback (Dash's `on_error` turns it into a message in the shell's error alert,
leaving the outputs as they were) and any other request (Flask's error handler answers a plain 500).
Flask's debug mode and exception propagation are switched off whatever FLASK_DEBUG says.
"""

from __future__ import annotations

import logging
import uuid

from dash import set_props
from flask import Flask, Response
from werkzeug.exceptions import HTTPException

__all__ = ["callback_failed", "install", "log_error", "ERROR_ALERT", "GENERIC"]

ERROR_ALERT = "shell-error"  # the shell's alert that shows callback errors
GENERIC = "Something went wrong on the server while drawing this part of the page"
log = logging.getLogger("strikes.dashboard")


def log_error(what: str, exc: BaseException) -> str:
    """Logs an exception with its traceback under a short id; returns the id."""
    error_id = uuid.uuid4().hex[:8]
    log.error("%s failed (error %s)", what, error_id, exc_info=exc)
    return error_id


def callback_failed(exc: Exception) -> None:
    """Dash's on_error: log the traceback, show a generic message, leave the outputs unchanged."""
    error_id = log_error("callback", exc)
    set_props(ERROR_ALERT, {"is_open": True, "children": f"{GENERIC} (error {error_id}). It has been logged; "
                                                         "try again, or change the filters."})


def install(server: Flask) -> None:
    """Debug off, no exception propagation, and a generic 500 for anything that escapes a view."""
    server.debug = False
    server.config.update(DEBUG=False, PROPAGATE_EXCEPTIONS=False, TRAP_HTTP_EXCEPTIONS=False)

    @server.errorhandler(Exception)
    def _generic(exc: Exception):
        if isinstance(exc, HTTPException):  # 404, 405, ...: their own short pages, no traceback
            return exc
        error_id = log_error("request", exc)
        return Response(f"Internal server error (error {error_id}). It has been logged.\n", status=500,
                        mimetype="text/plain")
