"""Slugs derived from titles: ASCII, hyphenated, never too long for a folder."""

from __future__ import annotations

import pytest

from briefing.pelican.slugs import MAX_SLUG_LENGTH, slug_from_title

SUBSTITUTIONS = [(r"'", ""), (r"[^a-z0-9]+", "-"), (r"^-+|-+$", "")]


@pytest.mark.parametrize(("title", "slug"), [
    ("Editor's notes: AI/ML & the EU", "editors-notes-ai-ml-the-eu"),
    ("中国商务部", "zhong-guo-shang-wu-bu"),
    ("한국 반도체", "hangug-bandoce"),
    ("?!", "item"),
])
def test_title_becomes_an_ascii_slug(title, slug):
    assert slug_from_title(title, SUBSTITUTIONS) == slug


def test_long_title_is_cut_at_a_word_before_the_limit():
    slug = slug_from_title("Quite long headline words " * 20, SUBSTITUTIONS)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug.endswith(("quite", "long", "headline", "words"))
    assert not slug.endswith("-")


def test_one_endless_word_is_cut_at_the_limit():
    assert slug_from_title("x" * 300, SUBSTITUTIONS) == "x" * MAX_SLUG_LENGTH
