"""Feed entries: what one item or one daily edition says, in any feed format.

Every feed an item appears in (the site's, its tags', its category's, its
edition's) and every format (Atom, RSS, JSON Feed) reads the same
:class:`Entry`.  Its HTML was made when the item was read (the item's
``feed_html``, kept in the read cache); here it only gets its links made
absolute, and it is loaded for each feed that lists the item rather than
held for all of them (:class:`ItemEntries`).

Times: an item is published at its Date and updated at its last revision,
the later of its Modified and its latest correction (:func:`revision`),
else at its Date.  Items given the same Date (a batch pasted at 09:00) would share
a timestamp, which validators flag ("Two entries with the same value for
atom:updated") and readers mis-sort, so :func:`distinct_times` moves each
repeat one second later, once, over all published items: an item carries
the same times in every feed.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
import uuid
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

from briefing.content.item_order import first_come
from briefing.content.sanitize import plain_text, with_absolute_links
from briefing.feeds.entry_html import edition_html

SECOND = dt.timedelta(seconds=1)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: How many entries' HTML a process keeps: enough for the feeds of one term
#: (Atom and RSS list the same items, written one after the other), little
#: next to every listed item's.
RECENT_CONTENTS = 256

#: Characters XML 1.0 cannot carry at all; lxml refuses them, so they go.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the control characters no XML document may contain."""
    return _NOT_XML.sub("", text)


def site_url(settings: dict, path: str = "") -> str:
    """The absolute URL of a site-relative ``path`` (``SITEURL`` + path)."""
    return f"{settings['SITEURL'].rstrip('/')}/{path.lstrip('/')}"


@dataclass(frozen=True)
class Term:
    """A tag as a feed category: its name and its page's absolute URL."""

    name: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One feed entry, in the terms every format shares.

    ``source_url`` is the article the text comes from (Atom ``link
    rel="via"``, JSON ``external_url``); ``source_feed`` is that outlet's own
    feed, when ``BRIEFING_SOURCE_FEEDS`` names one (RSS ``<source>``).
    """

    id: str
    title: str
    url: str
    published: dt.datetime
    updated: dt.datetime
    summary: str
    content_html: str
    tags: tuple[Term, ...] = ()
    authors: tuple[str, ...] = ()
    language: str | None = None
    source_name: str | None = None
    source_url: str | None = None
    source_feed: str | None = None


@dataclass(frozen=True)
class ItemSource:
    """What an item's entry is made from: the entry without its HTML, and the
    HTML as read (:class:`~briefing.build.read_cache.StoredHTML`), loaded only to
    write the entry.  Plain data, so a digest of it covers the entry."""

    entry: Entry
    feed_html: object


@dataclass(frozen=True)
class EditionSource:
    """What a daily edition's entry is made from: its own fields and its items'."""

    id: str
    title: str
    url: str
    note_html: object
    items: tuple[ItemSource, ...]


def distinct_times(items) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Each item's ``(published, updated)``, keyed by feed id; no two the same.

    Published: the Date, each repeat one second after the one before (first
    come, first kept).  Updated: the item's :func:`revision`, moved on by
    seconds past any time already taken, else the published time.
    """
    times: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    previous = None
    for item in sorted(items, key=first_come):
        moment = item.date.replace(microsecond=0)
        if previous is not None and moment <= previous:
            moment = previous + SECOND
        times[item.feed_id] = (moment, moment)
        previous = moment
    taken = {published for published, _ in times.values()}
    revised = {item.feed_id: moment for item in items
               if (moment := revision(item, times[item.feed_id][0])) is not None}
    edited = [item for item in items if item.feed_id in revised]
    for item in sorted(edited, key=lambda i: (revised[i.feed_id], *first_come(i))):
        moment = revised[item.feed_id].replace(microsecond=0)
        while moment in taken:
            moment += SECOND
        taken.add(moment)
        times[item.feed_id] = (times[item.feed_id][0], moment)
    return times


def revision(item, published: dt.datetime) -> dt.datetime | None:
    """When ``item`` last changed after ``published``, or None if it did not.

    Its Modified counts where it is later than ``published``.  Its latest
    correction always counts, at the start of its day (``item.corrected``):
    on the day the item was published, that is before ``published``, so it
    counts one second after it, and a reader still sees the correction as an
    update.
    """
    moments = []
    modified = getattr(item, "modified", None)
    if modified and modified > published:
        moments.append(modified)
    corrected = getattr(item, "corrected", None)
    if corrected:
        moments.append(max(corrected, published + SECOND))
    return max(moments, default=None)


def item_entry(item, published: dt.datetime, updated: dt.datetime, settings: dict,
               source_feeds: dict[str, str]) -> Entry:
    """``item``'s entry without its HTML content (:func:`entry_content`);
    ``source_feeds`` maps case-folded outlet names to feeds."""
    return Entry(
        id=item.feed_id,
        title=xml_text(item.title),
        url=site_url(settings, item.url),
        published=published,
        updated=updated,
        summary=xml_text(item.summary or ""),
        content_html="",
        tags=tuple(Term(xml_text(tag.name), site_url(settings, tag.url)) for tag in item.tags),
        authors=tuple(xml_text(author.name) for author in getattr(item, "authors", [])),
        language=getattr(item, "lang", None),
        source_name=xml_text(item.source),
        source_url=item.source_url,
        source_feed=source_feeds.get(item.source.casefold()),
    )


def entry_content(feed_html, url: str) -> str:
    """An item's feed HTML (made when it was read), its links absolute against ``url``."""
    return xml_text(with_absolute_links(str(feed_html), url))


