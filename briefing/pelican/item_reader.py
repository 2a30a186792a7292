"""Pelican plugin: read briefing items and pages by the content contract.

Adds to every item (``article`` in templates):

=================  ==========================================================
``source``         the outlet's name; ``source_url``, ``via``, ``source_date``,
                   ``source_author``
``article_html``   the source's text (sanitized ``Markup``), annotations in place
``notes_html``     the editor's notes (``Markup``, empty without notes)
``feed_html``      the item's feed entry, its links as written
                   (:func:`briefing.feeds.entry_html.entry_body`)
``has_notes``      whether the notes heading was found
``annotations``    list of :class:`~briefing.content.editor_notes.Annotation`
``summary``        plain text: ``Summary`` or derived as the contract says
``direction``      ``"rtl"`` or ``"ltr"`` from ``Lang``
``corrections``    list of :class:`~briefing.content.contract.Correction` (``date``, ``text``),
                   newest first (lines of one day in the order given)
``corrected``      the start of the newest correction's day on the site's clock
                   (aware datetime), or None: when the item last changed
``feed_id``        the item's permanent feed id (``briefing.pelican.feed_ids``
                   makes it unique)
``order``          its ``Order`` in its edition (a whole number), or None
``lead``           True for the lead story of its edition (``Lead: yes``)
``aliases``        the old addresses its ``Aliases`` names, as written
                   (:mod:`briefing.pelican.redirects` redirects them)
=================  ==========================================================

Pages get ``summary`` as plain text too (their ``Summary``, else their first
paragraph), so no template has to strip tags from a field that may be text.

The reader replaces Pelican's Markdown reader for ``.md`` files: it parses
the header itself (strictly, with line numbers), renders the body once with
:class:`briefing.content.rendering.BodyRenderer`, and logs every contract problem as
``path:line: Field: problem (got 'value')``, errors as errors, so that
``pelican --fatal errors`` stops a publish on any of them.  A file with
errors is skipped (Pelican's "skip" status), so no broken item is published
and Pelican does not report it a second time.

The three HTML fields come back from the read cache as
:class:`~briefing.build.read_cache.StoredHTML`: they print as their HTML, loaded
where a page or feed prints them, and are not held in memory meanwhile.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from types import SimpleNamespace

from markupsafe import Markup
from pelican import signals
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag, URLWrapper

from briefing.build.parallel import fork_map
from briefing.build.read_cache import ReadCache, remove_unused
from briefing.compat import reader_for, stamp_no_files
from briefing.content import contract, limits
from briefing.content.rendering import BodyRenderer
from briefing.feeds.entry_html import entry_body
from briefing.pelican import build_state

logger = logging.getLogger(__name__)

#: What a reader returns to make Pelican pass over a file quietly.
SKIP = {"status": "skip"}

#: An item's HTML fields, kept in the read cache until printed.
STORED_APART = ("article_html", "notes_html", "feed_html")

#: Ids already in a feed-id form are kept as given; anything else is hashed.
_FEED_ID_URI = re.compile(r"^(?:urn|tag):\S+$|^https?://\S+$", re.IGNORECASE)


def feed_id(site_id: str, explicit_id: str | None, source_url: str | None) -> str | None:
    """An item's permanent id: pinned by ``Id``, else from its Source_URL.

    Neither title, slug, date, Modified nor file name enter it, so editing
    them never makes a feed reader show the item again as new.
    """
    if explicit_id:
        if _FEED_ID_URI.match(explicit_id):
            return explicit_id
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site_id}:id:{explicit_id}')}"
    if source_url and contract.is_http_url(source_url):
        canonical = contract.canonical_source_url(source_url)
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site_id}:{canonical}')}"
    return None


class BriefingReader(BaseReader):
    """Markdown items and pages, read by the contract (``CONTENT-FORMAT.md``)."""

    enabled = True
    file_extensions = ("md", "markdown", "mkd", "mdown")

    def __init__(self, settings):
        super().__init__(settings)
        self._renderer = BodyRenderer(settings["MARKDOWN"], settings["DEFAULT_LANG"],
                                      settings.get("SITEURL"))
        self._cache = build_cache(settings)
        self._keys_found: dict[str, str] = {}  # by absolute path, by read_ahead
        #: The entry each file was made from this build, by absolute path, for
        #: the files it holds no problem about (briefing.pelican.restored_items).
        self._made_from: dict[str, str] = {}

    def read(self, source_path):
        """Pelican's entry point: the file's result, from the cache when unchanged."""
        key = self._keys_found.pop(os.path.abspath(source_path), None)
        result = self._cache.load(key, source_path) if key else None
        if result is None:
            raw = limits.read_capped(source_path)
            key = self._cache.key(source_path, raw)
            result = self._cache.load(key, source_path)
            if result is None:
                packed = self._cache.pack(self.read_source(source_path, raw), STORED_APART)
                self._cache.store([(key, packed)])
                result = self._cache.load(key)
        content, metadata, problems = result
        for problem in problems:
            (logger.error if problem.severity == "error" else logger.warning)("%s", problem)
        if not problems:
            self._made_from[os.path.abspath(source_path)] = key
        return content, metadata

    @property
    def cache(self) -> ReadCache:
        return self._cache

    def key_found(self, source_path: str) -> str | None:
        """The key :meth:`read_ahead` found for ``source_path``'s bytes, if any."""
        return self._keys_found.get(os.path.abspath(source_path))

    def made_from(self, source_path: str) -> str | None:
        """The key of the entry ``source_path``'s item was made from in this
        build, if its file holds no problem to report."""
        return self._made_from.get(os.path.abspath(source_path))

    def restored(self, keys: dict[str, str]) -> None:
        """Note that these files' items were restored whole, not read: made
        from the entries of ``keys`` (by absolute path)."""
        for path, key in keys.items():
            self._keys_found.pop(path, None)
            self._made_from[path] = key

    def close_cache(self) -> None:
        """Close the read cache's connections (it opens them again when used):
        after reading a file outside a build (the devserver's quick preview)."""
        self._cache.close()

    def read_ahead(self, source_paths: list[str]) -> None:
        """Read every file the cache lacks, on all cores, into the cache.

        The workers are forked, so each file's bytes and key, found here,
        reach them without being read or hashed again; they hand back the
        entries, which this process stores.  :meth:`read` then takes each
        file's key from here instead of reading and hashing the file again.
        """
        stored = self._cache.stored_keys()
        missing = []
        for source_path in source_paths:
            raw = limits.read_capped(source_path)
            key = self._keys_found[os.path.abspath(source_path)] = \
                self._cache.key(source_path, raw)
            if key not in stored:
                missing.append((source_path, raw, key))
        for entries in fork_map(self._read_packed, missing):
            self._cache.store(entries)

    def _read_packed(self, files: list[tuple[str, bytes, str]]) -> list[tuple[str, tuple]]:
        return [(key, self._cache.pack(self.read_source(source_path, raw), STORED_APART))
                for source_path, raw, key in files]

    def read_source(self, source_path: str, raw: bytes) -> tuple[str, dict, list]:
        """``(content, metadata, problems)`` for one file, without logging.

        Depends on the bytes, the path and the settings only: the result is
        cached by those (:mod:`briefing.build.read_cache`).
        """
        path = contract.shown_path(source_path)
        is_page = self._is_page(source_path)
        too_large = limits.size_problem(len(raw), path)
        if too_large is not None:
            return "", SKIP, [too_large]
        try:
            parsed = contract.parse_file(raw, path, is_page=is_page,
                                         timezone=self.settings["TIMEZONE"],
                                         extra_fields=self.settings["BRIEFING_EXTRA_FIELDS"])
        except contract.ContractError as error:
            return "", SKIP, [error.problem]
        found = len(parsed.errors)
        limits.check_header(parsed)
        if len(parsed.errors) > found:  # past a limit: not worth rendering, or not safe
            return "", SKIP, parsed.problems
        body = self._renderer.render(parsed.body)
        if not is_page and parsed.body.strip() and not body.has_notes:
            parsed.add("body", "has no editor's notes: add a '## Editor's notes' section",
                       line=parsed.body_line, severity="warning")
        elif not is_page and body.has_notes and not body.notes_html.strip():
            parsed.add("notes", "the editor's notes section is empty: write your notes under "
                       "it (until then the summary is the article's first paragraph)",
                       line=contract.notes_heading_line(parsed), severity="warning")
        parsed.problems.extend(
            contract.Problem(path, None, "annotation", warning, severity="warning")
            for warning in body.warnings)
        if parsed.errors:
            return "", SKIP, parsed.problems  # never publish an item that breaks the contract
        metadata = self._common_metadata(parsed)
        if is_page:
            # Text, as an item's: Pelican would derive an HTML excerpt instead.
            metadata["summary"] = parsed.value("summary") or body.summary
            return body.content, metadata, parsed.problems
        # An item's templates and feeds show its parts (article_html,
        # notes_html): the whole body as Pelican's ``content`` as well would
        # be a third copy of its HTML in memory and in the cache.
        metadata.update(self._item_metadata(parsed, body))
        # The costly part of its feed entry, made here on every core and
        # cached, rather than in each process that writes a feed listing it.
        metadata["feed_html"] = entry_body(SimpleNamespace(**metadata),
                                           self.settings.get("SITEURL") or None)
        return Markup(), metadata, parsed.problems

    def _is_page(self, source_path: str) -> bool:
        relative = os.path.relpath(source_path, self.settings["PATH"])
        return any(relative == base or relative.startswith(base.rstrip("/") + os.sep)
                   for base in self.settings["PAGE_PATHS"])

    def _common_metadata(self, parsed: contract.ParsedFile) -> dict:
        metadata = {}
        for name in parsed.fields:
            if name not in contract.FIELD_NAMES:
                metadata[name] = parsed.value(name)
        for name in ("title", "slug", "summary"):
            if parsed.value(name):
                metadata[name] = parsed.value(name)
        if parsed.value("status"):
            metadata["status"] = parsed.value("status").lower()
        lang = parsed.value("lang") or self.settings["DEFAULT_LANG"]
        metadata["lang"] = lang
        metadata["direction"] = contract.text_direction(lang)
        return metadata

    def _item_metadata(self, parsed: contract.ParsedFile, body) -> dict:
        zone = self.settings["TIMEZONE"]
        settings = self.settings
        # Valid by now (a bad line is an error and skips the file); sorted is
        # stable, so the lines of one day keep their order.
        dated = sorted(((contract.parse_correction(line.value), line.line)
                        for line in parsed.fields.get("correction", [])),
                       key=lambda pair: pair[0].date, reverse=True)
        corrections = [correction for correction, _ in dated]
        metadata = {
            "source": parsed.value("source", ""),
            "source_url": parsed.value("source_url", ""),
            "via": parsed.value("via") or None,
            "source_date": None,
            "source_author": parsed.value("source_author") or None,
            "article_html": body.article_html,
            "notes_html": body.notes_html,
            "has_notes": body.has_notes,
            "annotations": body.annotations,
            "summary": parsed.value("summary") or body.summary,
            "slug_is_explicit": bool(parsed.value("slug")),
            "tags": [Tag(name, settings) for name in contract.split_list(parsed.value("tags", ""))],
            "corrections": corrections,
            "corrected": contract.start_of_day(corrections[0].date, zone) if corrections else None,
            "feed_id": feed_id(settings["BRIEFING_SITE_ID"], parsed.value("id"),
                               parsed.value("source_url")),
            "explicit_id": parsed.value("id") or None,
            "aliases": contract.split_list(parsed.value("aliases") or ""),
            "header_lines": {name: parsed.line_of(name) for name in parsed.fields},
            "correction_lines": [line for _, line in dated],  # for messages, as corrections
            # The editors' running order (briefing.content.edition_rules): valid by now.
            "order": contract.parse_order(parsed.value("order") or ""),
            "lead": bool(contract.parse_yes_no(parsed.value("lead") or "")),
        }
        for name in ("date", "modified"):
            moment = contract.parse_datetime(parsed.value(name) or "", zone)
            if moment:
                metadata[name] = moment
        if parsed.value("source_date"):
            metadata["source_date"] = contract.parse_source_date(parsed.value("source_date"), zone)
        authors = contract.split_list(parsed.value("authors", ""))
        if authors:  # Pelican expects at least one author when the key is present
            metadata["authors"] = [Author(name, settings) for name in authors]
        elif settings.get("AUTHOR"):
            # Pelican's default, given here: Pelican would make an Author for
            # each item, the read cache hands every item the same one.
            metadata["author"] = Author(settings["AUTHOR"], settings)
        if parsed.value("category"):
            metadata["category"] = Category(parsed.value("category"), settings)
        return metadata


