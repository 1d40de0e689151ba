"""Stage tests driven by data files: tests/stages/<lang>/<stage>.yaml, one parametrised runner.

Each file is a list of cases "sentence -> what the stage must produce", in the manner of dateparser's
language tests and Recognizers-Text's Specs/*/*.json. Every case names where its construction came from
(`source`: a corpus report such as "real de-04", or "our own"). A rule lands as a lexicon entry or a change
in one stage, plus cases here for every language that has the construction.

Stages and their keys (besides `text`, `source`, and optional `published` and `note`):
- segment: `units` (the text of each unit, in order), optional `items` (the units that are list items)
- tags: `tags` (surface words -> {tag kind: value}); `no_tags` (surface words -> [kinds it must not carry])
- clauses: `clauses` (the clause texts), optional `fine` (the clause texts at the fine level)
- figures: `figures` (every figure in order, each compared on the keys given: value, weapon, type, model,
  measure, measure_cue, attacker, attacker_cue, role, refers, qualifier, when, date_cue, total)
- claims: `strikes` ("DATE ATTACKER WEAPON" or "START..END ATTACKER WEAPON" -> figures; exactly these rows),
  optional `outages` (["REGION KIND"...]; exactly these)
All texts in these files are ours: written for the tests, reproducing a construction in our own words and numbers.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from etl.extract import extract_report, report_figures, report_views
from etl.extract.clauses import clause_map
from etl.lexicon import available_languages
from etl.model import Report
from etl.sources.common import KYIV

STAGES_DIR = Path(__file__).parent / "stages"
STAGES = ("segment", "tags", "clauses", "figures", "claims")
COMMON = {"text", "source", "published", "note"}
KEYS = {
    "segment": {"units", "items"},
    "tags": {"tags", "no_tags"},
    "clauses": {"clauses", "fine"},
    "figures": {"figures"},
    "claims": {"strikes", "outages"},
}
FIGURE_KEYS = {"value", "weapon", "type", "model", "measure", "measure_cue", "attacker", "attacker_cue", "role",
               "refers", "qualifier", "when", "date_cue", "total"}
CLAIM_KEYS = {"launched", "shot_down", "suppressed", "neutralized", "qualifier", "types"}
DEFAULT_PUBLISHED = "2025-03-14T10:00"  # a Friday morning in Kyiv


def _cases():
    for lang in sorted(available_languages()):
        for stage in STAGES:
            path = STAGES_DIR / lang / f"{stage}.yaml"
            if not path.exists():
                continue
            for n, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
                label = " ".join(str(case.get("text", "")).split()[:6])
                yield pytest.param(lang, stage, case, id=f"{lang}/{stage}/{n + 1}:{label}")


def _problems(stage: str, case: dict) -> list[str]:
    """What is wrong with a case's keys (the validator: a misspelt key must not pass silently)."""
    out = [f"unknown key {k!r}" for k in case if k not in COMMON | KEYS[stage]]
    out += [f"missing key {k!r}" for k in ("text", "source") if k not in case]
    if not KEYS[stage] & set(case):
        out.append(f"no expectation: give one of {sorted(KEYS[stage])}")
    for fig in case.get("figures", []) if stage == "figures" else []:
        out += [f"unknown figure key {k!r}" for k in fig if k not in FIGURE_KEYS]
    for row in (case.get("strikes") or {}).values() if stage == "claims" else []:
        out += [f"unknown claim key {k!r}" for k in row if k not in CLAIM_KEYS]
    return out


def _report(case: dict, lang: str) -> Report:
    published = case.get("published", DEFAULT_PUBLISHED)
    pub = datetime.fromisoformat(str(published)).replace(tzinfo=KYIV) if published else None
    return Report(text=case["text"], path="stage-case.txt", published=pub, language=lang)


def _said(view, m) -> str:
    return view.text[view.tokens[m.start].start : view.tokens[m.end - 1].end]


def _clause_texts(view, clauses) -> list[str]:
    return [view.text[view.tokens[c.lo].start : view.tokens[c.hi - 1].end] for c in clauses if c.hi > c.lo]


def check_segment(case, lang):
    views = report_views(case["text"], lang)
    assert [v.text[v.unit.start : v.unit.end] for v in views] == case["units"]
    if "items" in case:
        assert [v.text[v.unit.start : v.unit.end] for v in views if v.unit.item] == case["items"]


