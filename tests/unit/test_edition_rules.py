"""The running order and closing rules (:mod:`briefing.content.edition_rules`)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from briefing.content.edition_rules import clashes, closing, parse_closing_time, running_order

BERLIN = ZoneInfo("Europe/Berlin")
DAY = dt.date(2026, 11, 24)


def item(name: str, hour: int, order: int | None = None, lead: bool = False):
    return SimpleNamespace(title=name, date=dt.datetime(2026, 11, 24, hour, tzinfo=BERLIN),
                           relative_source_path=f"{name}.md", order=order, lead=lead)


def names(items) -> list[str]:
    return [i.title for i in items]


def test_without_order_or_lead_the_order_is_time_then_path():
    items = [item("b", 9), item("c", 8), item("a", 9)]
    assert names(running_order(items)) == ["c", "a", "b"]


def test_lead_first_then_ordered_items_then_the_rest_by_time():
    items = [item("late", 7), item("ten", 10, order=10), item("lead", 12, order=5, lead=True),
             item("two", 11, order=2), item("early", 6)]
    assert names(running_order(items)) == ["lead", "two", "ten", "early", "late"]


def test_clashes_name_the_item_that_keeps_its_place_and_the_one_that_repeats():
    ordered = running_order([item("a", 8, order=1), item("b", 9, order=1),
                             item("c", 10, order=1), item("x", 11, lead=True),
                             item("y", 12, lead=True)])
    assert [(field, first.title, second.title) for field, first, second in clashes(ordered)] == [
        ("lead", "x", "y"), ("order", "a", "b"), ("order", "a", "c")]
    assert clashes(running_order([item("a", 8, order=1), item("b", 9, order=2)])) == []


@pytest.mark.parametrize(("mark", "closes", "now", "closed"), [
    (None, None, dt.datetime(2026, 11, 24, 23, 59, tzinfo=BERLIN), False),
    (None, None, dt.datetime(2026, 11, 25, 0, 0, tzinfo=BERLIN), True),
    # 23:30 UTC is already the 25th in Berlin.
    (None, None, dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC), True),
    (None, dt.time(18), dt.datetime(2026, 11, 24, 17, 59, tzinfo=BERLIN), False),
    (None, dt.time(18), dt.datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN), True),
    (True, dt.time(18), dt.datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN), True),
    (False, None, dt.datetime(2026, 12, 30, tzinfo=BERLIN), False),
])
def test_closing_by_mark_time_or_end_of_day(mark, closes, now, closed):
    assert closing(DAY, mark, closes, "Europe/Berlin", now).closed is closed


def test_closing_says_why_and_when():
    state = closing(DAY, None, dt.time(18), "Europe/Berlin",
                    dt.datetime(2026, 11, 24, 9, tzinfo=BERLIN))
    assert state.closes_at == dt.datetime(2026, 11, 24, 18, tzinfo=BERLIN)
    assert state.reason == "BRIEFING_EDITION_CLOSES is 18:00 on the site's clock (Europe/Berlin)"
    marked = closing(DAY, True, None, "Europe/Berlin", dt.datetime(2026, 11, 24, tzinfo=BERLIN))
    assert (marked.closes_at, marked.reason) == (None, "its note says Closed: yes")


@pytest.mark.parametrize(("value", "parsed"), [
    ("18:00", dt.time(18)), ("00:05", dt.time(0, 5)), ("23:59", dt.time(23, 59)),
    ("24:00", None), ("6pm", None), ("18:0", None), (18, None), (None, None),
])
def test_closing_time_is_hh_mm(value, parsed):
    assert parse_closing_time(value) == parsed
