"""Tag and category pages counted from the oldest: a new item renders only the latest.

A site whose tag (and category) holds more than two pages' worth of items
is published, then a newer item is added and the site published again
incrementally, then one more, which completes a page.  After each step the
incremental output must equal a clean build byte for byte; the numbered
pages must be last build's very files (hard links: not rendered again)
unless the step completed a page; and, read back with lxml, every item is
on exactly one page of its tag, the "older" links lead from the tag's own
page down to page 1 and the "newer" links lead back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cool_addresses import write_item
from test_incremental import publish, reused, tree

PER_PAGE = 3
LISTS = ("tags/grain/", "categories/economy/")


def add_item(content: Path, number: int) -> str:
    title = f"Grain item {number:02d}"
    write_item(content, f"grain-{number:02d}.md", title, f"2026-11-{number:02d} 09:00",
               extra="Category: Economy\n")
    return title


def build(content: Path, folder: Path, name: str, previous=None, cache: str = "cache"):
    return publish(content, folder / name, folder / cache, previous=previous,
                   DEFAULT_PAGINATION=PER_PAGE)


def publish_again(content: Path, folder: Path, first):
    """An incremental publish after ``first``, checked against a clean build;
    with the files it took from ``first`` unrendered."""
    second = build(content, folder, "second", previous=first.output)
    clean = build(content, folder, "clean", cache="clean-cache")
    assert tree(second.output) == tree(clean.output)
    return second, reused(second.output, first.output)


def copies(page: str) -> set[str]:
    return {page, f"{page}.gz", f"{page}.br"}


def chain(site, start: str, rel: str) -> list[str]:
    """The addresses met following ``rel`` links from ``start`` (site-relative)."""
    met, url = [], start
    while url is not None and url not in met:
        met.append(url)
        links = site.page(url).xpath(f'//nav[@class="pagination"]//a[@rel="{rel}"]/@href')
        url = links[0].removeprefix("http://127.0.0.1:8000/") if links else None
    return met


def titles(site, url: str) -> list[str]:
    return [" ".join(heading.text_content().split())
            for heading in site.page(url).xpath('//div[@class="item-list"]//h2/a')]


def check_pages(site, address: str, expected_titles: set[str], numbered: int) -> list[str]:
    """The list's pages, newest first, checked; returns their addresses."""
    older = chain(site, address, "next")
    assert older == [address, *(f"{address}page/{n}/" for n in range(numbered, 0, -1))]
    assert chain(site, older[-1], "prev") == list(reversed(older))
    shown = [title for url in older for title in titles(site, url)]
    assert sorted(shown) == sorted(expected_titles)  # each item on exactly one page
    assert shown == sorted(shown, reverse=True)      # newest first, across the pages
    for url in older[1:]:
        assert len(titles(site, url)) == PER_PAGE
    assert not site.path(f"{address}page/{numbered + 1}/").exists()
    return older


@pytest.fixture
def content(tmp_path) -> tuple[Path, set[str]]:
    folder = tmp_path / "content"
    return folder, {add_item(folder, number) for number in range(1, 11)}  # 10 items


def test_a_new_item_renders_only_the_latest_page_of_its_lists(content, tmp_path):
    folder, shown = content
    first = build(folder, tmp_path, "first")
    for address in LISTS:  # 10 items, 3 a page: pages 1 and 2, the latest shows 4
        check_pages(first, address, shown, 2)
        assert len(titles(first, address)) == 4

    shown.add(add_item(folder, 11))
    second, kept = publish_again(folder, tmp_path, first)
    for address in LISTS:
        check_pages(second, address, shown, 2)
        assert copies(f"{address}index.html") & kept == set()
        for number in (1, 2):
            page = f"{address}page/{number}/index.html"
            assert copies(page) <= kept, page
    rendered = {name for name in tree(second.output) if name.endswith("index.html")} - kept
    assert {name for name in rendered if name.startswith(("tags/", "categories/"))} == {
        "tags/index.html", "categories/index.html", *(f"{a}index.html" for a in LISTS)}


def test_a_new_item_that_completes_a_page_publishes_it(content, tmp_path):
    folder, shown = content
    shown.add(add_item(folder, 11))
    first = build(folder, tmp_path, "first")
    shown.add(add_item(folder, 12))  # 12 items: page 3 complete, the latest shows it
    second, kept = publish_again(folder, tmp_path, first)
    for address in LISTS:
        check_pages(second, address, shown, 3)
        assert titles(second, f"{address}page/3/") == titles(first, address)[-PER_PAGE:]
        assert copies(f"{address}page/1/index.html") <= kept
        # Page 2's newer link now leads to page 3, not to the list's own address.
        assert copies(f"{address}page/2/index.html") & kept == set()
        assert titles(second, f"{address}page/2/") == titles(first, f"{address}page/2/")


def test_numbered_pages_say_what_they_hold_and_nothing_that_changes(content, tmp_path):
    folder, _ = content
    site = build(folder, tmp_path, "first")
    page = site.page("tags/grain/page/1/")
    assert page.findtext(".//title").startswith("Tag: Grain (page 1)")
    header = " ".join(page.xpath('//header[@class="page-header"]/p')[0].text_content().split())
    assert header == "Page 1: 3 items from 1 November 2026 to 3 November 2026"
    assert page.xpath('//link[@rel="canonical"]/@href') == [
        "http://127.0.0.1:8000/tags/grain/page/1/"]
    nav = " ".join(page.xpath('//nav[@class="pagination"]')[0].text_content().split())
    assert nav == "Newer items Page 1"  # the oldest page: nothing older
    latest = site.page("tags/grain/")
    assert " ".join(latest.xpath('//header[@class="page-header"]/p')[0]
                    .text_content().split()) == "10 items"
    assert " ".join(latest.xpath('//nav[@class="pagination"]')[0]
                    .text_content().split()) == "Older items"


def test_removing_older_items_moves_the_pages_after_them(content, tmp_path):
    folder, shown = content
    first = build(folder, tmp_path, "first")
    for number in (1, 2):
        (folder / f"grain-{number:02d}.md").unlink()
        shown.remove(f"Grain item {number:02d}")
    second, _ = publish_again(folder, tmp_path, first)
    for address in LISTS:  # 8 items: page 1 holds items 3 to 5; page 2 is gone
        check_pages(second, address, shown, 1)
        assert titles(second, f"{address}page/1/") == [
            "Grain item 05", "Grain item 04", "Grain item 03"]
