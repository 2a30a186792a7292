"""Where a cache says it repaired itself: one line, never a problem of the content.

The caches (:mod:`briefing.build.read_cache`, the page records of
:mod:`briefing.pelican.page_writer`, the search shards of
:mod:`briefing.pelican.search`) check what they load and drop what is
damaged, which the build then makes again.  Each such repair is logged here,
as ``cache: <what> damaged (<why>), rebuilt``: the build reports it
(:mod:`briefing.pelican.build`), but it is not a warning about the content, so
it never fails ``--strict``.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

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


def usable_folder(folder: Path, root: Path) -> Path:
    """``folder`` (inside the cache folder ``root``) as a folder, made if missing.

    Whatever else stands at its name or at a parent's up to ``root`` (a
    file, a dangling link: a damaged cache) is moved aside, as
    ``<name>.damaged``, and said so.
    """
    for path in [*reversed(folder.relative_to(root).parents), folder.relative_to(root)]:
        path = root / path
        if os.path.lexists(path) and not path.is_dir():
            damaged = path.with_name(path.name + ".damaged")
            if damaged.is_dir() and not damaged.is_symlink():
                shutil.rmtree(damaged)
            os.replace(path, damaged)
            rebuilt(f"cache folder {path}", f"not a folder; kept as {damaged.name}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
