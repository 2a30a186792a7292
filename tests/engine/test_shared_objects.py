"""What the items of a build share in memory, rather than each carrying a copy."""

from __future__ import annotations

from collections import defaultdict

from conftest import FIXTURES, PELICANCONF, build_site
from pelican import signals
from pelican.settings import read_settings

from briefing.build.read_cache import StoredHTML


def read_items(tmp_path) -> list:
    items = []

    def collect(generator):
        items.extend(generator.articles)

    signals.article_generator_finalized.connect(collect)
    try:
        build_site(FIXTURES / "model", tmp_path / "output")
    finally:
        signals.article_generator_finalized.disconnect(collect)
    return items


def test_items_share_their_tags_and_the_sites_default_author(tmp_path):
    items = read_items(tmp_path)
    site_author = read_settings(PELICANCONF)["AUTHOR"]
    defaults = [item.author for item in items if item.author.name == site_author]
    assert len(defaults) > 1 and all(author is defaults[0] for author in defaults)
    assert all(item.authors == [item.author] for item in items if item.author.name == site_author)
    by_name = defaultdict(set)
    for item in items:
        for tag in item.tags:
            by_name[tag.name].add(id(tag))
    assert len(by_name) > 3 and all(len(ids) == 1 for ids in by_name.values())


def test_items_hold_their_html_as_handles_into_the_read_cache(tmp_path):
    items = read_items(tmp_path)
    assert items
    for item in items:
        for name in ("article_html", "notes_html", "feed_html"):
            assert isinstance(getattr(item, name), StoredHTML), (item.source_path, name)
    assert any("<p>" in str(item.article_html) for item in items)
