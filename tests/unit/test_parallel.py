"""Forked workers: every item done once, results back, problems logged here."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pytest

from briefing.build import parallel
from briefing.build.parallel import SMALL, WorkerError, fork_map
from briefing.pelican.build import failure


def squares_with_pids(share):
    done = []
    for item in share:
        time.sleep(0.002)  # long enough for every process to claim some
        done.append((item * item, os.getpid()))
    return done


def test_every_item_is_done_once_and_shares_run_in_other_processes():
    items = list(range(SMALL * 4))
    results = fork_map(squares_with_pids, items, workers=3)

    done = sorted(value for share in results for value, _ in share)
    assert done == [item * item for item in items]
    pids = {pid for share in results for _, pid in share}
    assert len(results) == 3 and len(pids) == 3 and os.getpid() in pids


def slow_outside_the_parent(share):
    done = []
    for item in share:
        if os.getpid() != PARENT:
            time.sleep(0.01)
        done.append(item)
    return done


def test_a_process_that_finishes_its_claims_takes_more_instead_of_waiting():
    items = list(range(SMALL * 4))
    parent, child = fork_map(slow_outside_the_parent, items, workers=2)

    assert sorted(parent + child) == items
    # Fixed halves would leave the parent idle while the child sleeps
    # through 128 items; claiming as it goes, the parent does nearly all.
    assert len(parent) > len(items) * 3 / 4


def test_the_parent_can_leave_all_the_work_to_the_workers():
    items = list(range(SMALL * 4))
    results = fork_map(squares_with_pids, items, workers=2, parent_works=False)

    assert sorted(value for share in results for value, _ in share) == \
        [item * item for item in items]
    pids = {pid for share in results for _, pid in share}
    assert len(results) == 2 and len(pids) == 2 and os.getpid() not in pids


def test_a_small_input_stays_in_this_process():
    results = fork_map(squares_with_pids, list(range(SMALL - 1)), workers=4)
    assert len(results) == 1 and {pid for _, pid in results[0]} == {os.getpid()}


def warn_about(share):
    for item in share:
        if item % SMALL == 1:
            logging.getLogger("briefing.test").warning("item %d looks odd", item)


def test_what_a_worker_logs_is_logged_again_in_the_parent(caplog):
    with caplog.at_level(logging.WARNING):
        fork_map(warn_about, list(range(SMALL * 2)), workers=2)
    assert sorted(record.getMessage() for record in caplog.records) == sorted([
        "item 1 looks odd", f"item {SMALL + 1} looks odd"])


def fail_in_child(share):
    if os.getpid() != PARENT:
        raise ValueError("broken item")
    return list(share)


PARENT = os.getpid()


def test_a_failing_worker_fails_the_call_with_its_cause_first():
    """The message a build prints (cut at 300 characters) starts with the cause."""
    with pytest.raises(WorkerError) as failed:
        fork_map(fail_in_child, list(range(SMALL * 2)), workers=2)
    line = fail_in_child.__code__.co_firstlineno + 2
    assert str(failed.value) == ("in a worker process: ValueError: broken item "
                                 f"(at test_parallel.py, line {line})")
    assert failed.value.traceback.startswith("Traceback (most recent call last)")
    assert failure(failed.value) == f"build failed: WorkerError: {failed.value}"


def sleep_in_children_fail_in_parent(share):
    if os.getpid() != PARENT:
        Path(MARKS, str(os.getpid())).touch()
        time.sleep(30)
    while not len(list(Path(MARKS).iterdir())):
        time.sleep(0.01)
    raise RuntimeError("the parent's share failed")


MARKS = ""


def test_workers_end_when_the_parent_fails(tmp_path, monkeypatch):
    """No worker goes on writing into a folder a failed build removes."""
    monkeypatch.setattr(sys.modules[__name__], "MARKS", str(tmp_path))
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="the parent's share failed"):
        fork_map(sleep_in_children_fail_in_parent, list(range(SMALL * 2)), workers=2)
    [child] = [int(path.name) for path in tmp_path.iterdir()]
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # killed and reaped


def resident_kib() -> int:
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1])


@pytest.mark.skipif(parallel._MALLOC_TRIM is None, reason="the C library has no malloc_trim")
def test_freed_memory_goes_back_to_the_system_before_a_fork(monkeypatch):
    """What a build frees stays in malloc's heap, counted in every process,
    until it is handed back: freed small blocks, interleaved with kept ones."""
    blocks = [bytes(2000) for _ in range(40_000)]  # about 80 MB on the heap
    kept = blocks[::64]  # keep a few, spread over the heap, so it cannot shrink
    del blocks
    freed = resident_kib()
    calls = []
    monkeypatch.setattr(parallel, "release_free_memory",
                        lambda: calls.append(parallel._MALLOC_TRIM(0)))
    fork_map(squares_with_pids, list(range(SMALL * 2)), workers=2)
    assert len(calls) == 1
    assert resident_kib() < freed - 40_000  # KiB: most of the freed 80 MB
    assert kept
