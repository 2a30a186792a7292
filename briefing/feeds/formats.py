"""One list of entries, three formats: Atom 1.0, RSS 2.0 (feedgen) and JSON Feed 1.1.

Pure functions of a :class:`Channel` and :class:`~briefing.feeds.entries.Entry`
list (already newest first and cut to ``FEED_MAX_ITEMS``) to the bytes of a
file, so that every feed the site offers is written the same way.  Output is
deterministic: ``updated``/``lastBuildDate`` come from the newest entry, never
the clock (a feed with no entry, such as the corrections feed of a site
without corrections, takes the site's latest change, ``Channel.updated``);
the generator string is fixed; entries keep their order.

Where the formats differ, the reason is the format's:

- RSS ``<description>`` is read as HTML by feed readers, so the plain-text
  summary is HTML-escaped there (a summary reading ``a <b> tag`` stays
  text); Atom ``<summary>`` is declared ``type="html"`` and escaped
  (:mod:`briefing.feeds.extension`: so that text-preferring clients take the
  whole ``<content>``); JSON ``summary`` is plain text.
- RSS ``<author>`` must be an e-mail address: editors are ``dc:creator``
  (the ``dc`` extension is loaded for RSS only; Atom has ``<author>``).
- Atom credits the source with ``link rel="via"``; RSS ``<source>`` names
  the outlet's own feed, only where one is configured
  (:mod:`briefing.feeds.extension`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape

from feedgen.feed import FeedGenerator

from briefing.feeds import extension as feed_extension
from briefing.feeds.entries import Entry
from briefing.serve.media_types import FEED_MEDIA_TYPES

GENERATOR = "Briefing"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
#: The ``updated`` of a feed without entries on a site without items: fixed,
#: so rebuilds stay identical.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

ATOM, RSS, JSON = "atom", "rss", "json"


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself.

    ``feed_url`` is where the file is served (the self link); ``id`` is the
    Atom feed id; ``home_url`` the page the feed follows (site, tag page ...);
    ``updated`` the site's latest change, the feed's own time when it lists
    no entry.
    """

    title: str
    description: str
    home_url: str
    feed_url: str
    id: str
    language: str
    author: str
    updated: dt.datetime | None = None


def rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat()


def last_updated(channel: Channel, entries: list[Entry]) -> dt.datetime:
    return max((entry.updated for entry in entries), default=channel.updated or EPOCH)


def xml_feed(channel: Channel, entries: list[Entry], kind: str) -> FeedGenerator:
    """An Atom (``kind="atom"``) or RSS (``kind="rss"``) feed of ``entries``."""
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed_extension.register(feed)
    feed.id(channel.id)
    feed.title(channel.title)
    # RSS readers read the channel's <description> as HTML too (a tag named
    # "<b>" is in a tag feed's); Atom's <subtitle> is text.
    feed.description(escape(channel.description, quote=False) if kind == RSS
                     else channel.description)
    feed.link(href=channel.feed_url, rel="self", type=FEED_MEDIA_TYPES[kind])
    feed.link(href=channel.home_url, rel="alternate")  # last: feedgen takes RSS <link> from it
    feed.language(channel.language)
    feed.author({"name": channel.author})
    feed.generator(GENERATOR)
    feed.updated(last_updated(channel, entries))
    for entry in entries:
        item = feed.add_entry(order="append")
        item.guid(entry.id, permalink=False)  # also the Atom id
        item.title(entry.title)
        item.link(href=entry.url, rel="alternate")
        item.published(entry.published)
        item.updated(entry.updated)
        for name in entry.authors:
            item.author({"name": name})
            item.dc.dc_creator(name)
        for tag in entry.tags:
            item.category(term=tag.name, scheme=tag.url, label=tag.name)
        if entry.summary:
            if kind == RSS:
                item.description(escape(entry.summary, quote=False))
            else:
                item.summary(entry.summary)
        item.content(entry.content_html, type="html")  # escaped once, by lxml
        if entry.source_url:
            item.briefing.via(entry.source_url, entry.source_name)
        if entry.source_feed and entry.source_name:
            item.briefing.source_feed(entry.source_feed, entry.source_name)
    return feed


def json_feed(channel: Channel, entries: list[Entry]) -> dict:
    """A JSON Feed 1.1 document of ``entries``."""
    return {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.home_url,
        "feed_url": channel.feed_url,
        "description": channel.description,
        "language": channel.language,
        "authors": [{"name": channel.author}],
        "items": [_json_item(entry) for entry in entries],
    }


def _json_item(entry: Entry) -> dict:
    item = {"id": entry.id, "url": entry.url}
    if entry.source_url:
        item["external_url"] = entry.source_url
    item["title"] = entry.title
    item["content_html"] = entry.content_html
    if entry.summary:
        item["summary"] = entry.summary
    item["date_published"] = rfc3339(entry.published)
    item["date_modified"] = rfc3339(entry.updated)
    if entry.tags:
        item["tags"] = [tag.name for tag in entry.tags]
    if entry.authors:
        item["authors"] = [{"name": name} for name in entry.authors]
    if entry.language:
        item["language"] = entry.language
    return item


def render(channel: Channel, entries: list[Entry], kind: str) -> bytes:
    """The bytes of the feed file: UTF-8, the same for the same input."""
    if kind == JSON:
        text = json.dumps(json_feed(channel, entries), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
    feed = xml_feed(channel, entries, kind)
    return feed.atom_str(pretty=True) if kind == ATOM else feed.rss_str(pretty=True)
