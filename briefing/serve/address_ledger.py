"""The ledger of published addresses, and what a publish must do to keep them working.

Every address the site ever published keeps answering: an item, tag or
category page that moved (a new Title, Slug or Date, a new URL pattern)
redirects from each old address to its new one, and an item taken down
says so where it was.  To know the old addresses, ``make publish`` keeps a
ledger, a plain text file in the site's repository (``published-addresses.txt``
beside ``content/``; commit it with the content).  It is UTF-8, one address
a line, sorted, with four tab-separated fields::

    # comment lines start with '#'
    item<TAB>urn:uuid:9f1c...<TAB>current<TAB>2026/11/26/cia-videos/
    item<TAB>urn:uuid:9f1c...<TAB>former<TAB>2026/11/25/cia-videos/
    tag<TAB>espionage<TAB>current<TAB>tags/espionage/

- kind: ``item``, ``tag`` or ``category`` (pages of their own);
  ``tag-feed`` and ``category-feed`` (a term's feeds); ``tag-page`` and
  ``category-page`` (the numbered pages of a term's list, counted from its
  oldest item: :mod:`briefing.content.list_pages`);
  ``edition`` (a day's page) and ``month`` (a month's archive);
- key: what stays the same when the address changes: an item's permanent
  feed id (``Id``, else from its Source_URL), a tag's or category's name
  in lower case; for a term's feed that name and the format (``espionage
  atom``), for a list's page the name and the page's number
  (``espionage 3``); an edition's day (``2026-11-26``), a month's
  (``2026-11``);
- state: ``current`` if the last publish served the page there, else
  ``former``;
- path: the address, relative to ``SITEURL``.

Only published items (and hidden ones, whose pages are public) enter it;
drafts and scheduled items never do.  A ledger written before the feed,
list-page, edition and month kinds existed still reads: those addresses
enter it at the next publish.

Where an old address leads when its key has no address any more
(:func:`fallback`): a term's page to the index of all terms, a list's later
page to the list's first page, an edition to the nearest edition, a month to
the archives.  An item says it was withdrawn; a term's feed is
``retired``: the feeds plugin keeps writing it, valid and empty, since a
feed reader given a 410 or an HTML page reports an error or drops the feed,
and a feed that stays quiet is what a subscriber to a tag nobody uses any
more should see.  This module is pure: the ledger's
text in, the plan of a publish out (:func:`plan`);
:mod:`briefing.pelican.redirects` gathers the addresses and writes the
files, :mod:`briefing.serve.redirect_files` says what the files hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

TERMS = ("tag", "category")
FEEDS = tuple(f"{term}-feed" for term in TERMS)
LIST_PAGES = tuple(f"{term}-page" for term in TERMS)
KINDS = ("item", *TERMS, *FEEDS, *LIST_PAGES, "edition", "month")
#: The kinds whose moves ``make check`` warns about; the others follow them.
WARNED = ("item", *TERMS)
CURRENT, FORMER = "current", "former"
HEADER = (
    "# Every address this site has published, kept by `make publish`: commit this file.\n"
    "# kind<TAB>key<TAB>state<TAB>path; see briefing/serve/address_ledger.py"
    " and docs/deploying.md.\n"
)

Key = tuple[str, str]  # (kind, key)


class LedgerError(ValueError):
    """A ledger line that cannot be read; the message is ``path:line: ...``."""


@dataclass(frozen=True, order=True)
class Entry:
    """One line of the ledger."""

    kind: str
    key: str
    state: str
    path: str


@dataclass
class Plan:
    """What a publish does to keep every address working.

    ``moved`` maps an old path to the path that now answers for it;
    ``withdrawn`` are the old paths of items no longer published;
    ``retired`` those of term feeds whose term no item has any more;
    ``changes`` are ``(kind, key, old path, new path or None)`` for each page
    whose current address this publish changes (for ``make check``'s
    warnings); ``ledger`` is the ledger after the publish.
    """

    moved: dict[str, str] = field(default_factory=dict)
    withdrawn: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    changes: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    ledger: list[Entry] = field(default_factory=list)


def normal_path(path: str) -> str:
    """A site-relative path as the ledger keeps it: no leading slash."""
    return path.lstrip("/")


def read(text: str, name: str = "published-addresses.txt") -> list[Entry]:
    """The entries of a ledger's ``text``; a :class:`LedgerError` naming the bad line."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise LedgerError(f"{name}:{number}: ledger: needs 4 tab-separated fields "
                              f"(kind, key, state, path), got {len(fields)}")
        kind, key, state, path = fields
        if kind not in KINDS:
            raise LedgerError(f"{name}:{number}: ledger: kind must be one of "
                              f"{', '.join(KINDS)} (got '{kind}')")
        if state not in (CURRENT, FORMER):
            raise LedgerError(f"{name}:{number}: ledger: state must be '{CURRENT}' or "
                              f"'{FORMER}' (got '{state}')")
        problem = key_problem(kind, key)
        if problem:
            raise LedgerError(f"{name}:{number}: ledger: the key of kind {kind} must be "
                              f"{problem} "
                              f"(got '{key}')")
        entries.append(Entry(kind, key, state, normal_path(path)))
    return entries


