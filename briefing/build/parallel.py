"""Share a build's heavy loops among the machine's cores by forking.

Reading items (Markdown and sanitizing) and rendering pages (Jinja) are
pure Python and hold the interpreter lock, so threads gain nothing; Python
processes do.  Forking lets each worker start with everything the parent
already holds (settings, templates, every item, the whole template
context) without pickling any of it: only the results a caller asks for
travel back, through a pipe.

The items are not cut into fixed shares: each process claims the next run
of items from a counter they share, runs that shrink as the end nears, so
a process that drew slow items (a popular tag's pages, a long article)
does not leave the others idle at the end.  The parent works too (unless
told not to), so a two-core machine runs one extra process.

A worker ends with the process that forked it: killed when it is (the
parent-death signal, :mod:`briefing.build.processes`), and killed by it when its
own share of the work fails, so that no worker goes on writing into a
folder a failed publish is removing.

A worker never logs directly: what it logs at WARNING or above is carried
back and logged again in the parent, so ``briefing check`` and ``briefing
publish`` report it like any other problem.

Before forking, the parent hands back to the system the memory malloc
holds free (glibc's ``malloc_trim``): what reading and processing freed
stays in malloc's heap otherwise, counted in the parent's resident memory
and in every child's.  At 5,000 items that was 20 MiB of the parent's 129
once the items were processed.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TypeVar

from briefing.build.processes import fork_child

Item = TypeVar("Item")
Result = TypeVar("Result")


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``; None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL(None).malloc_trim  # the symbols this process already has
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def release_free_memory() -> None:
    """Give the memory malloc holds free back to the system, where it can."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


#: Below this many items a fork costs more than it saves.
SMALL = 64
#: A claim takes this fraction of what is left per worker: large claims
#: early (few trips to the shared counter), single items at the very end.
CLAIMS_PER_WORKER = 4


def worker_count() -> int:
    """How many processes a build may keep busy: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class WorkerError(RuntimeError):
    """A forked worker raised: the message says what and where in one line,
    ``traceback`` holds the whole of it."""

    def __init__(self, message: str, traceback_text: str = ""):
        super().__init__(message)
        self.traceback = traceback_text


def _explain(error: BaseException) -> tuple[str, str]:
    """A worker's failure as (one line: the exception and where it rose, traceback)."""
    cause = traceback.format_exception_only(type(error), error)[-1].strip()
    frames = traceback.extract_tb(error.__traceback__)
    where = f" (at {os.path.basename(frames[-1].filename)}, line {frames[-1].lineno})" \
        if frames else ""
    return f"in a worker process: {cause}{where}", traceback.format_exc()


class Claims:
    """The items of one :func:`fork_map`, claimed run by run by every process.

    Iterating yields the items this process claims, until none are left.
    The counter lives in shared memory that forked processes inherit, so
    each item is claimed by exactly one process.
    """

    def __init__(self, items: Sequence[Item], workers: int):
        self._items = items
        self._workers = workers
        self._next = multiprocessing.get_context("fork").Value("q", 0)

    def _claim(self) -> range:
        with self._next.get_lock():
            start = self._next.value
            left = len(self._items) - start
            size = max(1, left // (CLAIMS_PER_WORKER * self._workers))
            self._next.value = start + size
        return range(start, min(start + size, len(self._items)))

    def __iter__(self) -> Iterator[Item]:
        while claimed := self._claim():
            for index in claimed:
                yield self._items[index]


class _Captured(logging.Handler):
    """Keeps a worker's log records as (logger name, level, text) triples."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _run_child(work: Callable[[Iterable[Item]], Result], share: Iterable[Item],
               parents_end: int, pipe: int) -> None:
    """In the forked child: do the work, send back result and log records."""
    os.close(parents_end)
    captured = _Captured()
    root = logging.getLogger()
    root.handlers[:] = [captured]
    try:
        payload = pickle.dumps((True, work(share), captured.records))
    except BaseException as error:
        payload = pickle.dumps((False, _explain(error), captured.records))
    with os.fdopen(pipe, "wb") as stream:
        stream.write(payload)


def fork_map(work: Callable[[Iterable[Item]], Result], items: Sequence[Item],
             workers: int | None = None, parent_works: bool = True,
             fewest: int = SMALL) -> list[Result]:
    """``work`` over ``items``, shared among up to ``workers`` processes.

    Returns one result per process that worked, the parent's first.
    ``work`` receives an iterable of the items its process claims
    (:class:`Claims`), so that it can set up once per process; it must
    iterate it once.  Small inputs (fewer than ``fewest`` items for each
    process: a caller whose items are heavy gives fewer), one core, or a
    platform without ``fork`` run everything in this process.  With
    ``parent_works=False`` this process only waits while ``workers`` forked
    processes work: for work that fills memory which should end with them
    rather than stay here.
    """
    workers = min(workers or worker_count(), max(1, len(items) // fewest))
    if workers <= 1 or not hasattr(os, "fork"):
        return [work(list(items))]
    share = Claims(items, workers)
    children = []
    release_free_memory()
    # The children's collector leaves the objects they inherit alone, so
    # their pages stay shared with this process instead of being copied.
    gc.freeze()
    try:
        for _ in range(workers - 1 if parent_works else workers):
            read_end, write_end = os.pipe()
            pid = fork_child(partial(_run_child, work, share, read_end, write_end))
            os.close(write_end)
            children.append((pid, read_end))
        gc.unfreeze()
        results = [work(share)] if parent_works else []
    except BaseException:
        gc.unfreeze()
        _stop(children)
        raise
    return _collect(children, results)


def _stop(children: list[tuple[int, int]]) -> None:
    """Kill and reap workers whose results are no longer wanted."""
    for pid, read_end in children:
        os.close(read_end)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _collect(children: list[tuple[int, int]], results: list) -> list:
    """Each worker's result after the parent's; its log records logged here."""
    failures = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as stream:
            payload = stream.read()
        _, status = os.waitpid(pid, 0)
        if payload:
            ok, result, records = pickle.loads(payload)
        else:
            ok, result, records = False, (f"a worker process ended without a result "
                                          f"({_ended(status)})", ""), []
        for name, level, text in records:
            logging.getLogger(name).log(level, "%s", text)
        (results if ok else failures).append(result)
    if failures:
        raise WorkerError(*failures[0])
    return results


def _ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
