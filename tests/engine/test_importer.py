"""``briefing import`` (``make import``): a pasted web article becomes a valid item.

The pasted samples live in ``tests/fixtures/pasted/``, one file per case.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import PELICANCONF, ROOT, build_site, settings_based_on

from briefing.cli import main
from briefing.cli.importer import NOTES_HEADING, article_text
from briefing.content import contract
from briefing.content.rendering import BodyRenderer
from briefing.importing.rules import MAX_LINE_LENGTH, RULES, boilerplate, boilerplate_rules

PASTED = Path(__file__).resolve().parent.parent / "fixtures" / "pasted"
SEED = ROOT / "tests" / "fixtures" / "seed_article.txt"
SETTINGS = PELICANCONF
SEED_TRAILER = ["The latest news in your social feeds",
                "Subscribe to our social media platforms to stay tuned"]
VALUES = ["--title", "CIA turns to Mandarin-language videos to recruit Chinese officials",
          "--source", "RT", "--source-url", "https://www.rt.com/news/cia-mandarin-videos/",
          "--tags", "CIA, China, espionage", "--via", "Bloomberg",
          "--date", "2026-11-27 08:10"]


def pasted(name: str) -> str:
    return contract.decode((PASTED / name).read_bytes(), name)


def lines_of(name: str) -> list[str]:
    return [line.strip() for line in pasted(name).split("\n") if line.strip()]


@pytest.fixture
def site(tmp_path, monkeypatch):
    """An empty content folder, with the working directory beside it."""
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    content.mkdir()
    return content


def run_import(capsys, content: Path, *arguments: str, settings: str = SETTINGS):
    code = main(["import", *arguments, "-s", settings, "--content", str(content)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def written(content: Path) -> list[Path]:
    return sorted(content.rglob("*.md"))


def body_paragraphs(path: Path) -> list[str]:
    """The article text's paragraphs of an imported item."""
    parsed = contract.split_header(path.read_text("utf-8"), str(path))
    article = parsed.body.split(NOTES_HEADING)[0]
    return [p for p in article.strip().split("\n\n") if p]


# -- the rules ---------------------------------------------------------------

#: Pasted samples where each line is one paragraph: the lines the rules drop.
ONE_PARAGRAPH_PER_LINE = {
    "single_newlines_social_trailer.txt": SEED_TRAILER,
    "blank_lines_between_paragraphs.txt": [
        "Share", "Facebook Twitter Email", "Share this article", "Follow us on X and Facebook"],
    "teasers_between_paragraphs.txt": [
        "Read more: Arctic shipping lanes open earlier than ever as ice retreats",
        "READ MORE: Why the northern sea route matters to Beijing",
        "Also read", "Related: Norway tracks rising traffic off Svalbard"],
    "look_alike_sentences.txt": ["Subscribe to our newsletter"],
    "cookie_and_newsletter_prompts.txt": [
        "We use cookies to improve your experience. By continuing to browse you agree to our "
        "use of cookies.", "Accept all cookies", "Cookie settings",
        "Sign up for our daily security newsletter",
        "Get the best stories delivered to your inbox every morning",
        "Enter your email address", "Advertisement"],
    "crlf_line_ends.txt": ["Share on WhatsApp"],
}


@pytest.mark.parametrize("name", sorted(ONE_PARAGRAPH_PER_LINE))
def test_boilerplate_lines_go_and_every_other_line_is_a_paragraph_verbatim(name):
    dropped = ONE_PARAGRAPH_PER_LINE[name]
    article = article_text(pasted(name), boilerplate_rules())
    assert [line for line, _ in article.removed] == dropped
    assert article.paragraphs == [line for line in lines_of(name) if line not in dropped]