def check_tags(case, lang):
    found: dict[str, dict] = {}
    for view in report_views(case["text"], lang):
        for m in view.matches:
            tags = found.setdefault(_said(view, m), {})
            for kind, values in m._values.items():
                tags.setdefault(kind, []).extend(values)
    for surface, wanted in (case.get("tags") or {}).items():
        assert surface in found, f"{surface!r} is not matched; matches: {sorted(found)}"
        for kind, value in wanted.items():
            assert value in found[surface].get(kind, []), f"{surface!r}: {kind}={value!r} not in {found[surface]}"
    for surface, kinds in (case.get("no_tags") or {}).items():
        for kind in kinds:
            assert kind not in found.get(surface, {}), f"{surface!r} must not carry {kind}: {found[surface]}"


def check_clauses(case, lang):
    (view,) = report_views(case["text"], lang)
    cmap = clause_map(view)
    if "clauses" in case:
        assert _clause_texts(view, cmap.clauses()) == case["clauses"]
    if "fine" in case:
        assert _clause_texts(view, cmap.clauses(fine=True)) == case["fine"]


def _figure_fields(fig) -> dict:
    when = fig.when
    if when is None:
        said_when = None
    elif when.period:
        said_when = f"{when.start}..{when.end}"
    else:
        said_when = str(when.day) if when.day else None
    return {"value": fig.value, "weapon": fig.weapon, "type": fig.type, "model": fig.model, "measure": fig.measure,
            "measure_cue": fig.measure_cue.kind, "attacker": fig.attacker, "attacker_cue": fig.attacker_cue.kind,
            "role": fig.role.value, "refers": fig.refers, "qualifier": fig.qualifier, "when": said_when,
            "date_cue": fig.date_cue.kind, "total": fig.total}


def check_figures(case, lang):
    got = [_figure_fields(f) for f in report_figures(_report(case, lang)) if f.doubt is None]
    wanted = case["figures"]
    shown = [{k: g[k] for k in ("value", "weapon", "measure", "attacker", "role", "when")} for g in got]
    assert len(got) == len(wanted), f"{len(got)} figures, {len(wanted)} expected: {shown}"
    for n, (g, w) in enumerate(zip(got, wanted, strict=True)):
        assert {k: g[k] for k in w} == {k: (str(v) if k == "when" and v is not None else v) for k, v in w.items()}, \
            f"figure {n + 1} of {shown}"


def _claim_key(c) -> str:
    when = str(c.attack_date) if c.attack_date else f"{c.period_start}..{c.period_end}"
    return f"{when} {c.attacker} {c.weapon}"


def check_claims(case, lang):
    ex = extract_report(_report(case, lang))
    got = {_claim_key(c): c for c in ex.strikes}
    wanted = case.get("strikes") or {}
    assert sorted(got) == sorted(wanted), f"rows {sorted(got)}, expected {sorted(wanted)}"
    for key, row in wanted.items():
        claim = got[key]
        for field, value in row.items():
            if field == "types":
                assert sorted((t.type, t.model, t.launched) for t in claim.types) == sorted(
                    (t["type"], t.get("model"), t.get("launched")) for t in value), key
            elif field == "qualifier":
                assert {k: claim.qualifier.get(k) for k in value} == value, key
            else:
                assert getattr(claim, field) == value, f"{key} {field}: {getattr(claim, field)} != {value}"
    if "outages" in case:
        assert sorted(f"{o.region} {o.kind}" for o in ex.outages) == sorted(case["outages"])


CHECKS = {"segment": check_segment, "tags": check_tags, "clauses": check_clauses, "figures": check_figures,
          "claims": check_claims}


@pytest.mark.parametrize("lang, stage, case", list(_cases()))
def test_stage_case(lang, stage, case):
    problems = _problems(stage, case)
    assert not problems, f"tests/stages/{lang}/{stage}.yaml: {problems}"
    CHECKS[stage](case, lang)


def test_every_language_has_every_stage_file():
    """Each language covers each stage, so a construction can be tested wherever it exists."""
    missing = [f"{lang}/{stage}.yaml" for lang in available_languages() for stage in STAGES
               if not (STAGES_DIR / lang / f"{stage}.yaml").exists()]
    assert not missing


def test_the_validator_rejects_a_misspelt_key():
    assert _problems("figures", {"text": "x", "source": "ours", "figures": [{"valeu": 3}]}) == [
        "unknown figure key 'valeu'"]
    assert "unknown key 'strike'" in _problems("claims", {"text": "x", "source": "ours", "strike": {}})
