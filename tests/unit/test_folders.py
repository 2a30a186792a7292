"""A publish's fresh output gets the replaced site's folders made while it reads."""

from __future__ import annotations

from briefing.build.folders import PreparedFolders, folders_of


def test_the_replaced_sites_folders_are_made_and_those_left_empty_removed(tmp_path):
    previous, new = tmp_path / "previous", tmp_path / "new"
    for folder in ("2026/11/kept-item", "2026/11/removed-item", "tag/china", "empty"):
        (previous / folder).mkdir(parents=True)
    new.mkdir()

    prepared = PreparedFolders(previous, new)
    assert sorted(folders_of(previous)) == sorted(prepared.names)
    (new / "2026" / "11" / "kept-item").mkdir(parents=True, exist_ok=True)  # as the build does
    (new / "2026" / "11" / "kept-item" / "index.html").write_text("<p>kept</p>")
    (new / "feeds").mkdir()  # a folder the build made itself, not the replaced site's
    (new / "feeds" / "all.atom.xml").write_text("<feed/>")
    prepared.finish()

    assert sorted(str(path.relative_to(new)) for path in new.rglob("*")) == [
        "2026", "2026/11", "2026/11/kept-item", "2026/11/kept-item/index.html",
        "feeds", "feeds/all.atom.xml"]
    prepared.finish()  # again: nothing more to do


def test_without_a_replaced_site_nothing_is_made(tmp_path):
    new = tmp_path / "new"
    new.mkdir()
    prepared = PreparedFolders(tmp_path / "missing", new)
    prepared.finish()
    assert prepared.names == [] and list(new.iterdir()) == []