def test_sentences_that_mention_boilerplate_words_are_kept():
    article = article_text(pasted("look_alike_sentences.txt"), boilerplate_rules())
    kept = "\n".join(article.paragraphs)
    for words in ("to subscribe to the alerts service", "follow the agency on Telegram",
                  "Share prices", "read more closely", "newsletter", "cookies",
                  "Related questions"):
        assert words in kept
    assert len(article.paragraphs) == 5


def test_crlf_paste_keeps_non_ascii_and_curly_quotes_verbatim():
    raw = (PASTED / "crlf_line_ends.txt").read_bytes()
    assert b"\r\n" in raw  # the fixture's line ends are the test (.gitattributes)
    article = article_text(pasted("crlf_line_ends.txt"), boilerplate_rules())
    assert article.paragraphs[1] == (
        "“We did not expect this,” a trader in Москва said — “not this week.”")
    assert "伊朗里亚尔兑美元汇率创下历史新低。" in article.paragraphs
    assert not any("\r" in p for p in article.paragraphs)


def test_paragraphs_wrapped_by_hand_stay_whole():
    article = article_text(pasted("hard_wrapped_paragraphs.txt"), boilerplate_rules())
    blocks = [b.strip() for b in pasted("hard_wrapped_paragraphs.txt").split("\n\n")]
    assert article.paragraphs == [b for b in blocks if not b.startswith("Read more:")]
    assert [line for line, _ in article.removed] == [
        "Read more: How fragile are the Baltic's undersea links?"]


def test_a_pasted_notes_heading_stays_article_text():
    article = article_text(pasted("source_heading_look_alike.txt"), boilerplate_rules())
    assert article.paragraphs[1] == "\\## Editor's note"
    body = "\n\n".join([*article.paragraphs, NOTES_HEADING, contract.IMPORT_PLACEHOLDER])
    rendered = BodyRenderer({"extensions": ["markdown.extensions.extra"]}).render(body)
    assert "## Editor's note" in rendered.article_html
    assert "misstated the number of ships" in rendered.article_html
    assert rendered.has_notes and "TODO: write your editor" in rendered.notes_html
    assert "TODO" not in rendered.article_html


@pytest.mark.parametrize(("line", "rule"), [
    ("Share", "share"), ("Share on Facebook", "share"), ("- Share this article", "share"),
    ("Facebook Twitter Email", "share buttons"), ("Print | Copy link", "share buttons"),
    ("Follow RT on Telegram", "follow"), ("Follow us", "follow"),
    ("Subscribe", "subscribe"), ("Subscribe to RT on Telegram", "subscribe"),
    ("The latest news in your social feeds", "outlet trailer"), ("Stay tuned!", "outlet trailer"),
    ("Read more: Title of another story", "teaser"), ("READ MORE: ANOTHER", "teaser"),
    ("Also read", "teaser"), ("Related:", "teaser"), ("Related articles", "teaser"),
    ("You may also like", "teaser"), ("Read more »", "teaser"),
    ("This site uses cookies.", "cookies"), ("Reject all", "cookies"),
    ("Sign up", "newsletter"), ("The Morning Briefing newsletter", "newsletter"),
    ("Story continues below advertisement", "page furniture"),
    ("4 min read", "listen and reading time"),
    ("© Getty Images / Sputnik", "page furniture"), ("Photo: AP", "caption"),
])
def test_each_rule_matches_a_whole_boilerplate_line(line, rule):
    found = boilerplate(line, boilerplate_rules().lines)
    assert found is not None and found.name == rule


@pytest.mark.parametrize("line", [
    "Officials urged citizens to subscribe to the alerts service.",
    "Share prices fell 3% on Tuesday.",
    "He said he would follow the money wherever it led.",
    "The EU's rules on cookies require consent before tracking.",
    "Sign-up numbers rose sharply in October.",
    "Advertising revenue fell by a fifth.",
    "Read more books, the minister told pupils.",
])
def test_article_sentences_are_not_boilerplate(line):
    assert boilerplate(line, boilerplate_rules().lines) is None


