"""The theme's links to feeds are the URLs the feeds give themselves: one rule."""

from __future__ import annotations

from conftest import FIXTURES, build_site


def test_feed_links_and_feed_self_links_agree_whatever_the_feed_domain(tmp_path):
    site = build_site(FIXTURES / "model", tmp_path / "output", BRIEFING_SEARCH=False,
                      FEED_DOMAIN="https://feeds.example.org/")
    assert site.report.ok, site.report.errors
    home = site.page("/")
    linked = home.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
    assert linked[0] == "https://feeds.example.org/feeds/all.atom.xml"
    feed = site.feed("/feeds/all.atom.xml")
    assert {link.href for link in feed.feed.links if link.rel == "self"} == {linked[0]}

    tag_page = site.page("/tags/")
    first_tag = tag_page.cssselect("main a")[0].get("href")
    tag = site.page(first_tag)
    tag_feed = tag.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
    assert any(url.startswith("https://feeds.example.org/feeds/tags/") for url in tag_feed)
