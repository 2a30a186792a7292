"""Pelican plugin: write only the output files that changed, on every core.

Pelican renders each page the moment a generator asks for it.  This
writer takes the request down instead, one job per output file (each page
of a paginated list its own), and when every generator is done
(``finalized``, before the plugins that read the finished output) it
settles each job, shared among forked worker processes
(:mod:`briefing.build.parallel`):

1. a page is reused if the previous build wrote it in the same frame
   (:mod:`briefing.build.output_frame`: code, settings, templates), its file is
   still there unchanged (same size, time and inode as recorded), and every
   operation its rendering performed on its template context gives the same
   result on this build's context (:mod:`briefing.build.render_trace`); a feed if
   its key, a digest of the data it is written from, is the same;
2. a reused file is linked from the previous build into this one;
3. anything else is rendered again, its template's reads recorded anew.

The record of what each output file was made from (its trace or key, and
its file as written) lives in ``CACHE_PATH/pages/``, one SQLite file per
published folder (:class:`OutputRecord`).  ``briefing publish`` builds
into a fresh folder and names the folder it will replace in the
``BRIEFING_PREVIOUS_OUTPUT`` setting; a build into its own folder (``make
html``, the devserver) leaves unchanged files where they are.  Any doubt
means rendering: a record that cannot be read, a frame that differs, a
trace tainted by a call of something not known to be pure, a plugin or
Jinja extension of the site's own.  A damaged record is dropped with one
line (:mod:`briefing.build.cache_log`) and every page rendered.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from briefing.build.cache_log import rebuilt, usable_folder
from briefing.build.entity_state import SteadyEntities, found_entities, states, with_steps
from briefing.build.files import link_or_copy
from briefing.build.output_frame import UNTRACKED, frame_digest, untracked_code
from briefing.build.parallel import fork_map
from briefing.build.read_cache import UNREAD_SETTINGS
from briefing.build.render_trace import (
    Skeleton,
    Trace,
    instrument,
    register_entity,
    render,
    replays,
    skeleton,
)
from briefing.compat import RecordingWriter
from briefing.pelican import build_state
from briefing.pelican.list_pages import page_arguments, per_page
from briefing.serve.precompression import copy_suffixes, place_with_copies

logger = logging.getLogger(__name__)

#: Arguments Pelican splits into pages when no ``paginated`` is given.
_PAGINATED = frozenset({"articles", "dates"})

#: A recorded output file: path relative to the output, size, mtime (ns), inode.
Recorded = tuple[str, int, int, int]


class Job:
    """One output file: whether last build's may stay, and how to make it again."""

    apart = False  # written apart from the pages, by worker processes only

    def __init__(self, name: str, override: bool = False):
        self.name = name
        self.override = override

    def reusable(self, stored) -> bool:
        """Whether ``stored`` (what :meth:`produce` returned last build) still holds."""
        raise NotImplementedError

    def produce(self, writer: PageWriter):
        """Write the file; return what the record keeps of it."""
        raise NotImplementedError


