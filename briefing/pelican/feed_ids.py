"""Pelican plugin: no two items share a feed id.

The reader derives each item's id from its ``Id`` or its Source_URL
(:func:`briefing.pelican.item_reader.feed_id`).  Two items that give the
same ``Id`` are an error.  Two items quoting the same article without an
``Id`` are allowed with a warning: the earliest keeps the id, each later one
gets its own, derived from the first and its rank.
"""

from __future__ import annotations

import logging
import uuid

from pelican import signals

from briefing.content.contract import shown_path
from briefing.pelican.item_set import by_standing, report

logger = logging.getLogger(__name__)


def make_feed_ids_unique(generator) -> None:
    owners: dict[str, object] = {}
    for item in by_standing(generator):
        base = item.metadata.get("feed_id")
        if base is None:
            continue
        if base in owners:
            first = shown_path(owners[base].source_path)
            if item.metadata.get("explicit_id"):
                # An error stops the publish; the item still gets an id of its
                # own so that the rest of the build can be checked.
                report(logger, item, "id", f"already used by {first}",
                       item.metadata["explicit_id"])
            else:
                report(logger, item, "source_url", f"the same article as {first}: "
                       "if both items are meant, give this one an Id",
                       item.source_url, severity="warning")
        candidate, rank = base, 1
        while candidate in owners:
            rank += 1
            candidate = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base}#{rank}')}"
        item.feed_id = candidate
        owners[candidate] = item


def register() -> None:
    signals.article_generator_pretaxonomy.connect(make_feed_ids_unique)
