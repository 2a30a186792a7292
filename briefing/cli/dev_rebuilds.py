"""What the devserver does with each save: the saved item's page at once, then the site.

A save is answered in two phases (:mod:`briefing.pelican.quick_preview`):
the item's own page from the build kept in memory, when the change is one
that can be shown exactly; then the full incremental build, which is the
source of truth, and which keeps the site for the next save's first phase.
Each phase ends with the browser told to reload, and a line in the
terminal saying what was rebuilt and how long it took.

Saves are answered one change set at a time, in a thread of their own, so
the server goes on serving (the new page above all) while the site is
built: :meth:`Rebuilds.saved` only notes a file, and every file saved while
a build runs is answered, together, as soon as it ends.  No Pelican and no
livereload here: the watcher that calls :meth:`Rebuilds.saved` and the
reload are given.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from briefing.build.site_lock import SiteBusyError, hold
from briefing.cli.check import by_position, print_problems
from briefing.cli.dev_pages import DevPages
from briefing.content.contract import shown_path
from briefing.pelican.build import BuildReport, failure
from briefing.pelican.quick_preview import KeptSite, build_and_keep


class Rebuilds:
    """The devserver's builds of one site, and the build kept between them."""

    def __init__(self, settings_file: str, output: Path, overrides: dict, wait: float,
                 pages: DevPages | None = None, reload: Callable[[], None] = lambda: None):
        self.settings_file = settings_file
        self.output = output
        self.overrides = overrides
        self.wait = wait
        self.pages = pages
        self.reload = reload
        self.kept: KeptSite | None = None
        self._saved: set[str] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def build(self, what: str = "rebuilt") -> BuildReport | None:
        """The full incremental build (phase 2, and the first build), kept for
        the next save; None when another build of the site kept it busy."""
        self.kept = None  # not held in memory twice while the next one is made
        try:
            with hold(self.output, self.wait):
                report, self.kept = build_and_keep(self.settings_file, self.output,
                                                   self.overrides, progress=sys.stderr)
        except SiteBusyError as busy:
            print(f"not rebuilt: {busy}", flush=True)
            return None
        print_problems(report)
        if self.pages is not None:
            self.pages.problems = sorted(report.errors, key=by_position)
        print(f"{what}: {report.rendered} files rendered, {report.kept} kept, in "
              f"{report.seconds:.1f} s; {report.items} items; {report.tally.summary()}",
              flush=True)
        self.reload()
        return report

    def preview(self, paths: list[str]) -> bool:
        """Phase 1: the saved items' own pages, if that can be shown exactly now."""
        if self.kept is None:
            return False
        try:
            with hold(self.output, 0):  # never wait: phase 2 follows anyway
                shown = self.kept.show_saved(paths)
        except SiteBusyError:
            return False
        except Exception as error:  # whatever phase 1 missed, phase 2 reports
            print(f"no quick preview ({failure(error)}); rebuilding the site…", flush=True)
            return False
        if shown.refused:
            print(f"{shown.refused}; rebuilding the site…", flush=True)
            return False
        pages = "its page" if len(shown.pages) == 1 else f"{len(shown.pages)} pages"
        saved = ", ".join(shown_path(path) for path in paths)
        print(f"{saved}: {pages} again in {shown.seconds:.2f} s; now the rest of the site…",
              flush=True)
        self.reload()
        return True

    def settle(self, paths: list[str]) -> BuildReport | None:
        """Both phases for the files saved."""
        return self.build("the rest" if self.preview(paths) else "rebuilt")

    def saved(self, path: str) -> None:
        """Note a saved (or removed) file; the thread of :meth:`answer_saves` answers it."""
        with self._lock:
            self._saved.add(path)
        self._wake.set()

    def answer_saves(self) -> None:
        """Answer saves as they come, one change set at a time (a thread's work)."""
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                paths, self._saved = sorted(self._saved), set()
            if paths:
                self.settle(paths)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.answer_saves, name="rebuilds", daemon=True)
        thread.start()
        return thread
