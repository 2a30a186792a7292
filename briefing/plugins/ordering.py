"""Deterministic order of items, shared by the plugins that must break ties.

Whoever came first keeps a contested name (a slug, a tag's spelling, a feed
id): the earliest item by Date, then by source path, so the outcome never
depends on the order the file system lists files in, and adding a newer
item never renames an older one.
"""

from __future__ import annotations


def first_come(item) -> tuple:
    return (item.date, item.get_relative_source_path())


def by_standing(generator) -> list:
    """Every item, published first, then hidden, then drafts; each first-come.

    Published items decide contested names; hidden items and drafts only take
    what is left, so that publishing a draft never renames a public page.
    """
    return [item for group in (generator.articles, generator.hidden_articles, generator.drafts)
            for item in sorted(group, key=first_come)]