class PageJob(Job):
    """A page rendered from a template and its context."""

    def __init__(self, name: str, template, context: dict, localcontext: Callable[[], dict],
                 override: bool, memo: dict):
        super().__init__(name, override)
        self.template = template
        self.context = context
        self._localcontext = localcontext
        self._memo = memo  # the writer's, for the build: see replays()

    def _prepared(self) -> dict:
        localcontext = self._localcontext()
        # As Pelican does: contents adjust their links to the page's own site URL.
        if localcontext["localsiteurl"]:
            self.context["localsiteurl"] = localcontext["localsiteurl"]
        return localcontext

    def reusable(self, stored, entities: dict | None = None) -> bool:
        return replays(stored, self._prepared(), self._memo, entities)

    def text(self, writer: PageWriter) -> str:
        """The page as it renders now, written nowhere (the devserver's quick preview)."""
        return render(self.template, self._prepared(), writer.frame_values)[0]

    def produce(self, writer: PageWriter):
        localcontext = self._prepared()
        output, trace = render(self.template, localcontext, writer.frame_values)
        path = sanitised_join(writer.output_path, self.name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with writer.open_for_writing(path, "utf-8", override=self.override) as stream:
            stream.write(output)
        logger.info('Writing "%s"', path)
        signals.content_written.send(path, context=localcontext)
        return trace


class BytesJob(Job):
    """A file whose bytes a function makes from data a key digests (feeds)."""

    apart = True

    def __init__(self, name: str, key_of: Callable[[], str], data: Callable[[], bytes]):
        super().__init__(name)
        self._key_of = key_of
        self._data = data
        self._key: str | None = None

    def key(self) -> str:
        if self._key is None:
            self._key = self._key_of()
        return self._key

    def reusable(self, stored) -> bool:
        return stored == self.key()

    def produce(self, writer: PageWriter):
        writer.write_bytes(self.name, self._data())
        return self.key()


class OutputRecord:
    """What each output file of the build of one published folder was made from.

    Rows of ``CACHE_PATH/pages/<folder>.sqlite3``: an output's name, its
    files as written, its trace's skeleton, and its trace or key (each
    pickled, each row's parts under digests of their own: a kept page
    whose entities kept their states loads its skeleton only); and the
    state of each entity, with the steps the states are made of
    (:mod:`briefing.build.entity_state`).  Each process reads through a
    connection of its own; only the building process writes, in one
    transaction at the end of the build.
    """

    def __init__(self, path: Path):
        self.path = path
        self._connections: dict[int, sqlite3.Connection] = {}

    @classmethod
    def of(cls, cache_path: str, published: Path) -> OutputRecord:
        name = hashlib.sha256(str(published).encode()).hexdigest()[:16]
        return cls(Path(cache_path) / "pages" / f"{name}.v3.sqlite3")

    def _db(self) -> sqlite3.Connection:
        connection = self._connections.get(os.getpid())
        if connection is None:
            usable_folder(self.path.parent, self.path.parent.parent)
            connection = sqlite3.connect(self.path, timeout=60)
            connection.execute("PRAGMA synchronous = OFF")  # a cache: lost, it is rebuilt
            connection.execute("CREATE TABLE IF NOT EXISTS outputs (name TEXT PRIMARY KEY, "
                               "files TEXT, skeleton BLOB, checked TEXT, "
                               "made_of BLOB, digest TEXT)")
            connection.execute("CREATE TABLE IF NOT EXISTS entity_steps "
                               "(class TEXT PRIMARY KEY, steps BLOB)")
            connection.execute("CREATE TABLE IF NOT EXISTS entity_states "
                               "(name TEXT PRIMARY KEY, state BLOB)")
            connection.execute("CREATE TABLE IF NOT EXISTS frame (digest TEXT)")
            self._connections[os.getpid()] = connection
        return connection

    def frame(self) -> str | None:
        try:
            row = self._db().execute("SELECT digest FROM frame").fetchone()
        except sqlite3.DatabaseError as error:  # not a database, or a damaged one
            rebuilt(f"page records {self.path}", error)
            self.path.unlink(missing_ok=True)
            self._connections.clear()
            return None
        return row[0] if row else None

    def outline(self, name: str) -> tuple[list[Recorded], Skeleton | None] | None:
        """The files ``name`` produced and its trace's skeleton, if it has one; or None."""
        try:
            row = self._db().execute("SELECT files, skeleton, checked FROM outputs "
                                     "WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            files, packed, checked = row
            if _row_digest(files, packed or b"") != checked:
                raise ValueError("its digest does not match")
            return ([tuple(entry) for entry in json.loads(files)],
                    pickle.loads(zlib.decompress(packed)) if packed else None)
        except _DAMAGED as error:
            rebuilt(f"page record of {name} in {self.path}", error)
            return None

    def made_of(self, name: str):
        """What ``name`` was made of (its trace or key), or None."""
        try:
            row = self._db().execute("SELECT made_of, digest FROM outputs WHERE name = ?",
                                     (name,)).fetchone()
            if row is None:
                return None
            if _row_digest("", row[0]) != row[1]:
                raise ValueError("its digest does not match")
            return pickle.loads(zlib.decompress(row[0]))
        except _DAMAGED as error:
            rebuilt(f"page record of {name} in {self.path}", error)
            return None

    def entity_steps(self) -> dict[str, frozenset]:
        """The steps each class's states are made of."""
        return dict(self._unpickled("SELECT class, steps FROM entity_steps", "entity steps"))

    def entity_states(self) -> dict[tuple, bytes]:
        """Each entity's state in the last build, by its name."""
        try:
            return {tuple(json.loads(name)): state for name, state in
                    self._db().execute("SELECT name, state FROM entity_states")}
        except (sqlite3.DatabaseError, ValueError, TypeError) as error:
            rebuilt(f"entity states in {self.path}", error)
            return {}

    def _unpickled(self, query: str, what: str) -> list[tuple]:
        try:
            return [(key, pickle.loads(zlib.decompress(value)))
                    for key, value in self._db().execute(query)]
        except _DAMAGED as error:
            rebuilt(f"{what} in {self.path}", error)
            return []

    def save(self, frame: str, kept: set[str], made: dict[str, tuple[list[Recorded], Made]],
             steps: dict[str, frozenset], states: dict[tuple, bytes]):
        """Keep the rows of ``kept``, replace those of ``made``, drop the rest;
        replace the entities' steps and states."""
        with self._db() as database:
            if database.execute("SELECT digest FROM frame").fetchone() != (frame,):
                database.execute("DELETE FROM outputs")
                database.execute("DELETE FROM frame")
                database.execute("INSERT INTO frame VALUES (?)", (frame,))
            database.execute("CREATE TEMP TABLE IF NOT EXISTS kept (name TEXT PRIMARY KEY)")
            database.execute("DELETE FROM kept")
            database.executemany("INSERT INTO kept VALUES (?)", ((name,) for name in kept))
            database.execute("DELETE FROM outputs WHERE name NOT IN (SELECT name FROM kept)")
            database.executemany(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?)",
                (_row(name, files, packed) for name, (files, packed) in made.items()))
            database.execute("DELETE FROM entity_steps")
            database.executemany("INSERT INTO entity_steps VALUES (?, ?)", (
                (kind, zlib.compress(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)))
                for kind, found in sorted(steps.items())))
            database.execute("DELETE FROM entity_states")
            database.executemany("INSERT INTO entity_states VALUES (?, ?)",
                                 ((json.dumps(name), state) for name, state in states.items()))

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()


