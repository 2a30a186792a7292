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

feedgen builds the Atom tree with a literal ``xmlns`` attribute on the root
and un-namespaced children, so the via link is un-namespaced too: a
namespaced element would declare the Atom namespace again on every entry.
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

NAMESPACE = "briefing"


class BriefingFeedExtension(BaseExtension):
    """Nothing at feed level; feedgen requires a feed class for every extension."""


class BriefingEntryExtension(BaseEntryExtension):
    def __init__(self):
        self._via = None
        self._source = None

    def via(self, href: str | None = None) -> str | None:
        """Get or set the URL of the article the entry's text comes from."""
        if href is not None:
            self._via = href
        return self._via

    def source_feed(self, url: str | None = None,
                    name: str | None = None) -> tuple[str, str] | None:
        """Get or set the outlet's own feed URL and name, for RSS ``<source>``."""
        if url is not None and name is not None:
            self._source = (url, name)
        return self._source

    def extend_atom(self, entry):
        if self._via:
            xml_elem("link", entry, href=self._via, rel="via")
        return entry

    def extend_rss(self, item):
        if self._source:
            url, name = self._source
            xml_elem("source", item, url=url).text = name
        return item


def register(feed) -> None:
    """Enable the extension on a ``FeedGenerator``."""
    feed.register_extension(NAMESPACE, BriefingFeedExtension, BriefingEntryExtension,
                            atom=True, rss=True)
