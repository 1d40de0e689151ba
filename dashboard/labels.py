"""The one label catalogue: what the interface calls every code it shows, in every interface language.

Weapon classes and types, models, measures, regions, source kinds, outage kinds, attackers, report
languages, table columns: each code has an English label here, marked for the gettext catalogue
with its kind as context (`NC_("weapon", "Drones")`), and its translation in dashboard/locale.
Every page, figure, table and CSV header of a view names a code through `label` or `labels`, never
by writing the code. A code the catalogue does not know (a model new to the data) is shown as it is.
"""

from __future__ import annotations

import re

import polars as pl

from dashboard import i18n

__all__ = ["CATALOGUE", "NC_", "label", "labels", "CODED", "relabel", "source_label", "account_of"]


def NC_(context: str, text: str) -> str:  # noqa: N802 - gettext's marker convention
    """Marks a label for the catalogue, with its kind as the translation context."""
    return text


CATALOGUE: dict[str, dict[str, str]] = {
    "weapon": {"drone": NC_("weapon", "Drones"), "missile": NC_("weapon", "Missiles"),
               "glide_bomb": NC_("weapon", "Glide bombs")},
    "type": {
        "cruise_missile": NC_("type", "Cruise missiles"), "ballistic_missile": NC_("type", "Ballistic missiles"),
        "hypersonic_missile": NC_("type", "Hypersonic / aeroballistic missiles"),
        "guided_missile": NC_("type", "Guided missiles"), "anti_aircraft_missile": NC_("type", "S-300/S-400 missiles"),
        "attack_drone": NC_("type", "Attack drones (Shahed type)"), "decoy_drone": NC_("type", "Decoy drones"),
        "reconnaissance_drone": NC_("type", "Reconnaissance drones"),
    },
    "measure": {
        "launched": NC_("measure", "launched"), "shot_down": NC_("measure", "shot down"),
        "suppressed": NC_("measure", "suppressed (jammed, lost)"), "neutralized": NC_("measure", "stopped in total"),
        "unsplit": NC_("measure", "stopped, not split"), "stopped": NC_("measure", "stopped"),
        "not_stopped": NC_("measure", "not stopped"),
    },
    "rule": {  # why reconciliation chose a figure (dashboard/nights.py)
        "record_sum": NC_("rule", "the Kaggle record's rows of the night, added up"),
        "only": NC_("rule", "the only claim that states it"),
        "official": NC_("rule", "an official source beats a press retelling"),
        "exact": NC_("rule", "an exact figure beats an approximate one"),
        "later": NC_("rule", "the later publication beats the earlier"),
        "tie": NC_("rule", "on a tie, the record beats an official post, which beats the press"),
    },
    "marker": {  # kinds of method markers (dashboard/markers.py)
        "annotation": NC_("marker", "curated annotation"), "measure_appears": NC_("marker", "a figure appears"),
        "measure_disappears": NC_("marker", "a figure disappears"),
        "unstopped_jump": NC_("marker", "nights without a stopped figure"),
        "source_stops": NC_("marker", "a source stops"), "alerts_end": NC_("marker", "the alert table ends"),
    },
    "alert_level": {"oblast": NC_("alert_level", "whole region"), "raion": NC_("alert_level", "district"),
                    "hromada": NC_("alert_level", "community")},
    "which": {"this": NC_("which", "this month"), "previous": NC_("which", "month before"),
              "year_before": NC_("which", "a year earlier")},
    "attacker": {"RU": NC_("attacker", "Russia → Ukraine"), "UA": NC_("attacker", "Ukraine → Russia")},
    "source_kind": {"official": NC_("source_kind", "Official posts"), "press": NC_("source_kind", "Press"),
                    "record": NC_("source_kind", "Kaggle national record"),
                    "regional": NC_("source_kind", "Kaggle regional commands")},
    "language": {"en": NC_("language", "English"), "de": NC_("language", "German"),
                 "uk": NC_("language", "Ukrainian")},
    "outage_kind": {"power": NC_("outage_kind", "Power"), "heating": NC_("outage_kind", "Heating"),
                    "water": NC_("outage_kind", "Water"), "unspecified": NC_("outage_kind", "Kind not stated")},
    "extent": {"full": NC_("extent", "full"), "partial": NC_("extent", "partial")},
    "flag_reason": {  # why a claim is in the review queue (etl/flags.py)
        "disagrees_with_record": NC_("flag_reason", "disagrees with the record"),
        "disagrees_with_source": NC_("flag_reason", "disagrees with another source"),
        "contradicts_report": NC_("flag_reason", "contradicts its report"),
        "undated": NC_("flag_reason", "undated"), "extreme": NC_("flag_reason", "extreme value"),
        "report_changed": NC_("flag_reason", "report changed since the decision"),
        "fallback": NC_("flag_reason", "not said in its own sentence"),
    },
    "region_from": {  # where an outage claim's region was taken from when its own sentence named none
        "paragraph": NC_("region_from", "an earlier sentence of its paragraph"),
        "section": NC_("region_from", "the section heading above it"),
        "report": NC_("region_from", "the last place named before it"),
        "title": NC_("region_from", "the report's title"), "lead": NC_("region_from", "the report's first sentence"),
    },
    "qualifier": {"exact": NC_("qualifier", "exact"), "approx": NC_("qualifier", "about"),
                  "at_least": NC_("qualifier", "at least"), "at_most": NC_("qualifier", "up to")},
    "row_kind": {"class": NC_("row_kind", "class total"), "type": NC_("row_kind", "type or model")},
    "stage": {"read": NC_("stage", "read"), "extract": NC_("stage", "extract"), "validate": NC_("stage", "validate"),
              "import": NC_("stage", "import")},
    "resolution": {"day": NC_("resolution", "Day"), "week": NC_("resolution", "Week"),
                   "month": NC_("resolution", "Month")},
    "region": {
        "UA-05": NC_("region", "Vinnytsia"), "UA-07": NC_("region", "Volyn"), "UA-09": NC_("region", "Luhansk"),
        "UA-12": NC_("region", "Dnipropetrovsk"), "UA-14": NC_("region", "Donetsk"),
        "UA-18": NC_("region", "Zhytomyr"), "UA-21": NC_("region", "Zakarpattia"),
        "UA-23": NC_("region", "Zaporizhzhia"), "UA-26": NC_("region", "Ivano-Frankivsk"),
        "UA-30": NC_("region", "Kyiv (city)"), "UA-32": NC_("region", "Kyiv oblast"),
        "UA-35": NC_("region", "Kirovohrad"), "UA-40": NC_("region", "Sevastopol"), "UA-43": NC_("region", "Crimea"),
        "UA-46": NC_("region", "Lviv"), "UA-48": NC_("region", "Mykolaiv"), "UA-51": NC_("region", "Odesa"),
        "UA-53": NC_("region", "Poltava"), "UA-56": NC_("region", "Rivne"), "UA-59": NC_("region", "Sumy"),
        "UA-61": NC_("region", "Ternopil"), "UA-63": NC_("region", "Kharkiv"), "UA-65": NC_("region", "Kherson"),
        "UA-68": NC_("region", "Khmelnytskyi"), "UA-71": NC_("region", "Cherkasy"),
        "UA-74": NC_("region", "Chernihiv"), "UA-77": NC_("region", "Chernivtsi"),
    },
    "region_short": {  # what fits on a tile of the outage map
        "UA-05": NC_("region_short", "Vinnytsia"), "UA-07": NC_("region_short", "Volyn"),
        "UA-09": NC_("region_short", "Luhansk"), "UA-12": NC_("region_short", "Dnipro"),
        "UA-14": NC_("region_short", "Donetsk"), "UA-18": NC_("region_short", "Zhytomyr"),
        "UA-21": NC_("region_short", "Zakarp."), "UA-23": NC_("region_short", "Zaporizh."),
        "UA-26": NC_("region_short", "Iv.-Frank."), "UA-30": NC_("region_short", "Kyiv city"),
        "UA-32": NC_("region_short", "Kyiv obl."), "UA-35": NC_("region_short", "Kirovohr."),
        "UA-40": NC_("region_short", "Sevast."), "UA-43": NC_("region_short", "Crimea"),
        "UA-46": NC_("region_short", "Lviv"), "UA-48": NC_("region_short", "Mykolaiv"),
        "UA-51": NC_("region_short", "Odesa"), "UA-53": NC_("region_short", "Poltava"),
        "UA-56": NC_("region_short", "Rivne"), "UA-59": NC_("region_short", "Sumy"),
        "UA-61": NC_("region_short", "Ternopil"), "UA-63": NC_("region_short", "Kharkiv"),
        "UA-65": NC_("region_short", "Kherson"), "UA-68": NC_("region_short", "Khmeln."),
        "UA-71": NC_("region_short", "Cherkasy"), "UA-74": NC_("region_short", "Chernihiv"),
        "UA-77": NC_("region_short", "Chernivtsi"),
    },
    "model": {m: m for m in (  # proper names: the English label is the code; other languages spell them
        NC_("model", "Kh-101"), NC_("model", "Kh-555"), NC_("model", "Kh-101/Kh-555"), NC_("model", "Kalibr"),
        NC_("model", "Iskander-K"), NC_("model", "Kh-22"), NC_("model", "Kh-32"), NC_("model", "Kh-35"),
        NC_("model", "Oniks"), NC_("model", "Banderol"), NC_("model", "Kh-59"), NC_("model", "Kh-69"),
        NC_("model", "Kh-59/Kh-69"), NC_("model", "Kh-31P"), NC_("model", "Iskander-M"), NC_("model", "KN-23"),
        NC_("model", "Oreshnik"), NC_("model", "Kinzhal"), NC_("model", "Zircon"), NC_("model", "S-300"),
        NC_("model", "S-400"), NC_("model", "S-300/S-400"), NC_("model", "Shahed-136"),
        NC_("model", "Gerbera"), NC_("model", "Lancet"), NC_("model", "Kub"), NC_("model", "Molniya"),
        NC_("model", "Privet-82"), NC_("model", "Orlan-10"), NC_("model", "Orlan-30"),
        NC_("model", "Supercam"), NC_("model", "ZALA"), NC_("model", "Merlin-VR"), NC_("model", "Eleron"),
        NC_("model", "Granat-4"), NC_("model", "Forpost"), NC_("model", "Orion"), NC_("model", "Mohajer-6"),
        NC_("model", "Kartograf"), NC_("model", "Neptune"), NC_("model", "Storm Shadow"),
        NC_("model", "ATACMS"), NC_("model", "Flamingo"), NC_("model", "Liutyi"),)},
    "account": {  # the accounts of the Kaggle table's `source` (posts of the national and regional commands)
        "kpszsu": NC_("account", "Air Force of Ukraine"), "PvKPivden": NC_("account", "Air Command South"),
        "pvkshid": NC_("account", "Air Command East"), "PvkZahid": NC_("account", "Air Command West"),
        "PvkCenter": NC_("account", "Air Command Centre"), "GeneralStaff.ua": NC_("account", "General Staff"),
        "CinCAFU": NC_("account", "Commander-in-Chief of the Armed Forces"),
        "ChiefUkrDIU": NC_("account", "Defence Intelligence of Ukraine"),
    },
    "column": {
        "attack_date": NC_("column", "Attack date (night, Kyiv)"), "date": NC_("column", "Date"),
        "period": NC_("column", "Period starting"), "attacker": NC_("column", "Attacker"),
        "weapon": NC_("column", "Weapon class"), "row_kind": NC_("column", "Row"), "type": NC_("column", "Type"),
        "model": NC_("column", "Model"), "launched": NC_("column", "Launched"), "shot_down": NC_("column", "Shot down"),
        "suppressed": NC_("column", "Suppressed (jammed, lost)"), "neutralized": NC_("column", "Stopped in total"),
        "unsplit": NC_("column", "Stopped, not split"), "stopped": NC_("column", "Stopped"),
        "q_launched": NC_("column", "Launched: qualifier"), "q_shot_down": NC_("column", "Shot down: qualifier"),
        "q_suppressed": NC_("column", "Suppressed: qualifier"),
        "q_neutralized": NC_("column", "Stopped in total: qualifier"),
        "from_launched": NC_("column", "Launched figure from claim"),
        "from_shot_down": NC_("column", "Shot-down figure from claim"),
        "from_suppressed": NC_("column", "Suppressed figure from claim"),
        "from_neutralized": NC_("column", "Stopped-in-total figure from claim"),
        "claims": NC_("column", "Claims"), "disagreement": NC_("column", "Sources disagree"),
        "disagreements": NC_("column", "Disagreements (JSON)"), "sources": NC_("column", "Claims behind the row (JSON)"),
        "reviewed": NC_("column", "Reviewed"),
        "contradictory": NC_("column", "Figures contradict each other"),
        "claim_id": NC_("column", "Claim"), "report_id": NC_("column", "Report"), "region": NC_("column", "Region"),
        "extent": NC_("column", "Extent"), "kind": NC_("column", "Outage kind"),
        "source_kind": NC_("column", "Source kind"), "published": NC_("column", "Published (UTC)"),
        "evidence": NC_("column", "Evidence spans (JSON)"), "path": NC_("column", "Report or file"),
        "item": NC_("column", "Item / line"), "stage": NC_("column", "Stage"), "problem": NC_("column", "Problem"),
        "nights": NC_("column", "Attack nights"), "unknown_launched": NC_("column", "Nights without a launched figure"),
        "rate_launched": NC_("column", "Launched, rows with both figures"),
        "rate_stopped": NC_("column", "Stopped, rows with both figures"), "share": NC_("column", "Share stopped"),
        "low": NC_("column", "95% Wilson interval, low"), "high": NC_("column", "95% Wilson interval, high"),
        "days": NC_("column", "Days inside the dates"), "partial": NC_("column", "Partial period"),
        "reports": NC_("column", "Reports"), "source": NC_("column", "Source"),
        "evidence_text": NC_("column", "Evidence"), "url": NC_("column", "Link"),
        "strike_claims": NC_("column", "Strike claims"), "outage_claims": NC_("column", "Outage claims"),
        "language": NC_("column", "Language"), "why": NC_("column", "Why"), "excerpt": NC_("column", "Excerpt"),
        "period_start": NC_("column", "Period from"), "period_end": NC_("column", "Period to"),
        "withdrawn": NC_("column", "Withdrawn (file gone)"),
        "not_stopped": NC_("column", "Not stopped"), "night": NC_("column", "Night"),
        "hours": NC_("column", "Hours under alert"), "alerts": NC_("column", "Alerts"),
        "level": NC_("column", "Alert covered"), "place": NC_("column", "District or community"),
        "started": NC_("column", "Alert from (Kyiv)"), "finished": NC_("column", "Alert to (Kyiv)"),
        "naive": NC_("column", "End assumed"), "origin": NC_("column", "Read from"), "line": NC_("column", "Line"),
        "nightly_sum": NC_("column", "Sum of the nights"), "difference": NC_("column", "Source minus nights"),
        "which": NC_("column", "Month"), "weekday": NC_("column", "Night into"), "hour": NC_("column", "Window opens"),
        "windows": NC_("column", "Windows"), "total_launched": NC_("column", "Launched, cumulative"),
        "total_stopped": NC_("column", "Stopped, cumulative"), "per_night": NC_("column", "Launched per night"),
        "kinds": NC_("column", "Kinds"), "title": NC_("column", "Title"), "note": NC_("column", "Note"),
        "marker": NC_("column", "Marker"), "rule": NC_("column", "Chosen because"),
        "change": NC_("column", "Change"), "unknown": NC_("column", "Unknown launched"),
        "name": NC_("column", "Name"), "cadence": NC_("column", "Cadence"), "stale": NC_("column", "Stale"),
        "last_success": NC_("column", "Last read"), "last_new_report": NC_("column", "Last new report"),
        "last_error": NC_("column", "Last error"), "last_error_at": NC_("column", "Last error at"),
        "region_from": NC_("column", "Region taken from"),
    },
}

