"""The order items come in: by date, then by path (first come).

Shared by the Pelican glue (slugs, tags, feed ids, corrections)
and the feeds, so that all of them agree.
"""

from __future__ import annotations


def first_come(item) -> tuple:
    # The path Pelican worked out when it made the item: asking again
    # computes it again, for every comparison of a sort.
    return (item.date, item.relative_source_path)
