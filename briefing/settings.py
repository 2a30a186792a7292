"""Briefing's own settings: defaults, merged under the user's, checked once.

Settings stay plain data (strings, numbers), because Pelican pickles them
with its content cache.
"""

from __future__ import annotations

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
    # The site-wide feeds, written by briefing.plugins.feeds.
    "BRIEFING_FEED_ATOM": "feeds/all.atom.xml",
    "BRIEFING_FEED_RSS": "feeds/all.rss.xml",
    "FEED_MAX_ITEMS": 50,
}

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
        settings.setdefault(key, value)
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
    max_items = settings["FEED_MAX_ITEMS"]
    if not isinstance(max_items, int) or max_items < 1:
        raise SettingsError(f"FEED_MAX_ITEMS: must be a whole number above 0 (got {max_items!r})")
