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
import os
import signal

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
