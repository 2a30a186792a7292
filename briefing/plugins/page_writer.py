"""Pelican plugin: write only the pages that changed, on every core.

Pelican renders each page the moment a generator asks for it.  This
writer takes the request down instead, and when every generator is done
(``finalized``, before the plugins that read the finished output) it:

1. computes each output file's key (:mod:`briefing.page_keys`): a digest of
   the code, settings, templates and every value the page is made from;
2. for a key the previous build also wrote, whose files are still there
   unchanged (same size, time and inode as recorded), links those files
   into this build's output instead of rendering them;
3. renders the rest, shared among forked worker processes
   (:mod:`briefing.parallel`).

The record of what each key produced (the *manifest*) lives in
``CACHE_PATH/pages/``, one per published folder.  ``briefing publish``
builds into a fresh folder and names the folder it will replace in the
``BRIEFING_PREVIOUS_OUTPUT`` setting; a build into its own folder (``make
html``, the devserver) leaves unchanged files where they are.  A page is
reused only when its key and its recorded file both match, so a stale page
cannot survive: any doubt means rendering.  The manifest carries a digest
of its records: one that does not match, or cannot be read, is dropped
with one line (:mod:`briefing.cache_log`) and every page rendered; a
recorded file that cannot be linked or copied is rendered instead.

Feeds go through the same writer (:func:`write_later`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.writers import Writer

from briefing.cache_log import rebuilt, usable_folder
from briefing.compat import RecordingWriter
from briefing.files import link_or_copy
from briefing.page_keys import PageKeys, frame_digest, names_read_by
from briefing.parallel import fork_map
from briefing.plugins import build_state

logger = logging.getLogger(__name__)

#: Arguments Pelican splits into pages when no ``paginated`` is given.
_PAGINATED = frozenset({"articles", "dates"})

#: A recorded output file: path relative to the output, size, mtime (ns), inode.
Recorded = tuple[str, int, int, int]


@dataclass
class Job:
    """One requested output: how to key it and how to produce its files."""

    name: str
    key_of: Callable[[PageKeys], str]
    produce: Callable[[], None]
    override: bool = False
    #: Written apart from the pages, by worker processes only (see
    #: :meth:`PageWriter.flush`).
    apart: bool = False


class Manifest:
    """Which files each page key produced in the build of one published folder."""

    def __init__(self, path: Path, entries: dict[str, list[Recorded]]):
        self.path = path
        self.entries = entries

    @classmethod
    def load(cls, cache_path: str, published: Path) -> Manifest:
        name = hashlib.sha256(str(published).encode()).hexdigest()[:16]
        path = Path(cache_path) / "pages" / f"{name}.json"
        try:
            text = path.read_text("utf-8")
        except (FileNotFoundError, NotADirectoryError):  # a first build (or see save)
            return cls(path, {})
        except (OSError, ValueError) as error:
            rebuilt(f"page records {path}", error)
            return cls(path, {})
        try:
            stored = json.loads(text)
            entries = stored["pages"]
            if stored["digest"] != _records_digest(entries):
                raise ValueError("its digest does not match")
            if not all(isinstance(files, list) and all(len(file) == 4 for file in files)
                       for files in entries.values()):
                raise ValueError("a record is not a list of files")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            rebuilt(f"page records {path}", error)
            entries = {}
        return cls(path, entries)

    def unchanged(self, key: str, root: Path) -> list[str] | None:
        """The files ``key`` produced, if every one is still as recorded under ``root``."""
        recorded = self.entries.get(key)
        if not recorded:
            return None
        for name, size, mtime, inode in recorded:
            try:
                found = os.stat(root / name)
            except OSError:
                return None
            if (found.st_size, found.st_mtime_ns, found.st_ino) != (size, mtime, inode):
                return None
        return [entry[0] for entry in recorded]

    def save(self, entries: dict[str, list[Recorded]]) -> None:
        usable_folder(self.path.parent, self.path.parent.parent)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"pages": entries, "digest": _records_digest(entries)},
                                        sort_keys=True), "utf-8")
        os.replace(temporary, self.path)


def _records_digest(entries: dict) -> str:
    return hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()


class PageWriter(RecordingWriter):
    """Pelican's writer, deferring every page to :meth:`flush`."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._jobs: dict[str, Job] = {}
        self._produced: list[str] | None = None
        build_state.current().pending_writers.append(self)

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        if not name:
            return
        names = names_read_by(template)
        # What the template can read (Pelican passes more, such as every item
        # to each tag page), and the lists Pelican paginates.
        arguments = {argument: value for argument, value in kwargs.items()
                     if argument in names or argument in _PAGINATED or "*" in names}
        arguments.update({"(name)": name, "(paginated)": paginated,
                          "(relative_urls)": relative_urls,
                          "(template_name)": template_name, "(url)": url})
        self.add(Job(
            name,
            lambda keys: keys.key(template.name, arguments, context, names),
            partial(Writer.write_file, self, name, template, context, relative_urls,
                    paginated, template_name, override_output, url, **kwargs),
            override_output))

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write a file the site's generators produce themselves (feeds)."""
        path = os.path.join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.opened(path)
        with open(path, "wb") as stream:
            stream.write(data)

    def add(self, job: Job) -> None:
        earlier = self._jobs.get(job.name)
        if earlier is not None:
            if earlier.override and not job.override:
                logger.info('Skipping "%s", not overwriting', job.name)
                return
            if not job.override:
                logger.warning('"%s" is written twice; the later page wins', job.name)
        self._jobs[job.name] = job

    def opened(self, path: str) -> None:
        if self._produced is not None:
            self._produced.append(os.path.relpath(path, self.output_path))

    def flush(self) -> None:
        """Reuse what is unchanged, render the rest, remember what was written.

        The jobs are shared among the worker processes whole: keying a page
        costs about as much as deciding on it, so both run in parallel.
        Feeds are written apart, in a round before the pages and by forked
        workers alone: writing them holds the entry of every item they list
        (about 25 MiB at 5,000 items), which then ends with the
        workers instead of staying in this process while it renders pages.
        """
        if not self.settings["BRIEFING_WRITE_PAGES"]:  # briefing check: nothing to write
            self._jobs.clear()
            return
        previous = Path(self.settings.get("BRIEFING_PREVIOUS_OUTPUT") or self.output_path)
        manifest = Manifest.load(self.settings["CACHE_PATH"], previous.resolve())
        frame = frame_digest(self.settings, _template_folders(self.settings))
        settle = partial(self._settle, manifest, previous, frame)
        jobs = list(self._jobs.values())
        self._jobs.clear()
        produced: dict[str, list[str]] = {}
        for apart in (True, False):
            for share in fork_map(settle, [job for job in jobs if job.apart == apart],
                                  parent_works=not apart):
                produced.update(share)
        output = Path(self.output_path)
        manifest.save({key: [_recorded(output, name) for name in names]
                       for key, names in produced.items()})

    def _settle(self, manifest: Manifest, previous: Path, frame: str,
                jobs: list[Job]) -> dict[str, list[str]]:
        """Key each job; take its files from ``previous`` if unchanged, else render."""
        keys = PageKeys(frame)
        output = Path(self.output_path)
        produced = {}
        for job in jobs:
            key = job.key_of(keys)
            unchanged = manifest.unchanged(key, previous)
            if unchanged is not None:
                try:
                    for name in unchanged:
                        _place(previous / name, output / name)
                except OSError:  # not readable, say: render it instead
                    unchanged = None
            if unchanged is None:
                self._produced = []
                job.produce()
                unchanged, self._produced = self._produced, None
                for name in unchanged:
                    _keep_if_identical(previous / name, output / name)
            produced[key] = unchanged
        return produced


