"""Pelican plugin: every feed of the site, written with feedgen and ``json``.

Pelican's own feed settings stay off (``pelicanconf.py``); this is the one
feed writer.  It adds no template context; it writes, for published items
only (drafts, hidden and future items are in no feed):

=============================================  ===============================
setting                                        feed
=============================================  ===============================
``BRIEFING_FEED_ATOM`` / ``_RSS``              every item
``BRIEFING_JSON_FEED``                         every item, as JSON Feed 1.1
``BRIEFING_TAG_FEED_ATOM`` / ``_RSS``          one tag's items, per tag
``BRIEFING_CATEGORY_FEED_ATOM`` / ``_RSS``     one category's items, per category
``BRIEFING_EDITIONS_FEED_ATOM`` / ``_RSS``     one entry per daily edition
``BRIEFING_CORRECTIONS_FEED_ATOM`` / ``_RSS``  every corrected item
=============================================  ===============================

each with the newest ``FEED_MAX_ITEMS`` entries, newest first (the
corrections feed: latest correction first).  An empty setting turns that
feed off.  Which feeds exist is decided once the items, tags, editions and
corrections are known (:func:`plan_feeds`); what a feed file holds is
a pure function of its plan, the entries and the settings
(:func:`feed_bytes`); the generator only writes files.  Each item's entry is
built once per build, however many feeds list it
(:class:`~briefing.feeds.entries.ItemEntries`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from pelican import signals
from pelican.generators import Generator

from briefing.build.output_frame import data_digest
from briefing.feeds.entries import (
    ItemEntries,
    edition_entry,
    edition_source,
    newest_editions,
    site_url,
)
from briefing.feeds.formats import ATOM, JSON, RSS, Channel, render
from briefing.pelican.page_writer import write_later


@dataclass(frozen=True)
class FeedPlan:
    """One feed file: where, in which format, about what.

    ``items`` are the items the feed may list (it lists the newest, or with
    ``in_order`` the first, as the corrections feed does); the editions feed
    has ``editions`` instead.  ``home`` is the site-relative URL
    of the page the feed follows.  ``atom_id`` is set for the site-wide feed
    only, whose Atom id has always been the site's URL; every other feed's id
    is its own URL.  ``served_from`` is set on a copy kept at a term feed's
    old address (:mod:`briefing.pelican.redirects`): its self link and id are
    the feed's address now, so a reader that follows self links moves on.
    """

    path: str
    kind: str
    title: str
    description: str
    home: str
    items: list = field(default_factory=list)
    editions: list | None = None
    atom_id: str | None = None
    in_order: bool = False
    served_from: str | None = None


def feed_address(settings: dict, path: str) -> str:
    """The absolute URL a feed file is served at (its self link).

    ``FEED_DOMAIN`` as Pelican defines it (``SITEURL`` unless set).  The
    theme's links to feeds come from here too (:func:`feed_urls`).
    """
    base = settings.get("FEED_DOMAIN") or settings["SITEURL"]
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


#: The theme's names for each feed setting: scope, then format.
FEED_URL_SETTINGS = {
    "site": {"atom": "BRIEFING_FEED_ATOM", "rss": "BRIEFING_FEED_RSS",
             "json": "BRIEFING_JSON_FEED"},
    "tag": {"atom": "BRIEFING_TAG_FEED_ATOM", "rss": "BRIEFING_TAG_FEED_RSS"},
    "category": {"atom": "BRIEFING_CATEGORY_FEED_ATOM", "rss": "BRIEFING_CATEGORY_FEED_RSS"},
    "editions": {"atom": "BRIEFING_EDITIONS_FEED_ATOM", "rss": "BRIEFING_EDITIONS_FEED_RSS"},
    "corrections": {"atom": "BRIEFING_CORRECTIONS_FEED_ATOM",
                    "rss": "BRIEFING_CORRECTIONS_FEED_RSS"},
}


def feed_urls(settings: dict) -> dict[str, dict[str, str]]:
    """Every feed's URL, by scope and format, as the feeds are written.

    Tag and category URLs keep ``{slug}``.  A feed that is off has none.
    The theme's ``feed_url`` macro only looks URLs up here, so its links
    and the feeds' own self links can never be built two ways.
    """
    return {scope: {kind: feed_address(settings, settings[key])
                    for kind, key in kinds.items() if settings.get(key)}
            for scope, kinds in FEED_URL_SETTINGS.items()}


def add_feed_urls(pelican) -> None:
    """Receiver of ``initialized``, after the defaults: the theme's BRIEFING_FEED_URLS."""
    pelican.settings["BRIEFING_FEED_URLS"] = feed_urls(pelican.settings)


def formats_on(settings: dict, prefix: str) -> list[tuple[str, str]]:
    """``(path, kind)`` of each format switched on for ``prefix`` (``..._ATOM/_RSS``)."""
    return [(settings[f"{prefix}_{suffix}"], kind)
            for suffix, kind in (("ATOM", ATOM), ("RSS", RSS))
            if settings.get(f"{prefix}_{suffix}")]


