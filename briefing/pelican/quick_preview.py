"""The devserver's first answer to a save: the saved item's own page, at once.

A full incremental build is exact, but it reads every item (from the read
cache), checks every page's recorded reads and renders what changed: some
seconds on an archive of thousands, while the editor waits to see the
sentence they just wrote.  So the devserver keeps the last complete build
in memory (:class:`KeptSite`: its articles generator, with the context,
the templates and the readers) and answers a save in two phases:

1. :meth:`KeptSite.show_saved` reads the saved file again with the same
   reader, and when the change is one this can show exactly (only the
   item's body changed: its text, notes, annotations, hence its summary
   and feed entry), puts the new body into the kept item in place (so
   every list of the kept context holds it too), renders the item's own
   page, and its preview under ``/drafts/`` when it is a draft, with the
   same templates and arguments the build uses, and replaces the file
   atomically;
2. then the devserver runs the full incremental build anyway, which
   brings every other page (lists, feeds, search) up to date and is the
   source of truth.

Phase 1 refuses whatever it cannot show exactly as phase 2 will: a file
that is not an item of the kept build (new, deleted, a page, a template,
the settings), a read with errors, a change to any header field (title,
slug, date, status, tags: what moves the page or what other pages and the
plugins take from it), an item whose status the clock changed, a site with
plugins of its own.  Then the devserver goes straight to phase 2.

Phase 2 is not fooled by the file phase 1 wrote: the page writer reuses a
file only if its size, time and inode are as it recorded them, and the
atomic replace gives the page a new inode (the new file is made while the
old one still holds its own), so the page is rendered again.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TextIO

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import URLWrapper

from briefing.build.output_frame import untracked_code
from briefing.compat import forget_memoized, reader_for
from briefing.content.contract import shown_path
from briefing.pelican.build import BuildReport, build, collected
from briefing.pelican.item_reader import BriefingReader
from briefing.pelican.page_writer import PageWriter

#: What the reader makes of an item's body alone.  A change to nothing
#: else leaves the item's address, its place in every list and whatever the
#: plugins derive from it (slugs, tags, related items, editions) as they were.
BODY_FIELDS = frozenset({"article_html", "notes_html", "has_notes", "annotations",
                         "summary", "feed_html"})


@dataclass
class Shown:
    """What phase 1 did with a save: the pages it wrote, or why it wrote none."""

    pages: list[str]
    seconds: float
    refused: str | None = None


class KeptSite:
    """The last complete build of a site, kept to re-render one item's page."""

    def __init__(self, articles: ArticlesGenerator):
        self.articles = articles
        self.output = Path(articles.output_path)
        self.items = {os.path.abspath(item.source_path): item for item in chain(
            articles.articles, articles.translations, articles.hidden_articles,
            articles.hidden_translations, articles.drafts, articles.drafts_translations)}

    def show_saved(self, paths: list[str]) -> Shown:
        """Phase 1 for the files saved: write their items' own pages again,
        all of them or, if any cannot be shown exactly, none."""
        started = time.perf_counter()
        reader = reader_for(self.articles, BriefingReader.file_extensions[0])
        try:
            changes = []
            for path in paths:
                old, fresh, refused = self._read_again(path)
                if refused:
                    return Shown([], time.perf_counter() - started,
                                 f"{shown_path(path)}: {refused}")
                changes.append((old, fresh))
            pages = []
            for old, fresh in changes:
                take_body(old, fresh)
                pages.extend(self._write_own_pages(old))
        finally:
            if isinstance(reader, BriefingReader):
                reader.close_cache()
        return Shown(pages, time.perf_counter() - started)

    def _read_again(self, path: str):
        """``(kept item, item read now, None)``, or why phase 1 cannot show the change."""
        settings = self.articles.settings
        own_code = untracked_code(settings)
        if own_code:
            return None, None, f"the site's own plugins ({', '.join(own_code)}) may change it"
        old = self.items.get(os.path.abspath(path))
        if old is None:
            return None, None, "not an item of the last build"
        if not os.path.isfile(path):
            return None, None, "no longer there"
        report = BuildReport()
        with collected(report):
            fresh = self.articles.readers.read_file(
                base_path=self.articles.path, path=old.source_path, content_class=type(old),
                context=self.articles.context)
        if report.errors or fresh.status == "skip":
            return None, None, "it has errors"
        fresh.refresh_metadata_intersite_links()
        changed = header_change(old, fresh)
        if changed:
            return None, None, f"its {changed} changed"
        return old, fresh, None

    def _write_own_pages(self, item) -> list[str]:
        """Render ``item``'s page (and draft preview) as the build does, atomically."""
        generator = self.articles
        writer = PageWriter(str(self.output), generator.settings, pending=False)

        def write(name, template, context, **arguments):
            if arguments.get("article") is item:
                writer.write_file(name, template, context,
                                  relative_urls=generator.settings["RELATIVE_URLS"], **arguments)

        generator.generate_articles(write)
        generator.generate_drafts(write)
        written = []
        for job in writer.taken():
            replace_file(self.output / job.name, job.text(writer))
            written.append(job.name)
        return written


def header_change(old, fresh) -> str | None:
    """The first thing besides the body that differs between two reads of an
    item (a header field, its status, its content), or None."""
    if fresh.status != old.status:
        return "status"
    if fresh.content != old.content:
        return "content"
    # Where each field stands comes last: a field added shifts them all.
    for name in sorted(set(old.metadata) | set(fresh.metadata),
                       key=lambda name: (name.endswith("_lines"), name)):
        if name in BODY_FIELDS and name in old.metadata and name in fresh.metadata:
            continue
        if comparable(old.metadata.get(name)) != comparable(fresh.metadata.get(name)):
            return name.replace("_", " ").capitalize()
    return None


def comparable(value):
    """``value`` with tags, categories and authors as their names: Pelican
    compares those by slug, which a change of spelling or case keeps."""
    if isinstance(value, URLWrapper):
        return type(value).__name__, value.name
    if isinstance(value, (list, tuple)):
        return [comparable(entry) for entry in value]
    return value


def take_body(item, fresh) -> None:
    """Give ``item`` (the kept one) the body ``fresh`` was read with."""
    for name in BODY_FIELDS & fresh.metadata.keys():
        item.metadata[name] = fresh.metadata[name]
        setattr(item, name, fresh.metadata[name])
    forget_memoized(item)  # Pelican's summary is the metadata's, remembered


def replace_file(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: a reader never sees half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.preview")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def build_and_keep(settings_file: str, output: Path, overrides: dict | None = None,
                   progress: TextIO | None = None) -> tuple[BuildReport, KeptSite | None]:
    """:func:`briefing.pelican.build.build`, and the build kept for phase 1 if
    it went to the end (a build that stopped half-way keeps nothing)."""
    found: dict = {}

    def keep(generators) -> None:
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                found["articles"] = generator

    def finished(_pelican) -> None:
        found["finished"] = True

    signals.all_generators_finalized.connect(keep)
    signals.finalized.connect(finished)
    try:
        report = build(settings_file, output, overrides, progress)
    finally:
        signals.all_generators_finalized.disconnect(keep)
        signals.finalized.disconnect(finished)
    if "finished" in found and "articles" in found:
        return report, KeptSite(found["articles"])
    return report, None
