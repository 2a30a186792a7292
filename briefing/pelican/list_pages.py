"""The pages of a paginated list as templates read them, counted from the oldest.

Pelican hands a paginated template ``articles_paginator``, ``articles_page``,
``articles_previous_page`` and ``articles_next_page`` (and the same for
``dates``).  These objects keep those names and the methods of Pelican's
``Paginator`` and ``Page``, with the pages cut as
:mod:`briefing.content.list_pages` says: the latest page at the list's own
address, numbered archive pages from the oldest.  "Previous" is still the
newer page and "next" the older one, as in Pelican, so a theme's "newer" and
"older" links keep working; ``latest`` tells the latest page from the
numbered ones, whose ``number`` is the one in their address.
"""

from __future__ import annotations

from briefing.content.item_order import first_come
from briefing.content.list_pages import Span, addresses, grouped, spans


def per_page(settings: dict, template: str) -> int | None:
    """Items a page of ``template``'s list holds: None if that list is not
    paginated, 0 if it is one page (``DEFAULT_PAGINATION`` False)."""
    if template not in settings["PAGINATED_TEMPLATES"]:
        return None
    return int(settings["PAGINATED_TEMPLATES"][template] or settings["DEFAULT_PAGINATION"] or 0)


class ListPage:
    """One page of a list: Pelican's ``Page``, with ``latest`` and its neighbours."""

    def __init__(self, paginator: ListPaginator, span: Span, object_list: list):
        self.paginator = paginator
        self.settings = paginator.settings
        self.number = span.number
        self.latest = span.latest
        self.object_list = object_list
        self._span = span
        self.url, self.save_as = addresses(self.settings["PAGINATION_PATTERNS"], span.number,
                                           paginator.url, paginator.name, span.latest)
        self.newer: ListPage | None = None
        self.older: ListPage | None = None

    def __repr__(self):
        return f"<ListPage {self.number}{' (latest)' if self.latest else ''}>"

    def has_next(self) -> bool:
        """Whether an older page follows (Pelican's "next" page)."""
        return self.older is not None

    def has_previous(self) -> bool:
        """Whether a newer page precedes (Pelican's "previous" page)."""
        return self.newer is not None

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int | None:
        return self.older.number if self.older is not None else None

    def previous_page_number(self) -> int | None:
        return self.newer.number if self.newer is not None else None

    def start_index(self) -> int:
        """The 1-based rank from the oldest of the page's oldest item (0: no items)."""
        return self._span.start + 1 if self._span.stop else 0

    def end_index(self) -> int:
        """The 1-based rank from the oldest of the page's newest item."""
        return self._span.stop


class ListPaginator:
    """Pelican's ``Paginator`` over one list: ``count``, ``num_pages``,
    ``page_range``, ``page(number)``; ``pages``, newest first."""

    def __init__(self, name: str, url: str | None, object_list: list, settings: dict,
                 items_per_page: int, cut: list[Span] | None = None):
        self.name, self.url = name, url or ""
        self.object_list = object_list
        self.settings = settings
        self.per_page = items_per_page or len(object_list)
        self.count = len(object_list)
        cut = cut if cut is not None else spans(self.count, items_per_page)
        self.pages = [ListPage(self, span, shown)
                      for span, shown in zip(cut, grouped(object_list, first_come, cut),
                                             strict=True)]
        for newer, older in zip(self.pages, self.pages[1:], strict=False):
            newer.older, older.newer = older, newer
        self.num_pages = self.pages[0].number
        self.page_range = list(range(1, self.num_pages + 1))
        self._by_number = {page.number: page for page in self.pages}

    def page(self, number: int) -> ListPage:
        """The page numbered ``number``; the latest page carries the highest number."""
        return self._by_number[number]


def page_arguments(name: str, url: str | None, lists: dict[str, list], settings: dict,
                   items_per_page: int) -> list[tuple[str, dict]]:
    """(file, template arguments) of each page of a paginated write, newest first.

    ``lists`` are the lists to paginate (``articles``, ``dates``: the same
    items in different orders), each cut at the same items.
    """
    cut = spans(len(next(iter(lists.values()))), items_per_page)
    paginators = {key: ListPaginator(name, url, items, settings, items_per_page, cut)
                  for key, items in lists.items()}
    written = []
    for place in range(len(cut)):
        arguments = {}
        for key, paginator in paginators.items():
            page = paginator.pages[place]
            arguments.update({f"{key}_paginator": paginator, f"{key}_page": page,
                              f"{key}_previous_page": page.newer,
                              f"{key}_next_page": page.older})
        written.append((page.save_as, arguments))
    return written
