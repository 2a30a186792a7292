"""How the search index is split into shards, and which shards a build can keep.

Pagefind holds a whole index in memory while it writes it (about 0.4 MB an
item) and cannot update one, so a single index of the archive would make a
build's memory grow with the archive and make a one-item edit index every
item again.  The index is therefore cut into shards of consecutive days,
each of at most ``BRIEFING_SEARCH_SHARD_ITEMS`` items (a day with more is
one shard of its own), and the search page merges them in the browser.

Days are grouped oldest first, so new items only ever change the newest
shard and an edit changes the shard of the edited item's day: the older
shards keep their pages, their digest (:func:`shard_digest`), and the index
the cache already holds for that digest.  Readers pay for the shards too:
a search loads a small part of each, so the limit trades a build's memory
against the number of files a first search fetches.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version

#: Languages written without spaces between words: the extended Pagefind
#: splits their text into words, but only in an index of one of them.
UNSPACED_LANGUAGES = ("zh", "ja")
#: Bumped whenever what a shard's folder holds changes for the same pages:
#: staging, Pagefind's options, :mod:`briefing.search.bundle`.
LAYOUT = "briefing-search-1"


@dataclass(frozen=True)
class Page:
    """A listed item as the index sees it: its day, page and language."""

    day: str  # "2026-11-28"
    path: str  # the item's page, relative to the output folder
    language: str


@dataclass(frozen=True)
class Shard:
    """Consecutive days' items, indexed together."""

    first_day: str
    language: str
    pages: tuple[str, ...]


def index_language(item_languages: Iterable[str], site_language: str) -> str:
    """The one language the index is built as: Chinese or Japanese if any item
    is, else the site's (see :mod:`briefing.pelican.search`)."""
    found = {language.split("-")[0].lower() for language in item_languages}
    return next((code for code in UNSPACED_LANGUAGES if code in found), site_language)


def plan_shards(pages: Iterable[Page], limit: int, site_language: str) -> list[Shard]:
    """The shards of ``pages``, oldest first: whole days, at most ``limit`` items
    each unless one day alone has more.

    All shards share one language, the whole site's (:func:`index_language`):
    the browser reads every shard with the newest one's WebAssembly, which
    splits and stems the words searched for as its language does.
    """
    pages = list(pages)
    language = index_language((page.language for page in pages), site_language)
    by_day = [list(group) for _, group in
              itertools.groupby(sorted(pages, key=lambda page: (page.day, page.path)),
                                key=lambda page: page.day)]
    groups: list[list[Page]] = []
    for day in by_day:
        if groups and len(groups[-1]) + len(day) <= limit:
            groups[-1].extend(day)
        else:
            groups.append(day)
    return [Shard(first_day=group[0].day, language=language,
                  pages=tuple(page.path for page in group))
            for group in groups]


def shard_digest(shard: Shard, page_digest: Callable[[str], str]) -> str:
    """A digest of everything a shard's index is made of: its pages' paths and
    what Pagefind reads of each (``page_digest``,
    :class:`briefing.search.indexed_part.IndexedDigests`), its language, the
    Pagefind release and this code's layout."""
    digest = hashlib.sha256(f"{LAYOUT}\0{version('pagefind-bin-extended')}\0"
                            f"{shard.language}\0".encode())
    for page in shard.pages:
        digest.update(f"{page}\0{page_digest(page)}\0".encode())
    return digest.hexdigest()


def shard_name(shard: Shard, digest: str) -> str:
    """The shard's folder: its first day, for people, and its digest, so a
    folder's files never change and browsers may keep them."""
    return f"{shard.first_day}-{digest[:16]}"
