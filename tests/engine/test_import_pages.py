"""``briefing import page.html``: a saved web page becomes an item.

The pages in ``tests/fixtures/pages/`` are written for these tests, each in
one outlet's shape (a news site, wire copy, a blog, an Arabic page, a Chinese
page in GB18030); ``expected/<name>.txt`` lists the article's paragraphs,
blank-line separated, as the page has them.
"""

from __future__ import annotations

import subprocess
from html import escape

import lxml.html
import pytest
from conftest import ROOT, build_site
from test_importer import SETTINGS, body_paragraphs, run_import, site, written

from briefing.cli import main
from briefing.cli.importer import article_text
from briefing.importing.page import decode_page, is_html, read_page
from briefing.importing.rules import boilerplate_rules

PAGES = ROOT / "tests" / "fixtures" / "pages"
__all__ = ["site"]  # test_importer's fixture (an empty content folder), used here too

#: page -> what its metadata says: title, source, canonical URL, date, author, lang
METADATA = {
    "news_site.html": ("Harbourton dock workers begin 48-hour strike over automation",
                       "The Northern Ledger", "https://www.northernledger.example/2026/11/"
                       "harbourton-dock-strike?utm_source=twitter&utm_medium=social",
                       "2026-11-25", "Jane Doe", "en"),
    "wire.html": ("Central bank raises rates unexpectedly as lira slides", "Reuters",
                  "https://www.reuters.example/markets/central-bank-raises-rates-2026-11-26/",
                  "2026-11-26", "Ahmet Kaya", "en"),
    "blog.html": ("Why undersea cables keep breaking in the Baltic", "Notes from the Cable Desk",
                  "https://cabledesk.example/2026/12/03/baltic-cables/", "2026-12-03",
                  "Ines Calloway", "en-GB"),
    "arabic.html": ("البنك المركزي يرفع سعر الفائدة بشكل مفاجئ", "الجريدة",
                    "https://aljarida.example/economy/2026/11/25/rates", "2026-11-25",
                    "أحمد حسن", "ar"),
    "chinese.html": ("两国海警首次在北极联合巡航", "海事日报",
                     "https://haishi.example/2026/11/25/arctic.html?from=timeline",
                     "2026-11-25", None, "zh-CN"),
}


def expected(name: str) -> list[str]:
    text = (PAGES / "expected" / name.replace(".html", ".txt")).read_text("utf-8")
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def page_text(name: str) -> str:
    """Every word the page shows, in order, white space made single spaces."""
    html = decode_page((PAGES / name).read_bytes())
    return " ".join(lxml.html.document_fromstring(html).text_content().split())


def test_every_page_with_expected_paragraphs_is_checked():
    assert sorted(p.stem for p in (PAGES / "expected").glob("*.txt")) == sorted(
        name.removesuffix(".html") for name in METADATA)


@pytest.mark.parametrize("name", sorted(METADATA))
def test_the_articles_paragraphs_are_kept_exactly_in_order(name):
    page = read_page(decode_page((PAGES / name).read_bytes()))
    article = article_text("\n\n".join(page.paragraphs), boilerplate_rules(), page.title,
                           page.source)
    assert article.paragraphs == expected(name)
    shown = page_text(name)
    positions = [shown.index(paragraph) for paragraph in article.paragraphs]  # verbatim
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", sorted(METADATA))
def test_metadata_comes_from_the_page_itself(name):
    page = read_page(decode_page((PAGES / name).read_bytes()))
    assert (page.title, page.source, page.url, page.date, page.author, page.lang) == \
        METADATA[name]


def test_a_page_is_told_from_pasted_text_by_its_name_or_its_start():
    assert is_html(b"  <!DOCTYPE html><html>", "saved")
    assert is_html(b"\xef\xbb\xbf<!-- saved -->\n<html lang=en>", "saved")
    assert is_html(b"anything", "Page.HTM")
    assert is_html(b"<head><title>Saved</title></head><body>", "saved")
    assert not is_html((ROOT / "tests" / "fixtures" / "seed_article.txt").read_bytes(),
                       "seed_article.txt")
    assert not is_html(b"The <html> element starts a page, the article said.", "paste.txt")


def test_the_command_writes_the_item_from_the_pages_metadata(capsys, site, tmp_path):
    code, out, err = run_import(capsys, site, str(PAGES / "news_site.html"),
                                "--tags", "Ports, Labour", "--date", "2026-11-25 18:00")
    assert code == 0, err
    [item] = written(site)
    header = item.read_text("utf-8").partition("\n\n")[0].split("\n")
    assert header == [
        "Title: Harbourton dock workers begin 48-hour strike over automation",
        "Date: 2026-11-25 18:00", "Tags: Ports, Labour", "Source: The Northern Ledger",
        "Source_URL: https://www.northernledger.example/2026/11/harbourton-dock-strike",
        "Source_Date: 2026-11-25", "Source_Author: Jane Doe"]
    assert body_paragraphs(item) == expected("news_site.html")
    assert "note: Title: Harbourton dock workers begin 48-hour strike over automation, " \
           "from the page" in out
    assert "note: Source_URL: removed the tracking parameters (utm_source, utm_medium)" in out
    assert main(["check", str(site), "-s", SETTINGS]) == 0
    capsys.readouterr()
    built = build_site(site, tmp_path / "output")
    page = built.page(f"2026/11/25/{item.stem}/")
    source_line = " ".join(page.cssselect(".source-line")[0].text_content().split())
    assert source_line == ("Source: The Northern Ledger, by Jane Doe, "
                           "published 25 November 2026")


