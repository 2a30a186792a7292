"""Run one Pelican build in-process and collect every problem it logs.

``briefing check`` and ``briefing publish`` share this: the same reader and
plugins that build the site also validate it, so the check can never
disagree with the build.  Problems are gathered rather than fatal, so an
editor sees all of them at once.  Given a stream, a long build reports its
progress there (:mod:`briefing.pelican.progress`).
"""

from __future__ import annotations

import gc
import logging
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator
from pelican.log import console
from pelican.settings import read_settings

from briefing.build.cache_log import LOGGER_NAME as CACHE_LOGGER
from briefing.compat import forget_logged_warnings, forget_memoized
from briefing.content import source_files as content_files
from briefing.content.edition_rules import open_notice
from briefing.pelican import build_state
from briefing.pelican.editions import EditionsGenerator
from briefing.pelican.feeds import FeedsGenerator
from briefing.pelican.progress import Progress, count_items
from briefing.pelican.tally import Tally


@dataclass
class BuildReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Caches that repaired themselves (:mod:`briefing.build.cache_log`): reported,
    #: never counted as problems.
    cache_repairs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    items: int = 0
    editions: int = 0
    tags: int = 0
    feeds: int = 0
    #: Output files rendered again and kept from the last build (page_writer).
    rendered: int = 0
    kept: int = 0
    #: Outputs of the last build checked by all they read, their entities
    #: having changed (the rest by their skeletons; page_writer).
    checked_whole: int = 0
    #: Every file read and what became of it (:mod:`briefing.pelican.tally`).
    tally: Tally = field(default_factory=Tally)
    #: A line for each open edition (briefing.content.edition_rules): not a problem.
    open_editions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, generators) -> None:
        """Receiver of ``all_generators_finalized``: what the build will write."""
        self.tally.add(generators)
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                self.items, self.tags = len(generator.articles), len(generator.tags)
            elif isinstance(generator, EditionsGenerator):
                self.editions = len(generator.editions)
                self.open_editions = [open_notice(edition.date, edition.closing)
                                      for edition in generator.editions if not edition.closed]
            elif isinstance(generator, FeedsGenerator):
                self.feeds = len(generator.feed_paths)


class _Collector(logging.Handler):
    """Keeps the text of every warning and error logged during a build."""

    def __init__(self, report: BuildReport):
        super().__init__(logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # Pelican logs "Could not process <file>" inside its except block and
        # shows the exception only in debug mode; the handler runs in that
        # block too, so the exception is still at hand.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if error is not None and record.name.startswith("pelican"):
            message = f"{message}: {type(error).__name__}: {error}"
        if record.name == CACHE_LOGGER and record.levelno < logging.ERROR:
            target = self.report.cache_repairs
        elif record.levelno >= logging.ERROR:
            target = self.report.errors
        else:
            target = self.report.warnings
        if message not in target:
            target.append(message)


def read_site_settings(settings_file: str, overrides: dict | None = None) -> dict:
    """A site's settings as Pelican reads them, for commands that need a value
    (the importer, the devserver's watch list) without building."""
    return read_settings(settings_file, override=dict(overrides or {}))


def preflight(settings_file: str, content: str | None = None) -> str | None:
    """Why a command cannot start at all, in one line, or None."""
    if not Path(settings_file).is_file():
        return (f"{settings_file}: settings file not found (run the command in the "
                "project folder, or name the file with -s)")
    if content is not None and not Path(content).is_dir():
        return f"{content}: content folder not found"
    return None


def failure(error: Exception, limit: int = 300) -> str:
    """One short line for a build that stopped: no traceback, no page-long path."""
    if isinstance(error, OSError) and error.filename:
        text = f"{error.strerror}: {error.filename}"
    else:
        text = f"{type(error).__name__}: {error}"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"build failed: {text}"


def forget_earlier_builds() -> None:
    """Let this build start from nothing an earlier build in this process left.

    Pelican's ``LimitFilter`` drops a warning whose text it has seen before,
    in class-level sets that live as long as the process: without this, the
    devserver's second build (or a test's) would hide repeated problems.
    And Pelican remembers each item's content and summary in class-level
    tables, which would keep every earlier build's items in memory.
    """
    forget_logged_warnings()
    forget_memoized()


@contextmanager
def fewer_collections():
    """Run the garbage collector less often while a build runs.

    A build makes millions of objects that all live until it ends (items,
    their metadata, templates' output), so the collector's default pace
    scans the same survivors over and over: about a tenth of a large build.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@contextmanager
def collected(report: BuildReport):
    """Gather into ``report`` every warning and error logged meanwhile, rather
    than let them reach the terminal one by one."""
    collector = _Collector(report)
    root = logging.getLogger()
    root.addHandler(collector)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    try:
        yield report
    finally:
        root.removeHandler(collector)


def build(settings_file: str, output: Path, overrides: dict | None = None,
          progress: TextIO | None = None) -> BuildReport:
    """Build the site described by ``settings_file`` into ``output``.

    With a ``progress`` stream, a long build reports how far it got there.
    """
    report = BuildReport()
    problem = preflight(settings_file)
    if problem:
        report.errors.append(problem)
        return report
    with collected(report):
        return _build(settings_file, output, overrides, progress, report)


def _build(settings_file: str, output: Path, overrides: dict | None,
           progress: TextIO | None, report: BuildReport) -> BuildReport:
    """:func:`build`, its problems being collected into ``report``."""
    forget_earlier_builds()
    started = time.perf_counter()
    tracker = None
    was_quiet, console.quiet = console.quiet, True  # our summary replaces Pelican's "Done"
    try:
        settings = read_settings(settings_file, override={
            "OUTPUT_PATH": str(output), "DELETE_OUTPUT_DIRECTORY": False, **(overrides or {})})
        problem = preflight(settings_file, settings["PATH"])
        if problem:
            report.errors.append(problem)
            return report
        # Before Pelican, which passes over what it cannot read and follows loops.
        unreadable = content_files.problems(settings["PATH"], settings["IGNORE_FILES"])
        if unreadable:
            report.errors.extend(str(problem) for problem in unreadable)
            return report
        signals.all_generators_finalized.connect(report.count)
        if progress is not None:
            tracker = Progress(progress, count_items(settings))
            tracker.start()
        with fewer_collections():
            Pelican(settings).run()
        written = build_state.current()
        report.rendered, report.kept = written.outputs_made, written.outputs_kept
        report.checked_whole = written.outputs_checked_whole
    except Exception as error:
        report.errors.append(failure(error))
    finally:
        signals.all_generators_finalized.disconnect(report.count)
        if tracker is not None:
            tracker.stop()
        console.quiet = was_quiet
        report.seconds = time.perf_counter() - started
    return report


def read_editions_of(settings_file: str, overrides: dict) -> tuple[BuildReport, dict]:
    """Check and read a site without writing a page: the report, and its
    editions (newest first) and settings, if the build got that far
    (``{"editions": ..., "settings": ...}``)."""
    found: dict = {}

    def keep(generators) -> None:
        for generator in generators:
            if isinstance(generator, EditionsGenerator):
                found["editions"], found["settings"] = generator.editions, generator.settings

    signals.all_generators_finalized.connect(keep)
    try:
        with tempfile.TemporaryDirectory(prefix="briefing-read-") as scratch:
            report = build(settings_file, Path(scratch), overrides, progress=sys.stderr)
    finally:
        signals.all_generators_finalized.disconnect(keep)
    return report, found
