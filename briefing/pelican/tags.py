"""Pelican plugin: tags that differ only in case are one tag, on its own page.

Each tag is shown in its most frequent spelling across published items
(ties: the spelling of the earliest item); a tag only hidden items or
drafts carry takes its spelling from them (:mod:`briefing.content.tag_spelling`,
the rule ``make import`` follows too).  Its slug is ASCII, lower case,
each run of other characters one hyphen (``SLUG_REGEX_SUBSTITUTIONS`` in
``pelicanconf.py`` does that through Pelican's own slugify); where two
different tags would share a slug, the younger tag gets ``-2``.  All items
share one ``Tag`` object per tag.
"""

from __future__ import annotations

import logging
from functools import partial

from pelican import signals
from pelican.urlwrappers import Tag

from briefing.compat import replace_tag_pages
from briefing.content.tag_spelling import site_spellings, tag_key
from briefing.pelican.item_set import by_standing, report
from briefing.pelican.slugs import next_free

logger = logging.getLogger(__name__)

FALLBACK_SLUG = "tag"


def spellings_of(item) -> list[Tag]:
    """The tags as the editor typed them (the reader's, before unifying)."""
    return item.metadata.get("tags", [])


def unify_tags(generator) -> None:
    items = by_standing(generator)
    typed = [[tag.name for tag in spellings_of(item)] for item in items]
    listed = len(generator.articles)  # by_standing puts the published items first
    names = site_spellings(typed[:listed], typed[listed:])
    tags: dict[str, Tag] = {}
    taken: set[str] = set()
    published = {tag_key(tag.name) for item in generator.articles for tag in spellings_of(item)}
    for key, name in names.items():  # first-come order: published items first
        tag = Tag(name, generator.settings)
        tag.slug = next_free(tag.slug or FALLBACK_SLUG, taken)
        # Only tags of published items get a page; a draft's own tag is plain text.
        tag.has_page = key in published
        taken.add(tag.slug)
        tags[key] = tag
    for item in items:
        unique = dict.fromkeys(tags[tag_key(t.name)] for t in spellings_of(item))
        item.tags = list(unique)
        for typed in spellings_of(item):
            shown = tags[tag_key(typed.name)].name
            if typed.name != shown:
                report(logger, item, "tags", f"{typed.name!r} is spelled {shown!r} "
                       "elsewhere: use one spelling", typed.name, severity="warning")


class ItemsOfTerm(list):
    """A tag's, category's or author's items: a list that answers ``in`` at once.

    Pelican writes each category and author page after filtering all items
    with ``item in items_of_that_term`` (even where author pages are off);
    on a plain list that test walks the list, and the site's default author
    holds every item: 2 s at 20,000 items.  (Tag pages no longer filter:
    :func:`write_tag_pages`.)
    """

    def __init__(self, items):
        super().__init__(items)
        self._members = {id(item) for item in items}

    def __contains__(self, item) -> bool:
        return id(item) in self._members


def write_tag_pages(generator, write) -> None:
    """Pelican's tag pages, each tag's items also in date order (``dates``).

    Pelican's own ``generate_tags`` finds that order by testing every item of
    the site against every tag, which grows with tags x items; sorting each
    tag's items by their place in the site's date order grows with the
    items the tags hold.
    """
    template = generator.get_template("tag")
    place = {id(item): number for number, item in enumerate(generator.dates)}
    for tag, items in generator.tags.items():
        write(tag.save_as, template, generator.context, tag=tag, url=tag.url, articles=items,
              dates=sorted(items, key=lambda item: place[id(item)]), template_name="tag",
              blog=True, page_name=tag.page_name, all_articles=generator.articles)


def index_term_items(generator) -> None:
    """Receiver of ``article_generator_finalized``: terms' lists are final."""
    for tag, items in generator.tags.items():
        generator.tags[tag] = ItemsOfTerm(items)
    generator.categories = [(category, ItemsOfTerm(items))
                            for category, items in generator.categories]
    generator.authors = [(author, ItemsOfTerm(items)) for author, items in generator.authors]
    replace_tag_pages(generator, partial(write_tag_pages, generator))


def register() -> None:
    signals.article_generator_pretaxonomy.connect(unify_tags)
    signals.article_generator_finalized.connect(index_term_items)
