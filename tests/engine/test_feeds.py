"""What the feeds say and which feeds exist (fixture: ``model``; sample content).

The validator's rules for every feed file are in ``test_feed_rules.py``;
ids that survive edits and byte-identical rebuilds in ``test_stability.py``.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from html import unescape
from types import SimpleNamespace

import lxml.etree
import pytest
from conftest import FIXTURES, SITEURL, build_site

import briefing.feeds.entries
import briefing.pelican.item_reader
from briefing.settings import SettingsError, apply_defaults

ITEM_TITLE = "Ministry confirms grain corridor talks"
ITEM_URL = f"{SITEURL}/2026/11/26/ministry-confirms-grain-corridor-talks/"
SOURCE_URL = "https://harbour-gazette.example/2026/11/grain-corridor?utm_source=feed"
SITE_FEEDS = ("feeds/all.atom.xml", "feeds/all.rss.xml")
#: Every feed the annotated item (tags Grain, Black Sea; category Economy) is in.
ITEM_FEEDS = (*SITE_FEEDS, "feeds/tags/grain.atom.xml", "feeds/tags/grain.rss.xml",
              "feeds/tags/black-sea.atom.xml", "feeds/tags/black-sea.rss.xml",
              "feeds/categories/economy.atom.xml", "feeds/categories/economy.rss.xml")
EDITION_FEEDS = ("feeds/editions.atom.xml", "feeds/editions.rss.xml")
CORRECTION_FEEDS = ("feeds/corrections.atom.xml", "feeds/corrections.rss.xml")
UNLISTED = ("Unfinished draft item", "Hidden item for whoever has the link",
            "Scheduled item from the future", "quillfeather")
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
ITEM_PAGE = re.compile(re.escape(SITEURL) + r"/\d{4}/\d{2}/\d{2}/[^/]+/$")


def entry(feed, title):
    return next(e for e in feed.entries if e.title == title)


def atom_title(entry) -> str:
    """An Atom entry's title as readers show it (``type="html"`` when it looks like markup)."""
    title = entry.find(f"{ATOM}title")
    return unescape(title.text) if title.get("type") == "html" else title.text


def content_of(site, url, title) -> str:
    """An entry's HTML as the file holds it (feedparser would sanitize it again)."""
    root = lxml.etree.parse(str(site.path(url))).getroot()
    if root.tag == "rss":
        item = next(i for i in root.iter("item") if i.findtext("title") == title)
        return item.findtext(f"{CONTENT}encoded")
    item = next(e for e in root.iter(f"{ATOM}entry") if atom_title(e) == title)
    return item.findtext(f"{ATOM}content")


def rss_item(site, url, title):
    xml = lxml.etree.parse(str(site.path(url)))
    return next(i for i in xml.iter("item") if i.findtext("title") == title)


def feed_files(site) -> set[str]:
    return {str(p.relative_to(site.output)) for p in (site.output / "feeds").rglob("*")
            if p.is_file()}


def listed_items(site, url) -> list[str]:
    """The URLs of the items a page lists, in its order."""
    hrefs = [a.get("href") for a in site.page(url).cssselect("main a[href]")]
    return list(dict.fromkeys(h for h in hrefs if ITEM_PAGE.match(h)))


def edition_id(day: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'the-briefing:edition:{day}')}"


# -- which feeds exist ------------------------------------------------------------------------


def test_one_feed_per_format_for_the_site_each_tag_each_category_editions_corrections(
        model_site):
    tags = {a.get("href").removeprefix(f"{SITEURL}/tags/").strip("/")
            for a in model_site.page("tags/").cssselect("main a")}
    categories = {a.get("href").removeprefix(f"{SITEURL}/categories/").strip("/")
                  for a in model_site.page("categories/").cssselect("main a")}
    assert "grain" in tags and categories == {"briefing", "economy"}
    expected = {"feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json", *EDITION_FEEDS,
                *CORRECTION_FEEDS}
    expected |= {f"feeds/tags/{slug}.{kind}.xml" for slug in tags for kind in ("atom", "rss")}
    expected |= {f"feeds/categories/{slug}.{kind}.xml"
                 for slug in categories for kind in ("atom", "rss")}
    assert feed_files(model_site) == expected
    assert model_site.report.feeds == len(expected)


