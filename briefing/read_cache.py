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

Entries are files named by their key under ``CACHE_PATH/items/<site>/``,
one folder per content folder and settings (``make html`` and ``make
publish`` keep one each); each build removes the entries of its folder it
did not use, so a folder holds one entry per content file.  Writing an entry is
atomic, so builds that share a cache cannot leave a torn file behind.
Tags, categories and authors are stored by name and made again with the
current settings when read back: they carry the settings with them, which
would otherwise be copied into every entry.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import os
import pickle
import zlib
from functools import cache
from pathlib import Path

from pelican.urlwrappers import URLWrapper

import briefing

#: Settings that say where a build writes, not what it reads.
_UNREAD_SETTINGS = frozenset({"OUTPUT_PATH", "BRIEFING_PREVIOUS_OUTPUT", "CACHE_PATH"})
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
                   if name not in _UNREAD_SETTINGS)
    return hashlib.sha256(repr(shown).encode()).hexdigest()


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, URLWrapper):
            return (type(obj), obj.name)
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, settings: dict):
        super().__init__(io.BytesIO(data))
        self._settings = settings

    def persistent_load(self, pid):
        kind, name = pid
        return kind(name, self._settings)


class ReadCache:
    """The reader's results for one content folder, under the cache folder."""

    def __init__(self, settings: dict):
        self._settings = settings
        self._salt = f"{code_digest()}:{settings_digest(settings)}".encode()
        site = hashlib.sha256(os.path.abspath(settings["PATH"]).encode() + self._salt)
        self.folder = Path(settings["CACHE_PATH"]) / "items" / site.hexdigest()[:16]
        self.used: set[str] = set()
        self._folder_made = False

    def key(self, source_path: str, raw: bytes) -> str:
        digest = hashlib.sha256(self._salt)
        digest.update(os.path.abspath(source_path).encode() + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def load(self, key: str):
        """The stored result for ``key``, or None (missing or unreadable)."""
        self.used.add(key)
        try:
            data = zlib.decompress((self.folder / key).read_bytes())
            return _Unpickler(data, self._settings).load()
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError,
                ImportError, TypeError, ValueError):
            return None

    def store(self, key: str, result) -> None:
        self.used.add(key)
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(result)
        if not self._folder_made:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._folder_made = True
        # Named by key and process, so no two writers share one; mkstemp's
        # random names cost more than reading the item on this machine's disk.
        temporary = self.folder / f".{key}.{os.getpid()}"
        temporary.write_bytes(zlib.compress(buffer.getvalue(), 1))
        os.replace(temporary, self.folder / key)

    def has(self, key: str) -> bool:
        return (self.folder / key).is_file()

    def prune(self) -> None:
        """Remove every entry this build did not use."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in self.used:
                entry.unlink(missing_ok=True)
