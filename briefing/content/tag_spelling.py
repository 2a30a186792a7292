"""Which spelling of a tag readers see: one rule for the build and for ``make import``.

Tags that differ only in case are one tag.  Its spelling is the one most
items use; where two are used equally often, the earliest item's.  Items
are counted in first-come order, published items first (so a draft never
renames a public tag).  The build (:mod:`briefing.pelican.tags`) shows tags
that way, and ``make import`` writes a new item's tags that way, so the two
can never disagree about which spelling is "the site's".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def tag_key(name: str) -> str:
    """What two spellings of one tag share."""
    return name.casefold()


def shown_spellings(items_tags: Iterable[Iterable[str]]) -> dict[str, str]:
    """Each tag's key -> its shown spelling, from every item's tags in first-come order."""
    counts: dict[str, Counter] = {}
    first_seen: dict[tuple[str, str], int] = {}
    for position, names in enumerate(items_tags):
        for name in names:
            counts.setdefault(tag_key(name), Counter())[name] += 1
            first_seen.setdefault((tag_key(name), name), position)
    return {key: min(spellings, key=lambda name: (-spellings[name], first_seen[(key, name)]))
            for key, spellings in counts.items()}


def site_spellings(published: Iterable[Iterable[str]],
                   unpublished: Iterable[Iterable[str]]) -> dict[str, str]:
    """Published items decide a tag's spelling; hidden items and drafts only
    spell the tags no published item carries.  Each group in first-come order."""
    names = shown_spellings(published)
    for key, name in shown_spellings(unpublished).items():
        names.setdefault(key, name)
    return names
