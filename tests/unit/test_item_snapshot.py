"""The file of the items a build made (briefing.build.item_snapshot)."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys

import pytest

from briefing.build import item_snapshot
from briefing.build.cache_log import LOGGER_NAME

SHARED = {"settings": {"SITENAME": "Briefing"}}


def by_reference(obj):
    return "settings" if obj is SHARED["settings"] else None


def test_what_is_saved_loads_with_shared_objects_given_by_the_loader(tmp_path):
    path = tmp_path / "items.pickle"
    item = {"title": "Storm warning", "settings": SHARED["settings"]}
    item_snapshot.save(path, {"item.md": item}, by_reference)
    theirs = {"SITENAME": "Briefing, next build"}
    loaded = item_snapshot.load(path, lambda reference: theirs)
    assert loaded == {"item.md": {"title": "Storm warning", "settings": theirs}}
    assert loaded["item.md"]["settings"] is theirs
    assert [found.name for found in tmp_path.iterdir()] == ["items.pickle"]  # no temporary


def test_no_file_is_no_snapshot_and_no_word(tmp_path, caplog):
    assert item_snapshot.load(tmp_path / "missing.pickle", lambda reference: None) is None
    assert not caplog.records


def test_a_damaged_file_is_said_so_and_kept_aside(tmp_path, caplog):
    path = tmp_path / "items.pickle"
    item_snapshot.save(path, {"item.md": "a long enough text " * 20}, by_reference)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        assert item_snapshot.load(path, lambda reference: None) is None
    assert "item snapshot" in caplog.text and "digest does not match" in caplog.text
    assert not path.exists() and path.with_name("items.pickle.damaged").read_bytes() == data


def test_a_file_of_another_kind_is_damaged_too(tmp_path, caplog):
    path = tmp_path / "items.pickle"
    path.write_bytes(b"SQLite format 3\0")
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        assert item_snapshot.load(path, lambda reference: None) is None
    assert "not a snapshot of this version" in caplog.text


def test_a_save_that_fails_leaves_the_last_snapshot(tmp_path):
    path = tmp_path / "items.pickle"
    item_snapshot.save(path, {"item.md": "last build's"}, by_reference)
    with pytest.raises((pickle.PicklingError, AttributeError)):
        item_snapshot.save(path, {"item.md": lambda: "cannot be pickled"}, by_reference)
    assert item_snapshot.load(path, lambda reference: None) == {"item.md": "last build's"}
    assert [found.name for found in tmp_path.iterdir()] == ["items.pickle"]


def test_a_temporary_file_of_a_writer_killed_half_way_goes_with_the_next_save(tmp_path):
    path = tmp_path / "items.pickle"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    abandoned = tmp_path / f"items.pickle.{ended}.tmp"
    abandoned.write_bytes(b"half a snapshot")
    still_writing = tmp_path / f"items.pickle.{os.getppid()}.tmp"
    still_writing.write_bytes(b"another build's, going on")
    item_snapshot.save(path, {"item.md": "this build's"}, by_reference)
    assert not abandoned.exists() and still_writing.exists()
