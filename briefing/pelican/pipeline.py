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
- ``restored_items`` after the reader, whose keys of the files it takes,
  and first on ``article_generator_pretaxonomy``: it saves the items as
  made, before any later receiver changes them.
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
    "briefing.pelican.build_state",
    "briefing.pelican.site_settings",
    "briefing.pelican.theme_templates",
    "briefing.pelican.page_writer",
    "briefing.pelican.previews",
    "briefing.pelican.item_reader",
    "briefing.pelican.restored_items",
    "briefing.pelican.period_archives",
    "briefing.pelican.slugs",
    "briefing.pelican.tags",
    "briefing.pelican.feed_ids",
    "briefing.pelican.editions",
    "briefing.pelican.related",
    "briefing.pelican.corrections",
    "briefing.pelican.feeds",
    "briefing.pelican.sitemap",
    "briefing.pelican.search",
    "briefing.pelican.redirects",
    "briefing.pelican.http_headers",
    "briefing.pelican.precompress",
)


def register() -> None:
    """Connect every module's receivers, in :data:`PIPELINE` order.

    Not caught: a module that cannot register stops the build here, where
    Pelican would only log it and build a site without it.
    """
    for name in PIPELINE:
        importlib.import_module(name).register()
