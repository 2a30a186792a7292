"""List pages counted from the oldest (briefing.content.list_pages): each item on
exactly one page, numbered pages that keep their items as newer items arrive."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from briefing.content.list_pages import Span, addresses, grouped, spans

PATTERNS = ((1, "{url}", "{save_as}"),
            (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"))

counts = st.integers(min_value=0, max_value=400)
sizes = st.integers(min_value=1, max_value=30)


def pages_of(count: int, per_page: int) -> list[list[int]]:
    """Each page's items (item i is the i-th oldest), the list newest first."""
    newest_first = list(range(count - 1, -1, -1))
    return grouped(newest_first, lambda item: item, spans(count, per_page))


def numbered(count: int, per_page: int) -> dict[int, list[int]]:
    cut = spans(count, per_page)
    return {span.number: items for span, items in zip(cut, pages_of(count, per_page),
                                                      strict=True) if not span.latest}


def test_the_latest_page_shows_the_newest_complete_page_and_what_follows_it():
    assert spans(45, 20) == [Span(2, True, 20, 45), Span(1, False, 0, 20)]
    assert pages_of(45, 20)[1] == list(range(19, -1, -1))  # the oldest 20, newest first
    assert spans(60, 20) == [Span(3, True, 40, 60), Span(2, False, 20, 40),
                             Span(1, False, 0, 20)]


def test_a_short_list_is_one_page():
    assert spans(0, 20) == [Span(1, True, 0, 0)]
    assert spans(19, 20) == [Span(1, True, 0, 19)]
    assert spans(39, 20) == [Span(1, True, 0, 39)]  # under two pages' worth: no page 1
    assert spans(40, 20) == [Span(2, True, 20, 40), Span(1, False, 0, 20)]
    assert spans(500, 0) == [Span(1, True, 0, 500)]  # not paginated


@given(counts, sizes)
def test_every_item_is_on_exactly_one_page_newest_first(count, per_page):
    pages = pages_of(count, per_page)
    assert sorted(item for page in pages for item in page) == list(range(count))
    flat = [item for page in pages for item in page]
    assert flat == sorted(flat, reverse=True)  # pages and their items, newest first


@given(counts, sizes)
def test_the_latest_page_holds_one_to_two_pages_worth(count, per_page):
    latest = spans(count, per_page)[0]
    assert latest.latest and latest.stop == count
    assert len(latest) == count or per_page <= len(latest) < 2 * per_page
    for span in spans(count, per_page)[1:]:
        assert not span.latest and len(span) == per_page


@given(counts, sizes)
def test_numbered_pages_run_from_one_below_the_latest_down_to_one(count, per_page):
    numbers = [span.number for span in spans(count, per_page)]
    assert numbers == list(range(numbers[0], numbers[0] - len(numbers), -1))
    assert numbers[-1] == 1


@given(counts, sizes, st.integers(min_value=1, max_value=60))
def test_newer_items_change_no_numbered_page_only_add_some(count, per_page, added):
    before, after = numbered(count, per_page), numbered(count + added, per_page)
    assert all(after[number] == items for number, items in before.items())
    if added == 1:  # one new item publishes at most one numbered page
        assert len(after) - len(before) in (0, 1)


@given(st.integers(min_value=0, max_value=200), sizes, st.randoms(use_true_random=False))
def test_pages_keep_the_lists_own_order_whatever_it_is(count, per_page, rng: random.Random):
    shuffled = list(range(count))
    rng.shuffle(shuffled)
    by_age = grouped(list(range(count - 1, -1, -1)), lambda item: item, spans(count, per_page))
    mixed = grouped(shuffled, lambda item: item, spans(count, per_page))
    assert [sorted(page) for page in mixed] == [sorted(page) for page in by_age]
    for page in mixed:
        assert page == [item for item in shuffled if item in page]


def test_addresses_from_the_site_patterns():
    assert addresses(PATTERNS, 7, "tags/x/", "tags/x/index.html", True) == \
        ("tags/x/", "tags/x/index.html")
    assert addresses(PATTERNS, 1, "tags/x/", "tags/x/index.html", False) == \
        ("tags/x/page/1/", "tags/x/page/1/index.html")
    assert addresses(PATTERNS, 12, "tags/x/", "tags/x/index.html", False) == \
        ("tags/x/page/12/", "tags/x/page/12/index.html")
    pelicans = ((1, "{name}{extension}", "{name}{extension}"),
                (2, "{name}{number}{extension}", "{name}{number}{extension}"))
    assert addresses(pelicans, 3, "tag/x.html", "tag/x.html", False) == \
        ("tag/x3.html", "tag/x3.html")
    assert addresses(pelicans, 3, "tag/x.html", "tag/x.html", True) == \
        ("tag/x.html", "tag/x.html")


def test_numbered_pages_have_an_address_of_their_own_whatever_the_patterns():
    only_first = ((1, "{url}", "{save_as}"),)
    assert addresses(only_first, 1, "tags/x/", "tags/x/index.html", False) == \
        ("tags/x/page/1/", "tags/x/page/1/index.html")
    later = ((1, "{url}", "{save_as}"),
             (5, "/{base_name}/p{number}/", "{base_name}/p{number}.html"),
             (-1, "{base_name}/last/", "{base_name}/last/index.html"))
    assert addresses(later, 2, "tags/x/", "tags/x/index.html", False) == \
        ("tags/x/p2/", "tags/x/p2.html")  # one leading slash dropped, as Pelican does


@given(counts, sizes)
def test_each_page_has_its_own_address(count, per_page):
    files = [addresses(PATTERNS, span.number, "tags/x/", "tags/x/index.html", span.latest)[1]
             for span in spans(count, per_page)]
    assert len(set(files)) == len(files)
