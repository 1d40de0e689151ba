"""The Atom feed of attack nights: `/feeds/attacks.atom`, the latest nights with their figures and sources.

One entry per night and attacker, newest night first; its link opens the night's page (/night/YYYY-MM-DD, with
`?attacker=UA` for Ukraine's attacks), its id stays the same across refreshes, and its `updated` time is when a
report behind the night was first seen by a refresh, so a reader shows a night again when a new report changed it.
Rows come through the one read path (etl/query.py); the feed is written by feedgen.
"""

from __future__ import annotations

import html
from pathlib import Path

import polars as pl
from feedgen.feed import FeedGenerator
from flask import Flask, Response, request

from dashboard.labels import label
from etl.query import Filters, query, snapshot

__all__ = ["night_entries", "atom", "install", "FEED_NIGHTS"]

FEED_NIGHTS = 50  # entries in the feed
MEASURES = ("launched", "shot_down", "suppressed", "neutralized")
QUALIFIED = {"approx": "about ", "at_least": "at least ", "at_most": "at most "}
c = pl.col


def night_entries(store: str | Path, limit: int = FEED_NIGHTS) -> list[dict]:
    """The latest `limit` attack nights (per attacker): their class rows, their sources and when last changed."""
    class_rows = c("row_kind") == "class"
    nights = query("attacks", Filters(), store, ("attack_date", "attacker"), class_rows).unique().sort(
        ["attack_date", "attacker"], descending=True).head(limit)
    if nights.is_empty():
        return []
    latest = Filters(start=nights["attack_date"].min(), end=nights["attack_date"].max())  # with their claims
    chosen = query("attacks", latest, store, where=class_rows).join(nights, on=["attack_date", "attacker"])
    claims = query("strike_claims", Filters(), store, ("claim_id", "report_id")).unique("claim_id")
    reports = query("reports", Filters(), store, ("report_id", "source", "url", "first_seen", "published"))
    behind = (chosen.select("attack_date", "attacker", c("sources").str.json_decode(pl.List(pl.String)))
              .explode("sources").join(claims, left_on="sources", right_on="claim_id")
              .join(reports, on="report_id").unique(["attack_date", "attacker", "report_id"])
              .sort("published", nulls_last=True))
    out = []
    for night, attacker in nights.iter_rows():
        rows = chosen.filter((c("attack_date") == night) & (c("attacker") == attacker)).sort("weapon")
        sources = behind.filter((c("attack_date") == night) & (c("attacker") == attacker))
        seen = sources["first_seen"].max() or sources["published"].max() or snapshot(store).as_of
        out.append({"night": night, "attacker": attacker, "rows": rows.to_dicts(), "sources": sources.to_dicts(),
                    "updated": seen})
    return out


def figures_line(row: dict) -> str:
    """One class's figures in words: "Drones: about 450 launched, 400 shot down"."""
    said = [f"{QUALIFIED.get(row.get(f'q_{m}'), '')}{row[m]} {label('measure', m, 'en')}" for m in MEASURES
            if row.get(m) is not None]
    return f"{label('weapon', row['weapon'], 'en')}: {', '.join(said) or 'no figures stated'}"


def night_path(entry: dict) -> str:
    """The address of a night's page."""
    suffix = "" if entry["attacker"] == "RU" else f"?attacker={entry['attacker']}"
    return f"/night/{entry['night'].isoformat()}{suffix}"


def _content(entry: dict) -> str:
    """The entry's body as HTML (every text from the data escaped; only http(s) links)."""
    lines = "".join(f"<li>{html.escape(figures_line(r))}</li>" for r in entry["rows"])
    items = []
    for s in entry["sources"]:
        name = html.escape(s["source"] or "unnamed source")
        url = s["url"] or ""
        items.append(f'<li><a href="{html.escape(url)}">{name}</a></li>' if url.startswith(("http://", "https://"))
                     else f"<li>{name}</li>")
    return f"<ul>{lines}</ul><p>Sources:</p><ul>{''.join(items)}</ul>"


def atom(store: str | Path, base: str) -> bytes:
    """The feed's XML; `base` is the server's address (links are absolute)."""
    base = base.rstrip("/")
    entries = night_entries(store)
    feed = FeedGenerator()
    feed.id(f"{base}/feeds/attacks.atom")
    feed.title("Air attacks on Ukraine and by Ukraine: the latest nights")
    feed.link(href=f"{base}/feeds/attacks.atom", rel="self")
    feed.link(href=f"{base}/", rel="alternate")
    feed.updated(max((e["updated"] for e in entries), default=None) or snapshot(store).as_of or _epoch())
    for entry in reversed(entries):  # feedgen puts each new entry first
        item = feed.add_entry()
        who = "Russia on Ukraine" if entry["attacker"] == "RU" else "Ukraine on Russia"
        item.id(f"{base}/night/{entry['night'].isoformat()}/{entry['attacker']}")
        item.title(f"The night into {entry['night'].isoformat()} ({who}): "
                   + "; ".join(figures_line(r) for r in entry["rows"]))
        item.link(href=base + night_path(entry), rel="alternate")
        item.updated(entry["updated"] or _epoch())
        item.content(_content(entry), type="html")
    return feed.atom_str(pretty=True)


def _epoch():
    from datetime import UTC, datetime

    return datetime(1970, 1, 1, tzinfo=UTC)


def install(server: Flask, store: str) -> None:
    """Add GET /feeds/attacks.atom to the server."""

    @server.get("/feeds/attacks.atom")
    def attacks_feed():
        return Response(atom(store, request.host_url), mimetype="application/atom+xml")
