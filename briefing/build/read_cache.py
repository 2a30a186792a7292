"""Remember what the reader made of each content file, across builds.

Reading (Markdown, then sanitizing) is the largest part of a build, and on
an archive of thousands of items an editor's publish changes a handful of
files.  Each entry is keyed by a digest of everything the reader's result
depends on: the file's bytes and path, the build's settings, and the code
that reads (this package's sources and the versions of Pelican,
Python-Markdown and nh3).  So an entry can only be reused when reading
again would give the same result; nothing has to be invalidated by hand.
Reading must therefore depend on nothing else (not on the clock: whether a
future-dated item is published is decided after reading, by Pelican).

Problems found in a file are part of its entry, so a cached file reports
its warnings on every build, as ``briefing check`` promises.

Entries are rows of an SQLite file, ``CACHE_PATH/items/<site>.sqlite3``,
one per content folder and settings (``make html`` and ``make publish``
keep one each); each build removes the entries it did not use, so a file
holds one entry per content file.  One file rather than a file per entry:
creating thousands of small files cost this machine's disk more than
reading the items did.  Only the building process opens it (forked readers
hand their entries back), each build's new entries are written in one
transaction.

A cache can make a build slower, never wrong, and never stop it: each
entry is stored with a digest of its bytes, checked whenever it is loaded;
an entry that fails the check (or cannot be unpickled) is dropped with a
warning (``cache: … damaged, rebuilt``) and the file is read again.  When
a build first opens the file, SQLite checks its structure
(``PRAGMA quick_check``); a file that fails, or is no database at all, is
moved aside (``<file>.damaged``, for a post-mortem) with one warning and a
new one started.
Tags, categories and authors are stored by name and made again with the
current settings when read back: they carry the settings with them, which
would otherwise be copied into every entry.  Each is made once a build and
shared by every item that names it, as a site has far fewer tags than
items carry.

An item's HTML (its article text, its notes, its feed entry) is most of
what it weighs, and only the page or feed that prints it needs it.  Those
parts are stored in a column of their own, and the item holds a
:class:`StoredHTML` in their place, which loads them when printed, in
whichever process prints them.  So the building process and the workers
it forks do not each carry every item's HTML, and a page's key digests a
part by the entry it comes from instead of by its text.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable
from functools import cache, partial
from pathlib import Path

from markupsafe import Markup

import briefing
from briefing.build import pickled
from briefing.build.cache_log import rebuilt, usable_folder

#: A file of the cache folder no build has used for this many days belongs
#: to reading code, settings or a content folder no longer built (each
#: upgrade of Briefing starts new ones): it goes, costing at most one
#: reading of every item should such a build come back.
UNUSED_DAYS = 30

#: Settings that say where (or whether) a build writes, not what it reads or
#: what a page is made from: ``briefing check`` shares the cache of the
#: builds it stands in for.
UNREAD_SETTINGS = frozenset({"OUTPUT_PATH", "BRIEFING_PREVIOUS_OUTPUT", "CACHE_PATH",
                              "BRIEFING_WRITE_PAGES", "BRIEFING_ADDRESS_LEDGER_NEXT"})
_PACKAGES = ("pelican", "markdown", "nh3", "markupsafe")


@cache
def code_digest() -> str:
    """The reading code's identity: our sources and the libraries' versions."""
    digest = hashlib.sha256()
    package = Path(briefing.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    for name in _PACKAGES:
        digest.update(f"{name}=={importlib.metadata.version(name)}".encode())
    return digest.hexdigest()


def settings_digest(settings: dict) -> str:
    """The settings' identity; plain data only, so ``repr`` is stable."""
    shown = sorted((name, repr(value)) for name, value in settings.items()
                   if name not in UNREAD_SETTINGS)
    return hashlib.sha256(repr(shown).encode()).hexdigest()


class StoredHTML:
    """A sanitized HTML part of an item, loaded from the read cache when printed.

    Prints as the HTML itself (``__html__`` for Jinja's autoescape, ``str``
    for feeds) and is true when the part is not empty, which is known
    without loading it.  It stands for its entry and part, which decide the
    text: equal handles print the same.
    """

    __slots__ = ("filled", "key", "part", "path")

    def __init__(self, path: str, key: str, part: str, filled: bool):
        self.path, self.key, self.part, self.filled = path, key, part, filled

    def __str__(self) -> str:
        return _stored_parts(self.path, self.key)[self.part]

    def __html__(self) -> Markup:
        return Markup(str(self))

    def __bool__(self) -> bool:
        return self.filled

    def __eq__(self, other) -> bool:
        return isinstance(other, StoredHTML) and (self.key, self.part) == (other.key, other.part)

    def __hash__(self) -> int:
        return hash((self.key, self.part))

    def __repr__(self) -> str:
        return f"StoredHTML({self.key!r}, {self.part!r})"


