"""The devserver's watcher hands on every saved file, not an editor's passing temporary files."""

from __future__ import annotations

import queue

from watchfiles import Change

from briefing.cli.dev_watch import SaveWatcher, lasting


def test_files_made_and_removed_in_one_moment_are_left_out(tmp_path):
    item = tmp_path / "item.md"
    item.write_text("Title: x\n", "utf-8")
    rewritten = tmp_path / "rewritten.md"  # removed, then written again: a save
    rewritten.write_text("Title: y\n", "utf-8")
    temporary, removed = tmp_path / "4913", tmp_path / "gone.md"
    changes = {(Change.added, str(temporary)), (Change.deleted, str(temporary)),
               (Change.modified, str(item)), (Change.deleted, str(removed)),
               (Change.deleted, str(rewritten)), (Change.added, str(rewritten))}
    assert lasting(changes) == {str(item), str(removed), str(rewritten)}


def test_the_watcher_names_each_saved_file_and_says_what_it_cannot_watch(tmp_path, capsys):
    content, missing = tmp_path / "content", tmp_path / "missing"
    content.mkdir()
    saved: queue.Queue[str] = queue.Queue()
    watcher = SaveWatcher([str(content), str(missing)], saved.put)
    thread = watcher.watch_in_background()
    item = content / "item.md"
    try:
        for attempt in range(40):  # the watch starts in its own time
            item.write_text(f"Title: {attempt}\n", "utf-8")
            try:
                assert saved.get(timeout=0.5) == str(item)
                break
            except queue.Empty:
                continue
        else:
            raise AssertionError("no save was told")
    finally:
        watcher.stopped.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert f"devserver: not watching {missing}: not found" in capsys.readouterr().out
