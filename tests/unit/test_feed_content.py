"""A feed entry's HTML (briefing.feeds.entry_html) and an item's feed id.

An entry is made in two steps, the body when the item is read and its links
made absolute when a feed lists it; most tests look at what a feed carries,
both steps together (:func:`entry_html`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from html import escape
from types import SimpleNamespace

import lxml.html
import pytest
from markupsafe import Markup

from briefing.content.rendering import BodyRenderer
from briefing.content.sanitize import with_absolute_links
from briefing.feeds.entry_html import edition_html, entry_body
from briefing.pelican.item_reader import feed_id

ITEM_URL = "https://briefing.example.org/2026/11/26/cia-videos/"
SOURCE_URL = "https://www.rt.com/news/example-cia-mandarin-videos/?a=1&b=2"

ARTICLE_HTML = (
    '<p>The agency launched a <a href="/tag/cia/">campaign</a>.'
    '<sup class="annotation-ref" id="annotation-ref-2"><a href="#annotation-2">2</a></sup></p>\n'
    '<aside class="annotation" id="annotation-2"><p><span class="annotation-number">2</span>'
    " Second campaign so far.</p>\n</aside>\n"
    '<p>It released <a href="https://youtube.example/v">two videos</a>. '
    '<img src="images/still.jpg" alt="still"></p>'
)
NOTES_HTML = (
    "<p>Why it matters: it moves to video."
    '<sup class="annotation-ref" id="annotation-ref-1"><a href="#annotation-1">1</a></sup>'
    ' See <a href="#annotation-1">the note</a>.</p>\n'
    '<aside class="annotation" id="annotation-1"><p><span class="annotation-number">1</span>'
    " The view count is the agency's own.</p>\n</aside>"
)


def annotation(number: int, passage: str, note_html: str) -> SimpleNamespace:
    return SimpleNamespace(number=number, key=f"k{number}", passage=passage,
                           note_html=Markup(note_html), in_notes=number == 1)


def make_item(**changes) -> SimpleNamespace:
    fields = {
        "notes_html": Markup(NOTES_HTML),
        "article_html": Markup(ARTICLE_HTML),
        "annotations": [
            annotation(1, "Why it matters: it moves to video. See the note.",
                       "<p>The view count is the agency's own.</p>"),
            annotation(2, "The agency launched a campaign.",
                       "<p>Second campaign so far.</p>"),
        ],
        "source": "RT",
        "source_url": SOURCE_URL,
        "via": "Bloomberg",
        "source_date": dt.date(2026, 11, 25),
    }
    fields.update(changes)
    return SimpleNamespace(**fields)


def entry_html(item, item_url: str) -> str:
    """The entry as a feed carries it."""
    return with_absolute_links(entry_body(item, item_url), item_url)


def tree(fragment: str):
    return lxml.html.fragment_fromstring(fragment, create_parent="div")


def text(fragment: str) -> str:
    return " ".join(tree(fragment).text_content().split())


@pytest.fixture
def entry() -> str:
    return entry_html(make_item(), ITEM_URL)


# -- order and content -------------------------------------------------------------------


def test_notes_come_before_the_article_text(entry):
    flat = text(entry)
    assert flat.index("Why it matters") < flat.index("The agency launched")
    assert flat.index("Why it matters") < flat.index("two videos")


def test_entry_without_notes_still_has_article_and_credit():
    entry = entry_html(make_item(notes_html=Markup(""), annotations=[]), ITEM_URL)
    assert "Why it matters" not in entry
    assert "The agency launched" in entry
    assert "Article text:" in text(entry)


def test_each_annotation_is_its_passage_quoted_then_the_note(entry):
    root = tree(entry)
    quotes = root.xpath("//blockquote")
    assert [" ".join(q.text_content().split()) for q in quotes] == [
        "Why it matters: it moves to video. See the note.",
        "The agency launched a campaign.",
    ]
    flat = text(entry)
    first_quote = flat.index("Why it matters: it moves to video. See the note.")
    first_note = flat.index("The view count is the agency's own.")
    second_quote = flat.index("The agency launched a campaign.", first_quote)
    second_note = flat.index("Second campaign so far.")
    assert first_quote < first_note < second_quote < second_note


def test_annotations_come_before_the_article_text(entry):
    flat = text(entry)
    assert flat.index("Second campaign so far.") < flat.index("It released two videos")


def test_annotation_without_passage_has_no_empty_quote():
    item = make_item(annotations=[annotation(1, "", "<p>An unreferenced remark.</p>")])
    entry = entry_html(item, ITEM_URL)
    assert tree(entry).xpath("//blockquote") == []
    assert "An unreferenced remark." in entry


def test_passage_text_is_escaped_not_markup():
    passage = "Use <script>alert(1)</script> & more"
    item = make_item(annotations=[annotation(1, passage, "<p>n</p>")])
    entry = entry_html(item, ITEM_URL)
    assert "<script" not in entry
    [quote] = tree(entry).xpath("//blockquote")
    assert quote.text_content() == passage


def test_annotation_asides_are_removed_from_article_and_notes(entry):
    root = tree(entry)
    assert root.xpath("//aside") == []
    assert "annotation-number" not in entry
    flat = text(entry)
    assert flat.count("Second campaign so far.") == 1
    assert flat.count("The view count is the agency's own.") == 1


def test_text_after_an_aside_is_kept(entry):
    assert "It released two videos." in text(entry)


# -- links ------------------------------------------------------------------------------------


def test_root_relative_link_is_made_absolute(entry):
    links = [a.get("href") for a in tree(entry).iter("a")]
    assert "https://briefing.example.org/tag/cia/" in links
    assert "/tag/cia/" not in links


def test_fragment_link_is_made_absolute_against_the_item_url(entry):
    links = [a.get("href") for a in tree(entry).iter("a")]
    assert ITEM_URL + "#annotation-1" in links
    assert ITEM_URL + "#annotation-2" in links
    assert not [link for link in links if link.startswith("#")]


def test_relative_image_is_made_absolute(entry):
    [img] = tree(entry).iter("img")
    assert img.get("src") == ITEM_URL + "images/still.jpg"


def test_every_link_in_the_entry_is_absolute(entry):
    for element in tree(entry).iter("a", "img"):
        url = element.get("href") or element.get("src")
        assert url.startswith("https://"), url


def test_absolute_link_is_unchanged(entry):
    assert "https://youtube.example/v" in [a.get("href") for a in tree(entry).iter("a")]


def test_relative_link_inside_an_annotation_note_is_made_absolute():
    item = make_item(annotations=[annotation(1, "p", '<p>See <a href="/about/">us</a>.</p>')])
    links = [a.get("href") for a in tree(entry_html(item, ITEM_URL)).iter("a")]
    assert "https://briefing.example.org/about/" in links


def test_the_body_made_when_reading_keeps_relative_links_for_later():
    body = entry_body(make_item(), "https://briefing.example.org/")
    hrefs = [a.get("href") for a in tree(body).iter("a")]
    assert "/tag/cia/" in hrefs and "#annotation-1" in hrefs
    assert [img.get("src") for img in tree(body).iter("img")] == ["images/still.jpg"]


def test_a_body_whose_links_are_all_absolute_is_returned_as_it_is():
    html = '<p><a href="https://a.example/x">a</a> <a href="MAILTO:x@a.example">m</a></p>'
    assert with_absolute_links(html, ITEM_URL) is html


@pytest.mark.parametrize(("link", "absolute"), [
    ("../x/", "https://briefing.example.org/2026/11/26/x/"),
    ("#annotation-1", f"{ITEM_URL}#annotation-1"),
    ("//other.example/y", "https://other.example/y"),
    ("?a=1&b=2", f"{ITEM_URL}?a=1&b=2"),
])
def test_relative_links_are_resolved_against_the_items_address(link, absolute):
    html = entry_body(make_item(article_html=Markup(f'<p><a href="{escape(link)}">x</a></p>'),
                                notes_html=Markup(""), annotations=[]), ITEM_URL)
    hrefs = [a.get("href") for a in tree(with_absolute_links(html, ITEM_URL)).iter("a")]
    assert absolute in hrefs


def test_a_link_resolved_off_the_site_is_marked_as_leaving_it():
    item = make_item(article_html=Markup('<p><a href="//other.example/y">x</a></p>'),
                     notes_html=Markup(""), annotations=[])
    [link] = [a for a in tree(entry_html(item, ITEM_URL)).iter("a") if a.text == "x"]
    assert link.get("href") == "https://other.example/y"
    assert link.get("rel") == "noopener noreferrer"


@pytest.mark.parametrize("html", [
    '<p title="x href=" lang="en"><a href="#n" title="a &gt; b">n</a></p>',
    '<p>Text saying href="here" and &lt;a href="there"&gt;.</p><a href="there">t</a>',
    '<p><img src=" still.jpg" alt="i" width="3"><a href="a b?x=1&amp;y=&quot;2">q</a></p>',
    '<blockquote cite="../source/"><p><a href="https://a.example/?q=1&amp;r=2">a</a>'
    '<a href="MAILTO:x@a.example">m</a></p></blockquote>',
    '<details><summary>s</summary><p><a href="/tag/cia/" hreflang="en">c</a></p></details>',
])
def test_links_are_resolved_as_lxml_resolves_them(html):
    """The rewrite of sanitized markup gives the tree lxml's own would."""
    clean = entry_body(make_item(article_html=Markup(html), notes_html=Markup(""),
                                 annotations=[]), ITEM_URL)
    expected = tree(clean)
    expected.make_links_absolute(ITEM_URL, resolve_base_href=False)
    rewritten = tree(with_absolute_links(clean, ITEM_URL))
    assert [(e.tag, dict(e.attrib), e.text, e.tail) for e in rewritten.iter()] == \
        [(e.tag, dict(e.attrib), e.text, e.tail) for e in expected.iter()]