def plan_feeds(settings: dict, articles, tags, categories, editions,
               corrected=None) -> list[FeedPlan]:
    """Every feed file to write.

    ``tags`` and ``categories`` are Pelican's ``[(Tag, [items])]``: each
    term's feed reads only its own items.  ``editions`` is None without the
    editions plugin, and ``corrected`` (the corrected items, latest
    correction first) None without the corrections plugin: then there is no
    editions or corrections feed.
    """
    site = settings["SITENAME"]
    about = settings.get("SITE_DESCRIPTION") or site
    plans = [FeedPlan(path, kind, site, about, "", articles, atom_id=site_url(settings))
             for path, kind in formats_on(settings, "BRIEFING_FEED")]
    if settings.get("BRIEFING_JSON_FEED"):
        plans.append(FeedPlan(settings["BRIEFING_JSON_FEED"], JSON, site, about, "", articles))
    editions_feeds = formats_on(settings, "BRIEFING_EDITIONS_FEED")
    for path, kind in editions_feeds if editions is not None else ():
        plans.append(FeedPlan(path, kind, f"{site}: daily editions",
                              f"{site}, one entry per daily edition: its note and every item.",
                              "", editions=editions))
    # Written even before the first correction, so that readers can follow it.
    corrections_page = settings["CORRECTIONS_URL"] if settings.get("CORRECTIONS_SAVE_AS") else ""
    corrections_feeds = formats_on(settings, "BRIEFING_CORRECTIONS_FEED")
    for path, kind in corrections_feeds if corrected is not None else ():
        plans.append(FeedPlan(path, kind, f"{site}: corrections",
                              f"Items of {site} we corrected, latest correction first.",
                              corrections_page, corrected, in_order=True))
    # A term's feeds one after another: they list the same items, which a
    # process writing them then finds among the entries it made last.
    for prefix, terms, kind_of_term in (("BRIEFING_TAG_FEED", tags, "tagged"),
                                        ("BRIEFING_CATEGORY_FEED", categories, "filed under")):
        formats = formats_on(settings, prefix)
        plans.extend(
            FeedPlan(pattern.format(slug=term.slug), kind, f"{site}: {term.name}",
                     f"Items {kind_of_term} “{term.name}” in {site}.", term.url, items)
            for term, items in terms for pattern, kind in formats)
    return plans


def listed(plan: FeedPlan, entries: ItemEntries, limit: int) -> list:
    """What ``plan``'s file lists, in its order: editions for the editions feed, else items."""
    if plan.editions is not None:
        return newest_editions(plan.editions, entries, limit)
    if plan.in_order:
        return entries.first(plan.items, limit)
    return entries.newest(plan.items, limit)


def shown_sources(plan: FeedPlan, entries: ItemEntries, settings: dict) -> tuple[tuple, str]:
    """What each entry ``plan``'s file lists is made from, and a digest of
    that: worked out once for each list of items (or editions), which a
    term's Atom and RSS feeds share."""
    listing = plan.editions if plan.editions is not None else plan.items
    found = entries.listings.get((id(listing), plan.in_order))
    if found is None:
        shown = listed(plan, entries, settings["FEED_MAX_ITEMS"])
        if plan.editions is not None:
            sources = tuple(edition_source(edition, entries, settings) for edition in shown)
        else:
            sources = tuple(entries.source(item) for item in shown)
        # The list is kept with its result, so that its id is not reused.
        found = entries.listings[(id(listing), plan.in_order)] = (
            listing, sources, data_digest(sources, entries.digests))
    return found[1], found[2]


def feed_channel(plan: FeedPlan, entries: ItemEntries, settings: dict, empty: bool) -> Channel:
    """What ``plan``'s file says about itself."""
    url = feed_address(settings, plan.served_from or plan.path)
    return Channel(
        title=plan.title,
        description=plan.description,
        home_url=site_url(settings, plan.home),
        feed_url=url,
        id=plan.atom_id or url,
        language=settings["DEFAULT_LANG"],
        author=settings.get("AUTHOR") or settings["SITENAME"],
        updated=entries.latest_change() if empty else None,
    )


def feed_bytes(plan: FeedPlan, entries: ItemEntries, settings: dict) -> bytes:
    """The content of ``plan``'s file."""
    sources, _ = shown_sources(plan, entries, settings)
    channel = feed_channel(plan, entries, settings, not sources)
    if plan.editions is not None:
        shown_entries = [edition_entry(source, entries) for source in sources]
    else:
        shown_entries = [entries.entry(source) for source in sources]
    return render(channel, shown_entries, plan.kind)


def feed_key(plan: FeedPlan, entries: ItemEntries, settings: dict) -> str:
    """A digest of what :func:`feed_bytes` writes ``plan``'s file from (the code
    and settings aside: the build's frame covers them).

    Only what it lists: a popular tag's feed shows its newest 50 of a
    thousand items.
    """
    sources, listed_digest = shown_sources(plan, entries, settings)
    return data_digest((plan.kind, feed_channel(plan, entries, settings, not sources),
                        plan.editions is not None, listed_digest))


class FeedsGenerator(Generator):
    """Plans the feeds once items, tags and editions are known; writes them."""

    def generate_context(self) -> None:
        # Runs after the articles, editions and corrections generators
        # (get_generators order), so tags, categories, editions and the
        # corrected items are final here.
        self.feeds = plan_feeds(self.settings, self.context.get("articles", []),
                                self.context.get("tags", []),
                                self.context.get("categories", []),
                                self.context.get("editions"),
                                self.context.get("corrected_items"))
        self.feed_paths = [plan.path for plan in self.feeds]

    def generate_output(self, writer) -> None:
        # Entries are built here, after Pelican refreshed intersite links.
        entries = ItemEntries(self.context.get("articles", []), self.settings)
        for plan in self.feeds:
            write_later(writer, plan.path, partial(feed_key, plan, entries, self.settings),
                        partial(feed_bytes, plan, entries, self.settings))


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(add_feed_urls)
    signals.get_generators.connect(get_generators)
