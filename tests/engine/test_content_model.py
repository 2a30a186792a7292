"""The content contract as built pages show it (fixture: ``model``).

Each test names the contract rule it checks; the fixture files are named for
their edge case.
"""

from __future__ import annotations

import re

import pytest

ITEM = "2026/11/26/ministry-confirms-grain-corridor-talks/"


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_model_site_builds_without_errors(model_site):
    assert model_site.report.errors == []


def test_editors_notes_come_first_and_apart_from_the_article_text(model_site):
    page = model_site.page(ITEM)
    notes = page.cssselect(".editor-notes")[0]
    article = page.cssselect(".article-text")[0]
    assert "Why it matters: the corridor" in text(notes)
    assert "Officials confirmed on Wednesday" in text(article)
    assert "Why it matters" not in text(article)
    assert "Officials confirmed" not in text(notes)
    body = page.cssselect("article.item")[0]
    sections = [el.get("class") for el in body.iter() if el.get("class") in
                ("editor-notes", "article-text")]
    assert sections == ["editor-notes", "article-text"]


def test_notes_heading_itself_is_not_repeated_in_the_notes(model_site):
    notes = model_site.page(ITEM).cssselect(".editor-notes")[0]
    headings = [text(h) for h in notes.iter("h2")]
    assert headings == ["Editor's notes"]


def test_annotations_stand_right_after_their_passage_and_number_in_reading_order(model_site):
    page = model_site.page(ITEM)
    asides = page.cssselect("aside.annotation")
    assert [a.get("id") for a in asides] == ["annotation-1", "annotation-2"]
    notes_aside, article_aside = asides
    assert "port authority" in text(notes_aside)
    assert "suspended since the spring" in text(article_aside)
    passage = article_aside.getprevious()
    assert passage.tag == "p" and "talks on a grain corridor resumed" in text(passage)
    ref = passage.cssselect("sup.annotation-ref a")[0]
    assert ref.get("href") == f"#{article_aside.get('id')}"


@pytest.mark.parametrize("url", [
    ITEM, "2026/11/25/reference-without-a-definition/",
])
def test_no_raw_footnote_syntax_reaches_a_reader(model_site, url):
    html = model_site.path(url).read_text(encoding="utf-8")
    assert "[^" not in html


def test_a_dangling_annotation_is_reported(model_site):
    warnings = "\n".join(model_site.report.warnings)
    assert "dangling_reference.md: annotation: [^missing] has no definition" in warnings


def test_an_unreferenced_annotation_is_shown_at_the_end_and_reported(model_site):
    page = model_site.page("2026/11/25/reference-without-a-definition/")
    last = page.cssselect(".editor-notes")[0][-1]
    assert last.get("class") == "annotation"
    assert "A remark nobody references." in text(last)
    assert any("dangling_reference.md: annotation: [^unused] is never referenced" in w
               for w in model_site.report.warnings)


@pytest.mark.parametrize(("file", "warning"), [
    ("explicit_summary.md:3", "Tags: 'GRAIN' is spelled 'grain' elsewhere: use one spelling"),
    ("with_notes_and_annotation.md:6",
     "Source_URL: carries tracking parameters (utm_source): remove them"),
    ("same_source_again.md:5",
     "Source_URL: the same article as tests/fixtures/content/model/items/"
     "with_notes_and_annotation.md"),
])
def test_consistency_warnings_name_file_line_and_field(model_site, file, warning):
    assert any(f"items/{file}: {warning}" in w for w in model_site.report.warnings), (
        model_site.report.warnings)


def test_source_via_source_author_and_source_date_are_shown(model_site):
    page = model_site.page(ITEM)
    source = page.cssselect(".source-line")[0]
    link = source.cssselect("a")[0]
    assert link.get("href").startswith("https://harbour-gazette.example/2026/11/grain-corridor")
    assert text(link) == "Harbour Gazette"
    assert text(source).startswith("Source: Harbour Gazette, by Mira Lenz, via Coastal Wire, ")
    json_ld = page.cssselect('script[type="application/ld+json"]')[0].text
    assert '"author": {"@type": "Person", "name": "Mira Lenz"}' in json_ld
    assert source.cssselect("time")[0].get("datetime") == "2026-11-25"


def test_summary_is_the_first_notes_paragraph_whole(model_site):
    page = model_site.page(ITEM)
    description = page.cssselect('meta[name="description"]')[0].get("content")
    assert description == ("Why it matters: the corridor carried a third of the "
                           "region's exports before it closed.")


def test_summary_without_notes_is_the_first_article_paragraph(model_site):
    page = model_site.page("2026/11/26/item-without-editors-notes/")
    description = page.cssselect('meta[name="description"]')[0].get("content")
    assert description == "The first paragraph of the article becomes the summary."


