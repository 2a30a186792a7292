"""Corrections: the ``Correction`` field on the item, its card, the corrections
page and feed, and every feed's ``updated`` (fixture: ``model``; small sites
written here, built with and without their corrections).

The contract's checks of a ``Correction`` line are in ``tests/unit/test_contract.py``
and, as ``make check`` prints them, in ``test_editor_commands.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import lxml.etree
import pytest
from conftest import PELICANCONF, SITEURL, build_site

from briefing.cli import main
from briefing.feeds.entries import distinct_times

BERLIN = ZoneInfo("Europe/Berlin")  # the site's TIMEZONE
ITEM = "2026/11/24/item-corrected-twice/"
ITEM_TITLE = "Item corrected twice"
SHOWN = [  # (datetime, text) of each correction of ITEM, newest first
    ("2026-11-26", "26 November 2026: It is the Ministry of <Fisheries> & Oceans that set it."),
    ("2026-11-25", "25 November 2026: The quota is 40,000 tonnes, not 4,000."),
]
CORRECTION_FEEDS = ("feeds/corrections.atom.xml", "feeds/corrections.rss.xml")
ATOM = "{http://www.w3.org/2005/Atom}"


def text(element) -> str:
    return " ".join(element.text_content().split())


def corrections_shown(element) -> list[tuple[str, str]]:
    """(datetime, text) of each correction a ``correction-list`` in ``element`` shows."""
    return [(li.find("time").get("datetime"), text(li))
            for li in element.cssselect(".correction-list li")]


def json_ld(page) -> dict:
    [block] = page.xpath("//script[@type='application/ld+json']")
    return json.loads(block.text)


def entry_times(site, url="feeds/all.atom.xml") -> dict[str, tuple[str, str, str]]:
    """Each entry's ``(id, published, updated)``, by title."""
    return {e.title: (e.id, e.published, e.updated) for e in site.feed(url).entries}


# -- the model site: one item corrected twice ----------------------------------------------


def test_item_page_shows_its_corrections_newest_first_right_under_its_facts(model_site):
    page = model_site.page(ITEM)
    [section] = page.cssselect("article.item > section.corrections")
    assert section.get("id") == "corrections"
    assert text(section.cssselect("h2")[0]) == "Corrections"
    assert corrections_shown(section) == SHOWN
    order = [child.get("class") for child in page.cssselect("article.item")[0]
             if child.get("class")]
    assert order[:3] == ["item-header", "corrections", "editor-notes"]
    # Plain text: the editor's "<Fisheries>" is escaped, never markup.
    assert "&lt;Fisheries&gt; &amp; Oceans" in model_site.path(ITEM).read_text("utf-8")


def test_an_item_with_one_correction_says_correction(sample_site):
    page = sample_site.page("2026/11/23/eu-adds-48-tankers-to-shadow-fleet-list-and-tightens-"
                            "checks-on-maritime-insurers/")
    assert text(page.cssselect("#corrections h2")[0]) == "Correction"
    assert [day for day, _ in corrections_shown(page)] == ["2026-11-23"]


def test_an_item_without_corrections_has_no_note(model_site):
    page = model_site.page("2026/11/26/ministry-confirms-grain-corridor-talks/")
    assert not page.cssselect(".corrections, .correction-list, .meta__corrected")
    assert "correction" not in json_ld(page)


def test_item_json_ld_carries_its_corrections_and_the_latest_as_date_modified(model_site):
    data = json_ld(model_site.page(ITEM))
    assert data["dateModified"] == "2026-11-26T00:00:00+01:00"
    assert data["correction"] == [
        {"@type": "CorrectionComment", "datePublished": "2026-11-26",
         "text": "It is the Ministry of <Fisheries> & Oceans that set it."},
        {"@type": "CorrectionComment", "datePublished": "2026-11-25",
         "text": "The quota is 40,000 tonnes, not 4,000."},
    ]


def test_the_items_card_on_its_edition_page_says_corrected_and_when(model_site):
    cards = {text(card.cssselect(".item-card__title")[0]): card
             for card in model_site.page("2026/11/24/").cssselect(".item-card")}
    marks = {title: [(mark.find("time").get("datetime"), text(mark))
                     for mark in card.cssselect(".meta .meta__corrected")]
             for title, card in cards.items()}
    assert marks.pop(ITEM_TITLE) == [("2026-11-26", "Corrected 26 November 2026")]
    assert marks and all(found == [] for found in marks.values())


def test_corrections_page_links_each_corrected_item_to_its_note(model_site):
    page = model_site.page("corrections/")
    assert text(page.cssselect("main h1")[0]) == "Corrections"
    [item] = page.cssselect(".corrected-items > li")
    link = item.cssselect("h2 a")[0]
    assert (text(link), link.get("href")) == (ITEM_TITLE, f"{SITEURL}/{ITEM}#corrections")
    assert corrections_shown(item) == SHOWN


