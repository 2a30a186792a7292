"""The engine's tests never read this repository's own site: only tests/sample/ may.

So that an editor who replaces content/, pelicanconf.py and publishconf.py
with a site of their own (``briefing init``) still has a passing engine
suite.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

TESTS = ROOT / "tests"
THE_SITE = re.compile(r'ROOT / "(content|pelicanconf\.py|publishconf\.py)"'
                      r"|sys\.path\.\w+\(\d*,? ?\{?str\(ROOT\)")


@pytest.mark.parametrize("path", sorted(
    path.relative_to(TESTS).as_posix() for path in TESTS.rglob("*.py")
    if "sample" not in path.relative_to(TESTS).parts and path.name != __name__ + ".py"))
def test_an_engine_test_reads_no_part_of_the_site(path):
    assert not THE_SITE.search((TESTS / path).read_text("utf-8")), path


def test_the_pattern_finds_a_reference_to_the_site():
    assert THE_SITE.search('build(str(ROOT / "pelicanconf.py"))')
    assert THE_SITE.search('copytree(ROOT / "content", target)')
