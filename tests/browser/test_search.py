"""Search in headless Chromium: the search page, its filters and the header's box.

The sample site (``served_site``) and the edge-case site (``served_model``:
Chinese and Korean items, a draft, a hidden and a future item) are built
with the publish settings, so their Pagefind index is the real one, and
served over HTTP, as any static server would.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

import pytest
from conftest import FIXTURES, copy_fixture
from playwright.sync_api import expect

from .conftest import STEP_TIMEOUT, serve
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.browser

RANSOMWARE = "Ransomware attack halts container bookings at North Sea terminal operator"
FARSI = "ریال به پایین‌ترین سطح تاریخی خود در برابر دلار رسید"
CHINESE = "商务部将七家美国无人机企业列入不可靠实体清单"
#: The status line once a search has answered.
ANSWERED = re.compile(r"^(\d+ items?|No item) found")


@pytest.fixture(scope="module")
def served_model(tmp_path_factory):
    with serve(FIXTURES / "model", tmp_path_factory.mktemp("served-model") / "output") as site:
        yield site


def searched(open_page, site, query: str = "", width: int = 1280, **filters):
    """The search page opened at ?q=query&tag=...; (page, console errors) once it has answered."""
    params = "&".join(f"{key}={quote(value)}" for key, value in
                      {"q": query, **filters}.items() if value)
    page, errors = open_page(site.url(f"search/?{params}"), width)
    expect(page.locator(".search-status")).to_have_text(ANSWERED, timeout=STEP_TIMEOUT)
    return page, errors


def titles(page) -> list[str]:
    return page.locator(".search-results .item-card__title").all_inner_texts()


def status(page) -> str:
    return page.locator(".search-status").inner_text()


# -- what is found -----------------------------------------------------------------------

def test_a_word_only_in_one_items_article_text_finds_that_item(served_site, open_page):
    page, errors = searched(open_page, served_site, "Bremerhaven")
    assert titles(page) == [RANSOMWARE]
    assert status(page) == "1 item found for “Bremerhaven”."
    card = page.locator(".search-results li").first
    assert card.locator(".meta").inner_text() == "21 November 2026 · Northsea Monitor"
    assert card.locator(".meta time").get_attribute("datetime") == "2026-11-21T12:40:00+01:00"
    assert card.locator("mark").all_inner_texts() == ["Bremerhaven"]
    assert urlsplit(card.locator("a").get_attribute("href")).path == (
        "/2026/11/21/ransomware-attack-halts-container-bookings-at-north-sea-terminal-operator/")
    assert errors == []


def test_a_drafts_own_word_finds_nothing(served_site, served_model, open_page):
    for site, word in ((served_site, "zephyrquill"), (served_model, "quillfeather")):
        page, errors = searched(open_page, site, word)
        assert titles(page) == []
        assert status(page) == f"No item found for “{word}”."
        assert errors == []


@pytest.mark.parametrize(("site", "query", "title"), [
    ("served_site", "تهران", FARSI),                 # Farsi, in the article text
    ("served_site", "出口管制", CHINESE),              # Chinese, inside a sentence
    ("served_site", "无人机", CHINESE),
    ("served_model", "반도체", "한국 반도체 수출 증가"),   # Korean
    ("served_model", "出口管制", "中国商务部发布出口管制新规"),
])
def test_farsi_chinese_and_korean_words_are_found(request, open_page, site, query, title):
    page, errors = searched(open_page, request.getfixturevalue(site), query)
    assert title in titles(page)
    assert errors == []


def test_hidden_and_future_items_are_never_found(served_model, open_page):
    page, _ = searched(open_page, served_model, "grain")
    found = titles(page)
    assert "Ministry confirms grain corridor talks" in found
    assert not {"Hidden item for whoever has the link", "Scheduled item from the future"} \
        & set(found)


# -- filters --------------------------------------------------------------------------

def test_a_tag_alone_lists_its_items_newest_first_with_their_summaries(served_site, open_page):
    page, errors = searched(open_page, served_site, tag="energy")
    assert status(page) == "2 items found tagged “energy”."
    assert titles(page) == [
        "Irish regulator caps new data centre connections unless operators bring their own power",
        "Cold snap drives earliest large gas storage withdrawals in Europe since 2021"]
    assert page.locator(".search-result__excerpt").first.inner_text().startswith(
        "Why it matters")
    assert page.locator("#search-tag").input_value() == "energy"
    assert errors == []


def test_a_tag_in_several_shards_lists_its_items_newest_first_as_its_tag_page_does(
        served_site, open_page):
    tag_page, _ = open_page(served_site.url("tags/china/"), 1280)
    listed = tag_page.locator(".item-card__title").all_inner_texts()
    page, errors = searched(open_page, served_site, tag="China")
    assert len(listed) == 6 and titles(page) == listed
    assert errors == []


def test_words_narrowed_by_tag_and_by_source(served_site, open_page):
    page, _ = searched(open_page, served_site, "sanctions")
    everywhere = titles(page)
    page.locator("#search-tag").select_option("Iran")
    expect(page.locator(".search-status")).to_have_text(
        "1 item found for “sanctions” tagged “Iran”.")
    assert titles(page) == [FARSI]
    page.locator("#search-tag").select_option("")
    page.locator("#search-source").select_option("The Meridian Ledger")
    expect(page.locator(".search-status")).to_have_text(
        re.compile("found for “sanctions” from The Meridian Ledger"))
    assert set(titles(page)) < set(everywhere)
    assert "source=The+Meridian+Ledger" in page.url and "q=sanctions" in page.url


def test_the_filters_offer_every_tag_and_source_of_the_listed_items_only(served_site, open_page):
    page, _ = searched(open_page, served_site, "gas")
    sources = page.locator("#search-source option").all_inner_texts()
    assert "Northsea Monitor (2)" in sources  # its draft is not counted
    assert sources[0] == "Any source"
    tags = page.locator("#search-tag option").all_inner_texts()
    assert "malware (1)" not in tags and not [t for t in tags if t.startswith("malware")]


# -- the page, by keyboard and without JavaScript -----------------------------------------

def test_the_header_box_takes_words_to_the_search_page(served_site, open_page):
    page, errors = open_page(served_site.url(""), 390)
    assert page.locator(".site-search a").is_hidden()
    box = page.get_by_role("searchbox", name="Search the briefing")
    box.focus()
    page.keyboard.type("Bremerhaven")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Bremerhaven$"))
    expect(page.locator(".search-status")).to_have_text("1 item found for “Bremerhaven”.")
    assert page.locator("#search-query").input_value() == "Bremerhaven"
    assert errors == []


def test_typing_searches_and_more_results_come_by_keyboard(served_site, open_page):
    page, errors = open_page(served_site.url("search/"), 1280)
    page.locator("#search-query").fill("the")
    expect(page.locator(".search-status")).to_have_text(re.compile(r"^\d+ items found"))
    total = int(status(page).split()[0])
    assert total > 10 and len(titles(page)) == 10
    assert "q=the" in page.url
    more = page.get_by_role("button", name="Show more results")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".search-results li")).to_have_count(min(total, 20))
    eleventh = page.locator(".search-results li").nth(10).locator("a")
    expect(eleventh).to_be_focused()
    assert errors == []


def test_without_javascript_the_header_links_to_the_tags_and_the_page_says_why(
        served_site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site.url(""))
        link = page.locator(".site-search a")
        assert link.is_visible() and link.get_attribute("href") == served_site.url("tags/")
        assert page.locator(".site-search form").is_hidden()
        page.goto(served_site.url("search/?q=gas"))
        assert page.locator(".search-form").is_hidden()
        assert "needs JavaScript" in page.locator("main").inner_text()
    finally:
        context.close()


# -- what the page loads and reports -------------------------------------------------------

def test_the_search_page_asks_nothing_of_another_site_and_logs_no_error(
        served_site, open_page):
    page, errors = open_page(served_site.url(""), 1280)  # the site, before the search page
    page.wait_for_load_state("networkidle")
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    page.goto(served_site.url("search/?q=sanctions"))
    expect(page.locator(".search-status")).to_have_text(re.compile("found"))
    page.locator("#search-tag").select_option("Iran")
    expect(page.locator(".search-status")).to_have_text(re.compile("tagged"))
    assert requested and [url for url in requested if not url.startswith(served_site.base)] == []
    assert any("/pagefind/" in url for url in requested)  # the index came from the site
    assert errors == []  # console errors, CSP violations, failed requests


def test_the_search_page_merges_every_shard_and_loads_pagefinds_code_once(
        served_site, open_page):
    shards = json.loads((served_site.output / "pagefind" / "shards.json").read_text("utf-8"))
    assert len(shards) == 5  # 17 items in shards of at most SMALL_SHARDS, whole days
    page, _ = open_page(served_site.url(""), 1280)
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(served_site.url("search/?q=sanctions"))
    expect(page.locator(".search-status")).to_have_text(re.compile("found"))
    entries = sorted(path for path in requested if path.endswith("/pagefind-entry.json"))
    assert entries == sorted(f"/pagefind/shard/{name}/pagefind-entry.json" for name in shards)
    code = [path for path in requested if path.endswith((".pagefind", "pagefind.js"))]
    assert len(code) == 2 and all(path.startswith(f"/pagefind/shard/{shards[0]}/")
                                  for path in code)  # the newest shard's script and wasm


def test_search_results_show_markup_in_items_as_text_and_run_nothing(tmp_path, open_page):
    content = copy_fixture("xss", tmp_path)
    (content / "items" / "source_url_javascript.md").unlink()  # an error: never published
    with serve(content, tmp_path / "output") as site:
        page, errors = searched(open_page, site, "alert")
        assert len(titles(page)) >= 3
        excerpts = page.locator(".search-result__excerpt")
        assert {tag.lower() for tag in excerpts.locator("*").evaluate_all(
            "elements => elements.map(e => e.tagName)")} == {"mark"}
        assert "<script>" in " ".join(excerpts.all_inner_texts())  # shown as written
        assert page.locator(".search-results [onerror], .search-results [onload]").count() == 0
        assert errors == []


def test_results_and_filters_fit_a_320_px_screen(served_site, open_page):
    page, _ = searched(open_page, served_site, "the", width=320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_violation_on_results(served_site, open_page, axe_js, width,
                                                   scheme):
    page, errors = open_page(served_site.url("search/?q=sanctions"), width, scheme,
                             init_script=axe_js)
    expect(page.locator(".search-status")).to_have_text(re.compile("found"))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [describe(v) for v in results["violations"] if v["impact"] in BLOCKING] == []
    assert errors == []
