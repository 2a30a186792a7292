"""A feedgen extension for what feedgen 1.0 cannot write itself.

feedgen 1.0 drops the ``rel`` of every entry link it writes (``entry.py``
reuses the name ``link`` for the new XML element before reading ``rel``),
so a ``rel="via"`` link added with ``entry.link()`` would come out as a
second ``alternate`` link, which Atom forbids.  This extension writes the
Atom ``<link rel="via">`` to the source article itself.
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

    def via(self, href: str | None = None) -> str | None:
        """Get or set the URL of the article the entry's text comes from."""
        if href is not None:
            self._via = href
        return self._via

    def extend_atom(self, entry):
        if self._via:
            xml_elem("{http://www.w3.org/2005/Atom}link", entry, href=self._via, rel="via")
        return entry


def register(feed) -> None:
    """Enable the extension on a ``FeedGenerator`` (Atom output only)."""
    feed.register_extension(NAMESPACE, BriefingFeedExtension, BriefingEntryExtension,
                            atom=True, rss=False)
