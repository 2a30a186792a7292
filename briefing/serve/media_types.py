"""The media type of every file a feed reader or browser must not mistake: one table.

Servers guess a type from the last suffix only, so ``all.atom.xml`` would go
out as plain ``application/xml`` (or ``text/xml``) and ``all.json`` as
``application/json``; some readers then refuse the feed or guess its format.
Everything that names a type takes it from here: the feed files' self links
(:mod:`briefing.feeds.formats`), the pages' autodiscovery links
(``FEED_MEDIA_TYPES`` in the templates, :mod:`briefing.pelican.site_settings`),
the ``_headers`` file (:mod:`briefing.pelican.http_headers`), the S3 upload
(:mod:`briefing.deploy.s3`) and ``docs/nginx.conf`` (which a test compares
with this table).
"""

from __future__ import annotations

from fnmatch import fnmatchcase

#: Each feed format's one media type.
FEED_MEDIA_TYPES: dict[str, str] = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}

#: (pattern of a site-relative path, media type), most specific first: the
#: first pattern a path matches names its type.  The JSON Feed is told from
#: other JSON (the search index's) by its folder, ``feeds/`` as
#: ``BRIEFING_JSON_FEED`` has it.
MEDIA_TYPES: tuple[tuple[str, str], ...] = (
    ("*.atom.xml", FEED_MEDIA_TYPES["atom"]),
    ("*.rss.xml", FEED_MEDIA_TYPES["rss"]),
    ("*.atom", FEED_MEDIA_TYPES["atom"]),
    ("*.rss", FEED_MEDIA_TYPES["rss"]),
    ("feeds/*.json", FEED_MEDIA_TYPES["json"]),
    ("*.xml", "application/xml"),
    ("*.json", "application/json"),
)


def media_type(path: str) -> str | None:
    """The media type for the site-relative ``path``, or None to let the server guess."""
    path = path.lstrip("/")
    return next((kind for pattern, kind in MEDIA_TYPES if fnmatchcase(path, pattern)), None)


def narrower_patterns(pattern: str) -> list[str]:
    """The table's patterns of other types that ``pattern`` also matches.

    ``*.xml`` covers ``*.atom.xml``: a rule for ``*.xml`` must leave those out.
    """
    kind = dict(MEDIA_TYPES)[pattern]
    return [other for other, other_kind in MEDIA_TYPES
            if other_kind != kind and fnmatchcase(other, pattern)]
