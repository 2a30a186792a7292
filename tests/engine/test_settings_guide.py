"""docs/settings.md names every setting Briefing defines and every setting the theme reads."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

import briefing.settings

GUIDE = (ROOT / "docs" / "settings.md").read_text("utf-8")
DOCUMENTED = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", GUIDE))


def read_by_theme() -> set[str]:
    """UPPERCASE names inside the templates' Jinja tags (comments and strings left out)."""
    names: set[str] = set()
    for path in (ROOT / "theme" / "templates").rglob("*.html"):
        text = re.sub(r"\{#.*?#\}", "", path.read_text("utf-8"), flags=re.DOTALL)
        for tag in re.findall(r"\{[{%].*?[%}]\}", text, flags=re.DOTALL):
            tag = re.sub(r"\"[^\"]*\"|'[^']*'", "", tag)
            names |= set(re.findall(r"\b[A-Z][A-Z0-9_]{2,}\b", tag))
    return names


@pytest.mark.parametrize("name", sorted(briefing.settings.DEFAULTS))
def test_every_briefing_setting_is_documented_with_its_default(name):
    assert name in DOCUMENTED
    default = briefing.settings.DEFAULTS[name]
    if default not in ("", None, [], {}, False, True):
        assert repr(default) in GUIDE or str(default) in GUIDE, f"{name}: {default!r}"


@pytest.mark.parametrize("name", sorted(read_by_theme()))
def test_every_setting_the_theme_reads_is_documented(name):
    assert name in DOCUMENTED


@pytest.mark.parametrize("name", sorted(briefing.settings.__all__))
def test_every_engine_setting_is_documented(name):
    assert name in DOCUMENTED
