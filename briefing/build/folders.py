"""The folders of a publish's fresh output, made while the build reads.

A publish builds into a fresh folder and links the unchanged files of the
site it replaces into it; with an item's page in a folder of its own, that
is a folder to make for each item (tens of thousands on a large archive,
each costing more than the link it holds).  Nearly all are the replaced
site's folders again, and while the build reads its items on one core the
other waits: :class:`PreparedFolders` makes them there, in a process of its
own, and once the build is done removes those it left empty, so the output
holds what a build into an empty folder would.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from briefing.build.processes import Background


def folders_of(site: Path) -> list[str]:
    """Every folder under ``site``, relative to it, parents first."""
    found = []
    for folder, subfolders, _ in os.walk(site):
        relative = os.path.relpath(folder, site)
        found.extend(os.path.normpath(os.path.join(relative, name)) for name in subfolders)
    return found


def make_folders(root: Path, names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(FileExistsError):
            os.mkdir(root / name)


class PreparedFolders:
    """The replaced site's folders, made again in a new output in the background."""

    def __init__(self, previous: Path, new: Path):
        self.new = new
        can_fork = hasattr(os, "fork")
        self.names = folders_of(previous) if can_fork and previous.is_dir() else []
        self._maker = Background(lambda: make_folders(new, self.names)) if self.names else None

    def finish(self) -> None:
        """Wait for the folders, then remove those the build left empty."""
        if self._maker is not None:
            self._maker.finish()
            self._maker = None
        names, self.names = self.names, []
        for name in reversed(names):  # children before their parents
            with contextlib.suppress(OSError):  # not empty (or never made)
                os.rmdir(self.new / name)
