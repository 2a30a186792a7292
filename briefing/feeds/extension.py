"""A feedgen extension for what feedgen 1.0 cannot write itself.

- Atom ``<link rel="via">`` to the source article.  feedgen 1.0 drops the
  ``rel`` of every entry link it writes (``entry.py`` reuses the name
  ``link`` for the new XML element before reading ``rel``), so a via link
  added with ``entry.link()`` would come out as a second ``alternate``
  link, which Atom forbids.
- RSS ``<source url="the outlet's feed">Outlet</source>`` alone.
  feedgen's ``entry.source()`` also writes an Atom ``<source>``, which is
  meant to copy the originating feed's id, title and updated: we know only
  the outlet's name and feed URL, so Atom credits the source with the via
  link instead.

- The via link's ``title``: the source's name, which feed-to-mail tools
  print (rss2email: ``Via: Harbour Gazette <url>``).
- Plain text that looks like markup (a headline about the ``<script>`` tag,
  a tag named ``AT&T``): Atom text constructs (``title``, ``subtitle``)
  are declared ``type="html"`` and escaped once more, so no reader or
  validator takes them for undeclared HTML.  An entry's ``summary`` always
  is: a client that prefers plain text (rss2email in its default text
  mode) would otherwise mail the one-paragraph summary instead of the whole
  entry in ``<content type="html">``; between two HTML texts every client
  measured takes the content.  RSS plain-text
  elements carry ``&``, ``<`` and ``>`` as the hexadecimal character
  references the RSS Best Practices Profile asks for (``&#x26;``,
  ``&#x3C;``, ``&#x3E;``), which every XML parser reads as the characters.

feedgen builds the Atom tree with a literal ``xmlns`` attribute on the root
and un-namespaced children, so the via link is un-namespaced too: a
namespaced element would declare the Atom namespace again on every entry.
"""

from __future__ import annotations

from html import escape

import lxml.etree
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

NAMESPACE = "briefing"

#: Atom text constructs that may hold an editor's text.
ATOM_TEXT = ("title", "subtitle", "summary")
#: Those declared HTML whatever they hold (see the module's docstring).
ATOM_ALWAYS_HTML = ("summary",)
#: RSS elements of plain text that may hold an editor's text.
RSS_TEXT = ("title", "category", "source", "{http://purl.org/dc/elements/1.1/}creator")
#: The RSS Profile's references for the characters markup is made of.
RSS_REFERENCES = {"&": "#x26", "<": "#x3C", ">": "#x3E"}


def declare_html(parent) -> None:
    """Give ``parent``'s Atom text constructs that look like markup ``type="html"``."""
    for name in ATOM_TEXT:
        for element in parent.findall(name):
            text = element.text or ""
            markup_like = "<" in text or "&" in text
            if element.get("type", "text") == "text" and (markup_like
                                                         or name in ATOM_ALWAYS_HTML):
                element.set("type", "html")
                element.text = escape(text, quote=False)


def character_references(parent) -> None:
    """Write ``&``, ``<`` and ``>`` in ``parent``'s RSS plain-text elements as references."""
    for name in RSS_TEXT:
        for element in parent.findall(name):
            text = element.text or ""
            if not any(character in text for character in RSS_REFERENCES):
                continue
            element.text, previous = "", None
            for character in text:
                if character in RSS_REFERENCES:
                    previous = lxml.etree.Entity(RSS_REFERENCES[character])
                    previous.tail = ""
                    element.append(previous)
                elif previous is None:
                    element.text += character
                else:
                    previous.tail += character


class BriefingFeedExtension(BaseExtension):
    """The feed's own title and description: markup-like text declared or referenced."""

    def extend_atom(self, feed):
        declare_html(feed)
        return feed

    def extend_rss(self, feed):
        for channel in feed.findall("channel"):
            character_references(channel)
        return feed


class BriefingEntryExtension(BaseEntryExtension):
    def __init__(self):
        self._via = None
        self._source = None

    def via(self, href: str | None = None,
            title: str | None = None) -> tuple[str, str | None] | None:
        """Get or set the URL of the article the entry's text comes from, and its source's name."""
        if href is not None:
            self._via = (href, title)
        return self._via

    def source_feed(self, url: str | None = None,
                    name: str | None = None) -> tuple[str, str] | None:
        """Get or set the outlet's own feed URL and name, for RSS ``<source>``."""
        if url is not None and name is not None:
            self._source = (url, name)
        return self._source

    def extend_atom(self, entry):
        declare_html(entry)
        if self._via:
            href, title = self._via
            xml_elem("link", entry, href=href, rel="via", **({"title": title} if title else {}))
        return entry

    def extend_rss(self, item):
        if self._source:
            url, name = self._source
            xml_elem("source", item, url=url).text = name
        character_references(item)
        return item


def register(feed) -> None:
    """Enable the extension on a ``FeedGenerator``."""
    feed.register_extension(NAMESPACE, BriefingFeedExtension, BriefingEntryExtension,
                            atom=True, rss=True)
