"""The app's very first requests, sent together, in a fresh process (Dash sets an app up once per process).

    python -m tests.first_requests STORE

Builds the app on STORE, then holds one first page request inside the shell's layout (where Dash's
first-request setup draws it, if it is still to come) while every filter callback is sent. Prints one
JSON object: the page's status, whether it was held, and each callback's status and whether its answer
carries the error alert.
"""

from __future__ import annotations

import json
import sys
import threading

from dash import _callback

from bench.dashboard_callbacks import filter_callbacks, payload
from dashboard import app as shell_module
from dashboard.data import Filters
from dashboard.errors import ERROR_ALERT

HOLD_SECONDS = 30.0


def main(store: str) -> dict:
    """What the first requests got (see the module docstring)."""
    app = shell_module.create_app(store, {})
    # Every callback there is, without a request: the app's own, plus the pages' until Dash moves them in.
    deps = filter_callbacks(app._callback_list + _callback.GLOBAL_CALLBACK_LIST)
    entered, release = threading.Event(), threading.Event()
    shell = shell_module.page_shell

    def held(state):
        if threading.current_thread() is first:  # only the first page request waits
            entered.set()
            release.wait(HOLD_SECONDS)
        return shell(state)

    shell_module.page_shell = held
    page: dict = {}
    first = threading.Thread(target=lambda: page.update(status=app.server.test_client().get("/").status_code))
    first.start()
    while not entered.is_set() and first.is_alive():
        entered.wait(0.01)
    client = app.server.test_client()
    answers = {}
    for dep in deps:
        response = client.post("/_dash-update-component", json=payload(dep, Filters(attacker="RU")))
        answers[dep["output"]] = [response.status_code, ERROR_ALERT in response.get_data(as_text=True)]
    release.set()
    first.join()
    return {"page": page.get("status"), "held": entered.is_set(), "callbacks": answers}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