def test_rules_only_look_at_short_lines():
    teaser = "Read more: " + "a very long headline " * 10
    assert len(teaser) > MAX_LINE_LENGTH
    assert boilerplate(teaser, boilerplate_rules().lines) is None


def test_rules_are_data_with_unique_names():
    names = [name for name, _ in RULES]
    assert len(names) == len(set(names))
    assert all(isinstance(pattern, str) for _, pattern in RULES)


# -- the command -------------------------------------------------------------

def test_the_seed_becomes_an_item_that_passes_check_with_one_warning(capsys, site):
    code, out, err = run_import(capsys, site, str(SEED), *VALUES)
    assert code == 0, err
    [item] = written(site)
    assert item.relative_to(site) == Path(
        "2026/11/cia-turns-to-mandarin-language-videos-to-recruit-chinese-officials.md")
    assert f"\ncreated {contract.shown_path(item)} (8 paragraphs)\n" in out
    seed_lines = [line for line in SEED.read_text("utf-8").split("\n") if line.strip()]
    assert body_paragraphs(item) == [line for line in seed_lines if line not in SEED_TRAILER]
    assert "dropped (outlet trailer): The latest news in your social feeds" in out
    assert err == ""

    code = main(["check", str(site), "-s", SETTINGS])
    report = capsys.readouterr().out
    assert code == 0, report
    warnings = [line for line in report.splitlines() if line.endswith("[warning]")]
    assert len(warnings) == 1, report
    assert "notes: the import placeholder is still there" in warnings[0]
    assert "check passed: 0 error(s), 1 warning(s) in 1 file(s): 1 item(s) published" in report
    assert main(["check", str(site), "-s", SETTINGS, "--strict"]) == 1


def test_header_follows_the_contract_order_and_notes_hold_the_placeholder(capsys, site):
    code, _, err = run_import(capsys, site, str(SEED), *VALUES, "--category", "Intelligence")
    assert code == 0, err
    text = written(site)[0].read_text("utf-8")
    header, _, body = text.partition("\n\n")
    assert [line.split(":")[0] for line in header.split("\n")] == [
        "Title", "Date", "Tags", "Category", "Source", "Source_URL", "Via"]
    assert "Date: 2026-11-27 08:10\n" in header
    assert body.endswith(f"\n\n{NOTES_HEADING}\n\n{contract.IMPORT_PLACEHOLDER}\n")
    assert "\r" not in text and not text.startswith("\ufeff")


def test_reads_standard_input_without_a_file_or_with_a_dash(capsys, site, monkeypatch):
    raw = SEED.read_bytes().replace(b"\n", b"\r\n")
    for arguments, title in (([], "From stdin"), (["-"], "From stdin with a dash")):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
        values = [*VALUES]
        values[1] = title
        code, _, err = run_import(capsys, site, *arguments, *values)
        assert code == 0, err
    assert {p.stem for p in written(site)} == {"from-stdin", "from-stdin-with-a-dash"}
    assert all(len(body_paragraphs(item)) == 8 for item in written(site))


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--source-url", "www.rt.com/news/cia", "Source_URL: must be an absolute http(s) URL "
                                            "(got 'www.rt.com/news/cia')"),
    ("--date", "yesterday", "Date: is not a date"),
    ("--date", "2026-02-30 10:00", "Date: is not a real date or time (got '2026-02-30 10:00')"),
    ("--title", "", "Title: is required but empty"),
])
def test_a_bad_value_stops_the_import_and_writes_nothing(capsys, site, option, value, message):
    values = [*VALUES]
    values[values.index(option) + 1] = value
    code, out, err = run_import(capsys, site, str(SEED), *values)
    assert code == 1
    assert message in err
    assert "nothing written" in err and "Traceback" not in err
    assert written(site) == [] and out == ""


