"""Site settings for building the briefing locally (``make html``, ``make devserver``).

Briefing's engine settings come first (``briefing/settings.py``: content
layout, URLs, Markdown, the one plugin); this file sets only what this site
chooses.  ``publishconf.py`` imports these and changes only what a public
build needs.  Keep every value plain data: Pelican pickles settings with its
content cache.  docs/settings.md lists every setting.
"""

from briefing.settings import *  # noqa: F403

AUTHOR = "The Briefing desk"
SITENAME = "The Briefing"
SITE_DESCRIPTION = "A daily briefing on intelligence, geopolitics, technology and the economy."
SITEURL = "http://127.0.0.1:8000"

TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "en"
# This repository's site uses the theme's source folder (the installed
# package ships the same theme as its default).
THEME = "theme"

# Briefing's plugin is PLUGINS = ["briefing"], from briefing.settings.

# Never changes once the site is public: it seeds every item's feed id.
BRIEFING_SITE_ID = "the-briefing"

# `make import` drops a pasted web page's boilerplate (share and follow lines,
# "Read more: ..." teasers, cookie and newsletter prompts) by the rules in
# briefing/importing/rules.py. Add this site's own: regular expressions, each
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

# Which feeds exist and where: BRIEFING_*FEED* in briefing/settings.py.
# An outlet's own RSS feed, named in each of its items' RSS <source> element.
BRIEFING_SOURCE_FEEDS = {"RT": "https://www.rt.com/rss/"}

# The e-mail edition (make newsletter, make send-newsletter; docs/newsletter.md):
# who it comes from, and where readers unsubscribe (List-Unsubscribe; an https
# URL also gets one-click List-Unsubscribe-Post). An edition is complete, for
# e-mail and the editions feed, when its note says "Closed: yes", at
# BRIEFING_EDITION_CLOSES ("HH:MM" on the site's clock) or, unset, at midnight.
BRIEFING_NEWSLETTER_FROM = "The Briefing <desk@briefing.example>"
BRIEFING_NEWSLETTER_UNSUBSCRIBE = ["mailto:unsubscribe@briefing.example?subject=unsubscribe",
                                   "https://briefing.example/unsubscribe"]
BRIEFING_EDITION_CLOSES = None