def test_corrections_page_links_its_feeds_and_every_page_links_it(model_site):
    page = model_site.page("corrections/")
    feeds = [f"{SITEURL}/{path}" for path in CORRECTION_FEEDS]
    alternates = [(link.get("type"), link.get("href"))
                  for link in page.cssselect('head link[rel="alternate"]')]
    assert alternates[-2:] == list(zip(("application/atom+xml", "application/rss+xml"), feeds,
                                       strict=True))
    assert page.xpath("//p[@class='corrections-feeds']/a/@href") == feeds
    assert page.xpath("//footer//a[@aria-current='page']/@href") == [f"{SITEURL}/corrections/"]
    for url in ("", ITEM, "2026/11/24/", "tags/", "about-this-briefing/"):
        assert model_site.page(url).xpath(
            f"//footer//a[@href='{SITEURL}/corrections/']"), url


def test_sitemap_lists_the_corrections_page_and_dates_corrected_pages_by_them(model_site):
    tree = lxml.etree.parse(str(model_site.output / "sitemap.xml"))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {url.findtext(f"{ns}loc"): url.findtext(f"{ns}lastmod")
               for url in tree.iter(f"{ns}url")}
    assert lastmod[f"{SITEURL}/corrections/"] == "2026-11-26T00:00:00+01:00"
    assert lastmod[f"{SITEURL}/{ITEM}"] == "2026-11-26T00:00:00+01:00"


def test_every_feed_updates_the_entry_at_its_latest_correction(model_site):
    assert entry_times(model_site)[ITEM_TITLE][1:] == (
        "2026-11-24T15:00:00+01:00", "2026-11-26T00:00:00+01:00")
    data = json.loads(model_site.path("feeds/all.json").read_text("utf-8"))
    [item] = [i for i in data["items"] if i["title"] == ITEM_TITLE]
    assert item["date_modified"] == "2026-11-26T00:00:00+01:00"
    atom = lxml.etree.parse(str(model_site.path("feeds/all.atom.xml")))
    [entry] = [e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == ITEM_TITLE]
    assert entry.findtext(f"{ATOM}content").startswith(
        "<h3>Corrections</h3><ul><li>2026-11-26: It is the Ministry of &lt;Fisheries&gt; "
        "&amp; Oceans that set it.</li><li>2026-11-25: ")


@pytest.mark.parametrize("url", CORRECTION_FEEDS)
def test_corrections_feed_lists_the_corrected_items_with_their_own_ids(model_site, url):
    feed = model_site.feed(url)
    assert feed.bozo is False, feed.get("bozo_exception")
    assert feed.feed.title == "The Briefing: corrections"
    assert feed.feed.link == f"{SITEURL}/corrections/"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{SITEURL}/{url}"]
    [entry] = feed.entries
    assert (entry.title, entry.id) == (ITEM_TITLE, entry_times(model_site)[ITEM_TITLE][0])


# -- small sites: the same items with and without their corrections ---------------------------

#: name -> (Date, further header lines); every item is tagged "Fisheries".
ITEMS = {
    "early": ("2026-11-20 10:00", ["Modified: 2026-11-21 07:00",
                                   "Correction: 2026-11-24: Fixed the early figure."]),
    "same_day": ("2026-11-21 08:00", ["Correction: 2026-11-21: Fixed the same-day figure."]),
    "modified_later": ("2026-11-21 09:00", ["Correction: 2026-11-22: Fixed the later figure.",
                                            "Modified: 2026-11-23 12:00"]),
    "hidden": ("2026-11-21 10:00", ["Status: hidden",
                                    "Correction: 2026-11-23: Fixed the hidden figure."]),
    "never_corrected": ("2026-11-22 10:00", []),
}
#: The published corrected items, latest correction first.
LATEST_FIRST = ["Item early", "Item modified_later", "Item same_day"]


