"""``briefing newsletter`` (``make newsletter``): an edition as e-mail, read back.

Fixture ``running_order`` (see tests/engine/test_running_order.py), the
site's clock at 10:00 on 25 November 2026: the 24th and the 25th are
closed, the 23rd (``Closed: no``) and the 26th are open.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from conftest import FIXTURES, PELICANCONF, ROOT
from test_running_order import ORDERED_DAY, at

from briefing.cli import main
from briefing.newsletter import compose, render

CONTENT = FIXTURES / "running_order"
SETTINGS = PELICANCONF
TEMPLATE = ROOT / "theme" / "templates" / "newsletter" / "edition.html"
SITE = "http://127.0.0.1:8000"
URL = re.compile(r"https?://\S+")


def newsletter(capsys, monkeypatch, out: Path, *options: str, content: Path = CONTENT):
    at(monkeypatch, 2026, 11, 25, 10)
    code = main(["newsletter", str(content), "-s", SETTINGS, "--out", str(out), *options])
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The newsletter of 24 November (a lead, two ordered items, two others)."""
    out = tmp_path_factory.mktemp("newsletter")
    with pytest.MonkeyPatch.context() as monkeypatch:
        at(monkeypatch, 2026, 11, 25, 10)
        assert main(["newsletter", str(CONTENT), "-s", SETTINGS, "--out", str(out),
                     "--date", "2026-11-24"]) == 0
    return out


@pytest.fixture(scope="module")
def mail(written):
    return email.message_from_bytes((written / "2026-11-24.eml").read_bytes(),
                                    policy=email.policy.default)


@pytest.fixture(scope="module")
def html(written):
    return lxml.html.parse(str(written / "2026-11-24.html")).getroot()


@pytest.fixture(scope="module")
def text(written):
    return (written / "2026-11-24.txt").read_text(encoding="utf-8")


def test_default_is_the_latest_closed_edition(capsys, monkeypatch, tmp_path):
    code, out = newsletter(capsys, monkeypatch, tmp_path)
    assert code == 0
    # The 26th has items but is open; the 25th's note closed it.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2026-11-25.eml", "2026-11-25.html", "2026-11-25.txt"]
    assert out.startswith(f"newsletter of 2026-11-25 (2 items): {tmp_path}/2026-11-25.eml")


@pytest.mark.parametrize(("day", "problem"), [
    ("2026-11-23", "DATE: the edition of 2026-11-23 is still open (its note says Closed: no): "
                   "it can be sent once it is closed"),
    ("2026-11-26", "DATE: the edition of 2026-11-26 is still open (its day ends at midnight"),
    ("2026-11-20", "DATE: no edition on 2026-11-20"),
    ("24.11.2026", "DATE: is not a day, YYYY-MM-DD (got '24.11.2026')"),
])
def test_an_open_missing_or_malformed_edition_is_refused(capsys, monkeypatch, tmp_path, day,
                                                         problem):
    code, out = newsletter(capsys, monkeypatch, tmp_path, "--date", day)
    assert code == 1
    assert out.splitlines()[-1].startswith(f"newsletter stopped: {problem}")
    assert list(tmp_path.iterdir()) == []