#: What the key of each kind that has a form of its own looks like.
KEY_FORMS = {
    **{kind: (re.compile(r".+ (atom|rss)"), "its term's name, a space and 'atom' or 'rss'")
       for kind in FEEDS},
    **{kind: (re.compile(r".+ [1-9][0-9]*"), "its term's name, a space and the page's number")
       for kind in LIST_PAGES},
    "edition": (re.compile(r"\d{4}-\d{2}-\d{2}"), "a day, YYYY-MM-DD"),
    "month": (re.compile(r"\d{4}-\d{2}"), "a month, YYYY-MM"),
}


def key_problem(kind: str, key: str) -> str | None:
    """What is wrong with ``key`` for ``kind`` (None if nothing)."""
    if kind not in KEY_FORMS:
        return None
    form, says = KEY_FORMS[kind]
    if not form.fullmatch(key):
        return says
    if kind == "edition":
        try:
            date.fromisoformat(key)
        except ValueError:
            return "a day, YYYY-MM-DD"
    return None


def write(entries: Iterable[Entry]) -> str:
    """The ledger's text: the header, then every entry, sorted."""
    return HEADER + "".join(f"{e.kind}\t{e.key}\t{e.state}\t{e.path}\n"
                            for e in sorted(set(entries)))


def fallback(kind: str, key: str, current: Mapping[Key, str],
             indexes: Mapping[str, str]) -> str | None:
    """Where an address of ``(kind, key)`` leads once that key has none of its own.

    None for an item (withdrawn) and a term's feed (retired, see above).
    """
    if kind in TERMS:
        return indexes[kind]
    if kind in LIST_PAGES:
        term_kind, term = kind.removesuffix("-page"), key.rsplit(" ", 1)[0]
        return current.get((term_kind, term)) or indexes[term_kind]
    if kind == "edition":
        days = sorted(day for other, day in current if other == "edition")
        if days:
            return current[("edition", min(days, key=lambda day: (_day_distance(day, key), day)))]
        return indexes["month"]
    if kind == "month":
        return indexes["month"]
    return None


def _day_distance(day: str, other: str) -> int:
    """Days between two ISO dates (an edition's key)."""
    return abs((date.fromisoformat(day) - date.fromisoformat(other)).days)


def plan(previous: list[Entry], current: Mapping[Key, str],
         aliases: Mapping[Key, Iterable[str]], indexes: Mapping[str, str],
         served: set[str] | frozenset[str] = frozenset()) -> Plan:
    """What this publish redirects, withdraws and records.

    ``current`` maps each published page's ``(kind, key)`` to its path now;
    ``aliases`` the old paths items name themselves; ``indexes`` each kind
    of term to its index page (a tag no item has any more redirects there),
    and ``month`` to the archives (where a month nothing is left in goes);
    ``served`` are other paths the site serves now (an edition's page): an
    old address that a page answers again is left to that page.
    """
    live = {path for path in current.values()} | set(served)
    result = Plan()
    was_current: dict[Key, str] = {}
    known: dict[Key, set[str]] = {}
    for entry in previous:
        known.setdefault((entry.kind, entry.key), set()).add(entry.path)
        if entry.state == CURRENT:
            was_current[(entry.kind, entry.key)] = entry.path
    for identity, paths in aliases.items():
        known.setdefault(identity, set()).update(normal_path(path) for path in paths)
    for identity, paths in sorted(known.items()):
        kind, key = identity
        target = current.get(identity) or fallback(kind, key, current, indexes)
        for path in sorted(paths - live):
            if target is not None:
                result.moved[path] = target
            elif kind == "item":
                result.withdrawn.append(path)
            else:
                result.retired.append(path)
    for identity, old in sorted(was_current.items()):
        new = current.get(identity)
        if new != old and identity[0] in WARNED:
            result.changes.append((*identity, old, new))
    result.ledger = sorted(
        {Entry(kind, key, FORMER, path) for (kind, key), paths in known.items()
         for path in paths if current.get((kind, key)) != path}
        | {Entry(kind, key, CURRENT, path) for (kind, key), path in current.items()})
    return result
