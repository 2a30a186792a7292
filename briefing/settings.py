"""Briefing's own settings: defaults, merged under the user's, checked once.

Two kinds of default live here:

- The site-side settings every briefing shares (Pelican's content layout,
  URLs, Markdown, the feeds Pelican must not write, the one plugin): a
  site's ``pelicanconf.py`` starts with ``from briefing.settings import *``
  and then sets only what its editor chooses (name, address, time zone,
  language, ...).  They must be in the settings file because Pelican reads
  several of them before any plugin runs.
- Briefing's own ``BRIEFING_*``, ``EDITION_*`` ... values in
  :data:`DEFAULTS`, which the plugin merges under the site's settings as a
  build starts (:func:`apply_defaults`), and validates once.

Settings stay plain data (strings, numbers), because Pelican pickles them
with its content cache.
"""

from __future__ import annotations

import copy
import logging
import re
from pathlib import Path

from briefing.content.edition_rules import parse_closing_time
from briefing.wording import WordingError, merged_wording

logger = logging.getLogger(__name__)


def default_theme() -> str:
    """The theme that ships in the package (``briefing/theme``).

    A source checkout (an editable install) has no ``briefing/theme``: the
    wheel maps the top-level ``theme/`` there, so that is the theme.
    """
    package = Path(__file__).resolve().parent
    shipped = package / "theme"
    return str(shipped if shipped.is_dir() else package.parent / "theme")


# The one plugin: briefing.register() connects every signal, in pipeline
# order (briefing/pelican/pipeline.py).
PLUGINS = ["briefing"]
THEME = default_theme()
RELATIVE_URLS = False

PATH = "content"
DEFAULT_CATEGORY = "Briefing"
USE_FOLDER_AS_CATEGORY = False  # folders are the editors' filing, not sections

# Content layout: items anywhere under content/, pages and edition notes apart.
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "editions", "extra"]
PAGE_EXCLUDES = ["editions", "extra"]
STATIC_PATHS = ["extra"]
EXTRA_PATH_METADATA: dict = {}
FILENAME_METADATA = ""  # a missing Date is an error, not taken from the file name
FORMATTED_FIELDS: list = []  # Summary is one line of text, never rendered as Markdown
ARTICLE_TRANSLATION_ID = None  # a Farsi item is an item, not a translation
PAGE_TRANSLATION_ID = None
WITH_FUTURE_DATES = False  # future-dated items stay drafts until their time
# Items are Markdown; without this, Pelican's reStructuredText reader would
# warn about any DEFAULT_LANG docutils has no translation for (pt-PT).
READERS = {"rst": None}
CACHE_CONTENT = False  # Pelican's own cache: ours (below) also keeps problems
# What the reader made of each file, and which pages the last build wrote
# (briefing/build/read_cache.py, briefing/pelican/page_writer.py): a rebuild reads
# and renders only what changed.  `make clean` empties it.
CACHE_PATH = "cache"

# Setting MARKDOWN replaces Pelican's default: extra is listed again.
MARKDOWN = {
    "extensions": ["markdown.extensions.extra"],
    "extension_configs": {"briefing.content.editor_notes": {}},
    "output_format": "html5",
}

# Slugs: ASCII (transliterated), lower case, each run of other characters one
# hyphen (AI/ML -> ai-ml); item slugs also drop apostrophes (editors-notes).
TAG_REGEX_SUBSTITUTIONS = [(r"[^a-z0-9]+", "-"), (r"^-+|-+$", "")]
CATEGORY_REGEX_SUBSTITUTIONS = TAG_REGEX_SUBSTITUTIONS
AUTHOR_REGEX_SUBSTITUTIONS = TAG_REGEX_SUBSTITUTIONS
SLUG_REGEX_SUBSTITUTIONS = [(r"'", ""), *TAG_REGEX_SUBSTITUTIONS]

# URLs: pretty folders; an item lives under its edition's day.
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
DRAFT_LANG_URL = DRAFT_URL
DRAFT_LANG_SAVE_AS = DRAFT_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "search", "404"]

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"tag": None, "category": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: Pelican's own writer is off; the BRIEFING_*FEED* settings below
# (DEFAULTS) say which feeds Briefing writes, and where.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50

# Templates print metadata as text: autoescape on, HTML fields are Markup.
# Every build (the devserver's too) makes its own environment, so a template
# cannot change under it: no auto_reload, which looked up each included
# template's file time again on every page.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                     "extensions": [], "auto_reload": False}

