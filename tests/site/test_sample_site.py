"""The sample content a new user sees after ``make publish``."""

from __future__ import annotations

from conftest import ROOT, SITEURL

# The article as the editor pasted it (shared/seed), social-media trailer included.
SEED = ROOT / "tests" / "fixtures" / "seed_article.txt"
SEED_ITEM = ("2026/11/27/"
             "cia-turns-to-mandarin-language-videos-in-new-bid-to-recruit-chinese-officials/")


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_sample_site_builds_without_errors_or_warnings(sample_site):
    assert sample_site.report.errors == []
    assert sample_site.report.warnings == []


def test_sample_site_is_a_real_briefing(sample_site):
    report = sample_site.report
    assert report.items >= 15
    assert report.editions >= 5
    assert report.tags >= 15
    categories = sample_site.page("categories/").cssselect("main a")
    assert len({a.get("href") for a in categories}) >= 3


def test_every_published_item_has_a_page_and_an_edition(sample_site):
    feed = sample_site.feed("feeds/all.atom.xml")
    assert len(feed.entries) == sample_site.report.items
    for entry in feed.entries:
        page = sample_site.page(entry.link)
        assert text(page.cssselect("h1")[0]) == entry.title
        edition = next(a.get("href") for a in page.cssselect(".item-footer a"))
        assert entry.title in text(sample_site.page(edition).cssselect("main")[0])


def test_tag_pages_and_tags_index_exist(sample_site):
    index = sample_site.page("tags/")
    links = {a.get("href") for a in index.cssselect("main a")}
    assert len(links) == sample_site.report.tags
    for href in links:
        assert href.startswith(f"{SITEURL}/tags/")
        assert sample_site.path(href).exists()


def test_seed_article_text_is_verbatim_without_the_social_trailer(sample_site):
    page = sample_site.page(SEED_ITEM)
    article = text(page.cssselect(".article-text")[0])
    paragraphs = SEED.read_text("utf-8").splitlines()
    for paragraph in paragraphs[:-2]:
        assert " ".join(paragraph.split()) in article
    for trailer in paragraphs[-2:]:
        assert trailer not in text(page)
    assert page.cssselect(".editor-notes")
    assert page.cssselect(".article-text aside.annotation")
    source = page.cssselect(".source-line")[0]
    assert "RT" in text(source) and "via Bloomberg" in text(source)


def test_sample_has_a_right_to_left_item(sample_site):
    rtl = [e for e in sample_site.feed("feeds/all.atom.xml").entries
           if sample_site.page(e.link).cssselect('.article-text[dir="rtl"]')]
    assert rtl


def test_sample_draft_is_not_published(sample_site):
    assert not (sample_site.output / "drafts").exists()  # no preview in a public build
    for path in sample_site.files():
        if path.suffix in (".html", ".xml", ".json"):
            assert "zephyrquill" not in path.read_text("utf-8").lower(), path


def test_sample_has_an_about_page(sample_site):
    about = sample_site.page("about/")
    assert text(about.cssselect("h1")[0]) == "About"


def test_readme_documents_the_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make publish" in readme and "make test" in readme