class ItemEntries:
    """Each published item's :class:`Entry`, as a feed lists it.

    One per build: it holds the times of all published items (so that they
    agree in every feed) and each listed item's entry without its HTML.
    The HTML is kept for the last few entries only (:data:`RECENT_CONTENTS`):
    it is most of an entry's weight, and a process writing feeds would
    otherwise end up holding every listed item's.
    """

    def __init__(self, items, settings: dict):
        listed = [item for item in items if getattr(item, "feed_id", None)]
        self._times = distinct_times(listed)
        self._settings = settings
        self._source_feeds = {name.casefold(): url for name, url
                              in settings["BRIEFING_SOURCE_FEEDS"].items()}
        self._sources: dict[str, ItemSource] = {}
        #: Digests of the sources feeds list (:func:`briefing.build.output_frame.data_digest`).
        self.digests: dict = {}
        #: What each list of items or editions shows, by the list's id
        #: (:func:`briefing.pelican.feeds.shown_sources`).
        self.listings: dict = {}
        self._content = lru_cache(maxsize=RECENT_CONTENTS)(entry_content)

    def lists(self, item) -> bool:
        """Whether ``item`` may appear in a feed (published, with a feed id)."""
        return getattr(item, "feed_id", None) in self._times

    def latest_change(self) -> dt.datetime | None:
        """When any published item last changed: a feed's time when it lists nothing."""
        return max((updated for _, updated in self._times.values()), default=None)

    def times_of(self, item) -> tuple[dt.datetime, dt.datetime] | None:
        """(published, updated) as every feed shows them; None if no feed lists ``item``."""
        return self._times.get(getattr(item, "feed_id", None))

    def published(self, item) -> dt.datetime:
        return self._times[item.feed_id][0]

    def source(self, item) -> ItemSource:
        """What ``item``'s entry is made from."""
        source = self._sources.get(item.feed_id)
        if source is None:
            published, updated = self._times[item.feed_id]
            source = self._sources[item.feed_id] = ItemSource(
                item_entry(item, published, updated, self._settings, self._source_feeds),
                item.feed_html)
        return source

    def entry(self, source: ItemSource) -> Entry:
        """The entry ``source`` makes, its HTML loaded and its links made absolute."""
        return replace(source.entry,
                       content_html=self._content(source.feed_html, source.entry.url))

    def newest(self, items, limit: int) -> list:
        """The ``limit`` newest of ``items`` a feed may list, newest first.

        Costs a pass over ``items`` and a small heap, so a tag's feed reads
        only that tag's items.
        """
        listed = [item for item in items if self.lists(item)]
        return heapq.nlargest(limit, listed, key=self.published)

    def first(self, items, limit: int) -> list:
        """The first ``limit`` of ``items`` a feed may list, in their order."""
        return list(islice(filter(self.lists, items), limit))


def edition_id(site_id: str, day: dt.date) -> str:
    """An edition's permanent id: the site's id and the edition's day, nothing else."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site_id}:edition:{day.isoformat()}')}"


def edition_title(edition) -> str:
    """The note's title, else "Edition of 26 November 2026" (in any locale)."""
    day = edition.date
    return edition.title or f"Edition of {day.day} {MONTHS[day.month - 1]} {day.year}"


def edition_source(edition, entries: ItemEntries, settings: dict) -> EditionSource | None:
    """What ``edition``'s entry is made from; None for an edition without an
    item any feed may list."""
    items = tuple(entries.source(item) for item in edition.articles if entries.lists(item))
    if not items:
        return None
    return EditionSource(id=edition_id(settings["BRIEFING_SITE_ID"], edition.date),
                         title=xml_text(edition_title(edition)),
                         url=site_url(settings, edition.url),
                         note_html=edition.note_html, items=items)


def edition_entry(source: EditionSource | None, entries: ItemEntries) -> Entry | None:
    """One entry for the whole edition: its note, then each item in running order.

    Published when its first item was, updated when its latest item was.
    """
    if source is None:
        return None
    items = [entries.entry(item) for item in source.items]
    return Entry(
        id=source.id,
        title=source.title,
        url=source.url,
        published=min(item.published for item in items),
        updated=max(item.updated for item in items),
        summary=edition_summary(plain_text(str(source.note_html)), [item.title for item in items]),
        content_html=xml_text(edition_html(
            str(source.note_html), source.url, [(item.title, item.url, item.content_html)
                                                for item in items])),
        authors=tuple(dict.fromkeys(name for item in items for name in item.authors)),
    )


def edition_summary(note_text: str, titles: list[str]) -> str:
    """An edition's summary as text: its note, then its headlines in running order.

    What a feed client that shows only the summary (rss2email's default)
    sends: the whole edition in brief, not a count.
    """
    count = f"{len(titles)} item{'s' if len(titles) > 1 else ''}"
    headlines = "\n".join(f"- {title}" for title in titles)
    return xml_text("\n\n".join(part for part in (note_text, f"In this edition ({count}):\n"
                                                 + headlines) if part))


def newest_editions(editions, entries: ItemEntries, limit: int) -> list:
    """The ``limit`` newest closed editions (``editions`` is newest first)
    with an item a feed may list: those that have an entry.

    An open edition (:mod:`briefing.content.edition_rules`) waits until it is
    complete, so that no subscriber is sent half of it.
    """
    listed = (edition for edition in editions if getattr(edition, "closed", True)
              and any(entries.lists(item) for item in edition.articles))
    return list(islice(listed, limit))
