"""Where a cache says it repaired itself: one line, never a problem of the content.

The caches (:mod:`briefing.read_cache`, the page records of
:mod:`briefing.plugins.page_writer`, the search shards of
:mod:`briefing.plugins.search`) check what they load and drop what is
damaged, which the build then makes again.  Each such repair is logged here,
as ``cache: <what> damaged (<why>), rebuilt``: the build reports it
(:mod:`briefing.cli.build`), but it is not a warning about the content, so
it never fails ``--strict``.
"""

from __future__ import annotations

import logging

LOGGER_NAME = "briefing.cache"
logger = logging.getLogger(LOGGER_NAME)


def rebuilt(what: str, why: object, extra: str = "") -> None:
    """Say that ``what`` was found damaged (``why``) and is being made again."""
    logger.warning("cache: %s damaged (%s), rebuilt%s", what, why, extra)
