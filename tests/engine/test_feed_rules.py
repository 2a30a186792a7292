"""The W3C Feed Validation Service's rules, asserted on every feed file of a build.

Each test walks every feed the build wrote (site, tags, categories, editions,
JSON) of two sites: the ``model`` fixture with an outlet's own feed configured
(so that RSS ``<source>`` is checked too) and the sample content built with
the publish settings.  The XML is read with lxml as written, not through a
feed reader that would repair it; feedparser only has to read it without
complaint.  Validator message names are in brackets; see
``/work/shared/FEED-RULES.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from conftest import FIXTURES, SITEURL, build_site

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
                    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
                    r"\d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ABSOLUTE = ("http://", "https://")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
SOURCE_FEED = "https://harbour-gazette.example/rss.xml"


@pytest.fixture(scope="module")
def rules_site(tmp_path_factory):
    return build_site(FIXTURES / "model", tmp_path_factory.mktemp("rules") / "output",
                      BRIEFING_SOURCE_FEEDS={"Harbour Gazette": SOURCE_FEED})


@pytest.fixture(params=["rules_site", "sample_site"])
def site(request):
    return request.getfixturevalue(request.param)


def feed_paths(site, suffix: str) -> list[Path]:
    paths = sorted((site.output / "feeds").rglob(f"*{suffix}"))
    assert paths, suffix
    return paths


def served_at(site, path: Path) -> str:
    return f"{SITEURL}/{path.relative_to(site.output).as_posix()}"


def parsed(path: Path):
    return lxml.etree.parse(str(path)).getroot()


def rss_feeds(site):
    return [(path, parsed(path)) for path in feed_paths(site, ".rss.xml")]


def atom_feeds(site):
    return [(path, parsed(path)) for path in feed_paths(site, ".atom.xml")]


def html_urls(fragment: str) -> list[str]:
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return [url for element in root.iter(lxml.etree.Element)
            for url in (element.get("href"), element.get("src")) if url is not None]


def instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def assert_rfc822(value: str | None, where) -> None:
    assert value and RFC822.match(value), (where, value)  # [InvalidRFC2822Date]
    assert parsedate_to_datetime(value).tzinfo is not None, where


def assert_rfc3339(value: str | None, where) -> None:
    assert value and RFC3339.match(value), (where, value)


# -- every feed -------------------------------------------------------------------------------


def test_feedparser_reads_every_xml_feed_without_complaint(site):
    for path in feed_paths(site, ".xml"):
        feed = feedparser.parse(path.read_bytes())
        assert feed.bozo is False, (path, feed.get("bozo_exception"))
        assert feed.version in ("rss20", "atom10"), path
        assert feed.entries, path


def test_every_feed_is_utf8_with_an_xml_prolog(site):
    for path in feed_paths(site, ".xml"):
        assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n"), path


def test_namespaces_are_declared_once_at_the_root(site):
    for path in feed_paths(site, ".xml"):
        raw = path.read_bytes()
        root = lxml.etree.fromstring(raw)
        # Every xmlns in the file is one of the root's declarations ...
        assert raw.count(b"xmlns") == len(root.nsmap), path
        # ... and no element declares another (jpmonette/feed#32).
        for element in root.iter(lxml.etree.Element):
            assert element.nsmap == root.nsmap, (path, element.tag)
            namespace = lxml.etree.QName(element).namespace
            assert namespace is None or namespace in root.nsmap.values(), (path, element.tag)


def test_self_link_is_the_url_the_feed_is_served_at(site):
    for path, root in rss_feeds(site):  # [MissingAtomSelfLink]
        selves = root.findall(f"channel/{ATOM}link[@rel='self']")
        assert [(s.get("href"), s.get("type")) for s in selves] == [
            (served_at(site, path), "application/rss+xml")], path
    for path, root in atom_feeds(site):
        selves = root.findall(f"{ATOM}link[@rel='self']")
        assert [(s.get("href"), s.get("type")) for s in selves] == [
            (served_at(site, path), "application/atom+xml")], path


def test_no_relative_url_anywhere(site):  # [ContainsRelRef], [RelativeSelf]
    for path in feed_paths(site, ".xml"):
        root = parsed(path)
        urls = [link.get("href") for link in root.iter(f"{ATOM}link")]
        urls += [element.text for element in root.iter("link")]
        urls += [c.get("domain") for c in root.iter("category") if c.get("domain")]
        urls += [c.get("scheme") for c in root.iter(f"{ATOM}category") if c.get("scheme")]
        urls += [s.get("url") for s in root.iter("source")]
        for html in [e.text for e in root.iter(f"{CONTENT}encoded", f"{ATOM}content")]:
            urls += html_urls(html)
        assert urls, path
        for url in urls:
            assert url.startswith((*ABSOLUTE, "mailto:")), (path, url)


def test_html_is_escaped_exactly_once(site):
    for path in feed_paths(site, ".xml"):
        raw = path.read_text("utf-8")
        root = parsed(path)
        assert "<![CDATA[" not in raw, path  # one way of escaping: entities
        for content in root.iter(f"{CONTENT}encoded", f"{ATOM}content"):
            html = content.text
            assert html.startswith("<"), (path, html[:40])  # markup, not "&lt;p&gt;"
            assert not re.search(r"&lt;/?(p|a|h[23]|blockquote)\b", html), path
            assert "&amp;amp;" not in html and "&amp;lt;" not in html, path
            if content.tag == f"{ATOM}content":
                assert content.get("type") == "html", path


def assert_safe_html(html: str, where) -> None:
    """Plain structure only: nothing that runs, styles, embeds or asides."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter(lxml.etree.Element):
        assert element.tag not in ("script", "iframe", "style", "form", "object", "embed",
                                   "video", "audio", "aside"), (where, element.tag)
        for attribute, value in element.attrib.items():
            assert not attribute.startswith("on"), (where, attribute)
            assert attribute not in ("style", "class", "id"), (where, attribute)
            assert not value.strip().lower().startswith("javascript:"), (where, value)