def test_every_missing_value_is_reported_at_once(capsys, site):
    code, _, err = run_import(capsys, site, str(SEED), "--title", "Only a title")
    assert code == 1
    for field in ("Tags", "Source", "Source_URL"):
        assert f"import: {field}: is missing" in err
    assert "make import TITLE=" in err
    assert written(site) == []


def test_an_existing_file_is_never_overwritten(capsys, site):
    assert run_import(capsys, site, str(SEED), *VALUES)[0] == 0
    [item] = written(site)
    before = item.read_bytes()
    code, _, err = run_import(capsys, site, str(PASTED / "look_alike_sentences.txt"), *VALUES)
    assert code == 1
    assert "already exists" in err and "never overwritten" in err
    assert item.read_bytes() == before


def test_output_names_another_file_or_folder(capsys, site, tmp_path):
    target = tmp_path / "elsewhere" / "chosen.md"
    target.parent.mkdir()
    assert run_import(capsys, site, str(SEED), *VALUES, "-o", str(target))[0] == 0
    assert target.is_file()
    assert run_import(capsys, site, str(PASTED / "crlf_line_ends.txt"), *VALUES[:1],
                      "A second item", *VALUES[2:], "-o", str(target.parent))[0] == 0
    assert (target.parent / "a-second-item.md").is_file()
    assert written(site) == []


def test_slug_is_ascii_and_is_the_slug_the_site_gives_the_item(capsys, site, tmp_path):
    values = [*VALUES]
    values[1] = "Москва и Türkiye: the deal’s “fine print”"
    assert run_import(capsys, site, str(SEED), *values)[0] == 0
    [item] = written(site)
    assert item.stem == "moskva-i-turkiye-the-deals-fine-print"
    built = build_site(site, tmp_path / "output")
    assert built.report.ok, built.report.errors
    assert (tmp_path / "output" / "2026" / "11" / "27" / item.stem / "index.html").is_file()


def test_date_goes_in_the_site_time_zone_and_picks_the_folder(capsys, site):
    values = [*VALUES]
    values[values.index("--date") + 1] = "2026-11-30T23:30:00-05:00"
    assert run_import(capsys, site, str(SEED), *values)[0] == 0
    [item] = written(site)
    assert item.parent.relative_to(site) == Path("2026/12")
    assert "Date: 2026-12-01 05:30\n" in item.read_text("utf-8")


