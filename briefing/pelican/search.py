"""Pelican glue: plans the search index (:mod:`briefing.search.pagefind`) when the items
are known and builds it once their pages are written.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from pelican import signals

from briefing.pelican import build_state
from briefing.search.pagefind import IndexPlan, SearchIndexError, build
from briefing.search.shards import Page, plan_shards
from briefing.serve.precompression import previous_output

logger = logging.getLogger(__name__)


def configure(pelican) -> None:
    """With search off, write no search page either."""
    if not pelican.settings["BRIEFING_SEARCH"]:
        pelican.settings["SEARCH_SAVE_AS"] = ""  # Pelican skips a direct template saved as ""


def plan_index(generator) -> None:
    """Receiver of ``article_generator_finalized``: the listed items are known."""
    settings = generator.settings
    if not settings["BRIEFING_SEARCH"] or not settings["BRIEFING_WRITE_PAGES"]:
        return  # no index, or no pages to index (briefing check)
    pages = [Page(day=item.date.date().isoformat(), path=item.save_as, language=item.lang)
             for item in generator.articles if item.save_as]
    # One content folder's shards: a cache shared by two sites keeps both.
    site = hashlib.sha256(os.path.abspath(settings["PATH"]).encode()).hexdigest()[:16]
    # Built when the pages are on disk: ``finalized`` passes only the Pelican object.
    build_state.current().index_plans.append(IndexPlan(
        output=Path(generator.output_path),
        bundle=settings["BRIEFING_SEARCH_BUNDLE"],
        cache=Path(settings["CACHE_PATH"]) / "search" / site,
        shards=tuple(plan_shards(pages, settings["BRIEFING_SEARCH_SHARD_ITEMS"],
                                 settings["DEFAULT_LANG"])),
        previous=previous_output(settings)))


def build_planned(_pelican) -> None:
    """Receiver of ``finalized``: every page is written, so index them."""
    planned = build_state.current().index_plans
    while planned:
        plan = planned.pop(0)
        try:
            indexed = build(plan)
        except SearchIndexError as problem:
            logger.error("search: %s", problem)
            continue
        items = sum(len(shard.pages) for shard in plan.shards)
        logger.info("search: %d items in %d shards in %s, %d of them indexed again",
                    items, len(plan.shards), plan.folder, indexed)


def register() -> None:
    signals.initialized.connect(configure)
    signals.article_generator_finalized.connect(plan_index)
    signals.finalized.connect(build_planned)
