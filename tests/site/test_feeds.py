"""The site feed written with feedgen (fixture: ``model``; sample content)."""

from __future__ import annotations

import re

import lxml.etree
import pytest
from conftest import SITEURL

FEEDS = ("feeds/all.atom.xml", "feeds/all.rss.xml")
ITEM_TITLE = "Ministry confirms grain corridor talks"


def entry(feed, title):
    return next(e for e in feed.entries if e.title == title)


@pytest.mark.parametrize("url", FEEDS)
def test_feed_parses_cleanly(model_site, url):
    feed = model_site.feed(url)
    assert feed.bozo is False, feed.get("bozo_exception")
    assert feed.feed.title == "The Briefing"


@pytest.mark.parametrize("url", FEEDS)
def test_feed_has_a_self_link_equal_to_its_url(model_site, url):
    feed = model_site.feed(url)
    selves = [link.href for link in feed.feed.links if link.rel == "self"]
    assert selves == [f"{SITEURL}/{url}"]


def test_rss_channel_links_to_the_site(model_site):
    feed = model_site.feed("feeds/all.rss.xml")
    assert feed.feed.link == f"{SITEURL}/"


@pytest.mark.parametrize("url", FEEDS)
def test_entries_are_newest_first_with_distinct_timestamps(model_site, url):
    stamps = [e.published_parsed for e in model_site.feed(url).entries]
    assert stamps == sorted(stamps, reverse=True)
    assert len(set(stamps)) == len(stamps)


@pytest.mark.parametrize("url", FEEDS)
def test_entry_carries_id_link_notes_annotations_article_and_credit(model_site, url):
    item = entry(model_site.feed(url), ITEM_TITLE)
    assert item.id.startswith("urn:uuid:")
    assert item.link == f"{SITEURL}/2026/11/26/ministry-confirms-grain-corridor-talks/"
    html = item.content[0].value
    notes = html.index("Why it matters")
    article = html.index("talks on a grain corridor resumed.")
    assert notes < article
    assert "<blockquote>" in html and "suspended since the spring" in html
    assert 'href="https://harbour-gazette.example/2026/11/grain-corridor' in html
    assert "via Coastal Wire" in html
    assert 'class="annotation"' not in html  # annotations come as plain pairs
    assert item.summary.startswith("Why it matters")


@pytest.mark.parametrize("url", FEEDS)
def test_no_relative_url_in_any_entry(model_site, url):
    for item in model_site.feed(url).entries:
        for link in re.findall(r'(?:href|src)="([^"]*)"', item.content[0].value):
            assert link.startswith(("http://", "https://", "mailto:")), (item.title, link)


def test_categories_are_the_tags_with_their_pages_as_domain(model_site):
    xml = lxml.etree.parse(str(model_site.path("feeds/all.rss.xml")))
    item = next(i for i in xml.iter("item") if i.findtext("title") == ITEM_TITLE)
    categories = {c.text: c.get("domain") for c in item.iter("category")}
    assert categories == {"grain": f"{SITEURL}/tags/grain/",
                          "Black Sea": f"{SITEURL}/tags/black-sea/"}


def test_rss_guid_is_not_a_permalink_and_editors_are_dc_creators(model_site):
    xml = lxml.etree.parse(str(model_site.path("feeds/all.rss.xml")))
    item = next(i for i in xml.iter("item") if i.findtext("title") == ITEM_TITLE)
    assert item.find("guid").get("isPermaLink") == "false"
    creators = [c.text for c in item.iter("{http://purl.org/dc/elements/1.1/}creator")]
    assert creators == ["Ada Stern", "Ben Okoro"]
    assert item.find("author") is None  # RSS <author> must be an e-mail address


def test_atom_entry_links_the_source_article_as_via(model_site):
    item = entry(model_site.feed("feeds/all.atom.xml"), ITEM_TITLE)
    via = [link.href for link in item.links if link.rel == "via"]
    assert via == ["https://harbour-gazette.example/2026/11/grain-corridor?utm_source=feed"]


def test_explicit_id_pins_the_feed_id_and_modified_sets_updated(model_site):
    item = entry(model_site.feed("feeds/all.atom.xml"), "Item with a pinned feed id")
    assert item.id == "tag:example.org,2026:pinned-item"
    assert item.updated == "2026-11-26T15:00:00+01:00"
    assert item.published == "2026-11-25T13:00:00+01:00"


def test_feed_updated_comes_from_the_newest_item_not_the_clock(model_site):
    atom = model_site.feed("feeds/all.atom.xml")
    assert atom.feed.updated == "2026-11-26T16:00:00+01:00"
    rss = lxml.etree.parse(str(model_site.path("feeds/all.rss.xml")))
    assert rss.findtext("channel/lastBuildDate") == "Thu, 26 Nov 2026 16:00:00 +0100"


def test_unsafe_markup_never_reaches_a_feed(model_site):
    for url in FEEDS:
        xml = model_site.path(url).read_text("utf-8")
        for needle in ("<script", "onerror", "javascript:", "<iframe", "onclick"):
            assert needle not in xml


def test_sample_site_feed_lists_every_published_item(sample_site):
    feed = sample_site.feed("feeds/all.atom.xml")
    assert feed.bozo is False
    assert len(feed.entries) == sample_site.report.items
    assert not [e for e in feed.entries if "zephyrquill" in e.content[0].value]