def test_the_message_is_multipart_alternative_utf8_with_both_parts(mail, written):
    assert mail.get_content_type() == "multipart/alternative"
    parts = list(mail.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert [p.get_content_charset() for p in parts] == ["utf-8", "utf-8"]
    # The parts beside it are the message's, with the line ends of a file, not of SMTP.
    for part, name in zip(parts, ("2026-11-24.txt", "2026-11-24.html"), strict=True):
        assert part.get_content().replace("\r\n", "\n") == (written / name).read_text(
            encoding="utf-8")


def test_headers_name_the_edition_and_how_to_unsubscribe(mail):
    assert mail["Subject"] == "The Briefing, 24 November 2026: A day in the editors' order"
    assert mail["From"] == "The Briefing <desk@briefing.example>"
    assert mail["Message-ID"] == "<edition-2026-11-24.the-briefing@127.0.0.1>"
    assert mail["List-Unsubscribe"] == ("<mailto:unsubscribe@briefing.example?subject="
                                        "unsubscribe>, <https://briefing.example/unsubscribe>")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Archived-At"] == f"<{SITE}/2026/11/24/>"
    # When the edition closed: midnight after its day, on the site's clock.
    assert mail["Date"] == "Wed, 25 Nov 2026 00:00:00 +0100"
    assert mail["To"] is None  # the sender adds each address


def test_the_same_edition_makes_the_same_bytes(written, capsys, monkeypatch, tmp_path):
    newsletter(capsys, monkeypatch, tmp_path, "--date", "2026-11-24")
    for name in ("2026-11-24.eml", "2026-11-24.html", "2026-11-24.txt"):
        assert (tmp_path / name).read_bytes() == (written / name).read_bytes()


def test_html_holds_the_note_then_each_item_in_running_order(html):
    assert html.cssselect("h1")[0].text_content() == "A day in the editors' order"
    assert "The note of the ordered day." in html.cssselect("td.note")[0].text_content()
    headlines = [a.text_content() for a in html.cssselect("td.story h2 a")]
    assert headlines == ORDERED_DAY
    stories = html.cssselect("td.story")
    assert stories[0].cssselect(".lead-label")[0].text_content() == "Lead story"
    assert "lead" in stories[0].get("class") and not any(
        s.cssselect(".lead-label") for s in stories[1:])
    lead = stories[0]
    assert lead.cssselect("h2 a")[0].get("href") == f"{SITE}/2026/11/24/the-lead-story/"
    assert "Why The lead story matters." in lead.text_content()
    credit = lead.cssselect("p.credit a")[0]
    assert (credit.text_content(), credit.get("href")) == (
        "Example Daily", "https://example-daily.example/lead")
    more = lead.cssselect("p.more a")[0].get("href")
    assert more == f"{SITE}/2026/11/24/the-lead-story/#article-text-heading"
    # The article text itself stays on the site.
    assert "The article text of The lead story." not in html.text_content()
    footer = html.cssselect("td.footer")[0]
    assert [a.get("href") for a in footer.cssselect("a")] == [
        f"{SITE}/2026/11/24/", "mailto:unsubscribe@briefing.example?subject=unsubscribe",
        "https://briefing.example/unsubscribe"]


def test_html_has_no_script_form_image_or_relative_url(html):
    assert not html.xpath("//script | //form | //img | //iframe | //link | //object | //input")
    for element, attribute, url, _ in html.iterlinks():
        assert re.match(r"^(https?://|mailto:)", url), (element.tag, attribute, url)
    assert not html.xpath("//@*[starts-with(name(), 'on')]")


def _rules(css: str) -> list[tuple[str, list[str]]]:
    """``(selector, [property, …])`` for each rule of ``css`` outside ``@media``."""
    outside = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    return [(selector.strip(), [d.split(":")[0].strip() for d in body.split(";") if d.strip()])
            for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", outside)]


def test_every_style_rule_is_inlined_where_it_applies(html):
    """Mail clients that drop <style> still get every rule that applies."""
    head = TEMPLATE.read_text(encoding="utf-8").split("<head>")[1]  # past the comment
    rules = _rules(head[head.index("<style>") + 7: head.index("</style>")])
    assert len(rules) > 15
    checked = 0
    for selectors, properties in rules:
        for selector in selectors.split(","):
            for element in html.cssselect(selector.strip()):
                declared = {d.split(":")[0].strip() for d in element.get("style", "").split(";")}
                assert set(properties) <= declared, (selector, element.get("style"))
                checked += 1
    assert checked > 30
    # What stays in <style> is @media rules, and rules that match nothing here.
    kept = html.cssselect("head style")[0].text
    for selectors, _ in _rules(kept):
        assert not any(html.cssselect(s.strip()) for s in selectors.split(",")), selectors
    assert "@media (prefers-color-scheme: dark)" in kept and "@media (max-width" in kept


def test_the_html_is_laid_out_in_tables_600_px_wide(html):
    sheet = html.cssselect("table.sheet")[0]
    assert sheet.get("width") == "600" and sheet.get("role") == "presentation"
    assert "max-width: 600px" in sheet.get("style")


def test_text_part_wraps_at_72_columns_and_numbers_each_items_links(text):
    for line in text.splitlines():
        # Only a line holding one URL (a reference, the web edition) may be longer.
        assert len(line) <= 72 or re.fullmatch(r"(\[\d+\] )?https?://\S+|mailto:\S+", line), line
    blocks = text.split("-" * 72)
    assert len(blocks) == 7  # head and note, five items, foot
    lead = blocks[1]
    assert lead.lstrip().startswith("LEAD STORY\n1. The lead story [1]")
    assert "Article text: Example Daily [2]." in lead
    assert "Read the full article text on The Briefing: [3]" in lead
    assert lead.rstrip().endswith(
        f"[1] {SITE}/2026/11/24/the-lead-story/\n"
        "[2] https://example-daily.example/lead\n"
        f"[3] {SITE}/2026/11/24/the-lead-story/#article-text-heading")
    titles = re.findall(r"^\d\. (.+?) \[1\]$", text, re.MULTILINE)
    assert titles == ORDERED_DAY
    assert f"Read this edition on the web:\n{SITE}/2026/11/24/\n" in text


def test_a_long_url_is_never_broken_in_the_text(tmp_path, capsys, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    long_url = "https://example.org/" + "a-very-long-path-segment/" * 6 + "end"
    item = content / "items" / "lead.md"
    item.write_text(item.read_text().replace(
        "Why The lead story matters.",
        f"Why it matters, in words that run on for a while: [see this]({long_url}) now."))
    code, _ = newsletter(capsys, monkeypatch, tmp_path / "out", "--date", "2026-11-24",
                         content=content)
    assert code == 0
    text = (tmp_path / "out" / "2026-11-24.txt").read_text()
    assert "see this [2] now." in text.replace("\n", " ")
    assert f"\n[2] {long_url}\n" in text


def test_no_draft_hidden_scheduled_or_unsafe_content_reaches_the_email(tmp_path, capsys,
                                                                      monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    base = (content / "items" / "later.md").read_text()
    for name, extra in (("draft", "Status: draft"), ("hidden", "Status: hidden")):
        (content / "items" / f"{name}.md").write_text(
            base.replace("Later unordered item", f"A {name} item").replace(
                "/later", f"/{name}").replace("Tags: Order", f"Tags: Order\n{extra}"))
    (content / "items" / "unsafe.md").write_text(
        base.replace("Later unordered item", "Unsafe notes").replace("/later", "/unsafe")
        .replace("Why Unsafe notes matters.",
                 'Notes <script>alert(1)</script><form action="/x"><input></form>'
                 '<img src="/theme/x.png" alt="chart"> <a href="javascript:alert(1)">js</a> '
                 '<a href="../other/">relative</a> <b onclick="x()">bold</b>'))
    code, out = newsletter(capsys, monkeypatch, tmp_path / "out", "--date", "2026-11-24",
                           content=content)
    assert code == 0, out
    html_text = (tmp_path / "out" / "2026-11-24.html").read_text()
    text = (tmp_path / "out" / "2026-11-24.txt").read_text()
    for part in (html_text, text):
        assert "A draft item" not in part and "A hidden item" not in part
        assert "Unsafe notes" in part
    # A scheduled item (dated in the future) is in no edition, so in no e-mail.
    (content / "items" / "scheduled.md").write_text(
        base.replace("2026-11-24 09:00", "2099-01-01 09:00").replace("/later", "/scheduled"))
    code, out = newsletter(capsys, monkeypatch, tmp_path / "later", "--date", "2099-01-01",
                           content=content)
    assert (code, out.splitlines()[-1]) == (
        1, "newsletter stopped: DATE: no edition on 2099-01-01 (no published item that day)")
    page = lxml.html.fromstring(html_text)
    assert not page.xpath("//script | //form | //input | //img | //@onclick")
    assert "javascript:" not in html_text and "alert(1)" not in html_text
    image = page.xpath("//a[. = 'Image: chart']")[0]
    assert image.get("href") == f"{SITE}/theme/x.png"
    relative = page.xpath("//a[. = 'relative']")[0]
    assert relative.get("href") == f"{SITE}/2026/11/24/other/"


def test_a_site_may_override_the_template(tmp_path, written):
    folder = tmp_path / "overrides" / "newsletter"
    folder.mkdir(parents=True)
    (folder / "edition.html").write_text(
        "<!DOCTYPE html><html><head><style>p { color: green; }</style></head>"
        "<body><p>{{ newsletter.title }}</p></body></html>")
    story = compose.Story("T", f"{SITE}/t/", f"{SITE}/t/#a", "", "S", "https://s.example/",
                          None, None, False, "en")
    letter = compose.Newsletter(
        day=dt.date(2026, 11, 24), title="Overridden", subject="S",
        web_url=f"{SITE}/", note_html="", stories=(story,), site_name="B", site_url=SITE,
        sender="B <b@example.org>", message_id="<x@y>",
        sent_at=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
        unsubscribe=("mailto:u@example.org",), list_id="B <b.example>", lang="en")
    settings = {"THEME": str(ROOT / "theme"), "THEME_TEMPLATES_OVERRIDES": [str(folder.parent)]}
    assert render.render_html(letter, settings).endswith(
        '<body><p style="color: green;">Overridden</p></body></html>\n')


@pytest.mark.parametrize(("setting", "value"), [
    ("BRIEFING_NEWSLETTER_FROM", None), ("BRIEFING_NEWSLETTER_FROM", "no address"),
    ("BRIEFING_NEWSLETTER_UNSUBSCRIBE", []),
    ("BRIEFING_NEWSLETTER_UNSUBSCRIBE", ["/unsubscribe"]),
])
def test_missing_newsletter_settings_are_named(setting, value):
    settings = {"BRIEFING_NEWSLETTER_FROM": "B <b@example.org>",
                "BRIEFING_NEWSLETTER_UNSUBSCRIBE": ["https://example.org/u"], setting: value}
    assert compose.settings_problem(settings).startswith(f"{setting}: ")


def test_make_passes_values_as_data(tmp_path):
    marker = tmp_path / "ran"
    result = subprocess.run(
        ["make", "-n", "newsletter", f"DATE=$(shell touch {marker})", "OUT=it's here"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert not marker.exists()
    assert f"--date '$(shell touch {marker})'" in result.stdout
    assert "--out 'it'\\''s here'" in result.stdout
    refused = subprocess.run(["make", "-n", "send-newsletter", "SMTP_PASSWORD=secret"],
                             cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "SMTP_PASSWORD: export it in the environment" in refused.stderr
