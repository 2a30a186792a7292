"""The ledger of published addresses: its format, and the plan of a publish."""

from __future__ import annotations

import re

import pytest

from briefing.serve.address_ledger import CURRENT, FORMER, Entry, LedgerError, plan, read, write

INDEXES = {"tag": "tags/", "category": "categories/"}


def test_a_ledger_reads_back_as_written_sorted():
    entries = [Entry("tag", "grain", CURRENT, "tags/grain/"),
               Entry("item", "urn:x", FORMER, "2026/01/01/a/"),
               Entry("item", "urn:x", CURRENT, "2026/01/02/a/")]
    text = write(entries)
    assert read(text) == sorted(entries)
    assert text.splitlines()[2] == "item\turn:x\tcurrent\t2026/01/02/a/"


@pytest.mark.parametrize(("line", "problem"), [
    ("item\turn:x\tcurrent", "needs 4 tab-separated fields"),
    ("page\turn:x\tcurrent\ta/", "kind must be one of item, tag, category (got 'page')"),
    ("item\turn:x\tlive\ta/", "state must be 'current' or 'former' (got 'live')"),
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
