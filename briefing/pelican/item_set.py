"""Helpers for plugins that compare items with each other.

Whoever came first keeps a contested name (a slug, a tag's spelling, a feed
id): the earliest item by Date, then by source path, so the outcome never
depends on the order the file system lists files in, and adding a newer
item never renames an older one.  Problems found by comparing items are
logged in the contract's form, with the line of the field where known.
"""

from __future__ import annotations

import logging

from pelican.utils import order_content

from briefing.content.contract import FIELD_NAMES, Problem, Severity, shown_path
from briefing.content.item_order import first_come


def in_the_same_order_every_build(generator) -> None:
    """Receiver of ``article_generator_pretaxonomy``: items given the same Date
    listed by source path, not as the file system happened to list them.

    Pelican gathers the content files in a set, whose order changes from one
    process to the next (string hashes are salted), and its ``ARTICLE_ORDER_BY``
    sort keeps that order among equals: two items of the same minute swapped
    places on tag pages between builds, and an incremental publish could
    differ from a clean one.  Sorted by path first, Pelican's sort (stable)
    leaves them in path order.  Drafts are left as they come.
    """
    for group in (generator.articles, generator.hidden_articles):
        group.sort(key=lambda item: item.relative_source_path)
        order_content(group, generator.settings["ARTICLE_ORDER_BY"])


def by_standing(generator) -> list:
    """Every item, published first, then hidden, then drafts; each first-come.

    Published items decide contested names; hidden items and drafts only take
    what is left, so that publishing a draft never renames a public page.
    """
    return [item for group in (generator.articles, generator.hidden_articles, generator.drafts)
            for item in sorted(group, key=first_come)]


def report(logger: logging.Logger, item, field: str, message: str, value: str | None = None,
           severity: Severity = "error", line: int | None = None) -> None:
    """Log a problem with ``item``'s ``field`` as ``path:line: Field: message``.

    ``line`` is the field's (first) header line unless given: a field given
    on several lines (``Correction``) names the one at fault.
    """
    line = line or item.metadata.get("header_lines", {}).get(field)
    problem = Problem(shown_path(item.source_path), line, FIELD_NAMES.get(field, field),
                      message, value, severity)
    (logger.error if severity == "error" else logger.warning)("%s", problem)
