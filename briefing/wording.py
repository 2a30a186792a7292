"""The theme's own words, in English, and a site's changes merged over them.

Labels, headings and navigation the theme prints are not written into its
templates but read from ``wording`` (the merged ``BRIEFING_WORDING``), so
that a site in another language changes them in ``pelicanconf.py`` without
copying a template:

    BRIEFING_WORDING = {"home": "Startseite", "editions": "Ausgaben"}

A site sets only the words it changes; every other key keeps its English
default.  An unknown key is an error with the nearest known one, since a
misspelt key would otherwise leave the English word in place unnoticed.
The words are the site's own trusted settings, printed as HTML (like
``BRIEFING_FOOTER_NOTE``): "Editor's notes" must reach the page as written.
"""

from __future__ import annotations

import difflib

from markupsafe import Markup

#: Every word the theme takes from the wording, with its English default.
DEFAULT_WORDING: dict[str, str] = {
    "skip_to_content": "Skip to content",
    "home": "Home",
    "editions": "Editions",
    "tags": "Tags",
    "categories": "Categories",
    "find_by_tag": "Find items by tag",
    "search": "Search",
    "corrections": "Corrections",
    "correction": "Correction",
    "atom_feed": "Atom feed",
    "rss_feed": "RSS feed",
    "latest_edition": "Latest edition",
    "earlier_editions": "Earlier editions",
    "all_editions_by_month": "All editions, by month",
    "lead_story": "Lead story",
    "draft": "Draft",
    "editors_notes": "Editor's notes",
    "article_text": "Article text",
    "read_on_the_web": "Read on the web",
    "source": "Source:",
    "previous_item": "Previous item",
    "next_item": "Next item",
    "previous_edition": "Previous edition",
    "next_edition": "Next edition",
    "related_items": "Related items",
    "newer_items": "Newer items",
    "older_items": "Older items",
    "page": "Page",
    "tag": "Tag",
    "category": "Category",
}


class WordingError(ValueError):
    """A ``BRIEFING_WORDING`` that is no dict of known keys to text."""


def merged_wording(given: object) -> dict[str, str]:
    """The English defaults with the site's words (``given``) merged over them."""
    if not isinstance(given, dict):
        raise WordingError("BRIEFING_WORDING: must be a dict of the theme's words, such as "
                           f"{{'home': 'Startseite'}} (got {given!r})")
    for key, word in given.items():
        if key not in DEFAULT_WORDING:
            near = difflib.get_close_matches(str(key), DEFAULT_WORDING, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise WordingError(f"BRIEFING_WORDING: unknown key {key!r}{hint}; "
                               "the keys are listed in docs/settings.md")
        if not isinstance(word, str):
            raise WordingError(f"BRIEFING_WORDING: {key!r} must be text (got {word!r})")
    return {**DEFAULT_WORDING, **given}


def template_wording(settings: dict) -> dict[str, Markup]:
    """The words as templates read them (``wording.home``): the site's trusted HTML."""
    return {key: Markup(word)
            for key, word in merged_wording(settings.get("BRIEFING_WORDING", {})).items()}
