"""The editors' running order and lead, and whole (closed) editions.

Fixture ``running_order``: on 24 November a lead, two items with an Order
and two without; 23 November's note says ``Closed: no``, 25 November's
``Closed: yes``; 26 November has no note and one ordered item.  The site's
clock is set by replacing :func:`briefing.content.edition_rules.site_now`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES, PELICANCONF, build_site

from briefing.cli import main
from briefing.content import edition_rules
from briefing.content.contract import shown_path

CONTENT = FIXTURES / "running_order"
BERLIN = ZoneInfo("Europe/Berlin")
ORDERED_DAY = ["The lead story", "First by order", "Second by order",
               "Early unordered item", "Later unordered item"]


def at(monkeypatch, *moment: int) -> None:
    """Set the site's clock to ``moment`` (year, month, day, hour) in Berlin."""
    now = dt.datetime(*moment, tzinfo=BERLIN)
    monkeypatch.setattr(edition_rules, "site_now", lambda timezone: now.astimezone(
        ZoneInfo(timezone)))


def build(tmp_path: Path, monkeypatch, moment=(2026, 11, 25, 10), content=CONTENT, **settings):
    at(monkeypatch, *moment)
    return build_site(content, tmp_path / "output", **settings)


def titles(node, selector: str = ".item-card__title") -> list[str]:
    return [" ".join(t.text_content().split()) for t in node.cssselect(selector)]


def edition_days(site, feed: str) -> list[str]:
    return [entry.link.removeprefix("http://127.0.0.1:8000/")[:10]
            for entry in site.feed(feed).entries]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return build(tmp_path_factory.mktemp("order"), monkeypatch)


def test_build_is_clean(site):
    assert site.report.errors == [] and site.report.warnings == []


def test_edition_page_follows_lead_then_order_then_time(site):
    main = site.page("2026/11/24/").cssselect("main")[0]
    assert titles(main) == ORDERED_DAY


def test_the_lead_opens_its_edition_labelled_and_set_apart(site):
    items = site.page("2026/11/24/").cssselect("main ol.item-list > li")
    assert items[0].get("class") == "item-list__lead"
    assert items[0].cssselect(".lead-label")[0].text_content() == "Lead story"
    assert [li.get("class") for li in items[1:]] == [None] * 4


def test_home_page_follows_the_running_order_without_a_lead(site):
    home = site.page("").cssselect("main")[0]
    # 26 November: "Clock item B" (Order: 1) before A, which is earlier in time.
    assert titles(home)[:2] == ["Clock item B", "Clock item A"]
    assert not home.cssselect(".item-list__lead, .lead-label")


def test_previous_and_next_item_follow_the_running_order(site):
    lead = site.page("2026/11/24/the-lead-story/")
    links = {a.get("rel"): " ".join(a.text_content().split())
             for a in lead.cssselect("a[rel=next], a[rel=prev]")}
    assert "First by order" in links["next"] and "prev" not in links


def test_editions_feed_holds_closed_editions_only(site):
    # At 10:00 on 25 November: the 24th's day is over, the 25th is marked
    # closed; the 23rd is held open by its note, the 26th has not begun.
    for feed in ("feeds/editions.atom.xml", "feeds/editions.rss.xml"):
        assert edition_days(site, feed) == ["2026/11/25", "2026/11/24"]


def test_edition_entry_follows_the_running_order_and_sums_up_note_and_headlines(site):
    entry = next(e for e in site.feed("feeds/editions.atom.xml").entries
                 if e.link.endswith("2026/11/24/"))
    html = entry.content[0].value
    positions = [html.index(f">{title}</a></h2>") for title in ORDERED_DAY]
    assert positions == sorted(positions)
    assert entry.summary == ("The note of the ordered day.\n\nIn this edition (5 items):\n"
                             + "\n".join(f"- {title}" for title in ORDERED_DAY))


@pytest.mark.parametrize(("closes", "listed"), [("09:00", True), ("18:00", False)])
def test_a_closing_time_closes_the_edition_on_its_day(tmp_path, monkeypatch, closes, listed):
    site = build(tmp_path, monkeypatch, (2026, 11, 26, 10), BRIEFING_EDITION_CLOSES=closes)
    assert ("2026/11/26" in edition_days(site, "feeds/editions.atom.xml")) is listed


def test_without_a_closing_time_the_edition_waits_for_midnight(tmp_path, monkeypatch):
    site = build(tmp_path, monkeypatch, (2026, 11, 26, 23))
    assert "2026/11/26" not in edition_days(site, "feeds/editions.atom.xml")
    # The site itself shows the open edition as it grows.
    assert titles(site.page("2026/11/26/").cssselect("main")[0]) == ["Clock item B",
                                                                   "Clock item A"]
    later = build(tmp_path / "next", monkeypatch, (2026, 11, 27, 0))
    assert "2026/11/26" in edition_days(later, "feeds/editions.atom.xml")


def test_check_says_which_edition_is_open(capsys, monkeypatch):
    at(monkeypatch, 2026, 11, 25, 10)
    code = main(["check", str(CONTENT), "-s", PELICANCONF])
    out = capsys.readouterr().out
    assert code == 0
    assert "edition 2026-11-23 is open (its note says Closed: no): the editions feed" in out
    assert ("edition 2026-11-26 is open (its day ends at midnight on the site's clock "
            "(Europe/Berlin); it closes at 2026-11-27 00:00)") in out
    assert "2026-11-24 is open" not in out and "2026-11-25 is open" not in out
    assert out.rstrip().endswith(
        "check passed: 0 error(s), 0 warning(s) in 13 file(s): 10 item(s) published, 0 hidden, "
        "0 draft(s), 0 scheduled, 0 page(s), 3 edition note(s), 0 not read")


def edited_copy(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """The fixture copied, with ``old`` replaced by ``new`` in each file named."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for name, (old, new) in edits.items():
        (content / name).write_text((content / name).read_text().replace(old, new))
    return content


def test_two_leads_or_two_same_orders_are_errors_naming_both_files(tmp_path, monkeypatch):
    content = edited_copy(tmp_path, {"items/first.md": ("Order: 1", "Lead: yes\nOrder: 2")})
    items = content / "items"
    site = build(tmp_path, monkeypatch, content=content)
    errors = "\n".join(site.report.errors)
    lead, first, second = (shown_path(str(items / name))
                           for name in ("lead.md", "first.md", "second.md"))
    # Two leads: first.md (Order: 2) runs before lead.md (no Order), so
    # lead.md is the second lead; and second.md repeats first.md's Order.
    assert (f"{lead}:6: Lead: a second lead in the edition of 2026-11-24: {first} "
            "is its lead") in errors
    assert (f"{second}:6: Order: the same place in the edition of 2026-11-24 as {first} "
            "(got '2')") in errors
    assert len(site.report.errors) == 2


def test_order_and_lead_keep_valid_items_valid_and_reject_bad_values(tmp_path, monkeypatch):
    content = edited_copy(tmp_path, {"items/first.md": ("Order: 1", "Order: first"),
                                     "items/lead.md": ("Lead: yes", "Lead: maybe"),
                                     "editions/2026-11-25.md": ("Closed: yes", "Closed: soon")})
    errors = "\n".join(build(tmp_path, monkeypatch, content=content).report.errors)
    assert ("first.md:6: Order: must be a whole number, 1 or more (the item's place in its "
            "edition) (got 'first')") in errors
    assert "lead.md:6: Lead: must be yes or no (got 'maybe')" in errors
    assert "2026-11-25.md:2: Closed: must be yes or no (got 'soon')" in errors
