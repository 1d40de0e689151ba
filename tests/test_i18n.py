"""The interface in every language (issue 14): the one label catalogue covers every code the store can hold, in
each interface language; every text of the code is in each catalogue; numbers and dates are the language's."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from dashboard import i18n
from dashboard.labels import CATALOGUE, label, labels, relabel, source_label
from etl.lexicon import REGION_CODES, weapon_catalog
from etl.model import ATTACKERS, EXTENTS, MEASURES, OUTAGE_KINDS, QUALIFIERS, REGION_FROM, TYPES, WEAPONS
from etl.schemas import FLAG_REASONS, SOURCE_KINDS, TABLES, polars_schema
from tests.conftest import REPO

KEYWORDS = {"_": None, "gettext": None, "N_": None, "NC_": ((1, "c"), 2)}
ENUMS = {  # catalogue kind -> every code of the store's enums that the interface shows
    "weapon": WEAPONS, "type": TYPES, "measure": (*MEASURES, "unsplit", "stopped"), "attacker": ATTACKERS,
    "source_kind": SOURCE_KINDS, "language": ("en", "de", "uk"), "outage_kind": OUTAGE_KINDS, "extent": EXTENTS,
    "qualifier": QUALIFIERS, "row_kind": ("class", "type"), "region": REGION_CODES, "region_short": REGION_CODES,
    "stage": ("read", "extract", "validate", "import"), "region_from": REGION_FROM, "flag_reason": FLAG_REASONS,
}


def catalogue(ui: str) -> dict:
    with (i18n.LOCALE_DIR / ui / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {(m.context, m.id): m for m in read_po(handle) if m.id}


@pytest.mark.parametrize("ui", [u for u in i18n.UI_LANGUAGES if u != i18n.DEFAULT_UI])
def test_every_code_of_the_store_has_a_label_in_each_interface_language(ui):
    po = catalogue(ui)
    for kind, codes in ENUMS.items():
        for code in codes:
            english = CATALOGUE[kind].get(code)
            assert english, f"{kind} {code!r} has no label"
            entry = po.get((kind, english))
            assert entry is not None and entry.string and not entry.fuzzy, f"{kind} {code!r} untranslated in {ui}"
            assert label(kind, code, ui) == entry.string
    models = {e.model for e in weapon_catalog() if e.model}
    assert models <= set(CATALOGUE["model"]), models - set(CATALOGUE["model"])
    assert all(po.get(("model", m)) is not None and po[("model", m)].string for m in models)
    columns = {c for t in ("attacks", "outage_claims", "problems") for c in polars_schema(TABLES[t])}
    assert columns <= set(CATALOGUE["column"]), columns - set(CATALOGUE["column"])


@pytest.mark.parametrize("ui", [u for u in i18n.UI_LANGUAGES if u != i18n.DEFAULT_UI])
def test_every_text_of_the_interface_is_translated(ui):
    """A text added to dashboard/ (or to the other files babel.cfg names: the review flags' details) without its
    translation fails here (run `make messages`, then translate)."""
    po = catalogue(ui)
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {(ctx, text if isinstance(text, str) else text[0])
             for _file, _line, text, _comments, ctx in extract_from_dir(REPO, method_map, options_map,
                                                                       keywords=KEYWORDS)}
    assert ("Confirm" in {t for _, t in found} and
            "{figures}: no measure was said: taken as launched" in {t for _, t in found})  # both places are read
    missing = sorted(m for m in found if m not in po or not po[m].string or po[m].fuzzy)
    assert not missing, f"{len(missing)} texts untranslated in {ui}: {missing[:10]}"


def test_the_catalogues_compile_with_babel_and_load(tmp_path):
    """What `make install` runs; a missing or stale .mo is compiled in memory instead."""
    for ui in i18n.UI_LANGUAGES[1:]:
        po = i18n.LOCALE_DIR / ui / "LC_MESSAGES" / "messages.po"
        out = tmp_path / f"{ui}.mo"
        subprocess.run([str(Path(REPO / ".venv/bin/pybabel")), "compile", "-D", "messages", "-l", ui, "-i", str(po),
                        "-o", str(out)], check=True, capture_output=True)
        assert out.stat().st_size > 1000
    assert i18n.gettext("uk")("Overview") == "Огляд" and i18n.gettext("en")("Overview") == "Overview"
    assert i18n.gettext("xx")("Overview") == "Overview"  # an unknown language is the default


def test_numbers_and_dates_are_written_as_the_language_writes_them():
    assert i18n.number(1234, "uk") == "1\xa0234" and i18n.number(1234, "en") == "1,234"
    assert i18n.percent(0.8734, "uk") == "87,3%" and i18n.percent(0.8734, "en") == "87.3%"
    assert i18n.day(date(2025, 1, 12), "uk") == "12 січня 2025" and i18n.day(date(2025, 1, 12), "en") == "12 January 2025"
    assert i18n.number(None, "uk") == "—" and i18n.plotly_separators("uk") == ", "


def test_the_language_is_the_address_s_then_the_browser_s_then_english():
    assert i18n.choose("uk") == "uk" and i18n.choose("en", "uk-UA,uk;q=0.9") == "en"
    assert i18n.choose(None, "uk-UA,uk;q=0.9,en;q=0.8") == "uk" and i18n.choose(None, "de-DE,de") == "en"
    assert i18n.choose("xx", None) == "en"


def test_labels_in_tables_csv_headers_and_source_names():
    assert labels("weapon", "uk") == {"drone": "Дрони", "missile": "Ракети", "glide_bomb": "Керовані авіабомби"}
    assert label("model", "Shahed-136", "uk") == "Шахед-136" and label("model", "New-1", "uk") == "New-1"
    import polars as pl

    frame = pl.DataFrame({"weapon": ["drone"], "region": ["UA-32"], "launched": [5]})
    assert relabel(frame, "uk").columns == ["Клас зброї", "Регіон", "Запущено"]
    assert relabel(frame, "uk").row(0) == ("Дрони", "Київська область", 5)
    assert relabel(frame).row(0) == ("Drones", "Kyiv oblast", 5)
    assert source_label("kpszsu/posts/pfbid02Yv", "https://www.facebook.com/kpszsu/posts/pfbid02Yv", "record") == (
        "Air Force of Ukraine (kpszsu, Facebook)")
    assert "pfbid" not in source_label("kpszsu/posts/pfbid02Yv", "https://www.facebook.com/x", "record", "uk")


def test_a_review_flag_is_written_in_the_interface_language_from_what_it_keeps():
    """Issue 16: the Review page writes each flag's reason and detail in the interface language (dashboard/flagtext.py)
    from the template and values the flag keeps; a flag of an older store, which keeps none, shows its English."""
    import json

    from dashboard.flagtext import detail, reason

    args = json.dumps({"key": "attacker_carried", "figures": [["shot_down", 1200]], "attacker": "RU"})
    assert detail(args, "stored", "en") == ("shot down 1,200: no attacker was named in its sentence: Russia → Ukraine, "
                                            "carried from the figures before")
    assert detail(args, "stored", "uk") == ("збито 1\xa0200: у реченні не названо, хто атакував: Росія → Україна, "
                                            "перенесено з попередніх чисел")
    twice = json.dumps({"key": "twice", "said": [40, 70]})
    assert detail(twice, "stored", "uk") == "повідомлення подає цю ніч двічі: 40 запущено і 70 запущено"
    region = json.dumps({"key": "region_section", "region": "UA-18"})
    assert detail(region, "stored", "uk").startswith("регіон Житомирська область: його речення не називає регіону")
    assert detail(None, "launched 94: no measure was said: taken as launched", "uk") == (
        "launched 94: no measure was said: taken as launched")
    assert reason("fallback", "uk") == "не сказано у власному реченні" and reason("undated", "en") == "undated"
