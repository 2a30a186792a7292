"""Pelican filters every item of the site by each term's list when it
writes the term pages: every tag's, category's and author's list must
answer ``in`` at once, or the build grows with terms x items (the default
author holds them all)."""

from __future__ import annotations

from conftest import FIXTURES, build_site
from pelican.generators import ArticlesGenerator

from briefing.pelican.tags import ItemsOfTerm


def test_every_terms_items_answer_membership_at_once(tmp_path, monkeypatch):
    seen: dict[str, list] = {}
    write_pages = ArticlesGenerator.generate_pages

    def noting_term_lists(generator, writer):
        seen["tags"] = list(generator.tags.values())
        seen["categories"] = [items for _, items in generator.categories]
        seen["authors"] = [items for _, items in generator.authors]
        return write_pages(generator, writer)

    monkeypatch.setattr(ArticlesGenerator, "generate_pages", noting_term_lists)
    site = build_site(FIXTURES / "model", tmp_path / "output")
    assert site.report.ok, site.report.errors
    for kind, lists in seen.items():
        assert lists, kind
        assert all(isinstance(items, ItemsOfTerm) for items in lists), kind
    item = seen["authors"][0][0]
    assert item in seen["authors"][0] and object() not in seen["authors"][0]