def test_no_dangerous_markup_in_any_content(site):
    for path in feed_paths(site, ".xml"):
        for content in parsed(path).iter(f"{CONTENT}encoded", f"{ATOM}content"):
            assert_safe_html(content.text, path)


def test_entries_are_newest_first_and_never_share_a_time(site):
    for path, root in rss_feeds(site):
        stamps = [parsedate_to_datetime(i.findtext("pubDate")) for i in root.iter("item")]
        assert stamps == sorted(stamps, reverse=True), path
        assert len(set(stamps)) == len(stamps), path
    for path, root in atom_feeds(site):
        entries = root.findall(f"{ATOM}entry")
        published = [instant(e.findtext(f"{ATOM}published")) for e in entries]
        updated = [instant(e.findtext(f"{ATOM}updated")) for e in entries]
        assert published == sorted(published, reverse=True), path
        assert len(set(published)) == len(published), path
        assert len(set(updated)) == len(updated), path  # [DuplicateUpdated]
        for first, last in zip(published, updated, strict=True):
            assert last >= first, path


def test_feed_time_is_the_newest_entrys_time(site):
    for path, root in atom_feeds(site):
        updated = [instant(e.findtext(f"{ATOM}updated")) for e in root.findall(f"{ATOM}entry")]
        assert instant(root.findtext(f"{ATOM}updated")) == max(updated), path
    for path, root in rss_feeds(site):
        atom = parsed(path.with_name(path.name.replace(".rss.", ".atom.")))
        expected = instant(atom.findtext(f"{ATOM}updated"))
        assert parsedate_to_datetime(root.findtext("channel/lastBuildDate")) == expected, path


# -- RSS 2.0 ------------------------------------------------------------------------------------


def test_rss_channel_has_the_required_and_recommended_elements(site):
    for path, root in rss_feeds(site):
        assert root.tag == "rss" and root.get("version") == "2.0", path
        [channel] = root.findall("channel")
        for name in ("title", "link", "description", "language", "generator"):
            assert (channel.findtext(name) or "").strip(), (path, name)
        assert channel.findtext("link").startswith(ABSOLUTE), path
        assert channel.findtext("generator") == "Briefing", path
        assert_rfc822(channel.findtext("lastBuildDate"), path)


