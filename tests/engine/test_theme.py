"""What the theme writes into every page (fixture ``model``; the sample content).

Structure only: headings, dates, canonical URLs, social meta, JSON-LD, the
sitemap and robots.txt, item navigation, related items, the 404 page, the
home page's weight and every internal reference.  The Nu HTML Checker,
axe-core and the browser console are in ``tests/browser/``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import lxml.etree
import pytest
from conftest import SITEURL
from test_search_index import fragments
from test_serve import fetch

from briefing.pelican.related import TagNeighbours, related_items
from briefing.pelican.sitemap import render_robots
from briefing.serve.server import make_server

ITEM = "2026/11/26/ministry-confirms-grain-corridor-talks/"
SOURCE_URL = "https://harbour-gazette.example/2026/11/grain-corridor?utm_source=feed"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: Listed pages of the model site that are not items or editions.
MODEL_LISTINGS = ("", "tags/", "categories/", "archives/", "2026/11/", "tags/grain/",
                  "categories/economy/", "about-this-briefing/")
UNLISTED = ("unfinished-draft-item", "hidden-item-for-whoever-has-the-link",
            "scheduled-item-from-the-future", "drafts/", "404.html")
#: The 26 November edition of the model site, in running order.
EDITION_26 = ("late-night-item-from-new-york", "ministry-confirms-grain-corridor-talks",
              "item-without-editors-notes", "item-with-an-explicit-summary",
              "follow-up-on-the-grain-corridor")


def text(element) -> str:
    return " ".join(element.text_content().split())


def html_pages(site) -> list:
    return [p for p in site.files() if p.suffix == ".html"]


def url_of(site, path) -> str:
    relative = path.relative_to(site.output).as_posix()
    return f"{SITEURL}/{relative.removesuffix('index.html')}"


def meta(page, key: str) -> str | None:
    found = page.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")
    return found[0] if found else None


def json_ld(page) -> list[dict]:
    return [json.loads(block.text) for block in
            page.xpath("//script[@type='application/ld+json']")]


def sitemap(site) -> dict[str, str | None]:
    tree = lxml.etree.parse(str(site.output / "sitemap.xml"))
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
            for url in tree.getroot().iter(f"{SITEMAP}url")}


# Every page -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["model_site", "sample_site"])
def test_every_page_has_exactly_one_h1_and_a_main_landmark(name, request):
    site = request.getfixturevalue(name)
    for path in html_pages(site):
        page = site.page(url_of(site, path))
        assert len(page.xpath("//h1")) == 1, path
        assert len(page.xpath("//main[@id='content']")) == 1, path


@pytest.mark.parametrize("name", ["model_site", "sample_site"])
def test_no_inline_style_or_executable_script_on_any_page(name, request):
    site = request.getfixturevalue(name)
    for path in html_pages(site):
        page = site.page(url_of(site, path))
        assert not page.xpath("//*[@style] | //style"), path
        # JSON-LD data blocks, and the theme's own script files (search box, search page).
        for script in page.xpath("//script"):
            if script.get("src") is None:
                assert script.get("type") == "application/ld+json", path
            else:
                source = urljoin(url_of(site, path), script.get("src"))
                assert source.startswith(f"{SITEURL}/theme/js/"), path
                assert not (script.text or "").strip(), path


@pytest.mark.parametrize("name", ["model_site", "sample_site"])
def test_theme_files_are_named_relative_to_each_page_but_on_the_404_page(name, request):
    """So a build served from another address (make serve on another port,
    a public build looked at locally) still has its styles; the 404 page is
    served at any depth and names them absolutely."""
    site = request.getfixturevalue(name)
    for path in html_pages(site):
        page = site.page(url_of(site, path))
        sheets = page.xpath("//link[@rel='stylesheet']/@href | //link[@rel='icon']/@href")
        assert sheets, path
        for sheet in sheets:
            if path.name == "404.html":
                assert sheet.startswith(f"{SITEURL}/theme/"), path
            else:
                assert not sheet.startswith(("http", "/")), path
                assert urljoin(url_of(site, path), sheet).startswith(f"{SITEURL}/theme/"), path
                assert (site.output / urljoin(url_of(site, path), sheet)
                        .removeprefix(f"{SITEURL}/")).is_file(), sheet


def test_listed_pages_have_a_canonical_url_that_is_their_own(model_site):
    for url in (*MODEL_LISTINGS, ITEM, "2026/11/26/"):
        page = model_site.page(url)
        assert page.xpath("//link[@rel='canonical']/@href") == [f"{SITEURL}/{url}"], url


def test_drafts_have_no_canonical_url_and_drafts_and_hidden_items_are_noindex(model_site):
    draft = model_site.page("drafts/unfinished-draft-item/")
    assert not draft.xpath("//link[@rel='canonical']")
    assert meta(draft, "robots") == "noindex"
    hidden = model_site.page("2026/11/26/hidden-item-for-whoever-has-the-link/")
    assert meta(hidden, "robots") == "noindex"


@pytest.mark.parametrize("url", [*MODEL_LISTINGS, ITEM, "2026/11/26/"])
def test_open_graph_and_twitter_card_meta(model_site, url):
    page = model_site.page(url)
    for key in ("og:site_name", "og:type", "og:title", "og:description", "og:url",
                "twitter:card", "twitter:title", "twitter:description"):
        assert meta(page, key), (url, key)
    assert meta(page, "og:url") == f"{SITEURL}/{url}"
    assert meta(page, "og:description") == meta(page, "description")
    assert meta(page, "og:type") == ("article" if url == ITEM else "website")


def test_item_social_meta_names_the_item(model_site):
    page = model_site.page(ITEM)
    assert meta(page, "og:title") == "Ministry confirms grain corridor talks"
    assert meta(page, "article:published_time") == "2026-11-26T09:30:00+01:00"
    assert page.xpath("//meta[@property='article:tag']/@content") == ["grain", "Black Sea"]


@pytest.mark.parametrize("name", ["model_site", "sample_site"])
def test_json_ld_parses_on_every_page(name, request):
    site = request.getfixturevalue(name)
    for path in html_pages(site):
        for data in json_ld(site.page(url_of(site, path))):
            assert data["@context"] == "https://schema.org", path


def test_item_json_ld_is_a_news_article_based_on_the_source(model_site):
    [data] = json_ld(model_site.page(ITEM))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Ministry confirms grain corridor talks"
    assert data["url"] == data["mainEntityOfPage"] == f"{SITEURL}/{ITEM}"
    assert data["datePublished"] == "2026-11-26T09:30:00+01:00"
    assert data["isBasedOn"]["url"] == SOURCE_URL
    assert data["isBasedOn"]["publisher"] == {"@type": "Organization", "name": "Harbour Gazette"}
    assert data["isBasedOn"]["datePublished"] == "2026-11-25"
    assert data["isPartOf"]["url"] == f"{SITEURL}/2026/11/26/"
    assert data["keywords"] == ["grain", "Black Sea"]


def test_json_ld_escapes_markup_so_a_title_cannot_end_the_block(model_site):
    url = "2026/11/25/article-text-with-quotes/"
    raw = model_site.path(url).read_text("utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)[1]
    assert "<" not in block and ">" not in block
    [data] = json_ld(model_site.page(url))
    assert data["headline"] == 'Article text with <script> & "quotes"'
    assert data["isBasedOn"]["publisher"]["name"] == "Example <Daily>"


def test_listing_pages_have_collection_json_ld(model_site):
    assert json_ld(model_site.page(""))[0]["@type"] == "WebSite"
    for url in ("2026/11/26/", "tags/", "tags/grain/", "categories/", "archives/", "2026/11/"):
        [data] = json_ld(model_site.page(url))
        assert data["@type"] == "CollectionPage", url
        assert data["url"] == f"{SITEURL}/{url}"


# Item pages -----------------------------------------------------------------

def test_item_dates_are_time_elements_with_iso_values(model_site):
    page = model_site.page("2026/11/25/item-with-a-pinned-feed-id/")
    values = page.xpath("//article[@class='item']//time/@datetime")
    assert "2026-11-25T13:00:00+01:00" in values  # Date
    assert "2026-11-26T15:00:00+01:00" in values  # Modified, shown as updated
    for value in values:
        dt.datetime.fromisoformat(value)


def test_right_to_left_item_title_carries_its_language(model_site):
    page = model_site.page("2026/11/25/nrkh-rz-dr-bzr-thrn/")
    h1 = page.xpath("//h1")[0]
    assert (h1.get("lang"), h1.get("dir")) == ("fa", "auto")
    card = model_site.page("2026/11/25/").xpath("//h2[@class='item-card__title']/a[@lang]")
    assert [a.get("lang") for a in card] == ["fa"]


def test_previous_and_next_item_follow_the_edition_running_order(model_site):
    urls = [f"{SITEURL}/2026/11/26/{slug}/" for slug in EDITION_26]
    for position, url in enumerate(urls):
        nav = model_site.page(url).xpath("//nav[@class='item-nav']")
        prev = nav[0].xpath(".//a[@rel='prev']/@href") if nav else []
        following = nav[0].xpath(".//a[@rel='next']/@href") if nav else []
        assert prev == urls[position - 1:position], url
        assert following == urls[position + 1:position + 2], url


def test_items_outside_an_edition_have_no_item_navigation(model_site):
    for url in ("2026/11/26/hidden-item-for-whoever-has-the-link/",
                "drafts/unfinished-draft-item/"):
        assert not model_site.page(url).xpath("//nav[@class='item-nav']"), url


def test_related_items_share_tags_newest_first_and_are_published(model_site):
    page = model_site.page(ITEM)
    related = [a.get("href") for a in page.xpath("//section[@class='related']//a")]
    assert related == [f"{SITEURL}/{url}" for url in (
        "2026/11/26/follow-up-on-the-grain-corridor/",
        "2026/11/26/item-with-an-explicit-summary/",
        "2026/11/26/item-without-editors-notes/",
        "2026/11/24/tag-slug-collision/",
    )]
    hidden = model_site.page("2026/11/26/hidden-item-for-whoever-has-the-link/")
    hidden_related = [a.get("href") for a in hidden.xpath("//section[@class='related']//a")]
    assert f"{SITEURL}/{ITEM}" in hidden_related
    for page_url in (ITEM, "2026/11/26/item-without-editors-notes/"):
        html = model_site.path(page_url).read_text("utf-8")
        assert "hidden-item-for-whoever" not in html and "unfinished-draft" not in html


def test_item_sharing_no_tag_has_no_related_section(model_site):
    page = model_site.page("2026/11/25/bom-and-crlf-item/")  # its tag is its own
    assert not page.xpath("//section[@class='related']")


def _item(name, day, hour, *tags):
    return SimpleNamespace(name=name, source_path=f"{name}.md", tags=list(tags),
                           date=dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC))


def test_related_ranks_by_shared_tags_then_recency_then_source_path():
    me = _item("me", 20, 9, "a", "b", "c")
    two_old = _item("two-old", 1, 9, "a", "b")
    two_new = _item("two-new", 10, 9, "b", "c")
    one_new = _item("one-new", 19, 9, "c")
    tie_b = _item("tie-b", 5, 9, "a")
    tie_a = _item("tie-a", 5, 9, "a")
    by_tag = TagNeighbours({"a": [me, two_old, tie_b, tie_a], "b": [me, two_old, two_new],
                            "c": [me, two_new, one_new]})
    ranked = related_items(me, by_tag, limit=10)
    assert [i.name for i in ranked] == ["two-new", "two-old", "one-new", "tie-a", "tie-b"]
    assert [i.name for i in related_items(me, by_tag, limit=2)] == ["two-new", "two-old"]
    assert related_items(me, by_tag, limit=0) == []


def test_related_looks_only_near_the_item_in_its_own_tags():
    me = _item("me", 15, 12, "a")
    crowd = [_item(f"n{n}", 1 + n // 100, n % 24, "a") for n in range(2800)]
    by_tag = TagNeighbours({"a": [me, *crowd], **{f"other-{n}": [] for n in range(100)}})
    asked = []
    near = by_tag.near
    by_tag.near = lambda tag, item: asked.append(tag) or near(tag, item)
    related = related_items(me, by_tag, limit=4)
    assert asked == ["a"]
    assert len(near("a", me)) <= 2 * TagNeighbours.WINDOW
    assert all(abs((other.date - me.date).days) <= 1 for other in related)


# Sitemap, robots.txt, 404 ----------------------------------------------------

def test_sitemap_lists_every_listed_page_with_absolute_urls(model_site):
    entries = sitemap(model_site)
    for url in (*MODEL_LISTINGS, ITEM, "2026/11/26/", "2026/11/25/nrkh-rz-dr-bzr-thrn/"):
        assert f"{SITEURL}/{url}" in entries, url
    for loc in entries:
        assert loc.startswith(f"{SITEURL}/")
        assert model_site.path(loc).exists(), loc
    assert not [loc for loc in entries if any(part in loc for part in UNLISTED)]


def test_sitemap_is_every_html_page_but_drafts_hidden_and_404(sample_site):
    built = {url_of(sample_site, p) for p in html_pages(sample_site)
             if "drafts" not in p.parts and p.name != "404.html"}
    hidden = {url for url in built
              if sample_site.page(url).xpath("//meta[@name='robots'][@content='noindex']")}
    assert set(sitemap(sample_site)) == built - hidden


def test_sitemap_lastmod_comes_from_modified_or_date(model_site):
    entries = sitemap(model_site)
    assert entries[f"{SITEURL}/{ITEM}"] == "2026-11-26T09:30:00+01:00"
    pinned = f"{SITEURL}/2026/11/25/item-with-a-pinned-feed-id/"
    assert entries[pinned] == "2026-11-26T15:00:00+01:00"  # its Modified
    assert entries[f"{SITEURL}/2026/11/25/"] == "2026-11-26T15:00:00+01:00"
    assert entries[f"{SITEURL}/"] == "2026-11-26T16:00:00+01:00"  # the newest item
    assert entries[f"{SITEURL}/about-this-briefing/"] is None


def test_paginated_tag_pages_are_each_in_the_sitemap(tmp_path):
    from conftest import FIXTURES, build_site
    site = build_site(FIXTURES / "model", tmp_path / "out", DEFAULT_PAGINATION=2)
    entries = sitemap(site)
    assert f"{SITEURL}/tags/grain/" in entries
    # Numbered from the oldest; the newest complete page is on the tag's own page.
    assert f"{SITEURL}/tags/grain/page/1/" in entries
    assert site.path(f"{SITEURL}/tags/grain/page/1/").exists()
    assert not [url for url in entries if url.startswith(f"{SITEURL}/tags/grain/page/2")]


def test_robots_txt_points_to_the_sitemap_and_keeps_drafts_out(model_site):
    robots = (model_site.output / "robots.txt").read_text("utf-8")
    assert robots.splitlines() == [
        "User-agent: *", "Disallow: /drafts/", "", f"Sitemap: {SITEURL}/sitemap.xml"]


def test_robots_txt_under_a_path_prefix():
    settings = {"SITEURL": "https://example.org/briefing", "DRAFT_URL": "drafts/{slug}/"}
    assert render_robots(settings, "sitemap.xml").splitlines() == [
        "User-agent: *", "Disallow: /briefing/drafts/", "",
        "Sitemap: https://example.org/briefing/sitemap.xml"]


def test_404_page(model_site):
    page = model_site.page("404.html")
    assert text(page.xpath("//h1")[0]) == "Page not found"
    links = page.xpath("//main//a/@href")
    assert f"{SITEURL}/" in links


def test_the_404_page_is_answered_with_status_404_and_listed_nowhere(model_site):
    """No noindex on the 404 page (a crawler may read it): the hosts send it with
    status 404 for an unknown address, which search engines never index, and
    the site lists it in no sitemap, feed or search index."""
    page = model_site.page("404.html")
    assert meta(page, "robots") is None
    assert not page.xpath("//link[@rel='canonical']")
    server = make_server(model_site.output, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        response, body = fetch((model_site.output, server.server_address[1]),
                               "/2026/11/26/no-such-item/")
    finally:
        server.shutdown()
        server.server_close()
    assert response.status == 404
    assert body == (model_site.output / "404.html").read_bytes()
    assert not [loc for loc in sitemap(model_site) if "404" in loc]
    assert not [url for url in fragments(model_site) if "404" in url]
    feeds = [path for path in (model_site.output / "feeds").rglob("*") if path.is_file()]
    assert feeds
    assert not [path for path in feeds if b"404.html" in path.read_bytes()
                or b"Page not found" in path.read_bytes()]


def test_sitemap_and_robots_are_deterministic(model_site, tmp_path):
    from conftest import FIXTURES, build_site
    again = build_site(FIXTURES / "model", tmp_path / "again")
    for name in ("sitemap.xml", "robots.txt"):
        assert (again.output / name).read_bytes() == (model_site.output / name).read_bytes()


# Listings --------------------------------------------------------------------

def test_home_page_cards_lead_with_headline_summary_source_and_tags(sample_site):
    home = sample_site.page("")
    cards = home.xpath("//ol[contains(@class, 'item-list')]/li/article[@class='item-card']")
    assert cards
    for card in cards:
        assert card.xpath(".//h2/a"), text(card)
        assert card.xpath(".//p[@class='item-card__summary']"), text(card)
        assert card.xpath(".//p[@class='meta']/time"), text(card)
        assert card.xpath(".//ul[@class='tag-list']/li/a"), text(card)


def test_tags_index_shows_item_counts(model_site):
    entries = [text(li) for li in model_site.page("tags/").xpath("//ul[@class='term-list']/li")]
    assert "grain (5 items)" in entries


def test_tag_page_links_its_feeds_when_they_exist(model_site):
    page = model_site.page("tags/grain/")
    links = page.xpath("//p[@class='term-feeds']/a/@href")
    discovered = page.xpath("//link[@rel='alternate'][contains(@href, 'grain')]/@href")
    assert set(links) == set(discovered)
    for href in links:
        assert model_site.path(href).exists(), href


# Weight and references -----------------------------------------------------------

def test_home_page_html_and_css_weigh_under_50_kb(sample_site):
    home = sample_site.page("")
    css = [sample_site.path(href) for href in home.xpath("//link[@rel='stylesheet']/@href")]
    total = sample_site.path("").stat().st_size + sum(path.stat().st_size for path in css)
    assert len(css) >= 4
    assert total < 50_000, total


def test_every_internal_reference_resolves_to_a_file(sample_site):
    missing = []
    for path in html_pages(sample_site):
        url = url_of(sample_site, path)
        page = sample_site.page(url)
        ids = set(page.xpath("//@id"))
        for element, attribute in (("a", "href"), ("link", "href"), ("img", "src"),
                                   ("script", "src"), ("source", "src")):
            for ref in page.xpath(f"//{element}/@{attribute}"):
                if ref.startswith("#"):
                    if ref[1:] not in ids:
                        missing.append((url, ref))
                    continue
                target = urljoin(url, ref)
                if not target.startswith(f"{SITEURL}/"):
                    assert urlsplit(target).scheme in ("http", "https", "mailto"), (url, ref)
                    continue
                if not sample_site.path(target).is_file():
                    missing.append((url, ref))
    assert missing == []


def test_tags_only_drafts_carry_are_not_links(model_site):
    page = model_site.page("drafts/unfinished-draft-item/")
    tags = page.xpath("//ul[@class='tag-list']/li")
    assert [text(li) for li in tags] == ["Drafts only tag"]
    assert not tags[0].xpath(".//a")
