"""The theme's settings are checked once, with the setting named."""

from __future__ import annotations

import pytest

from briefing.settings import SettingsError, apply_defaults


@pytest.mark.parametrize(("key", "value", "message"), [
    ("BRIEFING_LOGO", "https://cdn.example/logo.svg", "BRIEFING_LOGO: must be a path under"),
    ("BRIEFING_LOGO", 7, "BRIEFING_LOGO: must be text"),
    ("BRIEFING_STYLESHEETS", "extra/colours.css", "BRIEFING_STYLESHEETS: must list paths"),
    ("BRIEFING_STYLESHEETS", ["/etc/colours.css"], "BRIEFING_STYLESHEETS: must list paths"),
    ("BRIEFING_FOLLOW_TEXT", None, "BRIEFING_FOLLOW_TEXT: must be text"),
])
def test_a_bad_theme_setting_is_named(key, value, message):
    with pytest.raises(SettingsError, match=message):
        apply_defaults({"SITEURL": "https://example.org", "FEED_MAX_ITEMS": 50, key: value})


def test_the_defaults_are_the_themes_former_wording():
    settings = {"SITEURL": "https://example.org", "FEED_MAX_ITEMS": 50}
    apply_defaults(settings)
    assert (settings["BRIEFING_SEARCH_LABEL"], settings["BRIEFING_FOLLOW_TEXT"]) == (
        "Search the briefing", "Follow the briefing")
    assert settings["BRIEFING_STYLESHEETS"] == [] and settings["BRIEFING_LOGO"] == ""
