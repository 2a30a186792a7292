"""Briefing's own settings: defaults, merged under the user's, checked once.

Settings stay plain data (strings, numbers), because Pelican pickles them
with its content cache.
"""

from __future__ import annotations

import copy
import logging
import re

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
    # Outlet name (as in Source:) -> the outlet's own RSS feed URL, for the
    # RSS <source> element, which names a feed, never an article.
    "BRIEFING_SOURCE_FEEDS": {},
    # Up to this many related items (sharing tags) on each item's page; 0: none.
    "BRIEFING_RELATED_MAX": 4,
    # Written by briefing.plugins.sitemap; "" switches either off.
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    # Set by `briefing devserver` only: pages load the live-reload client.
    "BRIEFING_LIVE_RELOAD": False,
}

#: Feed path settings that hold one fixed path each.
SITE_FEED_SETTINGS = ("BRIEFING_FEED_ATOM", "BRIEFING_FEED_RSS", "BRIEFING_JSON_FEED",
                      "BRIEFING_EDITIONS_FEED_ATOM", "BRIEFING_EDITIONS_FEED_RSS")
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

_SITE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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
    _validate_feed_paths(settings)
    _validate_source_feeds(settings["BRIEFING_SOURCE_FEEDS"])


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


def _validate_source_feeds(source_feeds: object) -> None:
    if not isinstance(source_feeds, dict):
        raise SettingsError("BRIEFING_SOURCE_FEEDS: must map an outlet's name to its "
                            f"feed URL (got {source_feeds!r})")
    for name, url in source_feeds.items():
        if not isinstance(name, str) or not str(url).startswith(("http://", "https://")):
            raise SettingsError("BRIEFING_SOURCE_FEEDS: each outlet's feed must be an "
                                f"absolute http(s) URL (got {name!r}: {url!r})")