def write_later(writer, name: str, key_of: Callable[[PageKeys], str],
                produce: Callable[[], bytes]) -> None:
    """Have ``writer`` write ``produce()``'s bytes to ``name``, only if its key changed."""
    if not isinstance(writer, PageWriter):
        path = Path(writer.output_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(produce())
        return
    writer.add(Job(name, key_of, lambda: writer.write_bytes(name, produce()), apart=True))


def _template_folders(settings: dict) -> list[str]:
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", []),
            os.path.join(settings["THEME"], "templates")]


def _place(source: Path, target: Path) -> None:
    """Put last build's unchanged file into this build: a hard link, else a copy."""
    if source == target:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, target)


def _keep_if_identical(previous: Path, rendered: Path) -> None:
    """Keep last build's file where rendering gave the very same bytes.

    A page's key changes more often than its bytes (a template edit that
    touches one block re-renders every page).  Keeping the old file keeps
    its time, so uploads that go by time (``aws s3 sync``) skip it, and the
    next build can reuse it.
    """
    if previous == rendered:
        return
    try:
        same = (previous.stat().st_size == rendered.stat().st_size
                and previous.read_bytes() == rendered.read_bytes())
    except OSError:  # nothing there last time, or not readable
        return
    if same:
        temporary = rendered.with_name(f".{rendered.name}.previous")
        try:
            _place(previous, temporary)
        except OSError:
            temporary.unlink(missing_ok=True)
            return  # keep the rendered file
        os.replace(temporary, rendered)


def _recorded(root: Path, name: str) -> Recorded:
    found = os.stat(root / name)
    return (name, found.st_size, found.st_mtime_ns, found.st_ino)


def flush_pending(_pelican) -> None:
    pending = build_state.current().pending_writers
    while pending:
        pending.pop(0).flush()


def use_page_writer(_pelican):
    return PageWriter


def register() -> None:
    signals.get_writer.connect(use_page_writer)
    signals.finalized.connect(flush_pending)
