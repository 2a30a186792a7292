"""Progress of a long build: a line per phase, and one every few seconds.

A small site's build prints nothing: lines start only once a build has run
:data:`PROGRESS_AFTER` seconds.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TextIO

from pelican import signals
from pelican.contents import Article, Page

from briefing.pelican import build_state

#: Seconds a build runs quietly before it reports progress.
PROGRESS_AFTER = 2.0
#: Seconds between two progress lines.
PROGRESS_EVERY = 2.0


class Progress:
    """Says how far a long build got: items read, items processed, pages written.

    Pelican's signals move it from phase to phase and count (``content_object_init``,
    ``article_generator_pretaxonomy``, ``all_generators_finalized``,
    ``content_written``); a timer thread prints the current state every
    :data:`PROGRESS_EVERY` seconds, so a plugin that takes long between two
    signals still shows the build is alive.  Nothing is printed during the
    first :data:`PROGRESS_AFTER` seconds; after that, also a line at each new
    phase.
    """

    def __init__(self, stream: TextIO, total: int):
        self.stream, self.total = stream, total
        self.started = time.perf_counter()
        self.phase = "reading"
        self.read = self.written = 0
        #: Items taken whole from the last build, made without the signal:
        #: known once all are made.
        self.restored = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._timer = threading.Thread(target=self._every, name="briefing-progress", daemon=True)

    def line(self) -> str:
        read = self.read + self.restored
        if self.phase == "reading":
            done = f"read {read} of {self.total} items"
        elif self.phase == "processing":
            done = f"processing {read} items"
        else:
            done = f"writing: {self.written} pages written"
        return f"  {done} ({time.perf_counter() - self.started:.0f} s)"

    def show(self) -> None:
        if time.perf_counter() - self.started >= PROGRESS_AFTER:
            with self._lock:
                print(self.line(), file=self.stream, flush=True)

    def _every(self) -> None:
        if self._stop.wait(PROGRESS_AFTER):
            return
        while not self._stop.is_set():
            self.show()
            self._stop.wait(PROGRESS_EVERY)

    def _enter(self, phase: str) -> None:
        self.show()  # where the last phase ended
        self.phase = phase

    # signal receivers
    def item_read(self, content, **_) -> None:
        if isinstance(content, Article | Page):
            self.read += 1

    def processing(self, generator, **_) -> None:
        self.restored = build_state.current().items_restored
        self._enter("processing")

    def writing(self, generators, **_) -> None:
        self._enter("writing")

    def page_written(self, path, **_) -> None:
        self.written += 1

    def start(self) -> None:
        signals.content_object_init.connect(self.item_read)
        signals.article_generator_pretaxonomy.connect(self.processing)
        signals.all_generators_finalized.connect(self.writing)
        signals.content_written.connect(self.page_written)
        self._timer.start()

    def stop(self) -> None:
        self._stop.set()
        if self._timer.is_alive():
            self._timer.join()
        signals.content_object_init.disconnect(self.item_read)
        signals.article_generator_pretaxonomy.disconnect(self.processing)
        signals.all_generators_finalized.disconnect(self.writing)
        signals.content_written.disconnect(self.page_written)


def count_items(settings: dict) -> int:
    """How many item and page files the build will read (edition notes aside)."""
    content = Path(settings["PATH"])
    notes = content / settings.get("EDITIONS_PATH", "editions")
    extensions = {"md", "markdown", "mkd", "mdown"}
    return sum(1 for path in content.rglob("*")
               if path.suffix.lstrip(".") in extensions and not path.is_relative_to(notes))
