"""Work done in a forked child while the build goes on (briefing.build.processes)."""

from __future__ import annotations

import os

from briefing.build.processes import Background


def test_the_child_sees_what_the_parent_held_when_it_forked(tmp_path):
    target = tmp_path / "seen.txt"
    held = ["as forked"]
    started = os.times().elapsed

    def work():
        while os.times().elapsed - started < 0.2:  # long enough for the parent to change it
            pass
        target.write_text(held[0])

    background = Background(work)
    held[0] = "changed after"
    assert background.finish() is True
    assert target.read_text() == "as forked"


def test_a_child_that_fails_says_so_once_it_is_waited_for(tmp_path):
    def work():
        raise RuntimeError("disk full")

    background = Background(work)
    assert background.finish() is False
    assert background.finish() is False  # no child to wait for any more


def test_where_processes_cannot_fork_the_work_is_done_at_once(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "fork")
    target = tmp_path / "done.txt"
    background = Background(lambda: target.write_text("done"))
    assert target.read_text() == "done"
    assert background.finish() is True