def test_values_on_the_command_line_win_over_the_page(capsys, site):
    code, out, err = run_import(
        capsys, site, str(PAGES / "wire.html"), "--tags", "Turkey", "--title", "My title",
        "--source", "Wire", "--source-url", "https://wire.example/a", "--source-date",
        "2026-11-27", "--source-author", "Desk")
    assert code == 0, err
    text = written(site)[0].read_text("utf-8")
    assert ("Title: My title\n" in text and "Source: Wire\n" in text
            and "Source_URL: https://wire.example/a\n" in text
            and "Source_Date: 2026-11-27\nSource_Author: Desk\n" in text)
    assert "from the page" not in out


def test_a_right_to_left_page_keeps_its_language(capsys, site, tmp_path):
    code, _, err = run_import(capsys, site, str(PAGES / "arabic.html"), "--tags", "اقتصاد",
                              "--date", "2026-11-25 18:00")
    assert code == 0, err
    [item] = written(site)
    assert "\nLang: ar\n" in item.read_text("utf-8")
    built = build_site(site, tmp_path / "output")
    [wrapper] = built.page(f"2026/11/25/{item.stem}/").cssselect(".article-text")
    assert (wrapper.get("lang"), wrapper.get("dir")) == ("ar", "rtl")
    assert [" ".join(p.text_content().split()) for p in wrapper.iter("p")] == \
        expected("arabic.html")


def test_a_page_without_an_article_is_one_clear_line_and_writes_nothing(capsys, site):
    code, out, err = run_import(capsys, site, str(PAGES / "no_article.html"), "--tags", "X")
    assert code == 1
    assert err.strip().split("\n") == [
        f"import stopped: {PAGES / 'no_article.html'}: no article text found in the page; "
        "nothing written"]
    assert written(site) == [] and out == ""


def test_file_and_url_together_are_refused(capsys, site):
    code, _, err = run_import(capsys, site, str(PAGES / "wire.html"), "--url",
                              "https://www.reuters.example/a", "--tags", "X")
    assert code == 1 and "give the article as FILE= or URL=, not both" in err
    assert written(site) == []


def test_a_pages_text_is_shown_as_text_and_its_markup_never_runs(capsys, site, tmp_path):
    page = tmp_path / "hostile.html"
    shown = ["The ministry said <script>alert(1)</script> appeared in the leaked file, "
             "a fact its spokesperson did not dispute on Friday afternoon.",
             "Staff had clicked a link to <img src=x onerror=alert(2)> in an e-mail that "
             "looked like it came from the ministry's own IT department."]
    page.write_text(
        "<!DOCTYPE html><html><head><title>Leak</title>"
        '<meta property="og:site_name" content="Example">'
        '<link rel="canonical" href="https://example.org/leak"></head><body><article>'
        + "".join(f"<p>{escape(text)}</p>" for text in shown)
        + "<script>alert(3)</script></article></body></html>", "utf-8")
    code, _, err = run_import(capsys, site, str(page), "--tags", "X",
                              "--date", "2026-11-25 18:00")
    assert code == 0, err
    [item] = written(site)
    built = build_site(site, tmp_path / "output")
    [article] = built.page(f"2026/11/25/{item.stem}/").cssselect(".article-text")
    assert [" ".join(p.text_content().split()) for p in article.iter("p")] == shown
    assert not article.cssselect("script, img") and "alert(3)" not in item.read_text("utf-8")


def test_make_import_passes_url_source_date_and_author_as_data(tmp_path):
    trap = tmp_path / "ran"
    values = {"URL": f"https://x.example/a?b=1&c=$(shell touch {trap})",
              "SOURCE_DATE": "2026-11-25", "SOURCE_AUTHOR": f"O'Brien $(shell touch {trap})"}
    command = subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", str(ROOT), "import", "TAGS=a",
         *(f"{name}={value}" for name, value in values.items())],
        capture_output=True, text=True, check=True, timeout=60).stdout
    assert f"--url 'https://x.example/a?b=1&c=$(shell touch {trap})'" in command
    assert "--source-date '2026-11-25'" in command
    assert f"--source-author 'O'\\''Brien $(shell touch {trap})'" in command
    assert not trap.exists()
    plain = subprocess.run(["make", "--no-print-directory", "-n", "-C", str(ROOT), "import"],
                           capture_output=True, text=True, check=True, timeout=60).stdout
    assert "--url" not in plain and "--source-author" not in plain
