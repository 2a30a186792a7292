"""Briefing's own settings: defaults, merged under the user's, checked once.

Settings stay plain data (strings, numbers), because Pelican pickles them
with its content cache.
"""

from __future__ import annotations

import copy
import logging
import re

from briefing.edition_rules import parse_closing_time

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, object] = {
    # A name for this site that never changes once the site is public: it
    # seeds every item's feed id, so changing it re-delivers every item.
    "BRIEFING_SITE_ID": "briefing",
    # One page per daily edition.
    "EDITION_URL": "{date:%Y}/{date:%m}/{date:%d}/",
    "EDITION_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
    # Edition notes live in content/<EDITIONS_PATH>/YYYY-MM-DD.md.
    "EDITIONS_PATH": "editions",
    # When an edition is complete, for the editions feed and the e-mail
    # edition: "HH:MM" on its day on the site's clock; None: when its day
    # ends.  A note's "Closed: yes" closes it earlier (briefing.edition_rules).
    "BRIEFING_EDITION_CLOSES": None,
    # The feeds briefing.plugins.feeds writes: paths under the output folder,
    # served at the same path under FEED_DOMAIN (SITEURL unless set).  An
    # empty value turns that feed off.  Tag and category feeds are patterns
    # with the tag's or category's {slug}.
    "BRIEFING_FEED_ATOM": "feeds/all.atom.xml",
    "BRIEFING_FEED_RSS": "feeds/all.rss.xml",
    "BRIEFING_JSON_FEED": "feeds/all.json",
    "BRIEFING_TAG_FEED_ATOM": "feeds/tags/{slug}.atom.xml",
    "BRIEFING_TAG_FEED_RSS": "feeds/tags/{slug}.rss.xml",
    "BRIEFING_CATEGORY_FEED_ATOM": "feeds/categories/{slug}.atom.xml",
    "BRIEFING_CATEGORY_FEED_RSS": "feeds/categories/{slug}.rss.xml",
    # One entry per daily edition: its note and all its items (RSS-to-email).
    "BRIEFING_EDITIONS_FEED_ATOM": "feeds/editions.atom.xml",
    "BRIEFING_EDITIONS_FEED_RSS": "feeds/editions.rss.xml",
    # Every corrected item, latest correction first.
    "BRIEFING_CORRECTIONS_FEED_ATOM": "feeds/corrections.atom.xml",
    "BRIEFING_CORRECTIONS_FEED_RSS": "feeds/corrections.rss.xml",
    # Outlet name (as in Source:) -> the outlet's own RSS feed URL, for the
    # RSS <source> element, which names a feed, never an article.
    "BRIEFING_SOURCE_FEEDS": {},
    # The page of every corrected item (briefing.plugins.corrections); an
    # empty CORRECTIONS_SAVE_AS turns it off.
    "CORRECTIONS_URL": "corrections/",
    "CORRECTIONS_SAVE_AS": "corrections/index.html",
    # Up to this many related items (sharing tags) on each item's page; 0: none.
    "BRIEFING_RELATED_MAX": 4,
    # Written by briefing.plugins.sitemap; "" switches either off.
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    # Header fields of this site's own, besides the content format's
    # (briefing.contract.FIELD_NAMES): any other field is an error, since a
    # misspelt one (Stauts: draft) would otherwise pass unnoticed.  Their
    # values reach the templates as the item's metadata, by lower-case name.
    "BRIEFING_EXTRA_FIELDS": [],
    # Previews of drafts and scheduled items under DRAFT_URL: development
    # builds only.  publishconf.py and `briefing publish` turn them off, and
    # then not a word of an unpublished item reaches the output
    # (briefing.plugins.previews).
    "BRIEFING_PREVIEWS": True,
    # Set by `briefing publish --local` (make preview): the public site built
    # for a local address, marked so that no deploy target uploads it.
    "BRIEFING_LOCAL_BUILD": False,
    # Set by `briefing devserver` only: pages load the live-reload client.
    "BRIEFING_LIVE_RELOAD": False,
    # Set by `briefing publish` only: the output folder this build replaces,
    # whose unchanged pages and compressed copies it takes instead of making
    # them again (briefing.plugins.page_writer, briefing.plugins.precompress).
    "BRIEFING_PREVIOUS_OUTPUT": None,
    # Set to False by `briefing check` only: the build reads and processes
    # every item, where content problems are found, and writes no page or
    # feed (briefing.plugins.page_writer), so no search index, compressed
    # copies or _headers either: those are made from the pages.
    "BRIEFING_WRITE_PAGES": True,
    # Full-text search (briefing.plugins.search): a Pagefind index of every
    # listed item in BRIEFING_SEARCH_BUNDLE (a folder under the output
    # folder), the search page and the header's search box.  False: none of them.
    "BRIEFING_SEARCH": True,
    "BRIEFING_SEARCH_BUNDLE": "pagefind",
    # The index is cut into shards of whole days of at most this many items
    # (briefing.search_shards), indexed one per core: Pagefind needs about
    # 0.4 MB of memory an item of a shard, and a search fetches a little of
    # every shard.
    "BRIEFING_SEARCH_SHARD_ITEMS": 250,
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    # For the servers and CDNs a public build goes to (publishconf.py turns
    # both on): .gz and .br copies of text files (briefing.plugins.precompress)
    # and the _headers file of Netlify / Cloudflare Pages
    # (briefing.plugins.http_headers); "" writes no _headers.
    "BRIEFING_PRECOMPRESS": False,
    "BRIEFING_HEADERS_SAVE_AS": "",
    # Files whose names carry a hash of their content, so they never change:
    # _headers gives them a year's cache lifetime.  Patterns under the output
    # folder, at most one "*" each (Cloudflare Pages allows no more).  The
    # search index's own hashed files need no entry here.
    "BRIEFING_HASHED_FILES": [],
    # Cool addresses (briefing.plugins.redirects): the ledger of published
    # addresses, read to redirect each old address ("" = none; briefing
    # publish and check take it from --ledger), the file briefing publish
    # writes the next ledger to, and the host files: _redirects for Netlify /
    # Cloudflare Pages and the nginx map (publishconf.py names both).
    "BRIEFING_ADDRESS_LEDGER": "",
    "BRIEFING_ADDRESS_LEDGER_NEXT": "",
    "BRIEFING_REDIRECTS_SAVE_AS": "",
    "BRIEFING_NGINX_REDIRECTS_SAVE_AS": "",
}

