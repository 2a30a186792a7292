"""What one build's signal receivers hand each other: one object per build.

Pelican's signals pass a receiver only its sender (the Pelican object, a
generator, a reader), and receivers must be module-level functions (signals
hold weak references).  So what one step leaves for a later one (the read
caches to prune, the page writers to flush, the search indexes to build)
lives in one :class:`BuildState`, made afresh by :func:`start` as each build
starts: the first receiver of ``initialized`` in the pipeline.  A build that
stopped half-way leaves nothing to the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican import signals


@dataclass
class BuildState:
    #: The read cache of each cache file, shared by the articles' and the
    #: pages' readers (briefing.pelican.item_reader).
    read_caches: dict = field(default_factory=dict)
    #: Page writers whose pages are still being rendered (page_writer).
    pending_writers: list = field(default_factory=list)
    #: Search indexes planned when the items were known, built once their
    #: pages are on disk (briefing.pelican.search).
    index_plans: list = field(default_factory=list)
    #: Addresses of the drafts' previews written by a development build
    #: (briefing.pelican.previews), listed in its local-build marker.
    previews: list = field(default_factory=list)
    #: Each item's and term's address now, and each item's aliases, kept from
    #: ``all_generators_finalized`` to ``finalized`` (briefing.pelican.redirects).
    addresses: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)
    items_by_address_key: dict = field(default_factory=dict)
    #: How many output files the page writers rendered and kept (page_writer).
    outputs_made: int = 0
    outputs_kept: int = 0
    #: How many kept or rendered outputs were checked by all they read, not
    #: by their skeletons (page_writer).
    outputs_checked_whole: int = 0
    #: Files kept from the last build with their compressed copies, relative
    #: to the output (page_writer, for briefing.pelican.precompress).
    copies_placed: set = field(default_factory=set)
    #: Old addresses of term feeds the feeds plugin writes again (redirects).
    kept_feeds: set = field(default_factory=set)
    #: When the items began to be made, how many were restored whole from
    #: the last build's, and the process saving this build's for the next
    #: (briefing.pelican.restored_items).
    reading_started: object = None
    items_restored: int = 0
    snapshot_saver: object = None


_build = BuildState()


def current() -> BuildState:
    """The state of the build now running."""
    return _build


def start(_pelican) -> None:
    """Receiver of ``initialized``: a new build, with nothing from the last one."""
    global _build
    for read_cache in _build.read_caches.values():  # left open by a failed build
        read_cache.close()
    if _build.snapshot_saver is not None:  # still saving for a failed build
        _build.snapshot_saver.finish()
    _build = BuildState()


def register() -> None:
    signals.initialized.connect(start)
