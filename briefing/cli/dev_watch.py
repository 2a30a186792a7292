"""The devserver's watcher and reloads, on livereload's server.

livereload's own watcher runs a task per watched folder and then reloads
the browser itself, at most once every three seconds, and looks for
changes every 0.8 s.  The devserver needs each saved file by name (to show
that item's page first), two reloads per save (after each phase), and a
save noticed soon: :class:`SaveWatcher` hands every changed file to a
function, looks four times a second, and leaves the reloading to
:meth:`SaveWatcher.reload`, which any thread may call.

Imported only when the devserver starts: livereload brings Tornado.
"""

from __future__ import annotations

from collections.abc import Callable

from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

#: How often the watched files are looked at, in milliseconds.
INTERVAL_MS = 250


class SaveWatcher(Watcher):
    """Tells ``saved`` each file changed, added or removed under the watched paths."""

    def __init__(self, saved: Callable[[str], None]):
        super().__init__()
        self._saved = saved
        self._loop: IOLoop | None = None

    def watch_all(self, paths: list[str]) -> None:
        for path in paths:
            self.watch(path, lambda: self._saved(self.filepath))

    def examine(self):
        """Look until nothing more changed (livereload's look stops at a folder's
        first change); answer "nothing" so that livereload does not reload."""
        while True:
            changed, _ = super().examine()
            if changed is None or changed == "__livereload__":  # the latter: at start
                return None, None

    def start(self, callback) -> bool:
        """Look every :data:`INTERVAL_MS` on the server's loop (livereload: 800 ms)."""
        self._loop = IOLoop.current()
        PeriodicCallback(callback, INTERVAL_MS).start()
        return True

    def reload(self) -> None:
        """Have open pages reload (from any thread)."""
        if self._loop is not None:
            self._loop.add_callback(LiveReloadHandler.reload_waiters, "*")