def test_rss_items_have_the_required_elements_in_order(site):
    for path, root in rss_feeds(site):
        for item in root.iter("item"):
            where = (path.name, item.findtext("title"))
            for name in ("title", "link", "description", "guid", "pubDate"):
                assert (item.findtext(name) or "").strip(), (where, name)
            assert item.findtext("link").startswith(ABSOLUTE), where
            assert_rfc822(item.findtext("pubDate"), where)
            names = [child.tag for child in item]
            # [NeedDescriptionBeforeContent]
            assert names.index("description") < names.index(f"{CONTENT}encoded"), where
            for author in item.findall("author"):  # must be an e-mail address
                assert "@" in author.text, where


def test_rss_guid_is_an_opaque_id_marked_not_a_permalink(site):
    for path, root in rss_feeds(site):
        guids = []
        for item in root.iter("item"):
            guid = item.find("guid")
            # isPermaLink is spelled so, and a non-URL id must say "false"
            # [InvalidPermalink], [InvalidHttpGUID]
            assert set(guid.attrib) == {"isPermaLink"}, path
            assert guid.get("isPermaLink") == "false", path
            assert IRI.match(guid.text) and not guid.text.startswith(ABSOLUTE), (path, guid.text)
            guids.append(guid.text)
        assert len(set(guids)) == len(guids), path


def test_rss_categories_are_tags_with_their_pages_as_domain(site):
    for path, root in rss_feeds(site):
        if path.name.startswith("editions."):
            continue
        for item in root.iter("item"):
            categories = item.findall("category")
            assert categories, (path, item.findtext("title"))
            for category in categories:
                assert category.text.strip(), path
                assert category.get("domain").startswith(f"{SITEURL}/tags/"), path


def test_rss_source_names_a_configured_feed_never_an_article(rules_site):
    found = 0
    for path, root in rss_feeds(rules_site):
        for item in root.iter("item"):
            for source in item.findall("source"):
                found += 1
                assert source.get("url") == SOURCE_FEED, path
                assert source.text == "Harbour Gazette", path
                content = item.findtext(f"{CONTENT}encoded")
                assert ">Harbour Gazette</a>" in content, path
    assert found


def test_editors_are_named_with_dc_creator(site):
    for path, root in rss_feeds(site):
        assert root.nsmap.get("dc") == DC.strip("{}"), path
        if not path.name.startswith("editions."):
            for item in root.iter("item"):
                assert item.findall(f"{DC}creator"), (path, item.findtext("title"))


# -- Atom 1.0 -----------------------------------------------------------------------------------