def test_a_link_no_reader_could_follow_is_dropped_and_its_text_kept():
    """The sanitizer keeps ``//[`` (a relative URL to it); resolving it fails."""
    html = entry_body(make_item(article_html=Markup('<p><a href="//[x">kept</a></p>'),
                                notes_html=Markup(""), annotations=[]), ITEM_URL)
    [link] = [a for a in tree(with_absolute_links(html, ITEM_URL)).iter("a") if a.text == "kept"]
    assert link.get("href") is None


def test_an_edition_notes_links_are_made_absolute_against_the_editions_address():
    edition_url = "https://briefing.example.org/editions/2026-11-26/"
    note = '<p>See <a href="../2026-11-25/">yesterday</a> and <a href="//[">x</a>.</p>'
    html = edition_html(note, edition_url,
                        [("Item", ITEM_URL, f'<p><a href="{ITEM_URL}#n">1</a></p>')])
    hrefs = [a.get("href") for a in tree(html).iter("a")]
    assert hrefs == ["https://briefing.example.org/editions/2026-11-25/", None, ITEM_URL,
                     f"{ITEM_URL}#n"]


# -- credit line ---------------------------------------------------------------------------------


def test_entry_ends_with_a_credit_line_linking_the_source_and_naming_via(entry):
    last = tree(entry)[-1]
    assert last.tag == "p"
    [link] = last.iter("a")
    assert link.get("href") == SOURCE_URL
    assert link.text == "RT"
    assert "via Bloomberg" in last.text_content()
    assert "2026-11-25" in last.text_content()


