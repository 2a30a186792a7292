"""Briefing's settings: defaults fill in, impossible values stop the build."""

from __future__ import annotations

import pytest

from briefing.settings import DEFAULTS, SettingsError, apply_defaults


def site(**settings) -> dict:
    return {"SITEURL": "https://briefing.example.org", "FEED_MAX_ITEMS": 50, **settings}


def test_defaults_fill_in_what_the_site_leaves_out():
    settings = site(BRIEFING_RELATED_MAX=2)
    apply_defaults(settings)
    assert settings["BRIEFING_RELATED_MAX"] == 2
    assert settings["SITEMAP_SAVE_AS"] == DEFAULTS["SITEMAP_SAVE_AS"] == "sitemap.xml"


@pytest.mark.parametrize(("key", "value"), [
    ("BRIEFING_RELATED_MAX", -1), ("BRIEFING_RELATED_MAX", "4"), ("BRIEFING_RELATED_MAX", True),
    ("FEED_MAX_ITEMS", 0), ("BRIEFING_SITE_ID", "has spaces"), ("SITEURL", "/relative"),
    ("BRIEFING_PRECOMPRESS", "yes"), ("BRIEFING_SEARCH", 1), ("BRIEFING_WRITE_PAGES", None),
    ("BRIEFING_HEADERS_SAVE_AS", "/srv/_headers"),
    ("BRIEFING_HASHED_FILES", ["assets/*/*.css"]), ("BRIEFING_HASHED_FILES", "assets/*"),
    ("BRIEFING_EDITION_CLOSES", "6pm"), ("BRIEFING_EDITION_CLOSES", "24:00"),
    ("BRIEFING_EDITION_CLOSES", 18),
])
def test_an_impossible_setting_is_named_in_the_error(key, value):
    with pytest.raises(SettingsError, match=f"^{key}: "):
        apply_defaults(site(**{key: value}))