#: What a damaged record row raises as it is read.
_DAMAGED = (sqlite3.DatabaseError, ValueError, TypeError, zlib.error, EOFError,
            pickle.UnpicklingError, AttributeError, ImportError)


@dataclass(frozen=True)
class Made:
    """What an output was made of, packed as the record keeps it.

    Packed in the process that rendered the output, as soon as it is
    written: a page's trace holds a node for every value its template read,
    and holding every page's until the record is saved took the building
    process from about 150 to 500 MiB at 5,000 items.
    """

    packed: bytes
    tainted: str | None  # why no build can check the page, if so
    skeleton: bytes = b""  # its trace's skeleton, packed; none if it has none
    steps: tuple = ()  # (class, steps) its skeleton applied to entities

    @classmethod
    def of(cls, made_of) -> Made:
        packed = zlib.compress(pickle.dumps(made_of, protocol=pickle.HIGHEST_PROTOCOL), 1)
        if not isinstance(made_of, Trace):
            return cls(packed, None)
        outline = skeleton(made_of)
        if outline is None:
            return cls(packed, made_of.tainted)
        return cls(packed, made_of.tainted,
                   zlib.compress(pickle.dumps(outline, protocol=pickle.HIGHEST_PROTOCOL), 1),
                   tuple(outline.steps.items()))


def _row(name: str, files: list[Recorded], made: Made) -> tuple:
    listed = json.dumps(files)
    return (name, listed, made.skeleton or None, _row_digest(listed, made.skeleton),
            made.packed, _row_digest("", made.packed))


def _row_digest(listed: str, blob: bytes) -> str:
    """What a record's files and blob digest to: a damaged row is never believed."""
    return hashlib.sha256(listed.encode() + b"\0" + blob).hexdigest()


def unchanged(recorded: list[Recorded], root: Path) -> bool:
    """Whether every recorded file is still as recorded under ``root``."""
    for name, size, mtime, inode in recorded:
        try:
            found = os.stat(root / name)
        except OSError:
            return False
        if (found.st_size, found.st_mtime_ns, found.st_ino) != (size, mtime, inode):
            return False
    return bool(recorded)


