"""The devserver's watcher hands on every saved file, not an editor's passing temporary files."""

from __future__ import annotations

from watchfiles import Change

from briefing.cli.dev_watch import lasting


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
