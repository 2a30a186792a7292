"""Status, scheduling, tags and editions (fixture: ``model``)."""

from __future__ import annotations

LISTINGS = ("", "archives/", "tags/", "tags/grain/", "categories/", "2026/11/",
            "2026/11/26/")


def text(element) -> str:
    return " ".join(element.text_content().split())


def listed_text(site) -> str:
    return "\n".join(text(site.page(url).cssselect("main")[0]) for url in LISTINGS)


def test_draft_is_built_only_under_drafts(model_site):
    assert model_site.path("drafts/unfinished-draft-item/").exists()
    assert not model_site.path("2026/11/26/unfinished-draft-item/").exists()


def test_future_item_has_no_public_page(model_site):
    assert not any("scheduled-item-from-the-future" in str(p)
                   for p in model_site.files() if "drafts" not in p.parts)


def test_hidden_item_is_built_at_its_own_url(model_site):
    assert model_site.path("2026/11/26/hidden-item-for-whoever-has-the-link/").exists()


def test_drafts_hidden_and_future_items_are_never_listed(model_site):
    listed = listed_text(model_site)
    for title in ("Unfinished draft item", "Hidden item for whoever has the link",
                  "Scheduled item from the future"):
        assert title not in listed
    assert not model_site.path("tags/drafts-only-tag/").exists()


def test_drafts_hidden_and_future_items_are_in_no_feed(model_site):
    for url in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        titles = {entry.title for entry in model_site.feed(url).entries}
        assert "Ministry confirms grain corridor talks" in titles
        assert not titles & {"Unfinished draft item", "Hidden item for whoever has the link",
                             "Scheduled item from the future"}


def test_tags_differing_in_case_are_one_tag_in_its_most_frequent_spelling(model_site):
    # Grain, grain (x2), GRAIN: one tag, shown as "grain".
    tag_links = model_site.page("tags/").cssselect("main a")
    grain = [text(a) for a in tag_links if "/tags/grain/" in a.get("href")]
    assert len(grain) == 1 and grain[0].startswith("grain")
    assert not any(a.get("href").endswith(("/tags/grain-2/", "/tags/Grain/")) for a in tag_links)
    tag_page = text(model_site.page("tags/grain/").cssselect("main")[0])
    for title in ("Ministry confirms grain corridor talks", "Item without editor's notes",
                  "Item with an explicit summary"):
        assert title in tag_page


def test_tag_spelling_tie_goes_to_the_earliest_item(model_site):
    # Feeds, feeds and FEEDS once each: the earliest item spells it "Feeds".
    item = model_site.page("2026/11/25/item-with-a-pinned-feed-id/")
    assert [text(a) for a in item.cssselect(".tag-list a")] == ["Feeds"]


def test_different_tags_never_share_a_page(model_site):
    first = text(model_site.page("tags/ai-ml/").cssselect("main")[0])
    second = text(model_site.page("tags/ai-ml-2/").cssselect("main")[0])
    assert "Item with an explicit slug" in first and "Tag slug collision" not in first
    assert "Tag slug collision" in second and "Item with an explicit slug" not in second


def test_non_latin_tags_get_ascii_slugs(model_site):
    assert model_site.path("tags/zhong-guo/").exists()
    assert model_site.path("tags/hangug/").exists()


def test_editions_group_items_by_day_newest_first(model_site):
    archive = model_site.page("archives/")
    edition_links = [a.get("href") for a in archive.cssselect("main a")
                     if a.get("href", "").rstrip("/").count("/") == 5]
    days = [href.rstrip("/").rsplit("/", 3)[-3:] for href in edition_links]
    assert days == sorted(days, reverse=True)
    assert ["2026", "11", "26"] in days and ["2026", "11", "22"] not in days


def test_home_page_shows_the_latest_edition_with_its_note(model_site):
    home = text(model_site.page("").cssselect("main")[0])
    assert "Grain talks lead the day" in home
    assert "edition note opens the edition" in home
    assert "Ministry confirms grain corridor talks" in home
    assert "Same minute A" not in home  # an earlier edition


def test_edition_page_lists_its_items_in_running_order(model_site):
    edition = text(model_site.page("2026/11/26/").cssselect("main")[0])
    order = ["Late-night item from New York", "Ministry confirms grain corridor talks",
             "Item without editor's notes", "Item with an explicit summary"]
    positions = [edition.index(title) for title in order]
    assert positions == sorted(positions)


def test_edition_note_for_a_day_without_items_is_a_warning(model_site):
    assert any("2026-11-22.md: edition note: no published item on 2026-11-22" in w
               for w in model_site.report.warnings)
    assert not model_site.path("2026/11/22/").exists()
