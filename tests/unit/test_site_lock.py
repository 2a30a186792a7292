"""One build of a site at a time: the lock beside its output folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from briefing.build.site_lock import SiteBusyError, hold, lock_path

HOLD = """
import sys, time
from pathlib import Path
from briefing.build.site_lock import hold
with hold(Path(sys.argv[1]), 0):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def holder(output, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(output), str(seconds)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "held\n"
    return process


def test_a_second_holder_is_told_who_holds_it(tmp_path):
    output = tmp_path / "output"
    process = holder(output, 30)
    try:
        with pytest.raises(SiteBusyError) as busy, hold(output, 0.2):
            pass
        assert str(busy.value) == (f"PID {process.pid} is building {output} "
                                   f"(lock {lock_path(output)}); waited 0.2 s")
    finally:
        process.kill()
        process.wait()


def test_a_waiting_holder_gets_the_lock_when_the_first_ends(tmp_path):
    output = tmp_path / "output"
    process = holder(output, 0.5)
    started = time.monotonic()
    with hold(output, 30):
        assert time.monotonic() - started > 0.2
        assert lock_path(output).read_text() == f"{os.getpid()}\n"
    process.wait()


def test_a_killed_holder_leaves_no_lock(tmp_path):
    output = tmp_path / "output"
    process = holder(output, 30)
    process.kill()
    process.wait()
    with hold(output, 0):
        pass


def test_the_lock_is_reentrant_within_a_process(tmp_path):
    with hold(tmp_path / "output", 0), hold(tmp_path / "output", 0):
        pass
    with hold(tmp_path / "output", 0):
        pass
