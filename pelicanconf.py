"""Site settings for building the briefing locally (``make html``, ``make devserver``).

``publishconf.py`` imports these and changes only what a public build needs.
Keep every value plain data: Pelican pickles settings with its content cache.
"""

AUTHOR = "The Briefing desk"
SITENAME = "The Briefing"
SITE_DESCRIPTION = "A daily briefing on intelligence, geopolitics, technology and the economy."
SITEURL = "http://127.0.0.1:8000"
RELATIVE_URLS = False

PATH = "content"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "en"
DEFAULT_CATEGORY = "Briefing"
THEME = "theme"
USE_FOLDER_AS_CATEGORY = False  # folders are the editors' filing, not sections

# Our plugins, in pipeline order (see briefing/plugins/__init__.py).
PLUGINS = [
    "briefing.plugins.site_settings",
    "briefing.plugins.page_writer",
    "briefing.plugins.previews",  # drafts' previews: development builds only
    "briefing.plugins.item_reader",
    "briefing.plugins.period_archives",
    "briefing.plugins.slugs",
    "briefing.plugins.tags",
    "briefing.plugins.feed_ids",
    "briefing.plugins.editions",
    "briefing.plugins.related",
    "briefing.plugins.corrections",
    "briefing.plugins.feeds",
    "briefing.plugins.sitemap",
    "briefing.plugins.search",  # reads the written pages: after page_writer
    # Publish-time extras for servers and CDNs; they read the finished output,
    # so they stay after every plugin that writes files, precompress last.
    "briefing.plugins.redirects",  # old addresses: after every page is written
    "briefing.plugins.http_headers",
    "briefing.plugins.precompress",
]

# Never changes once the site is public: it seeds every item's feed id.
BRIEFING_SITE_ID = "the-briefing"

# `make import` drops a pasted web page's boilerplate (share and follow lines,
# "Read more: ..." teasers, cookie and newsletter prompts) by the rules in
# briefing/import_rules.py. Add this site's own: regular expressions, each
# matched (ignoring case) against a whole line of at most 160 characters,
# e.g. [r"From our partners", r"Brought to you by .*"].
BRIEFING_IMPORT_BOILERPLATE = []
# Headings that take the short headline-like lines after them (a list of
# links to other articles), e.g. [r"More from the Ledger"]; and photo
# agencies whose credit ends a caption ("... / Ledger Pictures").
BRIEFING_IMPORT_LIST_HEADINGS = []
BRIEFING_IMPORT_CREDITS = []
# `make import URL=https://...`: seconds for the whole fetch, largest page (bytes).
BRIEFING_IMPORT_TIMEOUT = 20
BRIEFING_IMPORT_MAX_BYTES = 5 * 1024 * 1024

# Content layout: items anywhere under content/, pages and edition notes apart.
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "editions", "extra"]
PAGE_EXCLUDES = ["editions", "extra"]
STATIC_PATHS = ["extra"]
EXTRA_PATH_METADATA = {}
FILENAME_METADATA = ""  # a missing Date is an error, not taken from the file name
FORMATTED_FIELDS = []  # Summary is one line of text, never rendered as Markdown
ARTICLE_TRANSLATION_ID = None  # a Farsi item is an item, not a translation
PAGE_TRANSLATION_ID = None
WITH_FUTURE_DATES = False  # future-dated items stay drafts until their time
CACHE_CONTENT = False  # Pelican's own cache: ours (below) also keeps problems
# What the reader made of each file, and which pages the last build wrote
# (briefing/read_cache.py, briefing/plugins/page_writer.py): a rebuild reads
# and renders only what changed.  `make clean` empties it.
CACHE_PATH = "cache"

MARKDOWN = {
    "extensions": ["markdown.extensions.extra"],
    "extension_configs": {"briefing.markdown_extensions.editor_notes": {}},
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

# Feeds: Pelican's own writer is off; briefing.plugins.feeds writes them.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50
# Which feeds exist and where: BRIEFING_*FEED* in briefing/settings.py.
# An outlet's own RSS feed, named in each of its items' RSS <source> element.
BRIEFING_SOURCE_FEEDS = {"RT": "https://www.rt.com/rss/"}

# Templates print metadata as text: autoescape on, HTML fields are Markup.
# Every build (the devserver's too) makes its own environment, so a template
# cannot change under it: no auto_reload, which looked up each included
# template's file time again on every page.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                     "extensions": [], "auto_reload": False}

# The e-mail edition (make newsletter, make send-newsletter; docs/newsletter.md):
# who it comes from, and where readers unsubscribe (List-Unsubscribe; an https
# URL also gets one-click List-Unsubscribe-Post). An edition is complete, for
# e-mail and the editions feed, when its note says "Closed: yes", at
# BRIEFING_EDITION_CLOSES ("HH:MM" on the site's clock) or, unset, at midnight.
BRIEFING_NEWSLETTER_FROM = "The Briefing <desk@briefing.example>"
BRIEFING_NEWSLETTER_UNSUBSCRIBE = ["mailto:unsubscribe@briefing.example?subject=unsubscribe",
                                   "https://briefing.example/unsubscribe"]
BRIEFING_EDITION_CLOSES = None
