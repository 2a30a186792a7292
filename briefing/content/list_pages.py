"""How a list of items (a tag's, a category's) is cut into pages: counted from the oldest.

A list shows its newest items first, and a publish adds items at the
newest end.  Were its pages counted from the newest, as Pelican counts
them, one new item would shift every page by one: each would be written
again, and an address such as ``/tags/x/page/4/`` would show other items
every day.  So the pages are counted from the *oldest* item:

- numbered page 1 holds the oldest ``per_page`` items, page 2 the next
  ``per_page``, and so on: a numbered page, once complete, keeps its items
  and its address as long as no older item is removed or re-dated;
- the list's own address (the *latest* page) shows what is not yet on a
  complete page, plus the newest complete page: between one and two pages'
  worth (fewer if the list is shorter), so a reader arriving there never
  sees a page with one lonely item;
- the numbered pages published are those whose items the latest page does
  not show: 1 to ``complete - 1``.  Each item is on exactly one page.

A new item changes the latest page only; when it completes a page, that
page's number is published too (its items leave the latest page) and the
page before it links to it as the newer page.  Within every page, items
are listed in the list's own order (newest first).

The numbers a page carries: a numbered page its own; the latest page the
number of the newest complete page it shows (1 if none), so that "page N
of M" in a theme reads 1 to M from the oldest, the latest being M.

Pure: no Pelican here.  :mod:`briefing.pelican.list_pages` makes the
page objects templates read from these spans.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

Item = TypeVar("Item")

#: Where numbered pages go when the site's patterns give none of their own.
NUMBERED_URL = "{base_name}/page/{number}/"
NUMBERED_SAVE_AS = "{base_name}/page/{number}/index.html"


@dataclass(frozen=True)
class Span:
    """One page of a list: which items, by their rank from the oldest (0 = oldest).

    ``start`` and ``stop`` bound the ranks, ``stop`` excluded.  ``latest``:
    the page at the list's own address.
    """

    number: int
    latest: bool
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start


def spans(count: int, per_page: int) -> list[Span]:
    """The pages of a list of ``count`` items, newest first: the latest, then
    numbered pages down to 1.  ``per_page`` 0 (no pagination): one page."""
    complete = count // per_page if per_page > 0 else 0
    if complete < 2:
        return [Span(max(complete, 1), True, 0, count)]
    first_shown = (complete - 1) * per_page
    return [Span(complete, True, first_shown, count),
            *(Span(number, False, (number - 1) * per_page, number * per_page)
              for number in range(complete - 1, 0, -1))]


def grouped(items: Sequence[Item], age: Callable[[Item], object],
            pages: Sequence[Span]) -> list[list[Item]]:
    """Each page's items, in ``items``' own order (pages as :func:`spans` gives them).

    ``age`` orders items from the oldest (a date, then a tie-breaker: no two
    items may compare equal); ``items`` may come in any order.
    """
    by_age = sorted(range(len(items)), key=lambda index: age(items[index]))
    rank = [0] * len(items)
    for position, index in enumerate(by_age):
        rank[index] = position
    page_of_rank = [0] * len(items)
    for place, span in enumerate(pages):
        page_of_rank[span.start:span.stop] = [place] * len(span)
    shown: list[list[Item]] = [[] for _ in pages]
    for index, item in enumerate(items):
        shown[page_of_rank[rank[index]]].append(item)
    return shown


def addresses(rules: Iterable[tuple], number: int, url: str, save_as: str,
              latest: bool) -> tuple[str, str]:
    """(URL, file) of a page, from the site's ``PAGINATION_PATTERNS``.

    Each rule is ``(min_page, URL, SAVE_AS)``, formatted as Pelican formats
    them (``{url}``, ``{save_as}``, ``{name}``, ``{base_name}``,
    ``{extension}``, ``{number}``; one leading slash dropped).  The latest
    page takes the rule for page 1 (by default the list's own address);
    numbered pages the rules for later pages, the last whose ``min_page``
    is at most ``number``, else the first of them (so page 1 is
    ``{base_name}/page/1/`` by default).  A rule for the last page
    (``min_page`` -1) has no meaning when pages are counted from the oldest
    and is not used.
    """
    rules = [rule for rule in rules if rule[0] >= 1]
    if latest:
        chosen = [rule for rule in rules if rule[0] <= 1]
        if not chosen:
            return url, save_as
        rule = chosen[-1]
    else:
        later = [rule for rule in rules if rule[0] >= 2] or \
            [(2, NUMBERED_URL, NUMBERED_SAVE_AS)]
        fitting = [rule for rule in later if rule[0] <= number]
        rule = fitting[-1] if fitting else later[0]
    name, extension = posixpath.splitext(save_as)
    folder, file = posixpath.split(save_as)
    values = {"save_as": save_as, "url": url, "name": name, "extension": extension,
              "base_name": folder if file in ("index.htm", "index.html") else name,
              "number": number}
    page_url, page_save_as = (pattern.format(**values) for pattern in rule[1:3])
    return page_url.removeprefix("/"), page_save_as.removeprefix("/")
