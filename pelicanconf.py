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
# briefing/import_rules.py. Add this site's own: regular expressions, each
# matched (ignoring case) against a whole line of at most 160 characters,
# e.g. [r"Listen to this article", r"Updated \d+ hours? ago"].
BRIEFING_IMPORT_BOILERPLATE = []

# Which feeds exist and where: BRIEFING_*FEED* in briefing/settings.py.
# An outlet's own RSS feed, named in each of its items' RSS <source> element.
BRIEFING_SOURCE_FEEDS = {"RT": "https://www.rt.com/rss/"}
