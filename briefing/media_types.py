"""The media types a feed reader expects, by how a file's name ends.

Servers guess a type from the last suffix only, so ``all.atom.xml`` would go
out as plain ``application/xml`` (or ``text/xml``) and some readers then
refuse it or guess the format.  The ``_headers`` file
(:mod:`briefing.plugins.http_headers`), the S3 upload (:mod:`briefing.deploy.s3`)
and ``docs/nginx.conf`` all name the types in this table.
"""

from __future__ import annotations

#: (ending, media type), most specific first: ``.atom.xml`` before ``.xml``.
MEDIA_TYPES: tuple[tuple[str, str], ...] = (
    (".atom.xml", "application/atom+xml"),
    (".rss.xml", "application/rss+xml"),
    (".atom", "application/atom+xml"),
    (".rss", "application/rss+xml"),
    (".xml", "application/xml"),
    (".json", "application/json"),
)


def media_type(path: str) -> str | None:
    """The media type for ``path`` from :data:`MEDIA_TYPES`, or None to let the server guess."""
    return next((kind for ending, kind in MEDIA_TYPES if path.endswith(ending)), None)
