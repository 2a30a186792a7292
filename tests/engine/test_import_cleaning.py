"""``briefing import``: page furniture judged in context, byline and dateline read.

Each pasted sample in ``tests/fixtures/pasted/`` that has a file of the same
name under ``expected/`` holds one outlet's shape; the expected file lists the
article's paragraphs, blank-line separated, exactly as the sample has them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from test_importer import SETTINGS, VALUES, body_paragraphs, run_import, site, written

from briefing.cli import main
from briefing.cli.importer import article_text
from briefing.content import contract
from briefing.importing.rules import RulesError, boilerplate_rules

PASTED = ROOT / "tests" / "fixtures" / "pasted"
__all__ = ["site"]  # test_importer's fixture (an empty content folder), used here too

#: sample -> (title, source, the byline's author, the dateline's day)
SHAPES = {
    "news_site_structure.txt": ("Harbourton dock workers begin 48-hour strike over automation",
                                "The Northern Ledger", "Jane Doe", dt.date(2026, 11, 25)),
    "wire_copy.txt": ("Central bank raises rates unexpectedly as lira slides", "Reuters",
                      "Ahmet Kaya and Sarah Miller", dt.date(2026, 11, 26)),
    "blog_post.txt": ("Why undersea cables keep breaking in the Baltic",
                      "Notes from the Cable Desk", "Ines Calloway", dt.date(2026, 12, 3)),
    "arabic_news.txt": ("البنك المركزي يرفع سعر الفائدة بشكل مفاجئ", "الجريدة",
                        "أحمد حسن", dt.date(2026, 11, 25)),
    "chinese_news.txt": ("两国海警首次在北极联合巡航", "海事日报", "王明", dt.date(2026, 11, 25)),
}


def pasted(name: str) -> str:
    return contract.decode((PASTED / name).read_bytes(), name)


def expected(name: str) -> list[str]:
    return [block.strip() for block in pasted(f"expected/{name}").split("\n\n") if block.strip()]


def test_every_sample_with_expected_paragraphs_is_checked():
    assert sorted(p.name for p in (PASTED / "expected").glob("*.txt")) == sorted(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_article_paragraphs_are_kept_exactly_in_order(name):
    title, source, author, day = SHAPES[name]
    article = article_text(pasted(name), boilerplate_rules(), title, source)
    assert article.paragraphs == expected(name)
    lines = [line.strip() for line in pasted(name).split("\n")]
    assert all(paragraph in lines for paragraph in article.paragraphs)  # verbatim
    indexes = [lines.index(paragraph) for paragraph in article.paragraphs]
    assert indexes == sorted(indexes)
    kept_or_dropped = sorted([*article.paragraphs, *(line for line, _ in article.removed)])
    assert kept_or_dropped == sorted(line for line in lines if line)  # nothing lost silently
    assert (article.source_author, article.source_date) == (author, day)


def test_the_issues_paste_loses_every_piece_of_furniture_for_its_reason():
    title, source, *_ = SHAPES["news_site_structure.txt"]
    article = article_text(pasted("news_site_structure.txt"), boilerplate_rules(), title, source)
    reasons = dict(article.removed)
    assert reasons["Home / World / Shipping"] == "breadcrumb"
    assert reasons["OK"] == reasons["Manage settings"] == "cookie banner"
    assert reasons["Read more:"] == reasons["Why Harbourton matters to the region's shops"] \
        == "teaser list"
    assert reasons["Related topics"] == reasons["Automation"] == "teaser list"
    assert reasons["Comments (12)"] == "comments"
    assert reasons["1.2K shares"] == "share count"
    assert reasons["Listen to this article"] == reasons["4 min read"] == "listen and reading time"
    assert reasons["The port's automated crane line under construction in June (Getty Images)"] \
        == "caption"
    assert reasons[title] == "headline"
    assert [line for line, _ in article.removed].count(title) == 2
    assert reasons["By Jane Doe"] == "byline"
    assert reasons["Published: 25 November 2026, 14:30 GMT"] == "dateline"


def test_without_a_title_a_repeated_headline_goes_the_second_time():
    article = article_text(pasted("news_site_structure.txt"), boilerplate_rules())
    title = SHAPES["news_site_structure.txt"][0]
    assert article.paragraphs[0] == title
    assert (title, "repeated headline") in article.removed
    assert article.paragraphs[1:] == expected("news_site_structure.txt")


@pytest.mark.parametrize("text", [
    # words of the furniture inside article sentences
    "By Tuesday, the strike had spread to three more ports.",
    "Home ministers from five countries met in Oslo / Bergen on Monday.",
    "The photo: a crane standing idle over an empty quay, was shared widely.",
    "Comments from the minister (12 in all) were published on Friday.",
    "Readers can listen to this article's interview in full on the podcast.",
    "The poll, published by Reuters/Ipsos, showed support falling.",
    "The EU's cookie policy requires consent before tracking, the court said.",
    "Published figures show 1,200 jobs at stake.",
])
def test_article_sentences_that_mention_furniture_are_kept(text):
    article = article_text(f"First paragraph of the article.\n{text}\nLast paragraph.",
                           boilerplate_rules())
    assert article.paragraphs == ["First paragraph of the article.", text, "Last paragraph."]
    assert article.source_author is None and article.source_date is None


@pytest.mark.parametrize(("paste", "kept"), [
    # a list heading takes headlines, not the prose after it
    ("Related topics\nThe union said on Friday that talks would resume.",
     ["The union said on Friday that talks would resume."]),
    # a wrapped paragraph after a bare heading is prose: it goes on in lower case
    ("Read more:\n\nThe operator said traffic had been rerouted and that\n"
     "customers should see no disruption at all this week, it said.",
     ["The operator said traffic had been rerouted and that\n"
      "customers should see no disruption at all this week, it said."]),
    # button words are furniture only after a banner
    ("The minister was asked whether she agreed.\nOK\nShe said nothing more.",
     ["The minister was asked whether she agreed.", "OK", "She said nothing more."]),
])
def test_context_decides_what_short_lines_are(paste, kept):
    assert article_text(paste, boilerplate_rules()).paragraphs == kept


def test_a_meta_line_of_byline_date_and_reading_time_goes_whole():
    article = article_text("By Jane Doe | 25 November 2026 · 4 min read\nThe article.",
                           boilerplate_rules())
    assert article.paragraphs == ["The article."]
    assert article.removed == [("By Jane Doe | 25 November 2026 · 4 min read",
                                "byline and dateline")]
    assert (article.source_author, article.source_date) == ("Jane Doe", dt.date(2026, 11, 25))


def test_an_updated_line_goes_but_is_not_the_source_date():
    article = article_text("Updated: 27 November 2026\nPublished 25 November 2026\nText.",
                           boilerplate_rules())
    assert article.paragraphs == ["Text."]
    assert article.source_date == dt.date(2026, 11, 25)


def test_a_site_adds_list_headings_and_photo_credits():
    paste = ("Ledger Extra\nPort strike enters second day\nThe article.\n"
             "A crane at dusk / Ledger Pictures")
    plain = article_text(paste, boilerplate_rules())
    assert "Port strike enters second day" in plain.paragraphs
    assert "A crane at dusk / Ledger Pictures" in plain.paragraphs
    rules = boilerplate_rules(list_headings=[r"Ledger Extra"],
                              credits=[r"Ledger Pictures"])
    assert article_text(paste, rules).paragraphs == ["The article."]


@pytest.mark.parametrize("setting", ["BRIEFING_IMPORT_LIST_HEADINGS",
                                     "BRIEFING_IMPORT_CREDITS"])
def test_a_broken_site_pattern_names_its_setting(setting):
    keyword = {"BRIEFING_IMPORT_LIST_HEADINGS": "list_headings",
               "BRIEFING_IMPORT_CREDITS": "credits"}[setting]
    with pytest.raises(RulesError, match=f"{setting}: not a regular expression"):
        boilerplate_rules(**{keyword: ["(unclosed"]})
    with pytest.raises(RulesError, match=f"{setting}: must be a list"):
        boilerplate_rules(**{keyword: "a string"})


# -- the command ---------------------------------------------------------------

def with_value(option: str, value: str) -> list[str]:
    values = [*VALUES]
    values[values.index(option) + 1] = value
    return values


def test_byline_and_dateline_become_source_author_and_source_date(capsys, site):
    values = with_value("--title", SHAPES["news_site_structure.txt"][0])
    code, out, err = run_import(capsys, site, str(PASTED / "news_site_structure.txt"), *values)
    assert code == 0, err
    [item] = written(site)
    text = item.read_text("utf-8")
    header = text.partition("\n\n")[0].split("\n")
    assert header[-2:] == ["Source_Date: 2026-11-25", "Source_Author: Jane Doe"]
    assert body_paragraphs(item) == expected("news_site_structure.txt")
    assert ("note: Source_Date: 2026-11-25, from the dateline "
            "'Published: 25 November 2026, 14:30 GMT'") in out
    assert "note: Source_Author: Jane Doe, from the byline" in out
    assert "dropped (breadcrumb): Home / World / Shipping" in out
    assert main(["check", str(site), "-s", SETTINGS]) == 0
    assert "1 warning(s)" in capsys.readouterr().out  # the notes placeholder only


def test_values_given_on_the_command_line_win(capsys, site):
    values = with_value("--title", SHAPES["news_site_structure.txt"][0])
    code, out, err = run_import(capsys, site, str(PASTED / "news_site_structure.txt"), *values,
                                "--source-date", "2026-11-24", "--source-author", "J. Doe")
    assert code == 0, err
    text = written(site)[0].read_text("utf-8")
    assert "Source_Date: 2026-11-24\nSource_Author: J. Doe\n" in text
    assert "from the byline" not in out and "from the dateline" not in out
    assert "By Jane Doe" not in text


def test_a_bad_source_date_on_the_command_line_writes_nothing(capsys, site):
    code, _, err = run_import(capsys, site, str(PASTED / "news_site_structure.txt"), *VALUES,
                              "--source-date", "last week")
    assert code == 1
    assert "import: Source_Date: is not an ISO date (YYYY-MM-DD) (got 'last week')" in err
    assert written(site) == []


def test_source_author_is_a_contract_field():
    assert contract.FIELD_NAMES["source_author"] == "Source_Author"
    parsed = contract.parse_file(
        b"Title: T\nDate: 2026-11-25 10:00\nTags: A\nSource: S\n"
        b"Source_URL: https://example.org/a\nSource_Author: Jane Doe\n\nText.\n",
        "item.md")
    assert parsed.problems == []
    assert parsed.value("source_author") == "Jane Doe"
