"""BRIEFING_WORDING: a site's words merged key by key over English, checked once."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from briefing.settings import SettingsError, apply_defaults
from briefing.wording import DEFAULT_WORDING

BASE = {"SITEURL": "https://example.org", "FEED_MAX_ITEMS": 50}


def test_a_site_sets_only_the_words_it_changes():
    settings = {**BASE, "BRIEFING_WORDING": {"home": "Startseite", "tags": "Schlagwörter"}}
    apply_defaults(settings)
    wording = settings["BRIEFING_WORDING"]
    assert (wording["home"], wording["tags"]) == ("Startseite", "Schlagwörter")
    assert wording["editions"] == "Editions" and set(wording) == set(DEFAULT_WORDING)
    apply_defaults(settings)  # a second merge (the dev server's rebuild) changes nothing
    assert settings["BRIEFING_WORDING"] == wording


def test_without_the_setting_every_word_is_english():
    settings = dict(BASE)
    apply_defaults(settings)
    assert settings["BRIEFING_WORDING"] == DEFAULT_WORDING


@pytest.mark.parametrize(("wording", "message"), [
    ({"hoem": "Startseite"}, "BRIEFING_WORDING: unknown key 'hoem' (did you mean 'home'?)"),
    ({"editors_note": "Anmerkung"},
     "BRIEFING_WORDING: unknown key 'editors_note' (did you mean 'editors_notes'?)"),
    ({"zzz": "x"}, "BRIEFING_WORDING: unknown key 'zzz'; the keys are listed in docs/settings.md"),
    ({"home": None}, "BRIEFING_WORDING: 'home' must be text"),
    (["home"], "BRIEFING_WORDING: must be a dict"),
])
def test_a_bad_wording_is_named_with_its_key(wording, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        apply_defaults({**BASE, "BRIEFING_WORDING": wording})


def words_the_theme_uses() -> set[str]:
    return {key for path in (ROOT / "theme" / "templates").rglob("*.html")
            for key in re.findall(r"\bwording\.(\w+)", path.read_text("utf-8"))}


def test_the_theme_uses_every_word_and_no_unknown_one():
    # Jinja prints an unknown key as nothing: a misspelt one must fail here.
    assert words_the_theme_uses() == set(DEFAULT_WORDING)


@pytest.mark.parametrize("key", sorted(DEFAULT_WORDING))
def test_every_word_is_documented_with_its_default(key):
    guide = (ROOT / "docs" / "settings.md").read_text("utf-8")
    assert f"| `{key}` | {DEFAULT_WORDING[key]} |" in guide
