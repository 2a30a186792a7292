"""How pages lay out in a real browser: annotations, narrow screens, print."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_accessibility import PAGES

pytestmark = pytest.mark.browser

ITEM = PAGES["item"]
RTL_ITEM = PAGES["rtl item"]

BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const aside = document.querySelector('.article-text > aside.annotation');
  const blocks = [...document.querySelectorAll('.article-text > :not(aside)')];
  const passage = aside.previousElementSibling;
  const after = blocks[blocks.indexOf(passage) + 1];
  return {aside: box(aside), passage: box(passage), after: box(after),
          first: box(blocks[0]), second: box(blocks[1])};
}"""


def test_wide_screen_annotation_sits_beside_its_passage_and_leaves_no_gap(
        served_site, open_page):
    page, errors = open_page(served_site.url(ITEM), 1280)
    box = page.evaluate(BOXES)
    assert box["aside"]["left"] >= box["passage"]["right"]  # in the margin
    assert abs(box["aside"]["top"] - box["passage"]["top"]) < 2  # level with the passage
    # The note is taller than its passage, yet the next paragraph follows at
    # the usual distance, as the first two paragraphs do.
    assert box["aside"]["bottom"] > box["passage"]["bottom"]
    usual = box["second"]["top"] - box["first"]["bottom"]
    assert box["after"]["top"] - box["passage"]["bottom"] == pytest.approx(usual, abs=1)
    assert errors == []


def test_right_to_left_annotation_sits_in_the_left_margin(served_site, open_page):
    page, _ = open_page(served_site.url(RTL_ITEM), 1280)
    box = page.evaluate(BOXES)
    assert box["aside"]["right"] <= box["passage"]["left"]


def test_narrow_screen_annotation_follows_its_passage(served_site, open_page):
    page, _ = open_page(served_site.url(ITEM), 390)
    box = page.evaluate(BOXES)
    assert box["aside"]["top"] >= box["passage"]["bottom"]
    assert box["after"]["top"] >= box["aside"]["bottom"]
    assert abs(box["aside"]["left"] - box["passage"]["left"]) < 2


@pytest.mark.parametrize("name", PAGES)
def test_nothing_scrolls_sideways_at_320_px(served_site, open_page, name):
    page, _ = open_page(served_site.url(PAGES[name]), 320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_print_shows_the_item_without_navigation_and_notes_inline(served_site, open_page):
    page, _ = open_page(served_site.url(ITEM), 1280)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.site-nav', '.item-nav', '.related', '.skip-link']
        .map((s) => document.querySelector(s))
        .filter((el) => el && getComputedStyle(el).display !== 'none')
        .map((el) => el.className)""")
    assert hidden == []
    box = page.evaluate(BOXES)
    assert box["aside"]["top"] >= box["passage"]["bottom"]



CROWDED = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
{links}</head><body><main class="container"><div class="article-text" lang="en" dir="ltr">
<p id="p1">A short passage with a long note. {text}</p>
<aside class="annotation" id="a">{long}</aside>
<p id="p2">Second. {text}</p>
<p id="p3">Third. {text}</p>
<p id="p4">Fourth, with a note of its own. {text}</p>
<aside class="annotation" id="b">A short note.</aside>
<p id="p5">Fifth, with two notes. {text}</p>
<aside class="annotation" id="c">One.</aside>
<aside class="annotation" id="d">Two.</aside>
<p id="p6">Sixth. {text}</p>
</div></main></body></html>"""


def test_notes_run_down_the_margin_without_overlap_or_gaps(served_site, open_page):
    """A note longer than its passage, another note three blocks later, two on one passage."""
    page, _ = open_page(served_site.url(""), 1280)
    links = "".join(f'<link rel="stylesheet" href="{served_site.url(f"theme/css/{name}.css")}">'
                    for name in ("tokens", "base", "layout", "components"))
    page.set_content(CROWDED.format(links=links, long="A longer remark. " * 10,
                                    text="Some words of the source's text. " * 3),
                     wait_until="load")
    box = page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('[id]')].map((el) => {
          const r = el.getBoundingClientRect();
          return [el.id, {top: r.top, bottom: r.bottom, left: r.left, right: r.right}];
        }))""")
    assert box["a"]["bottom"] > box["p2"]["bottom"]  # the note outruns its passage and the next
    for note, passage in (("a", "p1"), ("b", "p4")):
        assert box[note]["left"] >= box[passage]["right"]
        assert abs(box[note]["top"] - box[passage]["top"]) < 2
    assert box["a"]["bottom"] <= box["b"]["top"]
    usual = box["p2"]["top"] - box["p1"]["bottom"]
    for upper, lower in (("p2", "p3"), ("p3", "p4"), ("p4", "p5")):
        assert box[lower]["top"] - box[upper]["bottom"] == pytest.approx(usual, abs=1)
    # Two notes on one passage: boxed, one after the other, right after it.
    for note in ("c", "d"):
        assert abs(box[note]["left"] - box["p5"]["left"]) < 2
    assert box["p5"]["bottom"] <= box["c"]["top"] <= box["d"]["top"] <= box["p6"]["top"]


HEADER_BOXES = """() => Object.fromEntries(['.site-header', '.site-search', 'main'].map((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [s, [r.left, r.top, r.width, r.height]];
}))"""
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let sum = 0;
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) { if (!shift.hadRecentInput) sum += shift.value; }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(sum), 300);
})"""


@pytest.mark.parametrize("width", [390, 1350])
def test_the_search_box_takes_its_place_without_moving_anything(
        served_site, open_page, browser, width):
    """The header as the HTML and CSS lay it out (no script run) is the header after
    search-box.js swapped the tags link for the box; nothing shifted on the way."""
    still = browser.new_context(viewport={"width": width, "height": 900},
                                java_script_enabled=False)
    try:
        before_page = still.new_page()
        before_page.goto(served_site.url(""))
        before = before_page.evaluate(HEADER_BOXES)
        assert before_page.locator(".site-search a").is_visible()
    finally:
        still.close()
    page, errors = open_page(served_site.url(""), width)
    page.get_by_role("searchbox", name="Search the briefing").wait_for()
    assert page.evaluate(HEADER_BOXES) == before
    assert page.evaluate(LAYOUT_SHIFT) == 0
    assert errors == []


@pytest.mark.parametrize("width", [390, 1350])
def test_the_search_page_lays_out_its_form_before_search_js_runs(served_site, open_page, width):
    """The form is there from the first paint and the filters keep their width
    once search.js fills them: nothing shifts (Lighthouse's CLS on the page)."""
    page, errors = open_page(served_site.url("search/"), width)
    expect(page.locator("#search-source option")).not_to_have_count(1)
    expect(page.locator("#search-tag option")).not_to_have_count(1)
    assert page.evaluate(LAYOUT_SHIFT) == 0
    assert errors == []
