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
from collections import Counter

from pelican import signals


class TagNeighbours:
    """Each tag's published items, newest first, searchable by date.

    Looking only at the ``WINDOW`` items of a tag nearest in time to an item
    keeps the work per item bounded however large a tag grows (a tag such
    as "China" may carry a third of a long archive), so the plugin stays
    linear in the number of items; it also favours related items from the
    same weeks, which is what a reader of a briefing wants next.

    Items are known by their *rank*, their place in the site's order
    (newest first, then by source path: the tie-break), so that counting
    shared tags and ranking the candidates compare integers, in C.
    """

    WINDOW = 20

    def __init__(self, items_by_tag):
        listed = {id(item): item for items in items_by_tag.values() for item in items}
        stamp = {key: -item.date.timestamp() for key, item in listed.items()}
        #: Every listed item, by rank.
        self.ranked = sorted(listed.values(),
                             key=lambda item: (stamp[id(item)], item.source_path))
        self.rank = {id(item): place for place, item in enumerate(self.ranked)}
        stamps = [stamp[id(item)] for item in self.ranked]
        self._ranks: dict = {}
        self._stamps: dict = {}
        for tag, items in items_by_tag.items():
            ranks = sorted(self.rank[id(item)] for item in items)
            self._ranks[tag] = ranks
            self._stamps[tag] = [stamps[rank] for rank in ranks]

    def near(self, tag, item) -> list[int]:
        """The ranks of ``tag``'s items nearest ``item`` in time."""
        middle = bisect_left(self._stamps.get(tag, []), -item.date.timestamp())
        return self._ranks.get(tag, [])[max(0, middle - self.WINDOW): middle + self.WINDOW]


def related_items(item, neighbours: TagNeighbours, limit: int) -> list:
    """The published items sharing the most tags with ``item``, best first."""
    if limit == 0:
        return []
    shared = Counter()  # rank -> number of shared tags
    for tag in dict.fromkeys(getattr(item, "tags", None) or []):
        shared.update(neighbours.near(tag, item))
    shared.pop(neighbours.rank.get(id(item)), None)  # never related to itself
    best = heapq.nsmallest(limit, [(-count, rank) for rank, count in shared.items()])
    return [neighbours.ranked[rank] for _, rank in best]


def add_related(generator) -> None:
    """Receiver of ``article_generator_finalized``: tags and their lists are final."""
    limit = generator.settings["BRIEFING_RELATED_MAX"]  # checked in briefing.settings
    neighbours = TagNeighbours(generator.tags)  # tag -> published items carrying it
    for item in [*generator.articles, *generator.hidden_articles, *generator.drafts]:
        item.related = related_items(item, neighbours, limit)


def register() -> None:
    signals.article_generator_finalized.connect(add_related)
