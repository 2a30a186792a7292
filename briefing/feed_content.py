"""The HTML body of one item in a feed: notes, annotations, article, credit.

Feed readers drop CSS and scripts and resolve nothing relative, so an entry
carries plain structure only: the editor's notes, each annotation as the
passage it remarks on (a blockquote) followed by the remark, the article
text without the in-page annotation asides, and a line crediting the
source.  Every URL is made absolute against the item's own address.
"""

from __future__ import annotations

from html import escape

import lxml.html

from briefing.sanitize import clean_html


def _without_asides(fragment: str, base_url: str) -> str:
    """``fragment`` with annotation asides removed and every link absolute."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for aside in root.xpath('//aside[@class="annotation"]'):
        aside.drop_tree()
    root.make_links_absolute(base_url, resolve_base_href=False)
    inner = (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner.strip()


def _annotation_pairs(item, base_url: str) -> str:
    pairs = []
    for annotation in item.annotations:
        quote = (f"<blockquote><p>{escape(annotation.passage)}</p></blockquote>"
                 if annotation.passage else "")
        note = _without_asides(str(annotation.note_html), base_url)
        pairs.append(f"{quote}<p><strong>Note {annotation.number}:</strong></p>{note}")
    return "".join(pairs)


def credit_line(item) -> str:
    parts = [f'Article text: <a href="{escape(item.source_url)}">{escape(item.source)}</a>']
    if item.via:
        parts.append(f"via {escape(item.via)}")
    if item.source_date:
        parts.append(f"published {item.source_date.isoformat()}")
    return "<p>" + ", ".join(parts) + ".</p>"


def entry_html(item, item_url: str) -> str:
    """The sanitized HTML content of ``item``'s feed entry."""
    sections = []
    if item.notes_html:
        notes = _without_asides(str(item.notes_html), item_url)
        sections.append("<h2>Editor&#8217;s notes</h2>" + notes)
    if item.annotations:
        sections.append("<h2>Annotations</h2>" + _annotation_pairs(item, item_url))
    sections.append("<h2>Article text</h2>" + _without_asides(str(item.article_html), item_url))
    sections.append(credit_line(item))
    return clean_html("\n".join(sections))