def build_cache(settings: dict) -> ReadCache:
    """The one :class:`ReadCache` of this build for these settings.

    Articles and pages have a reader each; sharing the cache lets the
    build know every entry it used, so it can prune the rest.
    """
    fresh = ReadCache(settings, URLWrapper)
    return build_state.current().read_caches.setdefault(str(fresh.path), fresh)


def prune_caches(_pelican) -> None:
    caches = build_state.current().read_caches
    for read_cache in caches.values():
        read_cache.prune()
        read_cache.close()
        remove_unused(read_cache.path.parent, time.time())
    caches.clear()


def add_reader(readers) -> None:
    for extension in BriefingReader.file_extensions:
        readers.reader_classes[extension] = BriefingReader


def read_ahead(generator) -> None:
    """Before Pelican reads items one by one, read the changed ones in parallel."""
    reader = reader_for(generator, BriefingReader.file_extensions[0])
    if not isinstance(reader, BriefingReader):
        return
    settings = generator.settings
    paths = [os.path.join(generator.path, name)
             for paths, excludes in ((settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
                                     (settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]))
             for name in generator.get_files(paths, exclude=excludes,
                                             extensions=BriefingReader.file_extensions)]
    reader.read_ahead(sorted(set(paths)))


def no_file_stamps(generator) -> None:
    """With Pelican's content cache off (the read cache stands in for it),
    stop its lookups asking each file's time."""
    if not generator.settings["CACHE_CONTENT"]:
        stamp_no_files(generator)
        stamp_no_files(generator.readers)


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(no_file_stamps)
    signals.page_generator_init.connect(no_file_stamps)
    signals.article_generator_init.connect(read_ahead)
    signals.finalized.connect(prune_caches)
