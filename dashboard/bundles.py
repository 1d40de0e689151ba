"""Which plotly.js the dashboard sends: plotly.js's cartesian partial bundle where Dash fetches plotly.js.

Every chart of the dashboard is a bar, a scatter or a heatmap (the outage map and the alert maps are heatmaps
with shapes), all in plotly.js's cartesian bundle, a third of the full one that the plotly package ships
(about 0.5 MB gzipped instead of 1.5 MB), and quicker for the browser to compile. `make install` fetches that
bundle, of the same plotly.js version as the plotly package, from npm (`plotly.js-cartesian-dist-min`) into
dashboard/vendor/. Dash's graphs load plotly.js from one address (`_dash-component-suites/plotly/package_data/
plotly.min.js`, when no page has loaded it yet); with the setting `plotly_bundle = "cartesian"` (the default)
that address answers with the cartesian bundle. Without it installed, or of another version, the full bundle
is sent, as with `plotly_bundle = "full"`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import flask

__all__ = ["install", "cartesian_bundle", "CARTESIAN", "PLOTLY_PATH"]

CARTESIAN = Path(__file__).resolve().parent / "vendor" / "plotly-cartesian.min.js"
PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"  # where Dash's graphs fetch plotly.js
MAX_AGE = 365 * 24 * 3600


def plotlyjs_version() -> str:
    """The version of plotly.js that the plotly package ships."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


@cache
def cartesian_bundle(path: Path = CARTESIAN) -> bytes | None:
    """The cartesian bundle's bytes, if installed and of the plotly package's plotly.js version; else None."""
    try:
        body = path.read_bytes()
    except OSError:
        return None
    found = re.search(rb"plotly\.js \(cartesian - minified\) v(\d+\.\d+\.\d+)", body[:2000])
    return body if found and found.group(1).decode() == plotlyjs_version() else None


def install(server: flask.Flask, bundle: str) -> str:
    """Serve the cartesian bundle at Dash's plotly.js address when `bundle` is "cartesian" and it is installed;
    which bundle is sent ("cartesian" or "full")."""
    body = cartesian_bundle() if bundle == "cartesian" else None
    if body is None:
        return "full"

    def plotly_js():
        response = flask.Response(body, mimetype="application/javascript")
        response.cache_control.public, response.cache_control.max_age = True, MAX_AGE
        response.set_etag(f"cartesian-{plotlyjs_version()}")
        return response.make_conditional(flask.request)

    server.add_url_rule(PLOTLY_PATH, "strikes_plotly_cartesian", plotly_js)
    return "cartesian"