def test_date_defaults_to_now_on_the_site_clock(capsys, site):
    values = VALUES[: VALUES.index("--date")]
    before = dt.datetime.now(ZoneInfo("Europe/Berlin")).replace(second=0, microsecond=0)
    assert run_import(capsys, site, str(SEED), *values)[0] == 0
    [item] = written(site)
    date = re.search(r"^Date: (.*)$", item.read_text("utf-8"), re.M)[1]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", date)
    moment = dt.datetime.strptime(date, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Europe/Berlin"))
    assert dt.timedelta(0) <= moment - before <= dt.timedelta(minutes=2)
    assert item.parent.relative_to(site) == Path(f"{moment:%Y}/{moment:%m}")


def test_tracking_parameters_are_removed_and_said(capsys, site):
    values = [*VALUES]
    values[values.index("--source-url") + 1] = (
        "https://www.rt.com/news/cia-mandarin-videos/?utm_source=twitter&id=4&fbclid=x")
    code, out, err = run_import(capsys, site, str(SEED), *values)
    assert code == 0, err
    assert "Source_URL: https://www.rt.com/news/cia-mandarin-videos/?id=4\n" in \
        written(site)[0].read_text("utf-8")
    assert "note: Source_URL: removed the tracking parameters (utm_source, fbclid)" in out


def test_tags_take_the_spelling_the_site_uses_and_appear_once(capsys, site):
    (site / "old.md").write_text(
        "Title: Old\nDate: 2026-11-01 09:00\nTags: China, AI/ML\nSource: S\n"
        "Source_URL: https://example.org/old\n\nText.\n\n## Editor's notes\n\nNotes.\n", "utf-8")
    values = [*VALUES]
    values[values.index("--tags") + 1] = "china, ai/ml, China, espionage"
    code, out, err = run_import(capsys, site, str(SEED), *values)
    assert code == 0, err
    item = next(p for p in written(site) if p.name != "old.md")
    assert "Tags: China, AI/ML, espionage\n" in item.read_text("utf-8")
    assert "'china' written 'China'" in out
    assert main(["check", str(site), "-s", SETTINGS]) == 0
    assert capsys.readouterr().out.count("[warning]") == 1


def test_the_same_article_imported_twice_is_pointed_out(capsys, site):
    assert run_import(capsys, site, str(SEED), *VALUES)[0] == 0
    values = [*VALUES]
    values[1] = "The same story, again"
    code, out, _ = run_import(capsys, site, str(SEED), *values)
    assert code == 0
    assert "note: Source_URL: the same article as content/2026/11/cia-turns" in out


def test_a_paste_of_only_boilerplate_stops_the_import(capsys, site):
    code, _, err = run_import(capsys, site, str(PASTED / "only_boilerplate.txt"), *VALUES)
    assert code == 1
    assert "article: no article text left in the paste (4 boilerplate line(s) dropped)" in err
    assert "body:" not in err
    assert written(site) == []


@pytest.mark.parametrize(("make_paste", "message"), [
    (lambda folder: folder / "missing.txt", "missing.txt: no such file"),
    (lambda folder: folder, ": no such file"),
    (lambda folder: (folder / "latin1.txt", (folder / "latin1.txt").write_bytes(
        "Caf\u00e9 society.\n".encode("latin-1")))[0], "is not UTF-8 text"),
])
def test_an_unreadable_paste_is_a_clear_message(capsys, site, tmp_path, make_paste, message):
    code, _, err = run_import(capsys, site, str(make_paste(tmp_path)), *VALUES)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert written(site) == []


def test_missing_settings_or_content_folder_is_a_clear_message(capsys, site, tmp_path):
    code, _, err = run_import(capsys, site, str(SEED), *VALUES, settings="nope.py")
    assert code == 1 and "nope.py: settings file not found" in err
    code, _, err = run_import(capsys, tmp_path / "no-such-folder", str(SEED), *VALUES)
    assert code == 1 and "no-such-folder: content folder not found" in err


def site_settings(tmp_path: Path, extra: str) -> str:
    settings = tmp_path / "siteconf.py"
    settings.write_text(settings_based_on("pelicanconf.py") + f"{extra}\n", "utf-8")
    return str(settings)


def test_a_site_adds_its_own_boilerplate_patterns(capsys, site, tmp_path):
    paste = tmp_path / "paste.txt"
    paste.write_text("From our partners\nThe first paragraph of the article.\n"
                     "Brought to you by Acme Shipping\nThe second paragraph.\n", "utf-8")
    settings = site_settings(tmp_path, "BRIEFING_IMPORT_BOILERPLATE = "
                                       "[r'From our partners', r'Brought to you by .*']")
    code, out, err = run_import(capsys, site, str(paste), *VALUES, settings=settings)
    assert code == 0, err
    assert body_paragraphs(written(site)[0]) == [
        "The first paragraph of the article.", "The second paragraph."]
    assert "dropped (BRIEFING_IMPORT_BOILERPLATE): Brought to you by Acme Shipping" in out


def test_a_broken_site_pattern_names_the_setting(capsys, site, tmp_path):
    settings = site_settings(tmp_path, "BRIEFING_IMPORT_BOILERPLATE = ['(unclosed']")
    code, _, err = run_import(capsys, site, str(SEED), *VALUES, settings=settings)
    assert code == 1
    assert "BRIEFING_IMPORT_BOILERPLATE: not a regular expression" in err
    assert "'(unclosed'" in err and written(site) == []
