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


#: How much of the reason a line shows (SQLite's can run to pages).
REASON_LENGTH = 200


def rebuilt(what: str, why: object) -> None:
    """Say, in one line, that ``what`` was found damaged (``why``) and is made again."""
    reason = " ".join(str(why).split())
    if len(reason) > REASON_LENGTH:
        reason = reason[:REASON_LENGTH - 1] + "…"
    logger.warning("cache: %s damaged (%s), rebuilt", what, reason)