#: Feed path settings that hold one fixed path each.
SITE_FEED_SETTINGS = ("BRIEFING_FEED_ATOM", "BRIEFING_FEED_RSS", "BRIEFING_JSON_FEED",
                      "BRIEFING_EDITIONS_FEED_ATOM", "BRIEFING_EDITIONS_FEED_RSS",
                      "BRIEFING_CORRECTIONS_FEED_ATOM", "BRIEFING_CORRECTIONS_FEED_RSS")
#: Feed path settings that are patterns, one file per tag or category.
TERM_FEED_SETTINGS = ("BRIEFING_TAG_FEED_ATOM", "BRIEFING_TAG_FEED_RSS",
                      "BRIEFING_CATEGORY_FEED_ATOM", "BRIEFING_CATEGORY_FEED_RSS")

#: Pelican's own feed settings: all must be off so that one writer owns feeds.
PELICAN_FEED_SETTINGS = (
    "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS",
    "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS",
)

#: A header field's name as the content format reads it (briefing.contract).
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_SITE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: A folder under the output folder: names of letters, digits, '.', '_', '-'.
_FOLDER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$")


class SettingsError(ValueError):
    """A setting that makes a correct build impossible."""


def apply_defaults(settings: dict) -> None:
    """Fill in every Briefing default the user did not set, then validate."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, copy.deepcopy(value))  # no dict shared between builds
    validate(settings)


def validate(settings: dict) -> None:
    site_id = settings["BRIEFING_SITE_ID"]
    if not isinstance(site_id, str) or not _SITE_ID.match(site_id):
        raise SettingsError(
            f"BRIEFING_SITE_ID: must be a short name of letters, digits, '.', '_' "
            f"or '-' (got {site_id!r})")
    if not str(settings.get("SITEURL", "")).startswith(("http://", "https://")):
        raise SettingsError(
            "SITEURL: feeds need the site's absolute http(s) URL "
            f"(got {settings.get('SITEURL')!r})")
    for key in PELICAN_FEED_SETTINGS:
        if settings.get(key):
            logger.warning("briefing: %s: Pelican's own feeds must stay off; "
                           "briefing.plugins.feeds writes the feeds (got %r)",
                           key, settings[key])
    for key, least in (("FEED_MAX_ITEMS", 1), ("BRIEFING_RELATED_MAX", 0)):
        value = settings[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise SettingsError(
                f"{key}: must be a whole number, {least} or more (got {value!r})")
    for key in ("BRIEFING_SEARCH", "BRIEFING_PRECOMPRESS", "BRIEFING_WRITE_PAGES",
                "BRIEFING_PREVIEWS", "BRIEFING_LOCAL_BUILD"):
        if not isinstance(settings[key], bool):
            raise SettingsError(f"{key}: must be True or False (got {settings[key]!r})")
    closes = settings["BRIEFING_EDITION_CLOSES"]
    if closes is not None and parse_closing_time(closes) is None:
        raise SettingsError("BRIEFING_EDITION_CLOSES: must be a time of day on the site's "
                            f"clock, 'HH:MM' (such as '18:00'), or None (got {closes!r})")
    _validate_feed_paths(settings)
    _validate_extra_fields(settings["BRIEFING_EXTRA_FIELDS"])
    _validate_source_feeds(settings["BRIEFING_SOURCE_FEEDS"])
    _validate_server_files(settings)
    _validate_search(settings)


def _validate_feed_paths(settings: dict) -> None:
    """Each feed path is off (empty) or a relative path; patterns take ``{slug}``.

    Two feeds at one path would overwrite each other, and a tag pattern
    without ``{slug}`` would write every tag's feed to the same file.
    """
    seen: dict[str, str] = {}
    for key in SITE_FEED_SETTINGS + TERM_FEED_SETTINGS:
        path = settings[key]
        if not path:
            continue
        if not isinstance(path, str) or path.startswith("/") or "://" in path:
            raise SettingsError(f"{key}: must be a path under the output folder, "
                                f"or empty to turn the feed off (got {path!r})")
        if key in TERM_FEED_SETTINGS:
            try:
                unique = path.format(slug="{slug}") == path and "{slug}" in path
            except (KeyError, IndexError, ValueError):
                unique = False
            if not unique:
                raise SettingsError(f"{key}: must contain {{slug}} and no other "
                                    f"placeholder (got {path!r})")
        if path in seen:
            raise SettingsError(f"{key}: the same file as {seen[path]} (got {path!r})")
        seen[path] = key


def _validate_extra_fields(names: object) -> None:
    if not isinstance(names, list | tuple) or not all(
            isinstance(name, str) and _FIELD_NAME.match(name) for name in names):
        raise SettingsError("BRIEFING_EXTRA_FIELDS: must list header field names of letters, "
                            f"digits, '_' and '-', such as ['Region'] (got {names!r})")


def _validate_source_feeds(source_feeds: object) -> None:
    if not isinstance(source_feeds, dict):
        raise SettingsError("BRIEFING_SOURCE_FEEDS: must map an outlet's name to its "
                            f"feed URL (got {source_feeds!r})")
    for name, url in source_feeds.items():
        if not isinstance(name, str) or not str(url).startswith(("http://", "https://")):
            raise SettingsError("BRIEFING_SOURCE_FEEDS: each outlet's feed must be an "
                                f"absolute http(s) URL (got {name!r}: {url!r})")


def _validate_search(settings: dict) -> None:
    """The search index's bundle is a folder of its own under the output folder.

    Each build replaces the previous index in that folder, so it can never
    be the output folder itself or a place outside it.
    """
    bundle = settings["BRIEFING_SEARCH_BUNDLE"]
    if not isinstance(bundle, str) or not _FOLDER.match(bundle):
        raise SettingsError("BRIEFING_SEARCH_BUNDLE: must be a folder under the output "
                            f"folder, such as 'pagefind' (got {bundle!r})")
    limit = settings["BRIEFING_SEARCH_SHARD_ITEMS"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise SettingsError("BRIEFING_SEARCH_SHARD_ITEMS: must be a whole number of items, "
                            f"at least 1 (got {limit!r})")


def _validate_server_files(settings: dict) -> None:
    """The public build's extras: a path, path patterns."""
    save_as = settings["BRIEFING_HEADERS_SAVE_AS"]
    if not isinstance(save_as, str) or save_as.startswith("/") or "://" in save_as:
        raise SettingsError("BRIEFING_HEADERS_SAVE_AS: must be a path under the output "
                            f"folder, or empty to write no _headers file (got {save_as!r})")
    hashed = settings["BRIEFING_HASHED_FILES"]
    if not isinstance(hashed, list | tuple) or not all(
            isinstance(pattern, str) and pattern and not pattern.startswith("/")
            and pattern.count("*") <= 1 for pattern in hashed):
        raise SettingsError("BRIEFING_HASHED_FILES: must list paths under the output folder, "
                            f"each with at most one '*' (got {hashed!r})")
