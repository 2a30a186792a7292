"""Incremental publishing: unchanged pages are reused, and nothing stale survives.

A publish builds into a fresh folder and takes unchanged files from the one
it replaces (``BRIEFING_PREVIOUS_OUTPUT``).  Each test compares such a build
with a full build of the same content from empty caches: the two must be
identical file for file, byte for byte.  A reused file is a hard link to
the previous build's (so is a rendered one that came out the same), and the
build's report counts what was rendered again and what was kept unrendered.
"""

from __future__ import annotations

import os
import pickle
import runpy
import shutil
import sqlite3
import sys
import tempfile
import zlib
from pathlib import Path

import pytest
from conftest import FIXTURES, PELICANCONF, ROOT, build_site, copy_fixture

sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate

from briefing.pelican import feeds
from briefing.pelican.feeds import feed_bytes

ITEMS = 150  # enough for the reading and rendering to be shared among processes


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("corpus") / "content"
    generate(ITEMS, target)
    return target


def publish(content: Path, output: Path, cache: Path, previous: Path | None = None, **settings):
    """A publish build (the search index aside: its own tests cover it)."""
    site = build_site(content, output, settings="publishconf.py", CACHE_PATH=str(cache),
                      BRIEFING_PREVIOUS_OUTPUT=str(previous) if previous else None,
                      BRIEFING_SEARCH=False, **settings)
    assert site.report.ok, site.report.errors
    return site


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def reused(new: Path, old: Path) -> set[str]:
    """Files of ``new`` that are ``old``'s very files (hard links), not rendered again."""
    found = set()
    for path in new.rglob("*"):
        before = old / path.relative_to(new)
        if path.is_file() and before.exists() and path.stat().st_ino == before.stat().st_ino:
            found.add(str(path.relative_to(new)))
    return found


def page_of(site, title: str) -> str:
    """The output file of the item titled ``title``."""
    for path in site.output.rglob("index.html"):
        heading = site.page(str(path.relative_to(site.output))).find(".//article/header/h1")
        if heading is not None and heading.text_content() == title:
            return str(path.relative_to(site.output))
    raise AssertionError(title)