# Coded columns of the tables and series a view exports, and the catalogue kind of their values.
CODED = {"language": "language", "attacker": "attacker", "weapon": "weapon", "type": "type", "model": "model", "row_kind": "row_kind",
         "region": "region", "kind": "outage_kind", "extent": "extent", "source_kind": "source_kind",
         "stage": "stage", "q_launched": "qualifier", "q_shot_down": "qualifier", "q_suppressed": "qualifier",
         "q_neutralized": "qualifier", "level": "alert_level", "which": "which", "kinds": "outage_kind",
         "region_from": "region_from"}


def label(kind: str, code: str | None, ui: str = i18n.DEFAULT_UI) -> str:
    """What the interface calls a code of a kind, in a language (the code itself when the catalogue lacks it)."""
    if code is None:
        return "—"
    english = CATALOGUE[kind].get(code)
    if english is None:
        return code
    return i18n.translations(i18n.valid(ui)).pgettext(kind, english)


def labels(kind: str, ui: str = i18n.DEFAULT_UI) -> dict[str, str]:
    """Every code of a kind with its label, in catalogue order."""
    return {code: label(kind, code, ui) for code in CATALOGUE[kind]}


def relabel(frame: pl.DataFrame, ui: str = i18n.DEFAULT_UI) -> pl.DataFrame:
    """A frame as a view's CSV shows it: coded values and column names as the catalogue labels them."""
    out = frame.with_columns(
        pl.col(name).replace_strict(
            {v: label(CODED[name], v, ui) for v in frame[name].drop_nulls().unique().to_list()},
            default=pl.col(name), return_dtype=pl.Utf8)
        for name in frame.columns if name in CODED and frame.schema[name] == pl.Utf8)
    return out.rename({name: label("column", name, ui) for name in frame.columns})


PLATFORMS = {"facebook.com": "Facebook", "t.me": "Telegram", "x.com": "X", "twitter.com": "X"}


def account_of(source: str) -> str:
    """The account a Kaggle row's source names: "kpszsu" of "kpszsu/posts/pfbid0…" or of a t.me address."""
    parts = [p for p in re.split(r"/+", re.sub(r"^https?://(www\.)?", "", source)) if p] or [source]
    return parts[1] if "." in parts[0] and len(parts) > 1 and parts[0] in PLATFORMS else parts[0]


def source_label(source: str | None, url: str | None, kind: str | None, ui: str = i18n.DEFAULT_UI) -> str:
    """A source as a reader knows it: a Kaggle row's "kpszsu/posts/pfbid0…" is "Air Force of Ukraine (kpszsu,
    Facebook)"; a named source keeps its name."""
    if not source:
        return "—"
    if kind not in ("record", "regional"):
        return source
    account = account_of(source)
    host = re.sub(r"^https?://(www\.)?", "", url or "").split("/")[0]
    platform = PLATFORMS.get(host, host)
    name = label("account", account, ui)
    inner = ", ".join(p for p in (account if name != account else "", platform) if p)
    return f"{name} ({inner})" if inner else name
