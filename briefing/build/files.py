"""Putting one build's file into another without writing its bytes again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: Path, target: Path) -> None:
    """Put ``source`` at ``target``: a hard link, which costs neither time nor disk,
    else (another file system, links not allowed) a copy that keeps its time.

    Whatever was at ``target`` is replaced, never written through: it may be
    a link into another build's file.  Most targets are new, so the link is
    tried first rather than a removal that finds nothing.  A missing
    ``source``, or a missing folder for ``target``, raises
    :class:`FileNotFoundError`: a copy would find it missing too.
    """
    try:
        os.link(source, target)
    except FileExistsError:
        target.unlink()
        link_or_copy(source, target)
    except FileNotFoundError:
        raise
    except OSError:
        target.unlink(missing_ok=True)
        shutil.copy2(source, target)