def test_no_feed_for_a_tag_only_drafts_carry(model_site):
    assert not any("drafts-only" in name for name in feed_files(model_site))


def test_drafts_hidden_and_future_items_are_in_no_feed(model_site):
    for name in feed_files(model_site):
        text = (model_site.output / name).read_text("utf-8")
        for needle in UNLISTED:
            assert needle not in text, (name, needle)


# -- the site-wide feeds ----------------------------------------------------------------------


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_feed_parses_cleanly(model_site, url):
    feed = model_site.feed(url)
    assert feed.bozo is False, feed.get("bozo_exception")
    assert feed.feed.title == "The Briefing"
    assert len(feed.entries) == model_site.report.items


def test_rss_channel_links_to_the_site(model_site):
    feed = model_site.feed("feeds/all.rss.xml")
    assert feed.feed.link == f"{SITEURL}/"


@pytest.mark.parametrize("url", ITEM_FEEDS)
def test_entry_carries_id_link_notes_annotations_article_and_credit(model_site, url):
    item = entry(model_site.feed(url), ITEM_TITLE)
    assert item.id.startswith("urn:uuid:")
    assert item.link == ITEM_URL
    html = content_of(model_site, url, ITEM_TITLE)
    notes = html.index("Why it matters")
    annotations = html.index("<blockquote>")
    article = html.index("Officials confirmed on Wednesday that talks on a grain corridor resumed.",
                         annotations + 1)
    assert notes < annotations < article
    assert "suspended since the spring" in html
    assert f'href="{SITEURL}/about/"' in html  # the article's relative link, made absolute
    credit = re.search(r"<p>Article text: <a href=\"([^\"]+)\"[^>]*>Harbour Gazette</a>"
                       r", by Mira Lenz, via Coastal Wire, published 2026-11-25\.</p>", html)
    assert credit and credit.group(1).replace("&amp;", "&") == SOURCE_URL
    assert " class=" not in html and " id=" not in html  # plain pairs, no page markup
    assert item.summary.startswith("Why it matters")
    assert {tag.term for tag in item.tags} == {"grain", "Black Sea"}


def test_categories_are_the_tags_with_their_pages_as_domain(model_site):
    item = rss_item(model_site, "feeds/all.rss.xml", ITEM_TITLE)
    categories = {c.text: c.get("domain") for c in item.iter("category")}
    assert categories == {"grain": f"{SITEURL}/tags/grain/",
                          "Black Sea": f"{SITEURL}/tags/black-sea/"}


def test_rss_guid_is_not_a_permalink_and_editors_are_dc_creators(model_site):
    item = rss_item(model_site, "feeds/all.rss.xml", ITEM_TITLE)
    assert item.find("guid").get("isPermaLink") == "false"
    creators = [c.text for c in item.iter("{http://purl.org/dc/elements/1.1/}creator")]
    assert creators == ["Ada Stern", "Ben Okoro"]
    assert item.find("author") is None  # RSS <author> must be an e-mail address


def test_atom_names_the_editors_as_entry_authors(model_site):
    item = entry(model_site.feed("feeds/all.atom.xml"), ITEM_TITLE)
    assert [author.name for author in item.authors] == ["Ada Stern", "Ben Okoro"]


def test_rss_description_is_the_summary_as_text_not_markup(model_site):
    item = rss_item(model_site, "feeds/all.rss.xml", "Item with an explicit summary")
    # Readers take <description> as HTML: the editor's "<b>" must stay text.
    assert item.findtext("description") == (
        'Tanks &amp; "tankers": a &lt;b&gt;bold&lt;/b&gt; teaser, not markup.')
    atom = lxml.etree.parse(str(model_site.path("feeds/all.atom.xml")))
    summary = next(e.find(f"{ATOM}summary") for e in atom.iter(f"{ATOM}entry")
                   if e.findtext(f"{ATOM}title") == "Item with an explicit summary")
    # Atom: text that looks like markup is declared HTML and escaped once more.
    assert summary.get("type") == "html"
    assert summary.text == 'Tanks &amp; "tankers": a &lt;b&gt;bold&lt;/b&gt; teaser, not markup.'


def test_right_to_left_article_text_is_marked_in_the_entry(model_site):
    html = content_of(model_site, "feeds/all.atom.xml", "نرخ ارز در بازار تهران")
    assert '<h3>Article text</h3><div lang="fa" dir="rtl"><p>بازار ارز تهران' in html


