"""What Pagefind reads of a page, and a digest of it kept between builds.

A shard is indexed again when a digest of its pages changes
(:func:`briefing.search.shards.shard_digest`).  Digesting whole pages made
a new item index most of the archive again: it joins the related items and
the edition links of pages all over it, which Pagefind never reads.  When a
page marks its text ``data-pagefind-body``, Pagefind indexes only that
element and takes its metadata, filters and sort keys from the elements
carrying ``data-pagefind-*`` attributes; it also reads the page's
language from ``<html lang>``.  So a page's *indexed part* is those, and
nothing else: the ``<html>`` start tag, the body element whole (what it
ignores inside included, to err on the side of indexing again), and every
element that carries a ``data-pagefind-`` attribute.  A page without the
marker is indexed whole, and digested whole.

Finding the part means parsing the page, so each page's digest is kept
(:class:`IndexedDigests`) under what identifies its file: path, size,
modification time and inode, as the page writer identifies last build's
files.  A page a publish took unchanged from the last one is the same
file, and is not read at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import lxml.html
from lxml import etree

from briefing.build.parallel import fork_map

_MARKER = "data-pagefind-"
_BODY = "data-pagefind-body"


def indexed_part(page: bytes) -> bytes:
    """The parts of ``page`` Pagefind reads when it marks a body; else the page."""
    if _BODY.encode() not in page:
        return page
    root = lxml.html.document_fromstring(page)
    bodies = root.xpath(f"//*[@{_BODY}]")
    if not bodies:  # the marker's text, not an attribute
        return page
    parts = [json.dumps(sorted(root.attrib.items())).encode()]
    parts += [etree.tostring(body, encoding="utf-8", with_tail=False) for body in bodies]
    inside = {element for body in bodies for element in body.iter()}
    parts += [etree.tostring(element, encoding="utf-8", with_tail=False)
              for element in root.iter(etree.Element)
              if element not in inside
              and any(name.startswith(_MARKER) for name in element.attrib)]
    return b"\0".join(parts)


class IndexedDigests:
    """Each page's indexed-part digest, by file, kept in one JSON file."""

    def __init__(self, store: Path):
        self.store = store
        try:
            self._known = json.loads(store.read_text("utf-8"))
        except (OSError, ValueError):
            self._known = {}
        self._used: dict[str, list] = {}

    def learn(self, output: Path, pages: Sequence[str]) -> None:
        """Work out the digests of ``pages`` the last build did not leave, on
        every core: a first build parses every listed item's page."""
        unknown = [page for page in pages if self._kept(output, page) is None]
        for found in fork_map(lambda share: {page: self._entry(output, page)
                                             for page in share}, unknown):
            self._used.update(found)

    def digest(self, output: Path, page: str) -> str:
        known = self._used.get(page)
        if known is None:
            known = self._used[page] = self._entry(output, page)
        return known[3]

    def _kept(self, output: Path, page: str) -> list | None:
        """The entry the last build left for ``page``, if the file is the same."""
        found = os.stat(output / page)
        known = self._known.get(page)
        if isinstance(known, list) and \
                known[:3] == [found.st_size, found.st_mtime_ns, found.st_ino]:
            return known
        return None

    def _entry(self, output: Path, page: str) -> list:
        kept = self._kept(output, page)
        if kept is not None:
            return kept
        found = os.stat(output / page)
        part = indexed_part((output / page).read_bytes())
        return [found.st_size, found.st_mtime_ns, found.st_ino,
                hashlib.sha256(part).hexdigest()]

    def save(self) -> None:
        """Keep the digests of the pages this build used, and only those."""
        self.store.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.store.parent,
                                         prefix=f".{self.store.name}.", delete=False) as stream:
            json.dump(self._used, stream, sort_keys=True)
        os.replace(stream.name, self.store)