def test_credit_line_without_via_or_source_date_names_only_the_source():
    entry = entry_html(make_item(via=None, source_date=None), ITEM_URL)
    last = tree(entry)[-1]
    assert " ".join(last.text_content().split()) == "Article text: RT."


def test_credit_line_names_the_source_author_escaped_before_via():
    entry = entry_html(make_item(source_author="Jane <Doe> & Co"), ITEM_URL)
    last = tree(entry)[-1]
    assert " ".join(last.text_content().split()) == (
        "Article text: RT, by Jane <Doe> & Co, via Bloomberg, published 2026-11-25.")
    assert not last.findall(".//doe")


def test_credit_line_escapes_the_source_name():
    entry = entry_html(make_item(source="Smith & <Sons>"), ITEM_URL)
    [link] = tree(entry)[-1].iter("a")
    assert link.text == "Smith & <Sons>"


# -- sanitizing ------------------------------------------------------------------------------------


def test_entry_is_sanitized():
    item = make_item(
        article_html=Markup('<p onclick="x()">Hi<script>alert(1)</script></p>'),
        notes_html=Markup('<p><a href="javascript:alert(2)">n</a></p>'),
    )
    entry = entry_html(item, ITEM_URL)
    assert "alert" not in entry
    assert "onclick" not in entry
    assert "javascript" not in entry