def test_atom_entry_links_the_source_article_as_via(model_site):
    item = entry(model_site.feed("feeds/all.atom.xml"), ITEM_TITLE)
    assert [link.href for link in item.links if link.rel == "via"] == [SOURCE_URL]
    # Named, so that a client printing the link says whose it is.
    assert [link.title for link in item.links if link.rel == "via"] == ["Harbour Gazette"]
    assert [link.href for link in item.links if link.rel == "alternate"] == [ITEM_URL]


def test_no_rss_source_without_a_configured_outlet_feed(model_site):
    for name in feed_files(model_site):
        if name.endswith(".rss.xml"):
            assert not list(lxml.etree.parse(str(model_site.output / name)).iter("source"))


def test_explicit_id_pins_the_feed_id_and_modified_sets_updated(model_site):
    item = entry(model_site.feed("feeds/all.atom.xml"), "Item with a pinned feed id")
    assert item.id == "tag:example.org,2026:pinned-item"
    assert item.updated == "2026-11-26T15:00:00+01:00"
    assert item.published == "2026-11-25T13:00:00+01:00"


def test_items_given_the_same_date_get_distinct_times_in_every_feed(model_site):
    for url in ("feeds/all.atom.xml", "feeds/tags/feeds.atom.xml"):
        feed = model_site.feed(url)
        assert entry(feed, "Same minute A").published == "2026-11-23T09:00:00+01:00"
        assert entry(feed, "Same minute B").published == "2026-11-23T09:00:01+01:00"
    item = rss_item(model_site, "feeds/all.rss.xml", "Same minute B")
    assert item.findtext("pubDate") == "Mon, 23 Nov 2026 09:00:01 +0100"


def test_an_item_has_the_same_id_and_times_in_every_feed(model_site):
    seen, updated = set(), set()
    for url in ITEM_FEEDS:
        item = entry(model_site.feed(url), ITEM_TITLE)
        seen.add((item.id, item.published_parsed))
        if url.endswith(".atom.xml"):  # RSS has no updated
            updated.add(item.updated)
    data = json.loads(model_site.path("feeds/all.json").read_text("utf-8"))
    json_item = next(i for i in data["items"] if i["title"] == ITEM_TITLE)
    atom = entry(model_site.feed("feeds/all.atom.xml"), ITEM_TITLE)
    assert len(seen) == 1 and len(updated) == 1
    assert (json_item["id"], json_item["date_published"], json_item["date_modified"]) == (
        atom.id, atom.published, atom.updated)


def test_feed_updated_comes_from_the_newest_item_not_the_clock(model_site):
    atom = model_site.feed("feeds/all.atom.xml")
    assert atom.feed.updated == "2026-11-26T16:00:00+01:00"
    rss = lxml.etree.parse(str(model_site.path("feeds/all.rss.xml")))
    assert rss.findtext("channel/lastBuildDate") == "Thu, 26 Nov 2026 16:00:00 +0100"
    assert rss.findtext("channel/generator") == "Briefing"


