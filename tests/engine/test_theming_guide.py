"""docs/theming.md's examples, taken from the guide itself, build what it says.

Each code block's info line names its file (```css content/extra/colours.css);
``pelicanconf.py`` blocks are settings, the others files of the site.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import FIXTURES, ROOT, build_site

GUIDE = ROOT / "docs" / "theming.md"
BLOCK = re.compile(r"^```\w+ (\S+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def examples() -> list[tuple[str, str]]:
    return BLOCK.findall(GUIDE.read_text("utf-8"))


@pytest.fixture(scope="module")
def themed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("themed")
    shutil.copytree(FIXTURES / "model", folder / "content")
    settings: dict = {}
    for path, text in examples():
        if path == "pelicanconf.py":
            exec(text, {}, settings)
        else:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, "utf-8")
    settings["THEME_TEMPLATES_OVERRIDES"] = [str(folder / path) for path in
                                             settings["THEME_TEMPLATES_OVERRIDES"]]
    site = build_site(folder / "content", folder / "output", **settings)
    assert site.report.ok, site.report.errors
    return site


def test_the_guide_has_an_example_of_each_way():
    paths = [path for path, _ in examples()]
    assert {"pelicanconf.py", "content/extra/colours.css", "content/extra/logo.svg",
            "theme/templates/base.html"} <= set(paths)


def test_wording_comes_from_settings(themed):
    home = themed.page("/")
    assert home.cssselect("label[for=site-search-query]")[0].text == "Search the memo"
    assert home.cssselect("footer .feeds")[0].text.startswith("Follow the memo:")
    note = home.cssselect("footer p")[0]
    assert note.text == "Quoted texts belong to their sources. "
    assert note.cssselect("a")[0].get("href") == "/about/"


def test_a_german_sites_words_replace_the_themes_and_the_rest_stay_english(themed):
    home = themed.page("/")
    assert [a.text for a in home.cssselect(".site-nav a")][:4] == [
        "Startseite", "Ausgaben", "Schlagwörter", "Rubriken"]
    assert home.cssselect(".site-search__form button")[0].text == "Suchen"
    assert home.cssselect(".site-search__form input")[0].get("placeholder") == "Suchen"
    assert home.cssselect("#earlier-editions-heading")[0].text == "Earlier editions"
    assert home.cssselect(".skip-link")[0].text == "Skip to content"
    assert themed.page("/tags/").cssselect("main h1")[0].text == "Schlagwörter"
    assert themed.page("/archives/").cssselect("main h1")[0].text == "Ausgaben"
    item = themed.page("/2026/11/26/ministry-confirms-grain-corridor-talks/")
    assert item.cssselect("#editor-notes-heading")[0].text == "Anmerkungen der Redaktion"
    assert item.cssselect("#article-text-heading")[0].text == "Artikeltext"
    assert item.cssselect(".source-line__label")[0].text == "Source:"


def test_colours_stylesheet_is_linked_after_the_themes_and_copied(themed):
    sheets = themed.page("/").xpath('//head/link[@rel="stylesheet"]/@href')
    assert sheets[-1] == "http://127.0.0.1:8000/extra/colours.css"
    assert "--color-accent: #0f5c4d" in themed.path("/extra/colours.css").read_text("utf-8")


def test_the_logo_stands_before_the_sites_name(themed):
    link = themed.page("/tags/").cssselect(".site-name a")[0]
    logo = link.cssselect("img.site-logo")[0]
    assert logo.get("src") == "http://127.0.0.1:8000/extra/logo.svg"
    assert logo.get("alt") == ""
    assert link.text_content() == "The Briefing"
    assert themed.path("/extra/logo.svg").is_file()


def test_one_overridden_block_reaches_every_page_and_the_rest_stays(themed):
    for url in ("/", "/tags/", "/archives/", "/search/"):
        page = themed.page(url)
        assert page.cssselect("footer p.colophon")[0].text == "Edited in Lisbon."
        assert page.cssselect("header .site-nav")  # the theme's own base.html still
