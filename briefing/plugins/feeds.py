"""Pelican plugin: the site's Atom and RSS feeds, written with feedgen.

Pelican's own feed settings stay off (``pelicanconf.py``); this is the one
feed writer.  Building a feed is a pure function of the items and settings
(:func:`build_feed`); the generator only writes the files.  Feeds are
deterministic: ``updated`` comes from the newest item, the generator string
is fixed, entries are appended newest first, and each entry's id is the
item's permanent ``feed_id``.
"""

from __future__ import annotations

import datetime as dt
import os

from feedgen.feed import FeedGenerator
from pelican import signals
from pelican.generators import Generator

from briefing import feed_extension
from briefing.feed_content import entry_html

GENERATOR = "Briefing"


def absolute(settings: dict, url: str) -> str:
    return f"{settings['SITEURL'].rstrip('/')}/{url.lstrip('/')}"


def distinct_timestamps(items) -> list[tuple[object, dt.datetime]]:
    """Pair each item with its publication time, never two the same.

    Items given the same Date (a batch pasted at 09:00) would otherwise share
    a timestamp, which feed validators flag and some readers mis-sort: each
    repeat moves one second later than the one before.
    """
    paired, previous = [], None
    for item in sorted(items, key=lambda i: (i.date, i.get_relative_source_path())):
        moment = item.date
        if previous is not None and moment <= previous:
            moment = previous + dt.timedelta(seconds=1)
        paired.append((item, moment))
        previous = moment
    return paired


def build_feed(items, settings: dict, feed_url: str) -> FeedGenerator:
    """A feed of the newest ``FEED_MAX_ITEMS`` items, newest first."""
    dated = distinct_timestamps(items)
    dated.sort(key=lambda pair: pair[1], reverse=True)
    dated = dated[: settings["FEED_MAX_ITEMS"]]
    site = absolute(settings, "")
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed_extension.register(feed)
    feed.id(site)
    feed.title(settings["SITENAME"])
    feed.description(settings.get("SITE_DESCRIPTION") or settings["SITENAME"])
    feed.link(href=feed_url, rel="self")
    feed.link(href=site, rel="alternate")  # last: feedgen takes RSS <link> from it
    feed.language(settings["DEFAULT_LANG"])
    feed.author({"name": settings.get("AUTHOR") or settings["SITENAME"]})
    feed.generator(GENERATOR)
    updated = [getattr(item, "modified", None) or moment for item, moment in dated]
    feed.updated(max(updated) if updated else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    for item, published in dated:
        entry = feed.add_entry(order="append")
        url = absolute(settings, item.url)
        entry.id(item.feed_id)
        entry.guid(item.feed_id, permalink=False)
        entry.title(item.title)
        entry.link(href=url, rel="alternate")
        entry.briefing.via(item.source_url)
        entry.published(published)
        entry.updated(max(getattr(item, "modified", None) or published, published))
        for author in getattr(item, "authors", []):
            entry.author({"name": author.name})
            entry.dc.dc_creator(author.name)
        for tag in item.tags:
            entry.category(term=tag.name, scheme=absolute(settings, tag.url), label=tag.name)
        entry.summary(item.summary)
        entry.content(entry_html(item, url), type="CDATA")
    return feed


class FeedsGenerator(Generator):
    """Writes the site-wide feeds once every item is final."""

    FORMATS = (("BRIEFING_FEED_ATOM", "atom_file"), ("BRIEFING_FEED_RSS", "rss_file"))

    def generate_context(self) -> None:
        self.feed_paths = [(self.settings[key], method) for key, method in self.FORMATS
                           if self.settings.get(key)]

    def generate_output(self, writer) -> None:
        items = [i for i in self.context.get("articles", []) if getattr(i, "feed_id", None)]
        for path, method in self.feed_paths:
            feed = build_feed(items, self.settings, absolute(self.settings, path))
            target = os.path.join(self.output_path, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            getattr(feed, method)(target, pretty=True)


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