def test_unsafe_markup_never_reaches_a_feed(model_site):
    html = [content_of(model_site, name, 'Article text with <script> & "quotes"')
            for name in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/tags/security.atom.xml")]
    data = json.loads(model_site.path("feeds/all.json").read_text("utf-8"))
    html += [i["content_html"] for i in data["items"]]
    html += [content_of(model_site, "feeds/editions.atom.xml", "Edition of 25 November 2026")]
    for fragment in html:
        assert "Notes with <b>bold</b>." in fragment or "<h3>" in fragment
        for needle in ("<script", "alert", "javascript:", "<iframe", "onclick", "onerror",
                       "style=", "evil.example"):
            assert needle not in fragment
    for name in feed_files(model_site):  # nor anywhere in the XML, titles included
        if name.endswith(".xml"):
            text = (model_site.output / name).read_text("utf-8")
            assert "<script" not in text and "alert(" not in text, name


# -- tag and category feeds ------------------------------------------------------------------


@pytest.mark.parametrize(("url", "page"), [
    ("feeds/tags/grain.atom.xml", "tags/grain/"),
    ("feeds/tags/feeds.atom.xml", "tags/feeds/"),
    ("feeds/categories/economy.atom.xml", "categories/economy/"),
    ("feeds/categories/briefing.rss.xml", "categories/briefing/"),
])
def test_term_feed_lists_the_terms_items_newest_first(model_site, url, page):
    feed = model_site.feed(url)
    assert sorted(e.link for e in feed.entries) == sorted(listed_items(model_site, page))
    assert feed.entries
    stamps = [e.published_parsed for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert feed.feed.link == f"{SITEURL}/{page}"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{SITEURL}/{url}"]


def test_tag_feed_is_titled_for_its_tag(model_site):
    feed = model_site.feed("feeds/tags/black-sea.rss.xml")
    assert feed.feed.title == "The Briefing: Black Sea"
    assert [e.title for e in feed.entries] == [ITEM_TITLE]


# -- the editions feed -----------------------------------------------------------------------


@pytest.mark.parametrize("url", EDITION_FEEDS)
def test_editions_feed_has_one_entry_per_edition_newest_first(model_site, url):
    feed = model_site.feed(url)
    assert feed.bozo is False, feed.get("bozo_exception")
    days = ["2026-11-26", "2026-11-25", "2026-11-24", "2026-11-23"]
    assert [e.id for e in feed.entries] == [edition_id(day) for day in days]
    assert [e.link for e in feed.entries] == [f"{SITEURL}/{d.replace('-', '/')}/" for d in days]
    assert [e.title for e in feed.entries] == [
        "Grain talks lead the day", "Edition of 25 November 2026",
        "Edition of 24 November 2026", "Edition of 23 November 2026"]


def test_edition_entry_opens_with_its_note_then_every_item_in_running_order(model_site):
    edition = model_site.feed("feeds/editions.rss.xml").entries[0]
    html = content_of(model_site, "feeds/editions.rss.xml", edition.title)
    assert html.startswith("<p>The <strong>edition note</strong> opens the edition.</p>")
    linked = re.findall(r'<h2><a href="([^"]+)"[^>]*>([^<]+)</a></h2>', html)
    assert [href for href, _ in linked] == listed_items(model_site, "2026/11/26/")
    assert [unescape(title) for _, title in linked] == [
        "Late-night item from New York", ITEM_TITLE, "Item without editor's notes",
        "Item with an explicit summary", "Follow-up on the grain corridor"]
    item = html[html.index(ITEM_TITLE):]
    assert item.index("Why it matters") < item.index("<blockquote>") < item.index(
        "Article text: <a href=")
    # Its summary, all a summary-only client sends: the note, then the headlines.
    assert edition.summary == (
        "The edition note opens the edition.\n\nIn this edition (5 items):\n"
        "- Late-night item from New York\n- " + ITEM_TITLE + "\n- Item without editor's notes\n"
        "- Item with an explicit summary\n- Follow-up on the grain corridor")


def test_edition_entry_times_come_from_its_items(model_site):
    entries = model_site.feed("feeds/editions.atom.xml").entries
    assert entries[0].published == "2026-11-26T05:30:00+01:00"  # its first item
    assert entries[0].updated == "2026-11-26T16:00:00+01:00"  # its latest item
    assert entries[1].updated == "2026-11-26T15:00:00+01:00"  # an item's Modified
    assert model_site.feed("feeds/editions.atom.xml").feed.updated == "2026-11-26T16:00:00+01:00"


def test_edition_without_a_note_still_opens_with_its_items(model_site):
    html = content_of(model_site, "feeds/editions.atom.xml", "Edition of 23 November 2026")
    assert html.startswith(f'<h2><a href="{SITEURL}/2026/11/23/same-minute-a/"')


# -- JSON Feed ---------------------------------------------------------------------------------


def test_json_feed_lists_every_item_with_every_field(model_site):
    data = json.loads(model_site.path("feeds/all.json").read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "The Briefing"
    assert data["home_page_url"] == f"{SITEURL}/"
    assert data["feed_url"] == f"{SITEURL}/feeds/all.json"
    assert data["authors"] == [{"name": "The Briefing desk"}]
    atom = model_site.feed("feeds/all.atom.xml")
    assert [i["id"] for i in data["items"]] == [e.id for e in atom.entries]
    item = next(i for i in data["items"] if i["title"] == ITEM_TITLE)
    assert item["url"] == ITEM_URL
    assert item["external_url"] == SOURCE_URL
    assert item["summary"].startswith("Why it matters")
    assert item["date_published"] == "2026-11-26T09:30:00+01:00"
    assert item["date_modified"] == "2026-11-26T09:30:00+01:00"
    assert item["tags"] == ["grain", "Black Sea"]
    assert item["authors"] == [{"name": "Ada Stern"}, {"name": "Ben Okoro"}]
    assert item["content_html"] == content_of(model_site, "feeds/all.atom.xml", ITEM_TITLE)
    farsi = next(i for i in data["items"] if i["external_url"].startswith("https://tehran"))
    assert farsi["language"] == "fa"


# -- autodiscovery ---------------------------------------------------------------------------

SITE_WIDE_LINKS = [
    ("application/atom+xml", f"{SITEURL}/feeds/all.atom.xml"),
    ("application/rss+xml", f"{SITEURL}/feeds/all.rss.xml"),
    ("application/feed+json", f"{SITEURL}/feeds/all.json"),
    ("application/atom+xml", f"{SITEURL}/feeds/editions.atom.xml"),
    ("application/rss+xml", f"{SITEURL}/feeds/editions.rss.xml"),
]


def alternates(site, url) -> list[tuple[str, str]]:
    return [(link.get("type"), link.get("href"))
            for link in site.page(url).cssselect('head link[rel="alternate"]')]


@pytest.mark.parametrize("url", ["", "2026/11/26/", "archives/", "tags/", "about-this-briefing/",
                                 "2026/11/26/ministry-confirms-grain-corridor-talks/"])
def test_every_page_links_the_site_wide_feeds(model_site, url):
    assert alternates(model_site, url) == SITE_WIDE_LINKS


@pytest.mark.parametrize(("url", "own"), [
    ("tags/grain/", "feeds/tags/grain"), ("tags/black-sea/", "feeds/tags/black-sea"),
    ("categories/economy/", "feeds/categories/economy"),
])
def test_tag_and_category_pages_add_their_own_feeds(model_site, url, own):
    assert alternates(model_site, url) == [
        *SITE_WIDE_LINKS, ("application/atom+xml", f"{SITEURL}/{own}.atom.xml"),
        ("application/rss+xml", f"{SITEURL}/{own}.rss.xml")]


def test_every_autodiscovered_feed_exists_and_says_it_is_there(model_site):
    for url in ("", "tags/grain/", "categories/economy/"):
        for media_type, href in alternates(model_site, url):
            served = href.removeprefix(f"{SITEURL}/")
            assert model_site.path(href).is_file(), href
            if media_type != "application/feed+json":
                feed = model_site.feed(href)
                assert [link.href for link in feed.feed.links if link.rel == "self"] == [href]
            else:
                data = json.loads(model_site.path(href).read_text("utf-8"))
                assert data["feed_url"] == f"{SITEURL}/{served}"


# -- settings: limits, switches, outlets' feeds ----------------------------------------------


@pytest.fixture(scope="module")
def trimmed_site(tmp_path_factory):
    """Three entries a feed, no tag RSS, no JSON, the outlets' own feeds named."""
    return build_site(FIXTURES / "model", tmp_path_factory.mktemp("trimmed") / "output",
                      FEED_MAX_ITEMS=3, BRIEFING_TAG_FEED_RSS="", BRIEFING_JSON_FEED="",
                      BRIEFING_SOURCE_FEEDS={
                          "harbour gazette": "https://harbour-gazette.example/rss.xml"})


def test_feed_max_items_keeps_the_newest(trimmed_site, model_site):
    newest = [e.id for e in model_site.feed("feeds/all.atom.xml").entries[:3]]
    assert [e.id for e in trimmed_site.feed("feeds/all.atom.xml").entries] == newest
    for name in feed_files(trimmed_site):
        assert len(trimmed_site.feed(name).entries) <= 3, name
    assert len(trimmed_site.feed("feeds/editions.rss.xml").entries) == 3


def test_an_empty_setting_turns_a_feed_off_and_its_link_too(trimmed_site):
    names = feed_files(trimmed_site)
    assert "feeds/tags/grain.atom.xml" in names
    assert not [name for name in names if name.startswith("feeds/tags/") and "rss" in name]
    assert "feeds/all.json" not in names
    links = alternates(trimmed_site, "tags/grain/")
    assert ("application/atom+xml", f"{SITEURL}/feeds/tags/grain.atom.xml") in links
    assert not [href for _, href in links if "tags/grain.rss" in href or href.endswith(".json")]


def test_rss_source_names_the_outlets_feed_where_one_is_configured(trimmed_site):
    xml = lxml.etree.parse(str(trimmed_site.path("feeds/all.rss.xml")))
    for item in xml.iter("item"):
        sources = item.findall("source")
        credit = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        if ">Harbour Gazette</a>" in credit:
            assert [(s.get("url"), s.text) for s in sources] == [
                ("https://harbour-gazette.example/rss.xml", "Harbour Gazette")]
        else:
            assert sources == []
    assert any(item.findall("source") for item in xml.iter("item"))


def test_sample_site_rt_items_credit_rts_feed(sample_site):
    xml = lxml.etree.parse(str(sample_site.path("feeds/all.rss.xml")))
    sources = [(s.get("url"), s.text) for s in xml.iter("source")]
    assert sources and set(sources) == {("https://www.rt.com/rss/", "RT")}


def test_feeds_carry_the_entry_html_made_when_the_items_were_read(tmp_path, monkeypatch):
    """A build whose items all come from the read cache makes no entry HTML,
    and writes the same feeds as the build that read them."""
    first = build_site(FIXTURES / "model", tmp_path / "output")

    def refuse(item, site_url):
        raise AssertionError("an entry's HTML was made again")

    monkeypatch.setattr(briefing.pelican.item_reader, "entry_body", refuse)
    again = build_site(FIXTURES / "model", tmp_path / "again")  # same cache, new output
    assert again.report.ok and again.report.items == first.report.items
    feeds = sorted(path.relative_to(first.output) for path in first.output.glob("feeds/**/*.xml"))
    assert len(feeds) > 10
    for feed in feeds:
        assert again.path(str(feed)).read_bytes() == first.path(str(feed)).read_bytes(), feed


@pytest.mark.parametrize(("override", "problem"), [
    ({"BRIEFING_TAG_FEED_ATOM": "feeds/tags.atom.xml"}, "must contain {slug}"),
    ({"BRIEFING_CATEGORY_FEED_RSS": "feeds/{slug}/{lang}.xml"}, "must contain {slug}"),
    ({"BRIEFING_EDITIONS_FEED_ATOM": "feeds/all.atom.xml"}, "the same file as"),
    ({"BRIEFING_JSON_FEED": "https://example.org/all.json"}, "a path under the output"),
    ({"BRIEFING_SOURCE_FEEDS": {"RT": "www.rt.com/rss/"}}, "absolute http(s) URL"),
    ({"BRIEFING_SOURCE_FEEDS": ["RT"]}, "must map an outlet's name"),
])
def test_impossible_feed_settings_stop_the_build(override, problem):
    settings = {"SITEURL": SITEURL, "FEED_MAX_ITEMS": 50, **override}
    with pytest.raises(SettingsError, match=re.escape(problem)):
        apply_defaults(settings)


def test_empty_feed_settings_are_valid():
    settings = {"SITEURL": SITEURL, "FEED_MAX_ITEMS": 50, "BRIEFING_FEED_RSS": "",
                "BRIEFING_TAG_FEED_ATOM": None, "BRIEFING_JSON_FEED": ""}
    apply_defaults(settings)
    assert settings["BRIEFING_SOURCE_FEEDS"] == {}


def test_an_edit_never_gives_an_item_the_time_another_already_has():
    """Modified 10:00 where another item was published at 10:00: one second on."""
    def at(**delta):
        return datetime(2026, 11, 25, 10, 0, tzinfo=UTC) + timedelta(**delta)

    def item(name, date, modified=None):
        return SimpleNamespace(feed_id=name, date=date, modified=modified,
                               relative_source_path=f"{name}.md")

    items = [item("a", at()), item("b", at()), item("c", at(hours=-2), modified=at()),
             item("d", at(hours=-1), modified=at(hours=-3))]
    times = briefing.feeds.entries.distinct_times(items)
    assert times["a"] == (at(), at())
    assert times["b"] == (at(seconds=1), at(seconds=1))  # same Date: one second on
    assert times["c"] == (at(hours=-2), at(seconds=2))  # past a's and b's times
    assert times["d"] == (at(hours=-1), at(hours=-1))  # Modified before Date: no edit
