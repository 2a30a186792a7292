"""The search index a build writes (briefing.pelican.search), read back from its files.

Pagefind writes one fragment per indexed page: a gzip stream of
``pagefind_dcd`` and the page's JSON (URL, text, metadata, filters), so the
tests can tell exactly which pages are in the index and what each holds.
``tests/browser/test_search.py`` searches the same index in Chromium.
"""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import FIXTURES, ROOT, build_site, copy_fixture

from briefing.search import bundle, pagefind
from briefing.search.indexed_part import indexed_part

ITEM = "/2026/11/26/ministry-confirms-grain-corridor-talks/"
#: Slugs of the model site's items that must never be found.
NEVER_INDEXED = ("unfinished-draft-item", "hidden-item-for-whoever-has-the-link",
                 "scheduled-item-from-the-future")


def shards(output: Path) -> list[Path]:
    """The index's shard folders, newest first, as the search page reads them."""
    bundle = output / "pagefind"
    return [bundle / "shard" / name
            for name in json.loads((bundle / "shards.json").read_text("utf-8"))]


def fragments(site) -> dict[str, dict]:
    """Each indexed page's fragment, by its URL; no page is in two shards."""
    found = {}
    for shard in shards(site.output):
        for path in (shard / "fragment").glob("*.pf_fragment"):
            fragment = json.loads(
                gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            assert fragment["url"] not in found
            found[fragment["url"]] = fragment
    return found


def languages(site) -> set[str]:
    """The languages of every shard's index."""
    return {language for shard in shards(site.output)
            for language in json.loads((shard / "pagefind-entry.json").read_text("utf-8"))
            ["languages"]}


def page_count(shard: Path) -> int:
    entry = json.loads((shard / "pagefind-entry.json").read_text("utf-8"))
    return sum(index["page_count"] for index in entry["languages"].values())


def listed_items(site) -> set[str]:
    """The URL path of every published item: the JSON Feed lists them all."""
    items = json.loads(site.path("feeds/all.json").read_text("utf-8"))["items"]
    assert len(items) == site.report.items
    return {urlsplit(item["url"]).path for item in items}


@pytest.mark.parametrize("name", ["model_site", "sample_site"])
def test_the_index_holds_every_listed_item_and_nothing_else(name, request):
    site = request.getfixturevalue(name)
    assert site.report.errors == []
    assert set(fragments(site)) == listed_items(site)
    assert sum(page_count(shard) for shard in shards(site.output)) == site.report.items


def test_drafts_hidden_and_future_items_are_never_indexed(model_site, sample_site):
    indexed = fragments(model_site)
    assert not [url for url in indexed for slug in NEVER_INDEXED if slug in url]
    assert not [url for url, fragment in indexed.items() if "quillfeather" in fragment["content"]]
    assert model_site.path("drafts/unfinished-draft-item/").exists()  # built, not indexed
    sample = fragments(sample_site)
    assert not [url for url in sample if "drafts" in url]
    assert not [url for url, fragment in sample.items()
                if "zephyrquill" in fragment["content"].lower()]


def test_an_item_is_indexed_with_its_facts_filters_and_text(model_site):
    fragment = fragments(model_site)[ITEM]
    assert fragment["meta"] == {
        "title": "Ministry confirms grain corridor talks",
        "date": "26 November 2026", "datetime": "2026-11-26T09:30:00+01:00",
        "source": "Harbour Gazette",
        "summary": "Why it matters: the corridor carried a third of the region's exports "
                   "before it closed.",
    }
    assert sorted(fragment["filters"]["tag"]) == ["Black Sea", "grain"]
    assert fragment["filters"]["source"] == ["Harbour Gazette"]
    content = fragment["content"].replace("\u200b", "")  # a Chinese index's word marks
    for text in ("Ministry confirms grain corridor talks", "Harbour Gazette",  # title, source
                 "Black Sea", "Why it matters",                               # tags, notes
                 "Officials confirmed on Wednesday"):                         # article text
        assert text in content, text
    for boilerplate in ("quoted as", "From the edition of", "Related items"):
        assert boilerplate not in content, boilerplate


def test_an_item_in_another_language_keeps_its_language_for_its_headline(model_site):
    [farsi] = [f for f in fragments(model_site).values() if f["meta"]["title"].startswith("نرخ")]
    assert farsi["meta"]["lang"] == "fa"
    assert "lang" not in fragments(model_site)[ITEM]["meta"]


def test_chinese_items_make_one_index_that_splits_chinese_into_words(model_site):
    assert languages(model_site) == {"zh"}
    [chinese] = [f for f in fragments(model_site).values() if f["meta"]["title"].startswith("中国")]
    # Pagefind marks the word boundaries it found with zero-width spaces.
    assert "出口\u200b" in chinese["content"] or "出口 \u200b" in chinese["content"]


def test_a_site_without_chinese_or_japanese_is_indexed_in_its_own_language(tmp_path):
    content = copy_fixture("model", tmp_path)
    for name in ("chinese_title.md",):
        (content / "items" / name).unlink()
    site = build_site(content, tmp_path / "output")
    assert languages(site) == {"en"}


def test_the_search_page_and_the_header_box(model_site):
    page = model_site.page("search/")
    area = page.cssselect("[data-search]")[0]
    assert area.get("data-bundle") == "http://127.0.0.1:8000/pagefind/"
    # Laid out from the first paint (search.css hides it when JavaScript is off).
    assert page.cssselect("[data-search] form")[0].get("hidden") is None
    assert not page.cssselect("[data-search-box]")  # the page is the search box
    home = model_site.page("")
    [box] = home.cssselect("[data-search-box]")
    assert box.cssselect("a")[0].get("href") == "http://127.0.0.1:8000/tags/"
    assert box.cssselect("form")[0].get("action") == "http://127.0.0.1:8000/search/"
    # Laid out already, invisible until JavaScript marks the box ready (layout.css).
    assert box.get("data-search-ready") is None


def test_search_off_builds_no_index_no_search_page_and_no_box(tmp_path):
    site = build_site(FIXTURES / "model", tmp_path / "output", BRIEFING_SEARCH=False)
    assert site.report.errors == []
    assert not (site.output / "pagefind").exists()
    assert not site.path("search/").exists()
    home = site.path("").read_text("utf-8")
    item = site.path(ITEM).read_text("utf-8")
    assert "data-search-box" not in home and "search-box.js" not in home
    assert "data-pagefind-body" not in item and "data-pagefind-meta" not in item
    assert "wasm-unsafe-eval" not in home and "connect-src" not in home


def test_a_rebuild_leaves_no_file_of_the_previous_index(tmp_path):
    content = copy_fixture("model", tmp_path)
    output = tmp_path / "output"
    build_site(content, output)
    (content / "items" / "same_source_again.md").unlink()
    site = build_site(content, output)
    assert site.report.errors == []
    files = list((output / "pagefind").rglob("*.pf_fragment"))
    assert len(files) == site.report.items == len(fragments(site))
    assert len(list((output / "pagefind").rglob("*.pf_meta"))) == len(shards(output))
    assert {path.name for path in (output / "pagefind").iterdir()} == {"shards.json", "shard"}


def shard_days(output: Path) -> list[list[str]]:
    """Each shard's items' days, newest shard first."""
    days = []
    for shard in shards(output):
        days.append(sorted(
            json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            ["meta"]["datetime"][:10] for path in (shard / "fragment").iterdir()))
    return days


def test_the_index_comes_in_shards_of_whole_days_newest_first(tmp_path):
    site = build_site(FIXTURES / "model", tmp_path / "output", BRIEFING_SEARCH_SHARD_ITEMS=3)
    assert site.report.errors == []
    days = shard_days(site.output)
    assert len(days) > 3 and sum(map(len, days)) == site.report.items
    for newer, older in itertools.pairwise(days):
        assert newer[0] > older[-1]  # a day is never split, and the newest shard comes first
    assert all(len(shard) <= 3 or len(set(shard)) == 1 for shard in days)
    assert ["2026-11-24"] * 7 in days  # a day with more items than the limit is one shard


def shards_indexed(monkeypatch) -> list[set[str]]:
    """Filled, as the build runs Pagefind, with the pages of each shard it indexes."""
    indexed: list[set[str]] = []
    run_pagefind = pagefind.run_pagefind
    monkeypatch.setattr(pagefind, "run_pagefind", lambda site, *args: indexed.append(
        {f"/{page.parent.relative_to(site)}/" for page in site.rglob("index.html")})
        or run_pagefind(site, *args))
    return indexed


def test_a_rebuild_indexes_again_only_the_shard_whose_items_changed(tmp_path, monkeypatch):
    content = copy_fixture("model", tmp_path)
    output = tmp_path / "output"
    build_site(content, output, BRIEFING_SEARCH_SHARD_ITEMS=3)
    before = shards(output)
    item = content / "items" / "with_notes_and_annotation.md"  # ITEM, of 26 November
    item.write_text(item.read_text("utf-8").replace("Why it matters", "Why this matters"),
                    "utf-8")
    indexed = shards_indexed(monkeypatch)
    site = build_site(content, output, BRIEFING_SEARCH_SHARD_ITEMS=3)
    assert site.report.errors == []
    after = shards(output)
    assert len(indexed) == 1 and ITEM in indexed[0]
    assert [old.name == new.name for old, new in zip(before, after, strict=True)] == \
        [old != before[0] for old in before]  # the newest shard holds the edited item
    assert "Why this matters" in fragments(site)[ITEM]["content"].replace("\u200b", "")
    kept = tmp_path / "cache" / "search"
    assert {path.name for path in kept.glob("*/*")} == {shard.name for shard in after}


def only_a_draft(folder: Path) -> Path:
    (folder / "items").mkdir(parents=True)
    shutil.copy(FIXTURES / "model" / "items" / "draft.md", folder / "items")
    return folder


def test_a_site_with_no_listed_item_has_no_index_and_no_error(tmp_path):
    site = build_site(only_a_draft(tmp_path / "content"), tmp_path / "output")
    assert site.report.errors == []
    assert not (site.output / "pagefind").exists()


def one_item(folder: Path) -> Path:
    (folder / "items").mkdir(parents=True)
    shutil.copy(FIXTURES / "model" / "items" / "with_notes_and_annotation.md", folder / "items")
    return folder


@pytest.mark.parametrize(("executable", "error"), [
    (Path("/bin/false"), "search: Pagefind failed (exit status 1): no output"),
    (Path("/nonexistent/pagefind"), "search: could not index the items: [Errno 2] No such file"),
])
def test_a_pagefind_that_fails_is_one_clear_error(tmp_path, monkeypatch, executable, error):
    monkeypatch.setattr(pagefind, "pagefind_executable", lambda: executable)
    site = build_site(one_item(tmp_path / "content"), tmp_path / "output")
    [reported] = site.report.errors
    assert reported.startswith(error)
    assert "Traceback" not in reported


def test_the_pinned_pagefind_package_is_the_extended_build():
    """Only the extended binary splits Chinese and Japanese into words."""
    assert pagefind.pagefind_executable().name == "pagefind_extended"
    pinned = (ROOT / "requirements" / "runtime.txt").read_text("utf-8")
    assert "pagefind_bin_extended==" in pinned


def test_a_new_item_indexes_only_its_shard_though_older_pages_now_link_to_it(tmp_path,
                                                                              monkeypatch):
    """Pagefind reads only an item's marked text: a new item's place in older
    items' related lists and edition links does not index their shards again."""
    content = copy_fixture("model", tmp_path)
    output = tmp_path / "output"
    build_site(content, output, BRIEFING_SEARCH_SHARD_ITEMS=3)
    before = shards(output)
    older_pages = {path: path.read_bytes() for path in output.glob("2026/11/*/*/index.html")}
    model = (content / "items" / "with_notes_and_annotation.md").read_text("utf-8")
    (content / "items" / "next_day.md").write_text(
        model.replace("Ministry confirms grain corridor talks", "Grain corridor opens")
        .replace("Date: 2026-11-26 09:30", "Date: 2026-11-27 08:00"), "utf-8")
    indexed = shards_indexed(monkeypatch)
    site = build_site(content, output, BRIEFING_SEARCH_SHARD_ITEMS=3)
    assert site.report.errors == []
    relinked = [path for path, old in older_pages.items() if path.read_bytes() != old]
    assert len(relinked) > 1  # the new item joined older pages' related items
    new = "/2026/11/27/grain-corridor-opens/"
    assert len(indexed) == 1 and new in indexed[0]
    after = shards(output)
    assert len(set(before) & set(after)) >= len(before) - 1  # the older shards were kept
    assert new in fragments(site) and set(listed_items(site)) == set(fragments(site))


def test_pagefind_reads_nothing_of_an_item_page_outside_its_indexed_part(tmp_path):
    """The premise of keying shards by indexed parts, checked on the pinned
    Pagefind: item pages that differ only outside their indexed part give
    the very same index, and the digest sees no difference."""
    site = build_site(FIXTURES / "model", tmp_path / "output")
    pages = [page for page in sorted(site.output.glob("2026/11/2*/*/index.html"))
             if b"data-pagefind-body" in page.read_bytes()]  # listed items' pages
    assert len(pages) > 3

    def index(name: str, rewrite) -> dict[str, bytes]:
        root = tmp_path / name
        for page in pages:
            target = root / "site" / page.relative_to(site.output)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(rewrite(page.read_bytes()))
        pagefind.run_pagefind(root / "site", root / "bundle", "en")
        bundle.canonicalize(root / "bundle")
        return {str(path.relative_to(root / "bundle")): path.read_bytes()
                for path in sorted((root / "bundle").rglob("*")) if path.is_file()}

    def outside(html: bytes) -> bytes:  # another title, navigation and related items
        head, _, rest = html.partition(b"<article")
        body, _, tail = rest.partition(b"</article>")
        return (head.replace(b"<title>", b"<title>Renamed ")
                + b"<nav><a href='/x/'>A link added</a></nav><article" + body + b"</article>"
                + tail.replace(b"<h2", b"<h2 class='moved'", 1)
                .replace(b"</main>", b"<ul><li>A newer related item</li></ul></main>"))

    assert all(indexed_part(outside(page.read_bytes())) == indexed_part(page.read_bytes())
               for page in pages)
    assert index("changed", outside) == index("same", lambda html: html)
