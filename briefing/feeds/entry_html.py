"""The HTML body of a feed entry: one item, or one daily edition.

Feed readers drop CSS and scripts and resolve nothing relative, so an entry
carries plain structure only: its corrections (first, as on the item's
page, so that a reader shown the entry again sees why), the editor's notes,
each annotation as the passage it remarks on (a blockquote) followed by the
remark, the article text without the in-page annotation asides, and a line
crediting the source.  Every URL is made absolute against the item's own
address.

An item's entry is made in two steps, so that the costly one runs once per
item and is cached with it: :func:`entry_body`, when the item is read,
before its address is known (relative links stay relative), and
:func:`~briefing.content.sanitize.with_absolute_links`, when a feed lists it,
which costs nothing for the many entries whose links are all absolute
already.

An edition's entry is its note followed by each item's title (linked) and
that item's entry HTML, so section headings inside an item are ``<h3>``:
the item's title is the ``<h2>`` in an edition and the entry title in a
reader.
"""

from __future__ import annotations

from html import escape

import lxml.etree
import lxml.html

from briefing.content.sanitize import clean_html, with_absolute_links


def _inner_html(root) -> str:
    return ((root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root)).strip()


def without_asides(fragment: str, keep_text: bool = False) -> str:
    """``fragment`` without its annotation asides, ids and classes.

    An item's asides are dropped because its annotations follow as plain
    pairs; ``keep_text`` keeps an aside's paragraphs in place instead (an
    edition note's annotations have no other place in the entry).
    """
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for aside in root.xpath('//aside[@class="annotation"]'):
        if keep_text:
            aside.drop_tag()
        else:
            aside.drop_tree()
    # The page's ids and classes mean nothing in a reader, and an edition's
    # entry joins several items whose ids would repeat.
    for element in root.iter(lxml.etree.Element):
        element.attrib.pop("id", None)
        element.attrib.pop("class", None)
    return _inner_html(root)


def _annotation_pairs(item) -> str:
    pairs = []
    for annotation in item.annotations:
        quote = (f"<blockquote><p>{escape(annotation.passage)}</p></blockquote>"
                 if annotation.passage else "")
        pairs.append(f"{quote}<p><strong>Note {annotation.number}:</strong></p>"
                     f"{str(annotation.note_html).strip()}")
    return "".join(pairs)


def correction_list(item) -> str:
    """The item's corrections, newest first, each its day and its text."""
    lines = "".join(f"<li>{correction.date.isoformat()}: {escape(correction.text)}</li>"
                    for correction in item.corrections)
    return f"<ul>{lines}</ul>"


def credit_line(item) -> str:
    parts = [f'Article text: <a href="{escape(item.source_url)}">{escape(item.source)}</a>']
    if getattr(item, "source_author", None):
        parts.append(f"by {escape(item.source_author)}")
    if item.via:
        parts.append(f"via {escape(item.via)}")
    if item.source_date:
        parts.append(f"published {item.source_date.isoformat()}")
    return "<p>" + ", ".join(parts) + ".</p>"


def entry_body(item, site_url: str | None) -> str:
    """The sanitized HTML content of ``item``'s feed entry, links as written.

    ``site_url`` tells the site's links from others (its origin is the
    item's).  The sections are joined first and made feed-ready in one pass
    (one parse per item).
    """
    sections = []
    if getattr(item, "corrections", None):
        sections.append("<h3>Corrections</h3>" + correction_list(item))
    if item.notes_html:
        sections.append("<h3>Editor&#8217;s notes</h3>" + str(item.notes_html).strip())
    if item.annotations:
        sections.append("<h3>Annotations</h3>" + _annotation_pairs(item))
    article = str(item.article_html).strip()
    if getattr(item, "direction", "ltr") == "rtl":  # as on the item's page
        article = f'<div lang="{escape(item.lang)}" dir="rtl">{article}</div>'
    sections.append("<h3>Article text</h3>" + article)
    sections.append(credit_line(item))
    return clean_html(without_asides("\n".join(sections)), site_url=site_url)


def edition_html(note_html: str, edition_url: str, items: list[tuple[str, str, str]]) -> str:
    """The sanitized HTML content of an edition's entry.

    ``items`` are ``(title, absolute URL, entry HTML)`` in running order; the
    entry HTML is each item's own, its links absolute already: only the
    note's are resolved here.
    """
    sections = [without_asides(str(note_html), keep_text=True)]
    for title, url, html in items:
        sections.append(f'<h2><a href="{escape(url)}">{escape(title)}</a></h2>\n{html}')
    return with_absolute_links(clean_html("\n".join(section for section in sections if section),
                                          site_url=edition_url), edition_url)
