"""This repository's own site: its content (content/) with its own settings.

The tests in this folder check the sample and demo site, that it reads like
a real briefing; every other test checks the engine with fixture content.
A site of an editor's own in this repository's place fails these and
nothing else: delete this folder with the sample content.
"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT, SITEURL, Site

from briefing.pelican.build import build


@pytest.fixture(scope="session")
def this_site(tmp_path_factory) -> Site:
    """content/ built with publishconf.py, as ``make publish`` builds it."""
    # publishconf.py imports pelicanconf by name: not another site's, read earlier.
    sys.modules.pop("pelicanconf", None)
    output = tmp_path_factory.mktemp("this-site") / "output"
    report = build(str(ROOT / "publishconf.py"), output, {
        "PATH": str(ROOT / "content"), "SITEURL": SITEURL,
        "CACHE_PATH": str(output.parent / "cache")})
    return Site(output, report)