# What `from briefing.settings import *` brings into a site's pelicanconf.py:
# the site-side settings above, never the defaults and helpers below.
__all__ = [name for name in list(globals()) if name.isupper()]

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
    # ends.  A note's "Closed: yes" closes it earlier (briefing.content.edition_rules).
    "BRIEFING_EDITION_CLOSES": None,
    # The feeds briefing.pelican.feeds writes: paths under the output folder,
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
    # The page of every corrected item (briefing.pelican.corrections); an
    # empty CORRECTIONS_SAVE_AS turns it off.
    "CORRECTIONS_URL": "corrections/",
    "CORRECTIONS_SAVE_AS": "corrections/index.html",
    # Up to this many related items (sharing tags) on each item's page; 0: none.
    "BRIEFING_RELATED_MAX": 4,
    # Written by briefing.pelican.sitemap; "" switches either off.
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    # Header fields of this site's own, besides the content format's
    # (briefing.content.contract.FIELD_NAMES): any other field is an error, since a
    # misspelt one (Stauts: draft) would otherwise pass unnoticed.  Their
    # values reach the templates as the item's metadata, by lower-case name.
    "BRIEFING_EXTRA_FIELDS": [],
    # Previews of drafts and scheduled items under DRAFT_URL: development
    # builds only.  publishconf.py and `briefing publish` turn them off, and
    # then not a word of an unpublished item reaches the output
    # (briefing.pelican.previews).
    "BRIEFING_PREVIEWS": True,
    # Set by `briefing publish --local` (make preview): the public site built
    # for a local address, marked so that no deploy target uploads it.
    "BRIEFING_LOCAL_BUILD": False,
    # Set by `briefing devserver` only: pages load the live-reload client.
    "BRIEFING_LIVE_RELOAD": False,
    # Set by `briefing publish` only: the output folder this build replaces,
    # whose unchanged pages and compressed copies it takes instead of making
    # them again (briefing.pelican.page_writer, briefing.pelican.precompress).
    "BRIEFING_PREVIOUS_OUTPUT": None,
    # Set to False by `briefing check` only: the build reads and processes
    # every item, where content problems are found, and writes no page or
    # feed (briefing.pelican.page_writer), so no search index, compressed
    # copies or _headers either: those are made from the pages.
    "BRIEFING_WRITE_PAGES": True,
    # Full-text search (briefing.pelican.search): a Pagefind index of every
    # listed item in BRIEFING_SEARCH_BUNDLE (a folder under the output
    # folder), the search page and the header's search box.  False: none of them.
    "BRIEFING_SEARCH": True,
    "BRIEFING_SEARCH_BUNDLE": "pagefind",
    # The index is cut into shards of whole days of at most this many items
    # (briefing.search.shards), indexed one per core: Pagefind needs about
    # 0.4 MB of memory an item of a shard, and a search fetches a little of
    # every shard.
    "BRIEFING_SEARCH_SHARD_ITEMS": 250,
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    # For the servers and CDNs a public build goes to (publishconf.py turns
    # both on): .gz and .br copies of text files (briefing.pelican.precompress)
    # and the _headers file of Netlify / Cloudflare Pages
    # (briefing.pelican.http_headers); "" writes no _headers.
    "BRIEFING_PRECOMPRESS": False,
    "BRIEFING_HEADERS_SAVE_AS": "",
    # Files whose names carry a hash of their content, so they never change:
    # _headers gives them a year's cache lifetime.  Patterns under the output
    # folder, at most one "*" each (Cloudflare Pages allows no more).  The
    # search index's own hashed files need no entry here.
    "BRIEFING_HASHED_FILES": [],
    # Cool addresses (briefing.pelican.redirects): the ledger of published
    # addresses, read to redirect each old address ("" = none; briefing
    # publish and check take it from --ledger), the file briefing publish
    # writes the next ledger to, and the host files: _redirects for Netlify /
    # Cloudflare Pages and the nginx map (publishconf.py names both).
    "BRIEFING_ADDRESS_LEDGER": "",
    "BRIEFING_ADDRESS_LEDGER_NEXT": "",
    "BRIEFING_REDIRECTS_SAVE_AS": "",
    "BRIEFING_NGINX_REDIRECTS_SAVE_AS": "",
    # The theme's look and wording (docs/theming.md).  Stylesheets: paths
    # under the output folder (such as "extra/colours.css", from
    # content/extra/), linked after the theme's own, so they can change its
    # colour custom properties.  The logo: an image path, shown before the
    # site's name.
    "BRIEFING_STYLESHEETS": [],
    "BRIEFING_LOGO": "",
    # The theme's labels, headings and navigation (briefing.wording): only
    # the words this site changes; apply_defaults merges them over English.
    "BRIEFING_WORDING": {},
    "BRIEFING_SEARCH_LABEL": "Search the briefing",
    "BRIEFING_FOLLOW_TEXT": "Follow the briefing",
    # The footer's first line, in HTML (the site's own settings are trusted,
    # unlike article text): a link may go in it.  "" leaves it out.
    "BRIEFING_FOOTER_NOTE": "Article texts are quoted from their sources; "
                            "editor's notes are our own.",
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

#: A header field's name as the content format reads it (briefing.content.contract).
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
    try:
        settings["BRIEFING_WORDING"] = merged_wording(settings["BRIEFING_WORDING"])
    except WordingError as error:
        raise SettingsError(str(error)) from None
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
                           "briefing.pelican.feeds writes the feeds (got %r)",
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
    _validate_theme(settings)


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


def _validate_theme(settings: dict) -> None:
    """The theme's settings are text, or paths under the output folder."""
    for key in ("BRIEFING_LOGO", "BRIEFING_SEARCH_LABEL", "BRIEFING_FOLLOW_TEXT",
                "BRIEFING_FOOTER_NOTE"):
        if not isinstance(settings[key], str):
            raise SettingsError(f"{key}: must be text (got {settings[key]!r})")
    sheets = settings["BRIEFING_STYLESHEETS"]
    if not isinstance(sheets, list | tuple) or not all(
            isinstance(sheet, str) and sheet and not sheet.startswith("/") and "://" not in sheet
            for sheet in sheets):
        raise SettingsError("BRIEFING_STYLESHEETS: must list paths under the output folder, "
                            f"such as 'extra/colours.css' (got {sheets!r})")
    logo = settings["BRIEFING_LOGO"]
    if logo.startswith("/") or "://" in logo:
        raise SettingsError("BRIEFING_LOGO: must be a path under the output folder, "
                            f"such as 'extra/logo.svg' (got {logo!r})")


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
