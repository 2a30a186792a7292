"""The ledger of published addresses: its format, and the plan of a publish."""

from __future__ import annotations

import re

import pytest

from briefing.serve.address_ledger import CURRENT, FORMER, Entry, LedgerError, plan, read, write

INDEXES = {"tag": "tags/", "category": "categories/", "month": "archives/"}


def test_a_ledger_reads_back_as_written_sorted():
    entries = [Entry("tag", "grain", CURRENT, "tags/grain/"),
               Entry("item", "urn:x", FORMER, "2026/01/01/a/"),
               Entry("item", "urn:x", CURRENT, "2026/01/02/a/")]
    text = write(entries)
    assert read(text) == sorted(entries)
    assert text.splitlines()[2] == "item\turn:x\tcurrent\t2026/01/02/a/"


@pytest.mark.parametrize(("line", "problem"), [
    ("item\turn:x\tcurrent", "needs 4 tab-separated fields"),
    ("page\turn:x\tcurrent\ta/", "kind must be one of item, tag, category, tag-feed, "
     "category-feed, tag-page, category-page, edition, month (got 'page')"),
    ("item\turn:x\tlive\ta/", "state must be 'current' or 'former' (got 'live')"),
    ("tag-feed\tgrain\tcurrent\tfeeds/tags/grain.atom.xml",
     "the key of kind tag-feed must be its term's name, a space and 'atom' or 'rss' (got 'grain')"),
    ("category-page\tgrain 0\tcurrent\tc/grain/page/0/",
     "the key of kind category-page must be its term's name, a space and the page's number "
     "(got 'grain 0')"),
    ("edition\t2026-02-30\tcurrent\t2026/02/30/", "the key of kind edition must be a day, "
     "YYYY-MM-DD (got '2026-02-30')"),
    ("month\t2026\tcurrent\t2026/", "the key of kind month must be a month, YYYY-MM (got '2026')"),
])
def test_a_broken_ledger_line_is_named_with_its_number(line, problem):
    with pytest.raises(LedgerError, match=rf"^addresses\.txt:3: ledger: {re.escape(problem)}"):
        read(f"# header\n\n{line}\n", "addresses.txt")


def test_old_addresses_go_straight_to_the_newest_and_removed_items_are_withdrawn():
    previous = read(write([Entry("item", "a", FORMER, "1/a-one/"),
                           Entry("item", "a", CURRENT, "1/a-two/"),
                           Entry("item", "gone", CURRENT, "1/gone/"),
                           Entry("tag", "ports", CURRENT, "tags/ports/"),
                           Entry("item", "b", FORMER, "1/taken/")]))
    current = {("item", "a"): "1/a-three/", ("item", "b"): "1/b/", ("item", "c"): "1/taken/"}
    result = plan(previous, current, {("item", "b"): ["/old/b.html"]}, INDEXES)
    assert result.moved == {"1/a-one/": "1/a-three/", "1/a-two/": "1/a-three/",
                            "old/b.html": "1/b/", "tags/ports/": "tags/"}
    assert result.withdrawn == ["1/gone/"]  # and 1/taken/ is c's page now: left to it
    assert result.changes == [("item", "a", "1/a-two/", "1/a-three/"),
                              ("item", "gone", "1/gone/", None),
                              ("tag", "ports", "tags/ports/", None)]
    assert Entry("item", "gone", FORMER, "1/gone/") in result.ledger
    assert Entry("item", "b", FORMER, "old/b.html") in result.ledger
    assert Entry("item", "a", CURRENT, "1/a-three/") in result.ledger


def test_a_ledger_of_the_first_format_still_reads():
    text = ("# Every address this site has published, kept by `make publish`: commit this file.\n"
            "item\turn:x\tcurrent\t2026/01/02/a/\ntag\tgrain\tcurrent\ttags/grain/\n")
    assert read(text) == [Entry("item", "urn:x", CURRENT, "2026/01/02/a/"),
                          Entry("tag", "grain", CURRENT, "tags/grain/")]


def test_lists_editions_months_and_feeds_that_vanish_lead_somewhere():
    previous = [Entry("tag-page", "grain 3", CURRENT, "tags/grain/page/3/"),
                Entry("tag-page", "ports 2", CURRENT, "tags/ports/page/2/"),
                Entry("edition", "2026-10-30", CURRENT, "2026/10/30/"),
                Entry("edition", "2026-11-23", CURRENT, "2026/11/23/"),
                Entry("month", "2026-10", CURRENT, "2026/10/"),
                Entry("tag-feed", "grain atom", CURRENT, "feeds/tags/grain.atom.xml"),
                Entry("tag-feed", "ports atom", CURRENT, "feeds/tags/ports.atom.xml")]
    current = {("tag", "grain"): "tags/grain/", ("tag-page", "grain 2"): "tags/grain/page/2/",
               ("edition", "2026-11-20"): "2026/11/20/",
               ("edition", "2026-11-22"): "2026/11/22/",
               ("edition", "2026-11-24"): "2026/11/24/",
               ("month", "2026-11"): "2026/11/",
               ("tag-feed", "grain atom"): "feeds/tag/grain.atom.xml"}
    result = plan(previous, current, {}, INDEXES)
    assert result.moved == {
        "tags/grain/page/3/": "tags/grain/",       # the list's first page
        "tags/ports/page/2/": "tags/",              # no list any more: the index of tags
        "2026/10/30/": "2026/11/20/",               # the nearest edition
        "2026/11/23/": "2026/11/22/",               # equally near: the earlier one
        "2026/10/": "archives/",
        "feeds/tags/grain.atom.xml": "feeds/tag/grain.atom.xml",
    }
    assert result.retired == ["feeds/tags/ports.atom.xml"]
    assert result.withdrawn == [] and result.changes == []  # they follow items and terms


def test_an_edition_with_no_edition_left_leads_to_the_archives():
    result = plan([Entry("edition", "2026-10-30", CURRENT, "2026/10/30/")], {}, {}, INDEXES)
    assert result.moved == {"2026/10/30/": "archives/"}