class ReadCache:
    """The reader's results for one content folder, in the cache folder."""

    def __init__(self, settings: dict, shared: type):
        """``shared``: the class of the objects a build shares by name (Pelican's
        URLWrapper: tags, categories, authors), stored as a reference to them."""
        self._settings = settings
        self._shared = shared
        self._salt = f"{code_digest()}:{settings_digest(settings)}".encode()
        site = hashlib.sha256(os.path.abspath(settings["PATH"]).encode() + self._salt)
        self.path = Path(settings["CACHE_PATH"]) / "items" / f"{site.hexdigest()[:16]}.sqlite3"
        self.absolute_path = os.path.abspath(self.path)
        self._wrappers: dict[tuple[type, str], object] = {}
        self.used: set[str] = set()
        self._database: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._database is None:
            usable_folder(self.path.parent, Path(self._settings["CACHE_PATH"]))
            try:
                self._database = _open(self.path, check=True)
            except sqlite3.DatabaseError as error:  # not a database, or a damaged one
                damaged = self.path.with_name(self.path.name + ".damaged")
                os.replace(self.path, damaged)
                rebuilt(f"read cache {self.path}", f"{error}; kept as {damaged.name}")
                self._database = _open(self.path)
        return self._database

    def key(self, source_path: str, raw: bytes) -> str:
        digest = hashlib.sha256(self._salt)
        digest.update(os.path.abspath(source_path).encode() + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def stored_keys(self) -> set[str]:
        return {key for (key,) in self._db().execute("SELECT key FROM entries")}

    def pack(self, result, stored_apart: tuple[str, ...] = ()) -> tuple[bytes, bytes]:
        """``result`` as stored: its data and its HTML parts, each compressed.

        The metadata fields named in ``stored_apart`` go to the parts and
        come back as :class:`StoredHTML`; tags and the like are pickled by
        name.
        """
        content, metadata, problems = result
        parts = {name: str(metadata[name]) for name in stored_apart if name in metadata}
        # Each part stands in the data as a handle without an entry yet: by
        # its field, not by what it holds, which another field may share.
        metadata = {**metadata, **{name: StoredHTML("", "", name, bool(html))
                                   for name, html in parts.items()}}
        data = pickled.dumps((content, metadata, problems), self._by_reference)
        return (zlib.compress(data, 1),
                zlib.compress(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL), 1))

    def load(self, key: str, source_path: str | None = None):
        """The stored result for ``key``, or None: missing, or damaged (then
        dropped, with a warning naming the content file ``source_path``)."""
        self.used.add(key)
        row = self._db().execute("SELECT data, parts, digest FROM entries WHERE key = ?",
                                 (key,)).fetchone()
        if row is None:
            return None
        data, parts, digest = row
        try:
            if entry_digest(data, parts) != digest:
                raise ValueError("its digest does not match")
            return pickled.loads(zlib.decompress(data), partial(self._from_reference, key))
        except (zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                TypeError, ValueError, IndexError, KeyError) as error:
            shown = os.path.relpath(source_path) if source_path else key  # as editors see it
            rebuilt(f"read cache entry of {shown}", error)
            with self._db() as database:
                database.execute("DELETE FROM entries WHERE key = ?", (key,))
            return None

    def verified(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` whose entries are stored and pass their check, each
        counted as used: for items restored whole (:mod:`briefing.pelican.restored_items`),
        whose HTML parts this cache still holds, and which are not loaded one
        by one.  A damaged entry is left to :meth:`load` to report and drop."""
        with self._db() as database:
            database.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
            database.execute("DELETE FROM wanted")
            database.executemany("INSERT OR IGNORE INTO wanted VALUES (?)",
                                 ((key,) for key in keys))
            rows = database.execute("SELECT key, data, parts, digest FROM entries "
                                    "JOIN wanted USING (key)").fetchall()
        found = {key for key, data, parts, digest in rows if entry_digest(data, parts) == digest}
        self.used |= found
        return found

    def _by_reference(self, obj):
        if isinstance(obj, self._shared):
            return (type(obj), obj.name)
        if isinstance(obj, StoredHTML):  # a part stored apart: its name and whether filled
            return (StoredHTML, obj.part, obj.filled)
        return None

    def _from_reference(self, key: str, reference):
        if reference[0] is StoredHTML:
            _, part, filled = reference
            return StoredHTML(self.absolute_path, key, part, filled)
        return self.wrapper(*reference)

    def wrapper(self, kind: type, name: str):
        """The one tag, category or author of this build called ``name``."""
        found = self._wrappers.get((kind, name))
        if found is None:
            found = self._wrappers[(kind, name)] = kind(name, self._settings)
        return found

    def store(self, entries: Iterable[tuple[str, tuple[bytes, bytes]]]) -> None:
        """Keep packed results, by key, in one transaction."""
        rows = [(key, data, parts, entry_digest(data, parts)) for key, (data, parts) in entries]
        self.used.update(row[0] for row in rows)
        with self._db() as database:
            database.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)

    def prune(self) -> None:
        """Remove every entry this build did not use, and mark the file used
        now (removing nothing, SQLite leaves it untouched): see :func:`remove_unused`."""
        with self._db() as database:
            database.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            database.execute("DELETE FROM used")
            database.executemany("INSERT INTO used VALUES (?)", ((key,) for key in self.used))
            database.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
        os.utime(self.path)

    def close(self) -> None:
        """Close this process's connections: the next build may find another file."""
        if self._database is not None:
            self._database.close()
            self._database = None
        reader = _readers.pop((os.getpid(), self.absolute_path), None)
        if reader is not None:
            reader.close()
        _last_loaded[:] = [None, None]


def remove_unused(folder: Path, now: float) -> None:
    """Remove the files of ``folder`` (read caches, what lies beside them,
    damaged ones kept aside) that no build has used for :data:`UNUSED_DAYS`."""
    oldest = now - UNUSED_DAYS * 24 * 3600
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:  # gone meanwhile, or not ours to remove
            continue


def entry_digest(data: bytes, parts: bytes) -> bytes:
    """What an entry's bytes must hash to when it is loaded again."""
    digest = hashlib.sha256(len(data).to_bytes(8, "big"))
    digest.update(data)
    digest.update(parts)
    return digest.digest()


def _open(path: Path, check: bool = False) -> sqlite3.Connection:
    """The cache file, its table made if new; with ``check``, raise
    :class:`sqlite3.DatabaseError` if SQLite finds the file damaged."""
    database = sqlite3.connect(path, timeout=60)
    try:
        # A cache: after a crash it may be lost, and the next build reads again.
        database.execute("PRAGMA synchronous = OFF")
        database.execute("CREATE TABLE IF NOT EXISTS entries "
                         "(key TEXT PRIMARY KEY, data BLOB, parts BLOB, digest BLOB)")
        if check:
            found = [row[0] for row in database.execute("PRAGMA quick_check")]
            if found != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(found[:3]))
            columns = [row[1] for row in database.execute("PRAGMA table_info(entries)")]
            if columns != ["key", "data", "parts", "digest"]:
                raise sqlite3.DatabaseError(f"unexpected columns {columns}")
    except sqlite3.DatabaseError:
        database.close()
        raise
    return database


#: This process's read-only connections, by cache file; a forked worker
#: opens its own (a connection must not cross a fork).
_readers: dict[tuple[int, str], sqlite3.Connection] = {}
_last_loaded: list = [None, None]  # (path, key), parts: a page prints two parts of one item


def _stored_parts(path: str, key: str) -> dict[str, str]:
    """The HTML parts stored for ``key``; loaded once for consecutive calls."""
    if _last_loaded[0] == (path, key):
        return _last_loaded[1]
    reader = _readers.get((os.getpid(), path))
    if reader is None:
        reader = _readers[(os.getpid(), path)] = sqlite3.connect(
            f"{Path(path).as_uri()}?mode=ro", uri=True, timeout=60)
    # fetchall ends the statement, so no read lock outlives the call.
    rows = reader.execute("SELECT data, parts, digest FROM entries WHERE key = ?",
                          (key,)).fetchall()
    if not rows:
        raise LookupError(f"{path}: the read cache lost entry {key} during the build; "
                          "build again")
    data, stored, digest = rows[0]
    try:
        if entry_digest(data, stored) != digest:
            raise ValueError("its digest does not match")
        parts = pickle.loads(zlib.decompress(stored))
    except (zlib.error, pickle.UnpicklingError, EOFError, ValueError) as error:
        # Checked when the build loaded it: something changed the file since.
        raise LookupError(f"{path}: read cache entry {key} was damaged during the build "
                          f"({error}); build again") from None
    _last_loaded[:] = [(path, key), parts]
    return parts
