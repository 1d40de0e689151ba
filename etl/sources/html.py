"""HTML pages: the main article text (navigation and boilerplate dropped) and its published date."""

from __future__ import annotations

import json

from lxml import etree
from lxml import html as lxml_html

from etl.model import Report
from etl.sources.common import language_code, parse_published

__all__ = ["report_from_html", "html_to_text"]

_PARSER = lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, collect_ids=False,
                               default_doctype=False, encoding="utf-8")


def report_from_html(page: str, path: str, url: str | None = None) -> Report:
    """A report from an HTML page."""
    problems: list[str] = []
    tree = _tree(page)
    title, raw_date = _title(tree), _published(tree)
    lang, canonical = (tree.get("lang"), _canonical(tree)) if tree is not None else (None, None)
    doc = _article(tree, problems)
    body = (doc.get("text") or "").strip()
    title = title or (doc.get("title") or "").strip() or None
    if not body and not problems:
        problems.append("no article text found in the page; if it has one, save the article text as a .txt file")
    text = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    published = None
    raw_date = raw_date or doc.get("date")
    if raw_date:
        try:
            published = parse_published(raw_date)
        except ValueError as exc:
            problems.append(f"published date of the page: {exc}")
    return Report(
        text=text,
        path=path,
        published=published,
        source=(doc.get("sitename") or doc.get("hostname") or None),
        url=url or doc.get("url") or canonical,
        language=language_code(lang),
        title=title,
        problems=problems,
    )


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content), one paragraph per block."""
    if not fragment or "<" not in fragment:
        return (fragment or "").strip()
    tree = _tree(f"<div>{fragment}</div>")
    if tree is None:
        return fragment
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in tree.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote", "div"):
        if el.tag == "div" and any(c.tag in ("p", "li", "div", "h1", "h2", "h3") for c in el):
            continue
        text = el.text_content().strip()
        if text:
            blocks.append(("– " if el.tag == "li" else "") + text)
    return "\n\n".join(blocks) if blocks else tree.text_content().strip()


def _article(tree, problems: list[str]) -> dict:
    """trafilatura's reading of the page (text, title, date, site), without what a reader never sees."""
    import trafilatura

    if tree is None:
        return {}
    for el in tree.xpath("//noscript|//template|//iframe|//object|//embed|//svg|//math"):
        el.drop_tree()  # not rendered for a reader with a browser (fallbacks, inert templates, pictures)
    try:
        result = trafilatura.bare_extraction(tree, include_comments=False, include_tables=False,
                                             with_metadata=True)
    except Exception as exc:  # noqa: BLE001 - a third-party parser on hostile markup: a problem, not a crash
        problems.append(f"the page could not be read ({type(exc).__name__}); save the article text as a .txt file")
        return {}
    return result.as_dict() if result is not None and hasattr(result, "as_dict") else (result or {})


def _tree(page: str):
    """The parsed page, however deeply nested (libxml2 otherwise drops what is below 256 levels)."""
    try:
        return lxml_html.fromstring(page.encode("utf-8", "replace"), parser=_PARSER)
    except (ValueError, etree.LxmlError):
        return None


def _title(tree) -> str | None:
    if tree is None:
        return None
    for xpath in ("//article//h1", "//h1", "//meta[@property='og:title']/@content", "//title"):
        found = tree.xpath(xpath)
        if found:
            value = found[0] if isinstance(found[0], str) else found[0].text_content()
            if value and value.strip():
                return " ".join(value.split())
    return None


def _published(tree) -> str | None:
    """The published date from <meta article:published_time>, <time datetime> or JSON-LD datePublished."""
    if tree is None:
        return None
    for xpath in (
        "//meta[@property='article:published_time']/@content",
        "//meta[@name='article:published_time']/@content",
        "//time[@datetime]/@datetime",
    ):
        found = tree.xpath(xpath)
        if found and found[0].strip():
            return found[0].strip()
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        found = _ld_date(script)
        if found:
            return found
    return None


def _ld_date(script: str) -> str | None:
    try:
        data = json.loads(script)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                return item["datePublished"]
            stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return None


def _canonical(tree) -> str | None:
    if tree is None:
        return None
    found = tree.xpath("//link[@rel='canonical']/@href")
    return found[0] if found else None
