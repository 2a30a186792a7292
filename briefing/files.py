"""Putting one build's file into another without writing its bytes again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: Path, target: Path) -> None:
    """Put ``source`` at ``target``: a hard link, which costs neither time nor disk,
    else (another file system, links not allowed) a copy that keeps its time."""
    target.unlink(missing_ok=True)  # never write through a link into another build's file
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