class PageWriter(RecordingWriter):
    """Pelican's writer, deferring every output file to :meth:`flush`."""

    def __init__(self, output_path, settings=None, pending: bool = True):
        """``pending``: flushed at the end of the build (else the caller takes
        its jobs with :meth:`taken`)."""
        super().__init__(output_path, settings=settings)
        self._jobs: dict[str, Job] = {}
        self._produced: list[str] | None = None
        self._replayed: dict = {}
        #: Context entries the frame covers: the settings, as the context holds them.
        self.frame_values = {name: value for name, value in self.settings.items()
                             if name not in UNREAD_SETTINGS}
        if pending:
            build_state.current().pending_writers.append(self)

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        """Pelican's ``write_file``, as one job per output file (each page its own).

        A paginated list's pages are counted from the oldest
        (:mod:`briefing.pelican.list_pages`), so that a new item changes
        its list's latest page and no other.
        """
        if not name:
            return
        def job(save_as: str, arguments: dict) -> PageJob:
            return PageJob(save_as, template, context, lambda: _localcontext(
                context, save_as, arguments, relative_urls), override_output, self._replayed)

        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in _PAGINATED}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self.add(job(name, kwargs))
            return
        items_per_page = per_page(self.settings, template_name)
        for save_as, arguments in page_arguments(name, url, paginated, self.settings,
                                                  items_per_page):
            self.add(job(save_as, {**kwargs, **arguments}))

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

    def taken(self) -> list[Job]:
        """The jobs written down so far, handed to the caller and forgotten here."""
        jobs = list(self._jobs.values())
        self._jobs.clear()
        return jobs

    def opened(self, path: str) -> None:
        if self._produced is not None:
            self._produced.append(os.path.relpath(path, self.output_path))

    def flush(self) -> None:
        """Reuse what is unchanged, render the rest, remember what each was made of.

        The jobs are shared among the worker processes whole: checking a
        page costs about as much as deciding on it, so both run in parallel.
        Feeds are written apart, in a round before the pages and by forked
        workers alone: writing them holds the entry of every item they list
        (about 25 MiB at 5,000 items), which then ends with the
        workers instead of staying in this process while it renders pages.
        """
        if not self.settings["BRIEFING_WRITE_PAGES"]:  # briefing check: nothing to write
            self._jobs.clear()
            return
        previous = Path(self.settings.get("BRIEFING_PREVIOUS_OUTPUT") or self.output_path)
        record = OutputRecord.of(self.settings["CACHE_PATH"], previous.resolve())
        frame = frame_digest(self.settings)
        if frame == UNTRACKED:
            logger.info("reusing no page of the previous build: the site's own plugins "
                        "or Jinja extensions (%s) may change any page",
                        ", ".join(untracked_code(self.settings)))
        reusing = frame != UNTRACKED and record.frame() == frame
        jobs = list(self._jobs.values())
        self._jobs.clear()
        kept: set[str] = set()
        made: dict[str, tuple[list[str], Made]] = {}
        counts = build_state.current()
        copies = copy_suffixes() if self.settings["BRIEFING_PRECOMPRESS"] else ()
        entities = self._entities(jobs)
        steps = record.entity_steps() if reusing and entities else {}
        steady, now = SteadyEntities.between(entities, steps,
                                             record.entity_states() if steps else {})

        def settle(share):
            return self._settle(record if reusing else None, previous, share, copies, steady)

        for apart in (True, False):
            for share_kept, share_made, share_copied, share_whole in fork_map(
                    settle, [job for job in jobs if job.apart == apart],
                    parent_works=not apart):
                kept |= share_kept
                made.update(share_made)
                counts.copies_placed |= share_copied
                counts.outputs_checked_whole += share_whole
        tainted = sorted((name, packed.tainted) for name, (_, packed) in made.items()
                         if packed.tainted)
        if tainted:
            logger.info("%d page(s) rendered on every build, as no build can check what "
                        "they read: %s (%s), ...", len(tainted), *tainted[0])
        self._replayed.clear()
        counts.outputs_made += len(made)
        counts.outputs_kept += len(kept)
        grown = with_steps(steps, (pair for _, packed in made.values() for pair in packed.steps))
        if grown != steps and entities:
            now = states(entities, grown)
        output = Path(self.output_path)
        record.save(frame, kept, {name: ([_recorded(output, file) for file in files], packed)
                                  for name, (files, packed) in made.items()},
                    grown if entities else {}, now)
        record.close()

    def _entities(self, jobs: list[Job]) -> dict[tuple, object]:
        """The build's entities by name, if kept pages may be checked by their
        skeletons: not where each page gives the items its own site URL
        (relative URLs), which their states could not follow."""
        context = next((job.context for job in jobs if isinstance(job, PageJob)), None)
        if context is None or self.settings["RELATIVE_URLS"]:
            return {}
        return found_entities(context)

    def _settle(self, record: OutputRecord | None, previous: Path, jobs,
                copies: tuple[str, ...], steady: SteadyEntities):
        """Take each job's file from ``previous`` if it still holds, else produce it.

        A page whose skeleton the ``steady`` entities vouch for is checked
        by its skeleton alone; any other by all it read.  A file
        taken comes with its compressed ``copies``, where the last build
        made them.  Returns the names kept, what was made, the files taken
        with their copies, and how many outputs were checked by all they read.
        """
        output = Path(self.output_path)
        kept, made, copied, whole = set(), {}, set(), 0
        for job in jobs:
            stored = record.outline(job.name) if record is not None else None
            if stored is None or not unchanged(stored[0], previous):
                holds = False
            elif stored[1] is not None and steady.vouch_for(stored[1]):
                holds = job.reusable(stored[1].trace, steady.entities)
            else:
                whole += 1
                made_of = record.made_of(job.name)
                holds = made_of is not None and job.reusable(made_of)
            if holds:
                for name, *_ in stored[0]:
                    if _take(previous / name, output / name, copies):
                        copied.add(os.path.normpath(name))
                kept.add(job.name)
                continue
            self._produced = []
            made_of = job.produce(self)
            files, self._produced = self._produced, None
            for name in files:
                _keep_if_identical(previous / name, output / name)
            made[job.name] = (files, Made.of(made_of))
        return kept, made, copied, whole


