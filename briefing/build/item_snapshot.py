"""One file holding the items a build made, for the next build to take whole.

Making an item from its read-cache entry (loading the entry, then
Pelican's own making of the item) costs about as much per item as all the
rest of reading, and on a large archive an editor's publish changes a
handful of files.  So the items a build made are pickled together into one
file, read back by the next build in one go, which takes each item whose
file is unchanged instead of making it again
(:mod:`briefing.pelican.restored_items` decides which).

What every item shares with the build (its settings, the build's context,
the tags, categories and authors the read cache hands out by name) is
pickled by reference (:mod:`briefing.build.pickled`), through hooks the
caller gives: the next build's own objects take their place.

The file is a cache: written whole under a temporary name and renamed, so
a build killed meanwhile leaves the last one; stored with a digest of its
bytes, so a damaged file is found, said so (``cache: … damaged,
rebuilt``) and kept aside as ``<file>.damaged``, and the build reads every
item as if it were not there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from briefing.build import pickled
from briefing.build.cache_log import rebuilt

#: What the file starts with: bumped whenever what it holds changes shape.
MAGIC = b"briefing-item-snapshot-1\n"
_DIGEST_SIZE = hashlib.sha256().digest_size


def save(path: Path, value, persistent_id: Callable[[object], object | None]) -> None:
    """Write ``value`` to ``path``, replacing what was there only once written whole.

    A writer killed half-way (with the build it works for) leaves its
    temporary file, named after its process: the next save removes those
    whose process has ended.
    """
    _remove_abandoned(path)
    data = pickled.dumps(value, persistent_id)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as stream:
            stream.write(MAGIC + hashlib.sha256(data).digest())
            stream.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _remove_abandoned(path: Path) -> None:
    for temporary in path.parent.glob(f"{path.name}.*.tmp"):
        pid = temporary.name[len(path.name) + 1:-len(".tmp")]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                temporary.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def load(path: Path, persistent_load: Callable[[object], object]):
    """What :func:`save` wrote to ``path``, or None: nothing there, or damaged
    (then moved aside, and said so)."""
    try:
        stored = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        return _damaged(path, error)
    header = len(MAGIC) + _DIGEST_SIZE
    if not stored.startswith(MAGIC) or len(stored) < header:
        return _damaged(path, "not a snapshot of this version")
    data = memoryview(stored)[header:]
    if hashlib.sha256(data).digest() != stored[len(MAGIC):header]:
        return _damaged(path, "its digest does not match")
    try:
        return pickled.loads(data, persistent_load)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            ValueError, IndexError, KeyError) as error:
        return _damaged(path, error)


def _damaged(path: Path, why: object) -> None:
    damaged = path.with_name(path.name + ".damaged")
    with contextlib.suppress(OSError):
        os.replace(path, damaged)
    rebuilt(f"item snapshot {path}", f"{why}; kept as {damaged.name}")
    return None
