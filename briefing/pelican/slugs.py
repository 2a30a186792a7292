"""Pelican plugin: every item gets a slug of its own, deterministically.

A slug derived from the Title that another item already has gets ``-2``,
``-3`` ...; the earliest item keeps the plain slug (see
:mod:`briefing.pelican.item_set`), so publishing a new item never moves an
old one.  Two items that give the same explicit ``Slug`` are an error.
Hidden items and drafts come after published ones, so they never take a
published item's slug.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.utils import slugify

from briefing.content.contract import shown_path
from briefing.pelican.item_set import by_standing, in_the_same_order_every_build, report

logger = logging.getLogger(__name__)

FALLBACK_SLUG = "item"
#: Long headlines make long slugs; a slug is also a folder name, and file
#: systems refuse names over 255 bytes.  Cut at a word, well before that.
MAX_SLUG_LENGTH = 80


def slug_from_title(title: str, substitutions) -> str:
    """The slug a title gives: ASCII, hyphenated, at most MAX_SLUG_LENGTH long."""
    slug = slugify(title, regex_subs=substitutions) or FALLBACK_SLUG
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[:MAX_SLUG_LENGTH + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_SLUG_LENGTH]
    return slug


def derived_slug(item) -> str:
    return slug_from_title(item.title, item.settings["SLUG_REGEX_SUBSTITUTIONS"])


def make_slugs_unique(generator) -> None:
    items = by_standing(generator)
    taken: dict[str, object] = {}
    explicit = [i for i in items if i.metadata.get("slug_is_explicit")]
    for item in explicit:
        if item.metadata["slug"] not in taken:
            taken[item.metadata["slug"]] = item
    for item in items:
        owner = taken.get(item.metadata.get("slug"))
        if item in explicit and owner is item:
            continue
        if item in explicit:
            # An error stops the publish; the build still goes on so that
            # ``make check`` can report everything else too.
            report(logger, item, "slug", f"already used by {shown_path(owner.source_path)}",
                   item.metadata["slug"])
        item.slug = next_free(derived_slug(item), taken)
        taken[item.slug] = item
    for item in items:
        pin_address(item)


def pin_address(item) -> None:
    """Fix ``item``'s URL and output path now that its slug is final.

    Pelican formats both from the settings on every access (a copy of the
    metadata each time), and templates ask for an item's URL wherever it is
    listed; its ``override_*`` attributes are what Pelican reads first.
    """
    for attribute in ("override_url", "override_save_as"):  # stale from a cached copy
        item.__dict__.pop(attribute, None)
    item.override_url = item.url
    item.override_save_as = item.save_as


def next_free(base: str, taken) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is not taken yet."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def register() -> None:
    # The first plugin on this signal: every later one, and Pelican's tag,
    # category and archive lists, see the items in a fixed order.
    signals.article_generator_pretaxonomy.connect(in_the_same_order_every_build)
    signals.article_generator_pretaxonomy.connect(make_slugs_unique)
