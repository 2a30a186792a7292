"""Feeds with nothing in them, and plain text that looks like markup.

An empty feed (the corrections feed of a site without corrections) is dated
by the site's latest change, not 1970 (W3C ``ImplausibleDate``).  A headline
about the ``<script>`` tag is text: Atom declares it ``type="html"`` and
escapes it once more, RSS writes ``&``, ``<`` and ``>`` as the hexadecimal
references of the RSS Best Practices Profile; every reader shows the
characters as written.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import feedparser
import lxml.etree
import pytest
from conftest import SITEURL, build_site

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "Why the <script> tag & AT&T's <b>bold</b> claims matter"
TAG = "R&D <b>"


def item(folder, name: str, title: str, date: str, tags: str = "Grain") -> None:
    (folder / name).write_text(
        f"Title: {title}\nDate: {date}\nTags: {tags}\nSource: Harbour Gazette\n"
        f"Source_URL: https://example.org/{name}\n\nThe article text.\n\n"
        "## Editor's notes\n\nOur notes.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plain")
    content = folder / "content"
    content.mkdir()
    item(content, "markup.md", TITLE, "2026-11-20 10:00", tags=f"Grain, {TAG}")
    item(content, "later.md", "A later item", "2026-11-21 08:30")
    return build_site(content, folder / "output")


def test_an_empty_feed_is_dated_by_the_sites_latest_change(site):
    corrections = site.output / "feeds" / "corrections.atom.xml"
    root = lxml.etree.parse(str(corrections)).getroot()
    assert root.findall(f"{ATOM}entry") == []
    updated = dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    newest = dt.datetime.fromisoformat(lxml.etree.parse(
        str(site.output / "feeds" / "all.atom.xml")).getroot().findtext(f"{ATOM}updated"))
    assert updated == newest
    assert updated.year == 2026
    rss = (site.output / "feeds" / "corrections.rss.xml").read_text()
    assert "<lastBuildDate>Sat, 21 Nov 2026 08:30:00 +0100</lastBuildDate>" in rss
    assert "1970" not in rss + corrections.read_text()


def test_atom_declares_markup_like_titles_html_and_readers_show_the_text(site):
    path = site.output / "feeds" / "all.atom.xml"
    root = lxml.etree.parse(str(path)).getroot()
    titles = {entry.findtext(f"{ATOM}title"): entry.find(f"{ATOM}title")
              for entry in root.findall(f"{ATOM}entry")}
    escaped = TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert titles[escaped].get("type") == "html"
    assert titles["A later item"].get("type") is None  # plain titles stay plain
    # A reader gets the title as HTML, which shows the characters as written.
    shown = [unescape(entry.title) for entry in feedparser.parse(path.read_bytes()).entries]
    assert TITLE in shown
    tag_feed = lxml.etree.parse(str(site.output / "feeds" / "tags" / "r-d.atom.xml")).getroot()
    assert tag_feed.find(f"{ATOM}title").get("type") == "html"
    assert unescape(feedparser.parse(
        (site.output / "feeds" / "tags" / "r-d.atom.xml").read_bytes()).feed.title) \
        == f"The Briefing: {TAG}"


def test_rss_writes_markup_characters_in_plain_text_as_hex_references(site):
    path = site.output / "feeds" / "all.rss.xml"
    text = path.read_text()
    titles = re.findall(r"<title>(.*?)</title>", text)
    assert ("Why the &#x3C;script&#x3E; tag &#x26; AT&#x26;T's &#x3C;b&#x3E;bold&#x3C;/b&#x3E;"
            " claims matter") in titles
    assert "<category domain=\"" in text and ">R&#x26;D &#x3C;b&#x3E;</category>" in text
    for title in titles:  # no plain-text element carries an entity reference for them
        assert "&lt;" not in title and "&amp;" not in title
    assert TITLE in [entry.title for entry in feedparser.parse(path.read_bytes()).entries]
    channel = feedparser.parse(
        (site.output / "feeds" / "tags" / "r-d.rss.xml").read_bytes()).feed
    assert channel.title == f"The Briefing: {TAG}"
    assert SITEURL in channel.link
