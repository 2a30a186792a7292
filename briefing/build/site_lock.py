"""One build at a time writes a site: a lock file beside its output folder.

Two publishes at once would remove each other's folders and fill the same
caches; ``make html``, ``make check`` and the devserver write the caches
(and the first and last the output) too.  Each holds an exclusive
``flock`` on ``.<output>.lock`` next to the output folder while it writes,
with its process id in the file so that a command that finds the lock
taken can say whose it is.  The kernel releases the lock when its holder
ends, however it ends: a killed publish never leaves a stale lock.

A command waits for the lock a bounded time (``--wait``), then stops with
one line naming the process that holds it.  Within one process the lock is
re-entrant (a publish that builds holds it once).
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

#: How long a command waits for another build to finish, by default.
DEFAULT_WAIT_SECONDS = 60.0
_POLL_SECONDS = 0.1

#: Locks this process holds: lock file -> (descriptor, depth).
_held: dict[str, tuple[int, int]] = {}


class SiteBusyError(Exception):
    """Another process holds the lock; the message says which, in one line."""


def lock_path(output: Path) -> Path:
    output = Path(output).absolute()
    return output.with_name(f".{output.name}.lock")


def _holder(descriptor: int) -> str:
    try:
        text = os.pread(descriptor, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"PID {text}" if text.isdigit() else "another process"


@contextmanager
def hold(output: Path, wait: float = DEFAULT_WAIT_SECONDS):
    """Hold the lock of the site built into ``output``; raise :class:`SiteBusyError`
    if another process keeps it for more than ``wait`` seconds."""
    path = lock_path(output)
    key = str(path)
    if key in _held:
        descriptor, depth = _held[key]
        _held[key] = (descriptor, depth + 1)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(descriptor)
                    os.close(descriptor)
                    raise SiteBusyError(f"{holder} is building {Path(output).absolute()} "
                                   f"(lock {path}); waited {wait:g} s") from None
                time.sleep(_POLL_SECONDS)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        _held[key] = (descriptor, 1)
    try:
        yield
    finally:
        descriptor, depth = _held[key]
        if depth > 1:
            _held[key] = (descriptor, depth - 1)
        else:
            del _held[key]
            os.ftruncate(descriptor, 0)
            os.close(descriptor)  # releases the lock