def item_file(content: Path, number: int) -> Path:
    return next(content.rglob(f"item-{number:06d}.md"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def header_value(path: Path, field: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in path.read_text("utf-8").splitlines()
                if line.startswith(f"{field}:"))


def test_unchanged_content_reuses_every_page_and_feed(corpus, tmp_path):
    first = publish(corpus, tmp_path / "first", tmp_path / "cache")
    second = publish(corpus, tmp_path / "second", tmp_path / "cache", previous=first.output)

    assert tree(second.output) == tree(first.output)
    written = {name for name in tree(second.output)
               if name.endswith((".html", ".xml", ".json", ".gz", ".br"))
               and "sitemap" not in name}
    assert any(name.endswith(".br") for name in written)
    assert written - reused(second.output, first.output) == set()
    assert second.report.rendered == 0, "no page or feed is rendered again"
    assert second.report.kept == first.report.rendered > 0


def test_no_item_is_asked_its_time_for_pelicans_content_cache_which_is_off(corpus, tmp_path,
                                                                         monkeypatch):
    asked = []
    getmtime = os.path.getmtime
    monkeypatch.setattr(os.path, "getmtime", lambda path: asked.append(str(path))
                        or getmtime(path))
    site = publish(corpus, tmp_path / "output", tmp_path / "cache")

    assert site.report.items >= ITEMS
    assert not [path for path in asked if path.endswith(".md")]


def test_a_corrected_note_rebuilds_only_the_pages_that_show_that_item(corpus, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    first = publish(content, tmp_path / "first", tmp_path / "cache")
    item = item_file(content, 10)
    edit(item, "Why it matters:", "Why this matters:")
    second = publish(content, tmp_path / "second", tmp_path / "cache", previous=first.output)
    full = publish(content, tmp_path / "full", tmp_path / "fresh-cache")

    assert tree(second.output) == tree(full.output)
    kept = reused(second.output, first.output)
    pages = {name for name in tree(second.output) if name.endswith("index.html")}
    edited = page_of(second, header_value(item, "Title"))
    assert {edited, f"{edited}.gz", f"{edited}.br"} & kept == set()
    assert len(pages - kept) < len(pages) / 5
    assert 0 < second.report.rendered < len(pages) / 5


def test_pages_whose_items_kept_their_states_are_checked_by_their_skeletons(corpus, tmp_path):
    """An editor's day (an item edited, one added) checks the pages that show
    neither by what they read off the page itself, not off every item."""
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    first = publish(content, tmp_path / "first", tmp_path / "cache")
    edit(item_file(content, 10), "Why it matters:", "Why this matters:")
    added = content / "added.md"
    added.write_text(item_file(content, 20).read_text("utf-8").replace(
        "Title: ", "Title: Added: ", 1).replace(
        "Source_URL: ", "Source_URL: https://added.example/#", 1), "utf-8")
    second = publish(content, tmp_path / "second", tmp_path / "cache", previous=first.output)
    full = publish(content, tmp_path / "full", tmp_path / "fresh-cache")

    assert tree(second.output) == tree(full.output)
    feeds = sum(1 for name in tree(full.output) if name.endswith((".xml", ".rss", ".atom")))
    pages_checked_whole = second.report.checked_whole - feeds
    # The new item is related to, and listed beside, dozens of this small
    # site's items, which changed their states: their pages are checked whole.
    assert 0 < pages_checked_whole < second.report.kept / 4
    assert first.report.checked_whole == 0  # nothing to check: everything is new


def test_states_not_made_of_a_pages_own_steps_never_vouch_for_it(corpus, tmp_path):
    """Entity states made without the steps a kept page applied (their record
    lost) cannot show what changed for it: it is checked by all it read."""
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    first = publish(content, tmp_path / "first", tmp_path / "cache")
    [records] = (tmp_path / "cache" / "pages").glob("*.sqlite3")
    with sqlite3.connect(records) as database:
        database.execute("UPDATE entity_steps SET steps = ? WHERE class = 'Article'",
                         (zlib.compress(pickle.dumps(frozenset({("a", "lang")}))),))
    database.close()
    # An unchanged publish keeps every page, and states made of what is left;
    # then it takes the published site's place, as a publish's swap does.
    second = publish(content, tmp_path / "second", tmp_path / "cache", previous=first.output)
    shutil.rmtree(first.output)
    second.output.rename(first.output)
    item = item_file(content, 10)
    edit(item, f"Title: {header_value(item, 'Title')}", "Title: A title only pages read")
    third = publish(content, tmp_path / "third", tmp_path / "cache", previous=first.output)
    full = publish(content, tmp_path / "full", tmp_path / "fresh-cache")

    assert second.report.rendered == 0
    assert tree(third.output) == tree(full.output)
    assert third.report.checked_whole > third.report.kept / 2


def test_a_feed_is_written_again_only_when_what_it_lists_changed(corpus, tmp_path, monkeypatch):
    """An item too old for the site-wide feed does not make it written again."""
    written = []

    def recording_feed_bytes(plan, entries, settings):
        written.append(plan.path)
        return feed_bytes(plan, entries, settings)

    monkeypatch.setattr(feeds, "feed_bytes", recording_feed_bytes)
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    first = publish(content, tmp_path / "first", tmp_path / "cache", FEED_MAX_ITEMS=3)
    # The sample's feeds are too few to be shared among processes: written here.
    assert "feeds/all.atom.xml" in written
    oldest = min(content.rglob("item-*.md"), key=lambda path: header_value(path, "Date"))
    edit(oldest, "Why it matters:", "Why this matters:")
    written.clear()
    second = publish(content, tmp_path / "second", tmp_path / "cache", FEED_MAX_ITEMS=3,
                     previous=first.output)

    page = page_of(second, header_value(oldest, "Title"))
    assert page not in reused(second.output, first.output)
    # Written again: only feeds that list the edited item (a tag it alone
    # has, say), never the site-wide ones, whose newest three it is not among.
    address = page.removesuffix("index.html")
    assert [path for path in written
            if address not in (second.output / path).read_text("utf-8")] == []
    assert not [path for path in written if path.startswith("feeds/all.")]


def test_added_removed_retitled_and_retagged_items_leave_nothing_stale(corpus, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    first = publish(content, tmp_path / "first", tmp_path / "cache")
    retitled = item_file(content, 20)
    edit(retitled, f"Title: {header_value(retitled, 'Title')}", "Title: A headline rewritten")
    retagged = item_file(content, 30)
    edit(retagged, f"Tags: {header_value(retagged, 'Tags')}", "Tags: Quite new tag")
    item_file(content, 40).unlink()
    model = item_file(content, 50)
    (content / "000" / "item-added.md").write_text(
        model.read_text("utf-8")
        .replace(header_value(model, "Source_URL"), "https://example.org/added-story")
        .replace(header_value(model, "Title"), "An added story"), "utf-8")

    second = publish(content, tmp_path / "second", tmp_path / "cache", previous=first.output)
    full = publish(content, tmp_path / "full", tmp_path / "fresh-cache")

    assert tree(second.output) == tree(full.output)
    kept = reused(second.output, first.output)
    assert page_of(second, "A headline rewritten") not in kept
    assert "tags/quite-new-tag/index.html" in tree(second.output)
    assert kept  # the rest of the site was still taken from the previous build


def test_a_changed_template_or_setting_renders_every_page_again(corpus, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    first = publish(corpus, tmp_path / "first", tmp_path / "cache", THEME=str(theme))
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace(
        'aria-label="Main"', 'aria-label="The desk\'s main pages"'), "utf-8")
    second = publish(corpus, tmp_path / "second", tmp_path / "cache", previous=first.output,
                     THEME=str(theme))
    third = publish(corpus, tmp_path / "third", tmp_path / "cache", previous=second.output,
                    THEME=str(theme), SITENAME="The Other Briefing")

    for new, old in ((second, first), (third, second)):
        html = {name for name in tree(new.output) if name.endswith(".html")}
        assert html & reused(new.output, old.output) == set()
    assert "The desk's main pages" in (second.output / "index.html").read_text("utf-8")
    assert "The Other Briefing" in (third.output / "index.html").read_text("utf-8")


def test_a_page_changed_on_disk_since_the_last_build_is_rendered_again(corpus, tmp_path):
    first = publish(corpus, tmp_path / "first", tmp_path / "cache")
    tampered = first.output / "index.html"
    tampered.write_text("<p>not what the build wrote</p>", "utf-8")
    second = publish(corpus, tmp_path / "second", tmp_path / "cache", previous=first.output)

    assert "not what the build wrote" not in (second.output / "index.html").read_text("utf-8")


def test_problems_are_reported_on_every_build_even_when_read_from_the_cache(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "warnings", content)
    first = build_site(content, tmp_path / "first")
    cache_entries = sorted((tmp_path / "cache" / "items").rglob("*"))
    second = build_site(content, tmp_path / "second")

    assert first.report.warnings
    assert second.report.warnings == first.report.warnings
    assert sorted((tmp_path / "cache" / "items").rglob("*")) == cache_entries


def test_a_damaged_read_cache_is_started_afresh(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "warnings", content)
    first = build_site(content, tmp_path / "first")
    [cache] = (tmp_path / "cache" / "items").glob("*.sqlite3")
    cache.write_bytes(b"not a database" * 100)
    second = build_site(content, tmp_path / "second")

    assert second.report.errors == [] and second.report.warnings == first.report.warnings
    assert (second.output / "index.html").read_bytes() == (first.output / "index.html").read_bytes()
    assert cache.read_bytes().startswith(b"SQLite format 3")


def test_a_theme_that_reads_further_than_ours_gets_no_stale_page(corpus, tmp_path):
    """The issue's case: a card that also shows each item's first related item.

    Retitling one item must change every page whose cards name it as some
    other item's related item, however far from the page's own values.
    """
    overrides = tmp_path / "overrides" / "partials"
    overrides.mkdir(parents=True)
    card = (ROOT / "theme" / "templates" / "partials" / "item_card.html").read_text("utf-8")
    (overrides / "item_card.html").write_text(card.replace(
        "  {{ card_meta(article, date_style) }}",
        "{% if article.related %}<p class=\"see-also\">See also: "
        "{{ article.related[0].title }}</p>{% endif %}\n"
        "  {{ card_meta(article, date_style) }}"), "utf-8")
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    theme = {"THEME_TEMPLATES_OVERRIDES": [str(overrides.parent)]}
    first = publish(content, tmp_path / "first", tmp_path / "cache", **theme)
    retitled = item_file(content, 20)
    old_title = header_value(retitled, "Title")
    shown = [name for name, data in tree(first.output).items()
             if name.endswith(".html") and f"See also: {old_title}".encode() in data]
    assert shown  # some card names it as another item's related item
    edit(retitled, f"Title: {old_title}", "Title: A headline rewritten")

    second = publish(content, tmp_path / "second", tmp_path / "cache", previous=first.output,
                     **theme)
    full = publish(content, tmp_path / "full", tmp_path / "fresh-cache", **theme)

    assert [name for name in shown
            if f"See also: {old_title}".encode() in (second.output / name).read_bytes()] == []
    assert tree(second.output) == tree(full.output)
    assert reused(second.output, first.output)  # still incremental


def _read_note(name: str) -> str:
    """A template filter of the site's own that reads a file: nothing can track it."""
    return (NOTES / name).read_text("utf-8")


NOTES = Path(tempfile.mkdtemp(prefix="briefing-notes-"))


def test_a_page_calling_an_untracked_filter_is_rendered_on_every_build(tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    page = (ROOT / "theme" / "templates" / "page.html").read_text("utf-8")
    (overrides / "page.html").write_text(page.replace(
        "{% block content %}", "{% block content %}<p class=\"from-file\">"
        "{{ 'desk.txt'|read_note }}</p>"), "utf-8")
    (NOTES / "desk.txt").write_text("First note", "utf-8")
    theme = {"THEME_TEMPLATES_OVERRIDES": [str(overrides)],
             "JINJA_FILTERS": {"read_note": _read_note}}
    first = publish(FIXTURES / "model", tmp_path / "first", tmp_path / "cache", **theme)
    (NOTES / "desk.txt").write_text("Second note", "utf-8")
    second = publish(FIXTURES / "model", tmp_path / "second", tmp_path / "cache",
                     previous=first.output, **theme)

    about = "about-this-briefing/index.html"
    assert "First note" in (first.output / about).read_text("utf-8")
    assert "Second note" in (second.output / about).read_text("utf-8")
    kept = reused(second.output, first.output)
    assert about not in kept
    assert "index.html" in kept  # pages that do not call it are still reused


def test_a_plugin_of_the_sites_own_means_no_page_is_reused(tmp_path, monkeypatch):
    """Its effects are out of sight: here it hands every template a value it reads."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    stamp = tmp_path / "stamp.txt"
    (plugins / "site_stamp.py").write_text(
        "from pathlib import Path\nfrom pelican import signals\n\n"
        "def stamp(generator):\n"
        f"    generator.env.globals['stamp'] = Path({str(stamp)!r}).read_text()\n\n"
        "def register():\n    signals.generator_init.connect(stamp)\n", "utf-8")
    monkeypatch.syspath_prepend(str(plugins))
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    base = (ROOT / "theme" / "templates" / "base.html").read_text("utf-8")
    (overrides / "base.html").write_text(base.replace(
        "{% block footer %}", "{% block footer %}<p>{{ stamp }}</p>"), "utf-8")
    ours = runpy.run_path(PELICANCONF)["PLUGINS"]
    settings = {"PLUGINS": [*ours, "site_stamp"], "THEME_TEMPLATES_OVERRIDES": [str(overrides)]}
    stamp.write_text("Stamp one", "utf-8")
    first = publish(FIXTURES / "model", tmp_path / "first", tmp_path / "cache", **settings)
    stamp.write_text("Stamp two", "utf-8")
    second = publish(FIXTURES / "model", tmp_path / "second", tmp_path / "cache",
                     previous=first.output, **settings)

    pages = [name for name in tree(second.output) if name.endswith(".html")]
    assert "Stamp one" in (first.output / "index.html").read_text("utf-8")
    assert [name for name in pages
            if "Stamp two" not in (second.output / name).read_text("utf-8")] == []


def test_relative_urls_leave_nothing_stale(tmp_path):
    """Each page's own site URL is one of its inputs (Pelican's contents read it)."""
    content = copy_fixture("model", tmp_path)
    relative = {"RELATIVE_URLS": True}
    first = publish(content, tmp_path / "first", tmp_path / "cache", **relative)
    item = content / "items" / "with_notes_and_annotation.md"
    edit(item, "Title: Ministry confirms grain corridor talks",
         "Title: Ministry confirms the talks")
    second = publish(content, tmp_path / "second", tmp_path / "cache", previous=first.output,
                     **relative)
    full = publish(content, tmp_path / "full", tmp_path / "fresh-cache", **relative)

    assert tree(second.output) == tree(full.output)
    assert reused(second.output, first.output)
