"""Putting one build's file into another: a link, never a write through one."""

from __future__ import annotations

import os

import pytest

from briefing.build.files import link_or_copy


def test_a_new_target_becomes_a_hard_link_to_the_source(tmp_path):
    source, target = tmp_path / "page.html", tmp_path / "new" / "page.html"
    source.write_text("<p>Page</p>")
    target.parent.mkdir()
    link_or_copy(source, target)
    assert os.path.samefile(source, target)


def test_an_existing_target_is_replaced_and_what_it_linked_to_is_left_alone(tmp_path):
    previous_build, source, target = (tmp_path / name for name in ("old.html", "src.html",
                                                                   "out.html"))
    previous_build.write_text("<p>Last build's page</p>")
    os.link(previous_build, target)  # the target is still another build's file
    source.write_text("<p>This build's page</p>")

    link_or_copy(source, target)

    assert os.path.samefile(source, target)
    assert previous_build.read_text() == "<p>Last build's page</p>"


def test_a_missing_folder_or_source_is_said_so_and_nothing_is_copied(tmp_path, monkeypatch):
    source = tmp_path / "page.html"
    source.write_text("<p>Page</p>")
    monkeypatch.setattr("shutil.copy2", lambda *_: pytest.fail("copied"))
    with pytest.raises(FileNotFoundError):
        link_or_copy(source, tmp_path / "not-made" / "page.html")
    with pytest.raises(FileNotFoundError):
        link_or_copy(tmp_path / "gone.html", tmp_path / "page-copy.html")
