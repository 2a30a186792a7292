"""Processes a build starts end when it ends, even when it is killed.

A publish forks workers (:mod:`briefing.build.parallel`) and runs Pagefind.  If
the publish is killed (``kill -9``, the machine's out-of-memory killer, a
CI job cancelled), nothing in it runs again to stop them: they would go on
writing into a folder the next publish removes.  Linux's parent-death
signal (``prctl(PR_SET_PDEATHSIG)``) has the kernel kill each of them when
the thread that started it ends.  Elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def _prctl():
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


_PRCTL = _prctl()


def die_with_parent(parent: int | None = None) -> None:
    """In a child: be killed when the parent ends; end now if it already has.

    ``parent`` is the process id the child was started by: if it ended
    before the signal was asked for, the child is already an orphan.
    """
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def child_setup() -> callable:
    """A ``preexec_fn`` for :mod:`subprocess`: the child dies with this process."""
    parent = os.getpid()
    return lambda: die_with_parent(parent)


def fork_child(run: Callable[[], object]) -> int:
    """Fork a child that runs ``run()`` and exits, with status 0 if it returned
    and 1 if it raised, ending with this process; the child's process id.

    The caller freezes the collector around the fork (``gc.freeze``) where
    the child should leave the objects it inherits alone, so that their
    pages stay shared with this process instead of being copied.
    """
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        status = 1
        try:
            die_with_parent(parent)
            run()
            status = 0
        finally:
            os._exit(status)
    return pid


class Background:
    """``work()`` run in a forked child while this process goes on.

    The child starts with everything this process holds, as it is at the
    fork, without copying it: what it reads stays as it was however this
    process changes it afterwards.  It ends with this process, and
    :meth:`finish` waits for it.  Its failure is its own: it exits without
    a word, and :meth:`finish` says whether it succeeded.  Where processes
    cannot fork, ``work()`` is done at once, in this one.
    """

    def __init__(self, work: Callable[[], None]):
        self._child: int | None = None
        self._done_here = False
        if not hasattr(os, "fork"):  # done here and now, then
            work()
            self._done_here = True
            return
        gc.freeze()
        try:
            self._child = fork_child(work)
        finally:
            gc.unfreeze()

    def finish(self) -> bool:
        """Wait for the child; whether it did its work (once: False after)."""
        if self._child is None:
            done, self._done_here = self._done_here, False
            return done
        _, status = os.waitpid(self._child, 0)
        self._child = None
        return os.waitstatus_to_exitcode(status) == 0
