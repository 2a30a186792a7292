"""Pelican plugin: a few related items for every item, by shared tags.

Adds to every item (published, hidden and draft) ``article.related``: up to
``BRIEFING_RELATED_MAX`` (default 4) *published* items that share the most
tags with it, most shared tags first, ties broken by recency (newest first),
then by source path, so the choice is the same on every build.  An item is
never related to itself; items that share no tag are never related.

The work is done tag by tag: each item looks only at the items of its own
tags nearest to it in time (:class:`TagNeighbours`), never at every other
item of the site.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left

from pelican import signals


class TagNeighbours:
    """Each tag's published items, newest first, searchable by date.

    Looking only at the ``WINDOW`` items of a tag nearest in time to an item
    keeps the work per item bounded however large a tag grows (a tag such
    as "China" may carry a third of a long archive), so the plugin stays
    linear in the number of items; it also favours related items from the
    same weeks, which is what a reader of a briefing wants next.
    """

    WINDOW = 20

    def __init__(self, items_by_tag):
        self.items = {tag: sorted(items, key=lambda item: -item.date.timestamp())
                      for tag, items in items_by_tag.items()}
        self.stamps = {tag: [-item.date.timestamp() for item in items]
                       for tag, items in self.items.items()}
        #: Newest first, then by source path: the tie-break, computed once per item.
        self.order = {id(item): (-item.date.timestamp(), item.source_path)
                      for items in self.items.values() for item in items}

    def near(self, tag, item) -> list:
        items = self.items.get(tag, [])
        middle = bisect_left(self.stamps.get(tag, []), -item.date.timestamp())
        return items[max(0, middle - self.WINDOW): middle + self.WINDOW]


def related_items(item, neighbours: TagNeighbours, limit: int) -> list:
    """The published items sharing the most tags with ``item``, best first."""
    if limit == 0:
        return []
    shared: dict[int, list] = {}  # id(other) -> [number of shared tags, other]
    for tag in dict.fromkeys(getattr(item, "tags", None) or []):
        for other in neighbours.near(tag, item):
            if other is not item:
                shared.setdefault(id(other), [0, other])[0] += 1
    order = neighbours.order
    ranked = heapq.nsmallest(limit, shared.values(),
                             key=lambda entry: (-entry[0], order[id(entry[1])]))
    return [other for _, other in ranked]


def add_related(generator) -> None:
    """Receiver of ``article_generator_finalized``: tags and their lists are final."""
    limit = generator.settings["BRIEFING_RELATED_MAX"]  # checked in briefing.settings
    neighbours = TagNeighbours(generator.tags)  # tag -> published items carrying it
    for item in [*generator.articles, *generator.hidden_articles, *generator.drafts]:
        item.related = related_items(item, neighbours, limit)


def register() -> None:
    signals.article_generator_finalized.connect(add_related)
