"""The one plugin: every Briefing plugin module, registered in pipeline order.

A site lists ``PLUGINS = ["briefing"]``; Pelican imports :mod:`briefing` and
calls its ``register()``, which calls :func:`register` here.  Each module in
:data:`PIPELINE` connects its own receivers (its ``register()``); Pelican's
signals call receivers in the order they were connected, so this tuple is
the order of the whole build, written once.  Adding a plugin module is one
line in :data:`PIPELINE`, at the place in the pipeline where it belongs.

Where the order matters:

- ``build_state`` first: it starts the one object a build's receivers share.
- ``site_settings`` next: it merges the defaults every other module reads;
  ``theme_templates`` then checks the theme has every template they call for.
- ``page_writer`` before anything that writes at ``finalized``: it flushes
  the pages still being rendered first.
- ``slugs``, ``tags``, ``feed_ids`` on ``article_generator_pretaxonomy``, in
  that order: tags reuse a slug's free-name rule.
- ``previews`` after ``page_writer`` and before the reader: it turns the
  drafts' preview pages off before anything is read, unless the build is a
  development one.
- ``search`` after ``page_writer``: it indexes the written pages.
- ``redirects`` after every plugin that writes pages: an old address gets a
  redirect page only where no current page stands.
- ``http_headers``, then ``precompress`` last: they read the finished output.
"""

from __future__ import annotations

import importlib

#: Every plugin module of the build, in the order their signals connect.
PIPELINE = (
    "briefing.plugins.build_state",
    "briefing.plugins.site_settings",
    "briefing.plugins.theme_templates",
    "briefing.plugins.page_writer",
    "briefing.plugins.previews",
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
    "briefing.plugins.search",
    "briefing.plugins.redirects",
    "briefing.plugins.http_headers",
    "briefing.plugins.precompress",
)


def register() -> None:
    """Connect every module's receivers, in :data:`PIPELINE` order.

    Not caught: a module that cannot register stops the build here, where
    Pelican would only log it and build a site without it.
    """
    for name in PIPELINE:
        importlib.import_module(name).register()
