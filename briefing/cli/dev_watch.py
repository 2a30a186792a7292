"""The devserver's watcher and reloads, on livereload's server.

livereload's own watcher walks every watched folder every 0.8 s (on an
archive of thousands of items, a tenth of a core all day, and a save seen
0.4 s late on average), runs a task per folder, and then reloads the
browser itself, at most once every three seconds.  The devserver needs
each saved file by name (to show that item's page first), two reloads per
save (after each phase), and a save noticed at once: :class:`SaveWatcher`
has the system say what changed (watchfiles, which Pelican already
brings: inotify on Linux), hands every changed file to a function, and
leaves the reloading to :meth:`SaveWatcher.reload`, which any thread may
call.

Imported only when the devserver starts: livereload brings Tornado.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import watchfiles
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

#: How long to wait for more changes after one (ms): an editor's save is
#: often several (a temporary file, a rename).
SETTLE_MS = 50


class SaveWatcher(Watcher):
    """Tells ``saved`` each file changed, added or removed under ``paths``."""

    def __init__(self, paths: list[str], saved: Callable[[str], None]):
        super().__init__()
        self.paths = paths
        self._saved = saved
        self._loop: IOLoop | None = None
        #: Set, it stops the watching thread.
        self.stopped = threading.Event()

    def watch_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self._tell_changes, name="watch", daemon=True)
        thread.start()
        return thread

    def _tell_changes(self) -> None:
        paths = [path for path in self.paths if os.path.exists(path)]
        for path in sorted(set(self.paths) - set(paths)):
            print(f"devserver: not watching {path}: not found", flush=True)
        try:
            self._tell(paths, polling=False)
        except OSError as error:  # the system's watches used up, or none at all
            print(f"devserver: looking for changes every 0.3 s ({error})", flush=True)
            self._tell(paths, polling=True)

    def _tell(self, paths: list[str], polling: bool) -> None:
        for changes in watchfiles.watch(*paths, step=SETTLE_MS, raise_interrupt=False,
                                        force_polling=polling, stop_event=self.stopped):
            for path in sorted(lasting(changes)):
                self._saved(path)

    def start(self, callback) -> bool:
        """livereload's start: no polling (the system tells), only the loop to reload on."""
        self._loop = IOLoop.current()
        return True

    def examine(self):
        return None, None  # nothing for livereload to reload by itself

    def reload(self) -> None:
        """Have open pages reload (from any thread)."""
        if self._loop is not None:
            self._loop.add_callback(LiveReloadHandler.reload_waiters, "*")


def lasting(changes: set[tuple[watchfiles.Change, str]]) -> set[str]:
    """The paths changed, less those made and removed again within the same
    moment (an editor's temporary files), which change nothing."""
    added = {path for change, path in changes if change == watchfiles.Change.added}
    deleted = {path for change, path in changes if change == watchfiles.Change.deleted}
    return {path for _, path in changes} - {path for path in added & deleted
                                            if not os.path.lexists(path)}
