"""Pelican plugin: every feed of the site, written with feedgen and ``json``.

Pelican's own feed settings stay off (``pelicanconf.py``); this is the one
feed writer.  It adds no template context; it writes, for published items
only (drafts, hidden and future items are in no feed):

==========================================  ==================================
setting                                     feed
==========================================  ==================================
``BRIEFING_FEED_ATOM`` / ``_RSS``           every item
``BRIEFING_JSON_FEED``                      every item, as JSON Feed 1.1
``BRIEFING_TAG_FEED_ATOM`` / ``_RSS``       one tag's items, per tag
``BRIEFING_CATEGORY_FEED_ATOM`` / ``_RSS``  one category's items, per category
``BRIEFING_EDITIONS_FEED_ATOM`` / ``_RSS``  one entry per daily edition
==========================================  ==================================

each with the newest ``FEED_MAX_ITEMS`` entries, newest first.  An empty
setting turns that feed off.  Which feeds exist is decided once the items,
tags and editions are known (:func:`plan_feeds`); what a feed file holds is
a pure function of its plan, the entries and the settings
(:func:`feed_bytes`); the generator only writes files.  Each item's entry is
built once per build, however many feeds list it
(:class:`~briefing.feed_entries.ItemEntries`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from briefing.feed_entries import ItemEntries, newest_editions, site_url
from briefing.feed_formats import ATOM, JSON, RSS, Channel, render


@dataclass(frozen=True)
class FeedPlan:
    """One feed file: where, in which format, about what.

    ``items`` are the items the feed may list (it lists the newest); the
    editions feed has ``editions`` instead.  ``home`` is the site-relative URL
    of the page the feed follows.  ``atom_id`` is set for the site-wide feed
    only, whose Atom id has always been the site's URL; every other feed's id
    is its own URL.
    """

    path: str
    kind: str
    title: str
    description: str
    home: str
    items: list = field(default_factory=list)
    editions: list | None = None
    atom_id: str | None = None


def feed_address(settings: dict, path: str) -> str:
    """The absolute URL a feed file is served at (its self link).

    ``FEED_DOMAIN`` as Pelican defines it (``SITEURL`` unless set), the same
    base the theme's ``feed_url`` macro uses for autodiscovery links.
    """
    base = settings.get("FEED_DOMAIN") or settings["SITEURL"]
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


def _formats(settings: dict, prefix: str) -> list[tuple[str, str]]:
    """``(path, kind)`` of each format switched on for ``prefix`` (``..._ATOM/_RSS``)."""
    return [(settings[f"{prefix}_{suffix}"], kind)
            for suffix, kind in (("ATOM", ATOM), ("RSS", RSS))
            if settings.get(f"{prefix}_{suffix}")]


def plan_feeds(settings: dict, articles, tags, categories, editions) -> list[FeedPlan]:
    """Every feed file to write.

    ``tags`` and ``categories`` are Pelican's ``[(Tag, [items])]``: each
    term's feed reads only its own items.  ``editions`` is None without the
    editions plugin, and then there is no editions feed.
    """
    site = settings["SITENAME"]
    about = settings.get("SITE_DESCRIPTION") or site
    plans = [FeedPlan(path, kind, site, about, "", articles, atom_id=site_url(settings))
             for path, kind in _formats(settings, "BRIEFING_FEED")]
    if settings.get("BRIEFING_JSON_FEED"):
        plans.append(FeedPlan(settings["BRIEFING_JSON_FEED"], JSON, site, about, "", articles))
    for path, kind in _formats(settings, "BRIEFING_EDITIONS_FEED") if editions is not None else ():
        plans.append(FeedPlan(path, kind, f"{site}: daily editions",
                              f"{site}, one entry per daily edition: its note and every item.",
                              "", editions=editions))
    for prefix, terms, kind_of_term in (("BRIEFING_TAG_FEED", tags, "tagged"),
                                        ("BRIEFING_CATEGORY_FEED", categories, "filed under")):
        for pattern, kind in _formats(settings, prefix):
            plans.extend(
                FeedPlan(pattern.format(slug=term.slug), kind, f"{site}: {term.name}",
                         f"Items {kind_of_term} “{term.name}” in {site}.", term.url, items)
                for term, items in terms)
    return plans


def feed_bytes(plan: FeedPlan, entries: ItemEntries, settings: dict) -> bytes:
    """The content of ``plan``'s file."""
    limit = settings["FEED_MAX_ITEMS"]
    if plan.editions is not None:
        listed = newest_editions(plan.editions, entries, settings, limit)
    else:
        listed = entries.newest(plan.items, limit)
    url = feed_address(settings, plan.path)
    channel = Channel(
        title=plan.title,
        description=plan.description,
        home_url=site_url(settings, plan.home),
        feed_url=url,
        id=plan.atom_id or url,
        language=settings["DEFAULT_LANG"],
        author=settings.get("AUTHOR") or settings["SITENAME"],
    )
    return render(channel, listed, plan.kind)


class FeedsGenerator(Generator):
    """Plans the feeds once items, tags and editions are known; writes them."""

    def generate_context(self) -> None:
        # Runs after the articles and editions generators (get_generators
        # order), so tags, categories and editions are final here.
        self.feeds = plan_feeds(self.settings, self.context.get("articles", []),
                                self.context.get("tags", []),
                                self.context.get("categories", []),
                                self.context.get("editions"))
        self.feed_paths = [plan.path for plan in self.feeds]

    def generate_output(self, writer) -> None:
        # Entries are built here, after Pelican refreshed intersite links.
        entries = ItemEntries(self.context.get("articles", []), self.settings)
        for plan in self.feeds:
            target = Path(self.output_path) / plan.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(feed_bytes(plan, entries, self.settings))


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