def alternates(element) -> list:
    # A link without rel is an alternate link.
    return [link for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"]


def test_atom_feed_has_exactly_one_id_title_updated_and_an_author(site):
    for path, root in atom_feeds(site):
        assert root.tag == f"{ATOM}feed", path
        for name in ("id", "title", "updated"):
            assert len(root.findall(f"{ATOM}{name}")) == 1, (path, name)
        assert IRI.match(root.findtext(f"{ATOM}id")), path
        assert_rfc3339(root.findtext(f"{ATOM}updated"), path)
        entries = root.findall(f"{ATOM}entry")
        has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
        assert has_author or all(e.find(f"{ATOM}author") is not None for e in entries), path
        assert root.findtext(f"{ATOM}generator") == "Briefing", path


def test_atom_feed_ids_differ_between_feeds(site):
    ids = [root.findtext(f"{ATOM}id") for _, root in atom_feeds(site)]
    assert len(set(ids)) == len(ids)


def test_no_two_alternate_links_of_one_type_and_language(site):  # sunpy/ablog#91
    for path, root in atom_feeds(site):
        for element in [root, *root.findall(f"{ATOM}entry")]:
            kinds = [(link.get("type"), link.get("hreflang")) for link in alternates(element)]
            assert len(kinds) == len(set(kinds)) == 1, (path, kinds)


def test_atom_entries_have_their_required_elements_once(site):
    for path, root in atom_feeds(site):
        ids = []
        for entry in root.findall(f"{ATOM}entry"):
            where = (path.name, entry.findtext(f"{ATOM}title"))
            for name in ("id", "title", "updated", "published", "content"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1, (where, name)
            for name in ("summary", "rights", "source"):
                assert len(entry.findall(f"{ATOM}{name}")) <= 1, (where, name)
            assert IRI.match(entry.findtext(f"{ATOM}id")), where
            assert_rfc3339(entry.findtext(f"{ATOM}published"), where)
            assert_rfc3339(entry.findtext(f"{ATOM}updated"), where)
            assert alternates(entry)[0].get("href").startswith(f"{SITEURL}/"), where
            ids.append(entry.findtext(f"{ATOM}id"))
        assert len(set(ids)) == len(ids), path


def test_atom_item_entries_credit_the_source_with_a_via_link(site):
    for path, root in atom_feeds(site):
        if path.name.startswith("editions."):
            continue
        for entry in root.findall(f"{ATOM}entry"):
            via = [link.get("href") for link in entry.findall(f"{ATOM}link[@rel='via']")]
            assert len(via) == 1 and via[0].startswith(ABSOLUTE), path
            assert via[0] in html_urls(entry.findtext(f"{ATOM}content")), path  # the credit


# -- what every item entry carries ------------------------------------------------------------


def test_every_item_entry_carries_notes_annotations_source_link_categories_and_id(site):
    """Cross-checked with the item's own page: notes there, notes in the feed."""
    pages = {}
    for path, root in atom_feeds(site):
        if path.name.startswith("editions."):
            continue
        for entry in root.findall(f"{ATOM}entry"):
            url = alternates(entry)[0].get("href")
            if url not in pages:
                page = site.page(url)
                pages[url] = (bool(page.cssselect(".editor-notes")),
                              len(page.cssselect("aside.annotation")))
            has_notes, annotations = pages[url]
            html = entry.findtext(f"{ATOM}content")
            where = (path.name, url)
            assert ("<h3>Editor’s notes</h3>" in html) == has_notes, where
            assert len(re.findall(r"<strong>Note \d+:</strong>", html)) == annotations, where
            assert "<h3>Article text</h3>" in html, where
            assert re.search(r'<p>Article text: <a href="https?://[^"]+"', html), where
            assert entry.findall(f"{ATOM}category"), where
            assert entry.findtext(f"{ATOM}id").startswith(("urn:uuid:", "tag:")), where
    assert any(notes for notes, _ in pages.values())
    assert any(count for _, count in pages.values())


# -- JSON Feed 1.1 ------------------------------------------------------------------------------


def test_json_feed_is_valid_json_feed_1_1(site):
    path = site.output / "feeds" / "all.json"
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and data["items"]
    assert data["home_page_url"] == f"{SITEURL}/"
    assert data["feed_url"] == served_at(site, path)
    assert "author" not in data and data["authors"][0]["name"]
    atom = parsed(site.output / "feeds" / "all.atom.xml")
    atom_ids = [e.findtext(f"{ATOM}id") for e in atom.findall(f"{ATOM}entry")]
    assert [item["id"] for item in data["items"]] == atom_ids
    for item in data["items"]:
        where = item["id"]
        for key in ("id", "url", "external_url", "title", "content_html", "summary",
                    "date_published", "date_modified", "tags", "authors"):
            assert item.get(key), (where, key)
        assert item["url"].startswith(f"{SITEURL}/"), where
        assert item["external_url"].startswith(ABSOLUTE), where
        assert_rfc3339(item["date_published"], where)
        assert_rfc3339(item["date_modified"], where)
        assert "author" not in item and all(a["name"] for a in item["authors"]), where
        for url in html_urls(item["content_html"]):
            assert url.startswith(ABSOLUTE), (where, url)
        assert item["external_url"] in html_urls(item["content_html"]), where
        assert_safe_html(item["content_html"], where)