def test_entry_from_a_rendered_body():
    body = BodyRenderer({"extensions": ["markdown.extensions.extra"],
                         "output_format": "html5"}).render(
        "The agency [launched](/x/) it.[^a]\n\nMore.\n\n## Editor's notes\n\n"
        "Why it matters: video.[^b]\n\n[^a]: Note A.\n[^b]: Note B.\n")
    item = make_item(article_html=body.article_html, notes_html=body.notes_html,
                     annotations=body.annotations)
    entry = entry_html(item, ITEM_URL)
    root = tree(entry)
    assert root.xpath("//aside") == []
    assert len(root.xpath("//blockquote")) == 2
    flat = text(entry)
    assert flat.index("Why it matters") < flat.index("The agency launched it")
    assert flat.count("Note A.") == flat.count("Note B.") == 1
    assert "https://briefing.example.org/x/" in [a.get("href") for a in root.iter("a")]


# -- feed id ---------------------------------------------------------------------------------

SITE = "the-briefing"
ARTICLE_URL = "https://www.rt.com/news/example-cia-mandarin-videos/"


def as_uuid(value: str) -> uuid.UUID:
    assert value.startswith("urn:uuid:"), value
    return uuid.UUID(value.removeprefix("urn:uuid:"))


@pytest.mark.parametrize("pinned", [
    "tag:briefing.example.org,2026:cia-videos",
    "urn:uuid:6f1c1c84-5d1e-4c47-9d8b-6d3c3b9d2f10",
    "https://briefing.example.org/items/42",
])
def test_id_that_is_a_uri_is_kept_as_is(pinned):
    assert feed_id(SITE, pinned, ARTICLE_URL) == pinned


@pytest.mark.parametrize("pinned", ["cia-videos-2026", "42", "my item"])
def test_id_that_is_not_a_uri_becomes_a_stable_urn_uuid(pinned):
    value = feed_id(SITE, pinned, ARTICLE_URL)
    as_uuid(value)
    assert value == feed_id(SITE, pinned, None)
    assert value == feed_id(SITE, pinned, "https://example.com/other")


def test_different_pinned_ids_give_different_feed_ids():
    assert feed_id(SITE, "one", None) != feed_id(SITE, "two", None)


def test_pinned_id_wins_over_the_source_url():
    assert feed_id(SITE, "cia", ARTICLE_URL) != feed_id(SITE, None, ARTICLE_URL)


def test_feed_id_from_source_url_is_a_urn_uuid():
    value = feed_id(SITE, None, ARTICLE_URL)
    as_uuid(value)
    assert value == feed_id(SITE, "", ARTICLE_URL)


@pytest.mark.parametrize("variant", [
    "https://www.rt.com/news/example-cia-mandarin-videos",
    "http://www.rt.com/news/example-cia-mandarin-videos/",
    "https://rt.com/news/example-cia-mandarin-videos/",
    "https://www.rt.com/news/example-cia-mandarin-videos/?utm_source=twitter&utm_medium=social",
    "https://www.rt.com/news/example-cia-mandarin-videos/?fbclid=IwAR0x&gclid=abc",
    "https://www.rt.com/news/example-cia-mandarin-videos/#comments",
    "HTTPS://WWW.RT.COM/news/example-cia-mandarin-videos/",
])
def test_feed_id_ignores_tracking_and_spelling_of_the_source_url(variant):
    assert feed_id(SITE, None, variant) == feed_id(SITE, None, ARTICLE_URL)


@pytest.mark.parametrize("other", [
    "https://www.rt.com/news/another-story/",
    "https://www.rt.com/news/example-cia-mandarin-videos/?page=2",
    "https://www.bloomberg.com/news/example-cia-mandarin-videos/",
])
def test_different_source_urls_give_different_feed_ids(other):
    assert feed_id(SITE, None, other) != feed_id(SITE, None, ARTICLE_URL)


def test_different_sites_give_different_feed_ids():
    assert feed_id("site-a", None, ARTICLE_URL) != feed_id("site-b", None, ARTICLE_URL)
    assert feed_id("site-a", "pin", None) != feed_id("site-b", "pin", None)


@pytest.mark.parametrize(("explicit", "source_url"), [
    (None, None), ("", ""), (None, ""), (None, "/news/relative/"), (None, "ftp://rt.com/x"),
])
def test_no_feed_id_without_id_or_http_source_url(explicit, source_url):
    assert feed_id(SITE, explicit, source_url) is None


@pytest.mark.parametrize("explicit", ["javascript:alert(1)", "data:text/html,x", "mailto:x@y"])
def test_id_in_another_scheme_is_hashed_not_kept(explicit):
    derived = feed_id("site", explicit, None)
    assert derived.startswith("urn:uuid:") and explicit not in derived