def test_explicit_summary_is_text_escaped_once(model_site):
    path = model_site.path("2026/11/26/item-with-an-explicit-summary/")
    page = model_site.page("2026/11/26/item-with-an-explicit-summary/")
    description = page.cssselect('meta[name="description"]')[0].get("content")
    assert description == 'Tanks & "tankers": a <b>bold</b> teaser, not markup.'
    assert "<b>bold</b>" not in path.read_text(encoding="utf-8")


def test_item_without_notes_heading_is_valid_but_warned(model_site):
    assert model_site.path("2026/11/26/item-without-editors-notes/").exists()
    assert any("no_notes_heading.md:7: body: has no editor's notes" in w
               for w in model_site.report.warnings)


def test_bom_and_crlf_file_reads_like_any_other(model_site):
    page = model_site.page("2026/11/25/bom-and-crlf-item/")
    assert text(page.cssselect("h1")[0]) == "BOM and CRLF item"
    assert "\ufeff" not in model_site.path("2026/11/25/bom-and-crlf-item/").read_text("utf-8")
    notes = page.cssselect(".editor-notes")[0]
    assert "Notes read from a file with a BOM" in text(notes)


def test_items_may_live_in_any_folder(model_site):
    assert model_site.path("2026/11/25/item-in-a-nested-folder/").exists()


def test_category_defaults_from_settings_not_from_folder(model_site):
    page = model_site.page("2026/11/25/item-in-a-nested-folder/")
    categories = [a.get("href") for a in page.cssselect(".meta a")]
    assert any(href.endswith("/categories/briefing/") for href in categories)
    assert not model_site.path("categories/folder/").exists()


def test_right_to_left_item_is_marked_rtl(model_site):
    page = model_site.page("2026/11/25/nrkh-rz-dr-bzr-thrn/")
    article = page.cssselect(".article-text")[0]
    assert article.get("lang") == "fa"
    assert article.get("dir") == "rtl"


def test_annotation_in_a_right_to_left_text_keeps_the_editors_language(model_site):
    aside = model_site.page("2026/11/25/nrkh-rz-dr-bzr-thrn/").cssselect(
        '.article-text[dir="rtl"] aside.annotation')[0]
    assert (aside.get("lang"), aside.get("dir")) == ("en", "ltr")
    assert "open-market rate" in text(aside)


def test_left_to_right_item_is_marked_ltr(model_site):
    article = model_site.page(ITEM).cssselect(".article-text")[0]
    assert (article.get("lang"), article.get("dir")) == ("en", "ltr")


@pytest.mark.parametrize("url", [
    "2026/11/24/zhong-guo-shang-wu-bu-fa-bu-chu-kou-guan-zhi-xin-gui/",  # Chinese title
    "2026/11/24/hangug-bandoce-sucul-jeungga/",  # Korean title
    "2026/11/25/nrkh-rz-dr-bzr-thrn/",  # Farsi title
])
def test_non_latin_titles_get_ascii_slugs(model_site, url):
    assert re.fullmatch(r"[a-z0-9/-]+", url)
    assert model_site.path(url).exists()


def test_colliding_derived_slugs_are_made_unique_and_both_published(model_site):
    first = model_site.page("2026/11/24/same-headline-twice/")
    second = model_site.page("2026/11/24/same-headline-twice-2/")
    assert "keeps the plain slug" in text(first)
    assert "gets a suffix" in text(second)


def test_explicit_slug_is_used(model_site):
    assert model_site.path("2026/11/24/chosen-by-the-editor/").exists()


def test_iso_date_with_offset_belongs_to_the_site_time_zone_day(model_site):
    page = model_site.page("2026/11/26/late-night-item-from-new-york/")
    assert page.cssselect(".meta time")[0].get("datetime") == "2026-11-26T05:30:00+01:00"
    edition = model_site.page("2026/11/26/")
    assert "Late-night item from New York" in text(edition)


def test_pages_are_built_and_never_listed_as_items(model_site):
    assert model_site.path("about-this-briefing/").exists()
    for listing in ("", "archives/", "tags/", "2026/11/26/"):
        assert "About this briefing" not in text(model_site.page(listing).cssselect("main")[0])


def test_unsafe_html_in_article_text_is_removed(model_site):
    html = model_site.path("2026/11/25/article-text-with-quotes/").read_text("utf-8")
    # The theme's own scripts are the only ones a page may hold: its JSON-LD data
    # block, which never runs and in which |tojson escapes every <, and its
    # files from the site (tests/engine/test_theme.py).
    html = re.sub(r'<script type="application/ld\+json">[^<]*</script>', "", html)
    html = re.sub(r'<script src="(?:\.\./)*theme/js/[a-z-]+\.js" defer></script>', "", html)
    for needle in ("<script", "onerror", "javascript:", "<iframe", "onclick"):
        assert needle not in html
    page = model_site.page("2026/11/25/article-text-with-quotes/")
    assert text(page.cssselect("h1")[0]) == 'Article text with <script> & "quotes"'
    assert "Example <Daily>" in text(page.cssselect(".source-line")[0])
