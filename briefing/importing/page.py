"""A web page's article and what the page says about it, for ``briefing import``.

The article is found by ``trafilatura``, built for this job: it drops the
page's navigation, banners, asides and comments, and keeps the article's
paragraphs in order, their text as the page has it (runs of white space made
one space, since HTML renders them so).  The page's own metadata gives the
headline, the outlet, the canonical address, the publication day and the
author: Open Graph and JSON-LD first, then ``<link rel="canonical">``,
``<time>`` and the other places trafilatura and htmldate look.  Nothing here
is trusted: the text becomes Markdown that is sanitized like any other
item's, and every value is checked by the contract before it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html

from briefing.content import contract

#: File names that are saved web pages, whatever they start with.
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*"
                         rb"(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<(?:html|head|body)[\s>])",
                         re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
#: The blocks of trafilatura's article tree that hold paragraphs of their own.
_LIST_TAGS = {"list"}
#: htmldate: the day the page says it was first published, from its markup
#: only (no guessing from the text around it).
_DATE_PARAMETERS = {"extensive_search": False, "original_date": True}


class PageError(ValueError):
    """A page with no article to import."""


@dataclass
class Page:
    """The article's paragraphs and the page's own metadata (None when absent)."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None  # ISO date
    author: str | None = None
    lang: str | None = None  # the <html lang> it declares


def is_html(raw: bytes, name: str = "") -> bool:
    """Is this file a saved web page rather than pasted text?"""
    return name.lower().endswith(HTML_SUFFIXES) or bool(_HTML_START.match(raw[:4096]))


def decode_page(raw: bytes, charset: str | None = None) -> str:
    """The page as text: in the charset its server or its ``<meta>`` names, else guessed."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    meta = _META_CHARSET.search(raw[:4096])
    for name in (charset, meta and meta[1].decode("ascii")):
        if name:
            try:
                return raw.decode(name)
            except (LookupError, UnicodeDecodeError):
                continue
    from trafilatura.utils import decode_file  # trafilatura loads in 0.1 s: only to import

    return decode_file(raw)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _paragraphs(body) -> list[str]:
    """Each paragraph, heading, quote and list item of the article, in order."""
    blocks = []
    for element in body:
        items = element.iterchildren("item") if element.tag in _LIST_TAGS else [element]
        blocks.extend(text for text in map(_text, items) if text)
    return blocks


def _markup(html: str, url: str | None) -> tuple[str | None, str | None]:
    """What only the page's own markup says: its canonical address and language."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None, None
    lang = " ".join((tree.get("lang") or "").split()) or None
    return _canonical(tree, url), lang


def _canonical(tree, url: str | None) -> str | None:
    """The page's ``<link rel="canonical">``, made absolute (None if it cannot be)."""
    base = tree.find(".//base[@href]")
    base_url = urljoin(url or "", base.get("href").strip()) if base is not None else url
    for link in tree.iterfind(".//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            address = urljoin(base_url or "", link.get("href").strip())
            return address if contract.is_http_url(address) else None
    return None


def read_page(html: str, url: str | None = None) -> Page:
    """The article in ``html`` (fetched from ``url``, if it was) and its metadata."""
    from trafilatura import bare_extraction  # loads in 0.1 s: only when a page is read

    document = bare_extraction(
        html, url=url, with_metadata=True, favor_precision=True, include_comments=False,
        include_tables=False, include_images=False, date_extraction_params=_DATE_PARAMETERS)
    paragraphs = _paragraphs(document.body) if document is not None and \
        document.body is not None else []
    if not paragraphs:
        raise PageError("no article text found in the page")
    canonical, lang = _markup(html, url)
    return Page(paragraphs=paragraphs, title=document.title or None,
                source=document.sitename or None, url=canonical or document.url or url,
                date=document.date or None, author=document.author or None, lang=lang)
