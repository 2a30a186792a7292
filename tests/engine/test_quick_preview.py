"""The devserver's quick preview (phase 1): a saved item's own page at once.

Each test builds fixture content as the devserver does (development
settings, drafts previewed under /drafts/), keeps the build, edits an item,
lets phase 1 write what it can, and checks its page; then runs the full
incremental build (phase 2) and compares the output with a clean build of
the same content, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from conftest import PELICANCONF, ROOT, SITEURL, copy_fixture

from briefing.pelican.build import build
from briefing.pelican.quick_preview import build_and_keep, replace_file

ITEM_PAGE = "2026/11/21/harbour-cranes-stand-still/index.html"
DRAFT_PAGE = "drafts/marrowglint-embargoed-draft-about-grain/index.html"


def settings_for(content: Path, cache: Path) -> dict:
    return {"PATH": str(content), "SITEURL": SITEURL, "THEME": str(ROOT / "theme"),
            "CACHE_PATH": str(cache)}


def dev_build(content: Path, output: Path):
    report, kept = build_and_keep(PELICANCONF, output,
                                  settings_for(content, output.parent / "cache"))
    assert report.ok, report.errors
    return report, kept


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def clean_build(content: Path, scratch: Path) -> dict[str, bytes]:
    output = scratch / "clean" / "output"
    report = build(PELICANCONF, output, settings_for(content, scratch / "clean" / "cache"))
    assert report.ok, report.errors
    return tree(output)


def text_of(page: Path, selector: str = "article") -> str:
    return lxml.html.parse(str(page)).getroot().cssselect(selector)[0].text_content()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_notes_edit_shows_on_the_items_page_then_the_build_equals_a_clean_one(tmp_path):
    content = copy_fixture("unpublished", tmp_path)
    output = tmp_path / "output"
    _, kept = dev_build(content, output)
    item = content / "items" / "published_two.md"
    edit(item, "Why it matters: ports are slow.", "Why it matters: quaysquall delays.")
    home_before = (output / "index.html").read_bytes()

    shown = kept.show_saved([str(item)])

    assert shown.refused is None and shown.pages == [ITEM_PAGE]
    assert "quaysquall delays" in text_of(output / ITEM_PAGE)
    assert "ports are slow" not in text_of(output / ITEM_PAGE)
    # Its own page only: lists are phase 2's.
    assert (output / "index.html").read_bytes() == home_before
    report = phase_two_agrees(content, output, tmp_path, ITEM_PAGE)
    assert report.rendered > 0


def phase_two_agrees(content: Path, output: Path, tmp_path: Path, page: str):
    """Run phase 2 after phase 1 showed ``page``: it must leave a clean build,
    and nothing phase 1 showed that phase 2 would not: the very same page."""
    shown_page = (output / page).read_bytes()
    report, _ = dev_build(content, output)
    assert tree(output) == clean_build(content, tmp_path)
    assert (output / page).read_bytes() == shown_page
    return report


def test_a_drafts_preview_page_is_shown_again(tmp_path):
    content = copy_fixture("unpublished", tmp_path)
    output = tmp_path / "output"
    _, kept = dev_build(content, output)
    draft = content / "items" / "draft.md"
    edit(draft, "a word of the draft's notes", "and now glimmerfen too")

    shown = kept.show_saved([str(draft)])

    assert shown.refused is None and shown.pages == [DRAFT_PAGE]
    assert "glimmerfen" in text_of(output / DRAFT_PAGE)
    phase_two_agrees(content, output, tmp_path, DRAFT_PAGE)


def test_what_moves_a_page_or_cannot_be_read_is_left_to_the_full_build(tmp_path):
    content = copy_fixture("unpublished", tmp_path)
    output = tmp_path / "output"
    _, kept = dev_build(content, output)
    item = content / "items" / "published_two.md"
    page_before = (output / ITEM_PAGE).read_bytes()
    good = item.read_text("utf-8")

    def refused(text: str, path: Path = item) -> str | None:
        path.write_text(text, "utf-8")
        reason = kept.show_saved([str(path)]).refused
        return reason and reason.split("unpublished/", 1)[-1]

    assert refused(good.replace("Title: Harbour", "Slug: cranes\nTitle: Harbour")) == \
        "items/published_two.md: its Slug changed"
    assert refused(good.replace("Tags: Shipping, Ports", "Tags: Shipping, ports")) == \
        "items/published_two.md: its Tags changed"
    assert refused(good.replace("Date: 2026-11-21 09:00", "Date: 21/11/2026")) == \
        "items/published_two.md: it has errors"
    about = content / "pages" / "about.md"
    assert refused(about.read_text("utf-8") + "\nMore.\n", about) == \
        "pages/about.md: not an item of the last build"
    new = content / "items" / "new.md"
    assert refused(good, new) == "items/new.md: not an item of the last build"
    new.unlink()
    item.write_text(good.replace("ports are slow", "ports are slower"), "utf-8")
    assert kept.show_saved([str(item), str(content / "items" / "gone.md")]).refused.endswith(
        "items/gone.md: not an item of the last build")
    # None of the refused saves wrote the page.
    assert (output / ITEM_PAGE).read_bytes() == page_before


def test_the_full_build_renders_again_a_page_the_preview_replaced(tmp_path):
    """Whatever phase 1 wrote, phase 2 does not take it for its own file."""
    content = copy_fixture("unpublished", tmp_path)
    output = tmp_path / "output"
    dev_build(content, output)
    replace_file(output / ITEM_PAGE, "<html><body>not what the build makes</body></html>")
    report, _ = dev_build(content, output)
    assert report.rendered >= 1
    assert tree(output) == clean_build(content, tmp_path)


def test_the_full_build_renders_again_only_what_changed(tmp_path):
    """Phase 2 is incremental: every page's reads are checked, the theme's
    ``theme_url`` filter included (it once made every page render again)."""
    content = copy_fixture("unpublished", tmp_path)
    output = tmp_path / "output"
    first, _ = dev_build(content, output)
    again, _ = dev_build(content, output)
    assert again.rendered == 0 and again.kept == first.rendered
    edit(content / "items" / "published_two.md", "ports are slow", "ports are slower")
    edited, _ = dev_build(content, output)
    assert 0 < edited.rendered < first.rendered / 2
    assert tree(output) == clean_build(content, tmp_path)