def write_items(folder, corrected: bool = True):
    """ITEMS as content files, with their Correction lines or without."""
    folder.mkdir()
    for name, (date, extra) in ITEMS.items():
        header = [f"Title: Item {name}", f"Date: {date}", "Tags: Fisheries", "Source: Example",
                  f"Source_URL: https://example.org/{name}",
                  *(line for line in extra if corrected or not line.startswith("Correction:"))]
        (folder / f"{name}.md").write_text(
            "\n".join(header) + "\n\nText.\n\n## Editor's notes\n\nNotes.\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("corrections")
    built = {state: build_site(write_items(base / f"{state}-content", state == "corrected"),
                               base / state) for state in ("corrected", "uncorrected")}
    for site in built.values():
        assert site.report.errors == [] and site.report.warnings == []
    return built


def test_a_correction_updates_the_entry_and_never_changes_its_id(sites):
    corrected, uncorrected = (entry_times(sites[state]) for state in ("corrected", "uncorrected"))
    assert {title: times[:2] for title, times in corrected.items()} == {
        title: times[:2] for title, times in uncorrected.items()}  # ids and published
    updated = {title: (uncorrected[title][2], times[2]) for title, times in corrected.items()}
    assert updated == {
        # A correction later than the Modified: the start of the correction's day.
        "Item early": ("2026-11-21T07:00:00+01:00", "2026-11-24T00:00:00+01:00"),
        # Corrected on its own day: a second after publication, so still an update.
        "Item same_day": ("2026-11-21T08:00:00+01:00", "2026-11-21T08:00:01+01:00"),
        # A Modified later than the correction: the Modified.
        "Item modified_later": ("2026-11-23T12:00:00+01:00", "2026-11-23T12:00:00+01:00"),
        "Item never_corrected": ("2026-11-22T10:00:00+01:00", "2026-11-22T10:00:00+01:00"),
    }


def test_rss_keeps_guid_and_pub_date_and_json_feed_dates_the_modification(sites):
    def rss(state):
        root = lxml.etree.parse(str(sites[state].path("feeds/all.rss.xml")))
        return {i.findtext("title"): (i.findtext("guid"), i.findtext("pubDate"))
                for i in root.iter("item")}

    assert rss("corrected") == rss("uncorrected")
    data = json.loads(sites["corrected"].path("feeds/all.json").read_text("utf-8"))
    modified = {item["title"]: item["date_modified"] for item in data["items"]}
    assert modified["Item early"] == "2026-11-24T00:00:00+01:00"


def test_corrections_page_and_feeds_list_published_items_latest_correction_first(sites):
    site = sites["corrected"]
    page = site.page("corrections/")
    assert [text(a) for a in page.cssselect(".corrected-items h2 a")] == LATEST_FIRST
    for url in CORRECTION_FEEDS:
        assert [entry.title for entry in site.feed(url).entries] == LATEST_FIRST, url
    assert site.feed(CORRECTION_FEEDS[0]).feed.updated == "2026-11-24T00:00:00+01:00"


def test_before_any_correction_the_page_says_so_and_the_feeds_are_empty(sites):
    site = sites["uncorrected"]
    assert "No item has needed a correction so far." in text(site.page("corrections/"))
    for url in CORRECTION_FEEDS:
        feed = site.feed(url)
        assert feed.bozo is False and feed.entries == [], url


def test_the_corrections_page_and_each_feed_can_be_turned_off(tmp_path):
    site = build_site(write_items(tmp_path / "content"), tmp_path / "output",
                      CORRECTIONS_SAVE_AS="", BRIEFING_CORRECTIONS_FEED_ATOM="")
    assert site.report.errors == []
    assert not (site.output / "corrections").exists()
    assert not site.page("").xpath("//a[contains(@href, '/corrections/')]")
    assert not site.path(CORRECTION_FEEDS[0]).exists()
    rss = site.feed(CORRECTION_FEEDS[1])
    assert rss.feed.link == f"{SITEURL}/"  # no page to follow: the site
    assert [entry.title for entry in rss.entries] == LATEST_FIRST


def test_a_correction_dated_after_today_fails_the_check(capsys, tmp_path, monkeypatch):
    """Today's date on the site's clock is fine; tomorrow's is an error on its line."""
    today = dt.datetime.now(BERLIN).date()
    tomorrow = today + dt.timedelta(days=1)
    content = tmp_path / "content"
    content.mkdir()
    (content / "item.md").write_text(
        f"Title: Corrected today\nDate: {today - dt.timedelta(days=2)} 09:00\nTags: Fisheries\n"
        "Source: Example\nSource_URL: https://example.org/today\n"
        f"Correction: {today}: Fixed.\nCorrection: {tomorrow}: Fixed again.\n\n"
        "Text.\n\n## Editor's notes\n\nNotes.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", str(content), "-s", PELICANCONF])
    out = capsys.readouterr().out
    assert code == 1
    assert (f"content/item.md:7: Correction: is dated in the future (today is {today} on the "
            "site's clock): date it the day the item was corrected "
            f"(got '{tomorrow}: Fixed again.')") in out.splitlines()
    assert "check failed: 1 error(s), 0 warning(s)" in out


def test_items_of_one_date_corrected_that_day_still_get_times_of_their_own():
    """b shares a's Date, so it is published a second later; both corrected that
    day, each is updated after it was published, at a time no other entry has."""
    noon = dt.datetime(2026, 11, 25, 12, 0, tzinfo=BERLIN)

    def item(name):
        return SimpleNamespace(feed_id=name, date=noon, modified=None,
                               corrected=noon.replace(hour=0),
                               relative_source_path=f"{name}.md")

    times = distinct_times([item("a"), item("b")])
    seconds = {name: [int((moment - noon).total_seconds()) for moment in pair]
               for name, pair in times.items()}
    assert seconds == {"a": [0, 2], "b": [1, 3]}
