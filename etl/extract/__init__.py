"""Extraction: a report's text -> strike and outage claims with evidence spans.

Pure functions of the report; the language knowledge comes from etl/lexicon.
"""

from __future__ import annotations

import functools
from datetime import date

from etl.extract.claims import not_counts, strike_claims
from etl.extract.clutter import blank_captions, blank_other_articles, blank_trailing_headline
from etl.extract.dates import countable_day, document_state
from etl.extract.document import read_document
from etl.extract.figure import Figure
from etl.extract.language import detect_language, language
from etl.extract.text import segment
from etl.extract.view import UnitView
from etl.lexicon import available_languages, load_language
from etl.model import Extraction, OutageClaim, Report

__all__ = ["extract_report", "detect_language", "report_views", "report_figures"]


def extract_report(report: Report) -> Extraction:
    """The claims of one report, with the problems met while reading it."""
    if not report.text or not report.text.strip():
        return Extraction(report, problems=["the report has no text"])
    code = report.language or detect_language(report.text)
    if code not in available_languages():
        what = f"language {code!r} has no lexicon" if code else "the language could not be detected"
        return Extraction(report, problems=[f"{what}; nothing was extracted"], detected_language=code)
    views = report_views(report.text, code)
    published, undated = _published_day(report)
    figures, outages = read_document(views, document_state(views, published))
    strikes, problems = strike_claims(figures)
    problems = not_counts(report.text, figures) + problems
    if undated:
        problems.insert(0, undated)
    return Extraction(report, strikes=strikes, outages=_merge_outages(outages), problems=problems,
                      detected_language=None if report.language else code)


def report_views(text: str, code: str) -> list[UnitView]:
    """Stages 1-2: the report's units (sentences and list items), each with its tokens and lexicon matches."""
    lang = language(code)
    text = blank_captions(blank_other_articles(text, _other_article_markers()), _photo_words())  # same offsets
    text = blank_trailing_headline(text)
    return [UnitView(u, text, lang) for u in segment(text, lang.abbreviations, lang.months, lang.ordinal_heads,
                                                         lang.clock_words)]


@functools.cache
def _other_article_markers() -> tuple[str, ...]:
    """"Read also" in every language with a lexicon: a site's English edition keeps its "Читайте також"."""
    return tuple(m for code in available_languages() for m in load_language(code)["text"].get("other_articles", ()))


@functools.cache
def _photo_words() -> tuple[str, ...]:
    """"Photo", "Foto", "Фото" in every language with a lexicon: captions keep their site's language."""
    return tuple(w for code in available_languages() for w in load_language(code)["text"].get("photo_words", ()))


def report_figures(report: Report) -> list[Figure]:
    """Stages 1-6: every figure of a report in order, with its measure, attacker and date and their cues."""
    views = report_views(report.text, report.language or detect_language(report.text))
    published, _ = _published_day(report)
    figures, _ = read_document(views, document_state(views, published))
    return figures


def _published_day(report: Report) -> tuple[date | None, str | None]:
    """The day relative dates are counted from, or None and why the report is read as undated."""
    day = report.published_date
    if day is None:
        return None, "no published date: dates relative to it cannot be resolved, claims are kept undated"
    if not countable_day(day):
        return None, (f"published date {day.isoformat()} is at the end of the calendar, so no day can be counted "
                      "from it: dates relative to it cannot be resolved, claims are kept undated")
    return day, None


def _merge_outages(claims: list[OutageClaim]) -> list[OutageClaim]:
    """One outage claim per (date, region, kind), with all its evidence."""
    merged: dict[tuple, OutageClaim] = {}
    for c in claims:
        key = (c.date, c.region, c.kind)
        if key not in merged:
            merged[key] = c
            continue
        kept = merged[key]
        kept.evidence = sorted(set(kept.evidence) | set(c.evidence))
        kept.extent = kept.extent or c.extent
        if c.region_from is None:
            kept.region_from = None  # one of its sentences names the region itself
    return list(merged.values())