def _localcontext(context: dict, name: str, arguments: dict, relative_urls: bool) -> dict:
    """The template context of one output file, as Pelican's writer makes it."""
    localcontext = context.copy()
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        localcontext["SITEURL"] = relative_url
        localcontext["localsiteurl"] = relative_url
    localcontext["output_file"] = name
    localcontext.update(arguments)
    return localcontext


def write_later(writer, name: str, key_of: Callable[[], str],
                produce: Callable[[], bytes]) -> None:
    """Have ``writer`` write ``produce()``'s bytes to ``name``, unless ``key_of()``,
    a digest of everything ``produce`` makes them from, is last build's."""
    if not isinstance(writer, PageWriter):
        path = Path(writer.output_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(produce())
        return
    writer.add(BytesJob(name, key_of, produce))


def _take(source: Path, target: Path, copies: tuple[str, ...]) -> bool:
    """Put last build's unchanged file into this build (a hard link, else a
    copy), with its compressed ``copies`` where it has them; whether they
    came with it.  Building in place, the file is already there.

    Its folder is made only when the link finds it missing: a publish makes
    the replaced site's folders ahead (:mod:`briefing.build.folders`).
    """
    if source == target:
        return False
    try:
        link_or_copy(source, target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)
    return bool(copies) and place_with_copies(source, target, copies)


def _keep_if_identical(previous: Path, rendered: Path) -> None:
    """Keep last build's file where rendering gave the very same bytes.

    A page is rendered again more often than its bytes change (a template
    edit that touches one block renders every page again).  Keeping the old
    file keeps its time, so uploads that go by time (``aws s3 sync``) skip
    it, and its compressed copies are reused.
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
            link_or_copy(previous, temporary)
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


def trace_templates(generator) -> None:
    """Receiver of ``generator_init``: trace what the generator's templates read,
    and keep them compiled between builds.

    Before any template is loaded: each takes the environment's globals with it.
    """
    instrument(generator.env)
    generator.env.bytecode_cache = compiled_templates(generator.settings, generator.env)


def compiled_templates(settings: dict, environment) -> FileSystemBytecodeCache:
    """Where the templates compiled by earlier builds are kept.

    Compiling the theme's templates took a second of every build.  Jinja
    keys each compiled template by its name and source; what else compiling
    depends on names the folder: Jinja's version, the environment's options
    and, for each filter and test, whether it takes the context (Jinja
    decides at compile time what to pass it).
    """
    def takes(table: dict) -> list[tuple[str, str]]:
        return sorted((name, str(getattr(function, "jinja_pass_arg", "")))
                      for name, function in table.items())
    options = repr((jinja2.__version__, sorted((name, repr(value)) for name, value
                                               in settings["JINJA_ENVIRONMENT"].items()),
                    takes(environment.filters), takes(environment.tests)))
    folder = usable_folder(Path(settings["CACHE_PATH"]) / "templates" /
                           hashlib.sha256(options.encode()).hexdigest()[:16],
                           Path(settings["CACHE_PATH"]))
    return FileSystemBytecodeCache(str(folder))


# Items and pages by their source files; tags, categories and authors by name.
register_entity(Content, lambda content: content.source_path)
register_entity(URLWrapper, lambda wrapper: wrapper.name)


def register() -> None:
    signals.get_writer.connect(use_page_writer)
    signals.generator_init.connect(trace_templates)
    signals.finalized.connect(flush_pending)
