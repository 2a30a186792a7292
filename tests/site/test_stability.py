"""Feed ids that never change, and builds that are byte-identical."""

from __future__ import annotations

import filecmp
import shutil

from conftest import build_site, copy_fixture

ITEM = "items/with_notes_and_annotation.md"


def ids_by_source(site) -> dict[tuple[str, str], str]:
    """Each entry's id, keyed by its opening words and the article it credits."""
    feed = site.feed("feeds/all.atom.xml")
    return {(next(link.href for link in e.links if link.rel == "via"),
             e.content[0].value[:120]): e.id for e in feed.entries}


def test_feed_ids_survive_edits_to_title_slug_date_modified_and_file_name(tmp_path):
    content = copy_fixture("model", tmp_path)
    before = ids_by_source(build_site(content, tmp_path / "before"))

    source = content / ITEM
    text = source.read_text("utf-8")
    text = text.replace("Title: Ministry confirms grain corridor talks",
                        "Title: Grain corridor talks confirmed\nSlug: corridor-talks")
    text = text.replace("Date: 2026-11-26 09:30", "Date: 2026-11-24 18:00\n"
                        "Modified: 2026-11-27 08:00")
    moved = content / "elsewhere" / "renamed_item.md"
    moved.parent.mkdir()
    moved.write_text(text, "utf-8")
    source.unlink()
    after_site = build_site(content, tmp_path / "after")
    after = ids_by_source(after_site)

    assert after_site.path("2026/11/24/corridor-talks/").exists()
    assert after == before
    assert len(set(after.values())) == len(after)


def test_feed_id_ignores_tracking_parameters_added_to_source_url(tmp_path):
    content = copy_fixture("model", tmp_path)
    before = build_site(content, tmp_path / "before").feed("feeds/all.atom.xml")
    source = content / ITEM
    source.write_text(source.read_text("utf-8").replace(
        "grain-corridor?utm_source=feed", "grain-corridor/?utm_medium=x&fbclid=abc"), "utf-8")
    after = build_site(content, tmp_path / "after").feed("feeds/all.atom.xml")
    title = "Ministry confirms grain corridor talks"
    assert ({e.id for e in before.entries if e.title == title}
            == {e.id for e in after.entries if e.title == title})


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path):
    content = copy_fixture("model", tmp_path)
    first = build_site(content, tmp_path / "first")
    shutil.copystat(content, content)  # touch nothing but metadata
    second = build_site(content, tmp_path / "second")
    names = [p.relative_to(first.output) for p in first.files()]
    assert names == [p.relative_to(second.output) for p in second.files()]
    _, mismatch, errors = filecmp.cmpfiles(first.output, second.output, names, shallow=False)
    assert mismatch == [] and errors == []
