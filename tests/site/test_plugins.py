"""Every plugin listed in pelicanconf.PLUGINS registers (Pelican only logs failures)."""

from __future__ import annotations

import importlib

import pytest
from conftest import ROOT
from pelican import Pelican
from pelican.settings import read_settings


def configured_plugins() -> list[str]:
    return read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]


def test_plugins_are_listed_in_pipeline_order():
    assert configured_plugins() == [
        "briefing.plugins.site_settings", "briefing.plugins.page_writer",
        "briefing.plugins.previews",
        "briefing.plugins.item_reader", "briefing.plugins.period_archives",
        "briefing.plugins.slugs", "briefing.plugins.tags", "briefing.plugins.feed_ids",
        "briefing.plugins.editions", "briefing.plugins.related",
        "briefing.plugins.corrections", "briefing.plugins.feeds", "briefing.plugins.sitemap",
        "briefing.plugins.search", "briefing.plugins.redirects", "briefing.plugins.http_headers",
        "briefing.plugins.precompress",
    ]


@pytest.mark.parametrize("name", configured_plugins())
def test_every_plugin_registered(name, tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"OUTPUT_PATH": str(tmp_path)})
    site = Pelican(settings)
    loaded = {plugin.__name__ for plugin in site.plugins}
    assert name in loaded
    assert callable(importlib.import_module(name).register)


def test_pelican_feed_writer_is_off():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    for key in ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM",
                "CATEGORY_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS", "AUTHOR_FEED_ATOM",
                "AUTHOR_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"):
        assert not settings.get(key), key
