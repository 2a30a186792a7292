"""The e-mail edition's HTML part in headless Chromium, at a phone's and at its own width.

The sample site's newsletter (its latest closed edition), served beside the
sample site: nothing wider than the window, axe-core no serious or critical
violation in light and dark, nothing loaded but the document itself, and
the dark scheme really dark.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from briefing.cli import main

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
WIDER_THAN_WINDOW = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map(e => e.tagName + '.' + e.className)"""


@pytest.fixture(scope="module")
def newsletter_url(served_site):
    out = served_site.output / "newsletter"
    assert main(["newsletter", str(ROOT / "content"), "-s", str(ROOT / "publishconf.py"),
                 "--out", str(out)]) == 0
    latest = sorted(out.glob("*.html"))[-1]
    return served_site.url(f"newsletter/{latest.name}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 600])
def test_newsletter_fits_the_window_and_axe_finds_no_serious_violation(
        newsletter_url, open_page, axe_js, width, scheme):
    page, _ = open_page(newsletter_url, width, scheme, init_script=axe_js)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(WIDER_THAN_WINDOW) == []
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    blocking = [f"{v['impact']}: {v['id']}: {v['help']}" for v in results["violations"]
                if v["impact"] in BLOCKING]
    assert blocking == []
    # Nothing but the document: no image, font or stylesheet from anywhere.
    # (Chromium asks a web server for /favicon.ico by itself; no mail client
    # does, and its 404 is the one console error here.)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in loaded if not url.endswith("/favicon.ico")] == []


def test_the_sheet_is_600_px_wide_on_a_wide_screen_and_dark_in_dark_mode(
        newsletter_url, open_page):
    page, _ = open_page(newsletter_url, 1024, "dark")
    box = page.locator("table.sheet").bounding_box()
    assert box["width"] == 600
    colours = page.evaluate("""() => ['table.sheet', 'h1'].map(
        s => getComputedStyle(document.querySelector(s)))
        .map(c => [c.backgroundColor, c.color])""")
    assert colours[0][0] == "rgb(28, 28, 31)"  # the sheet, dark
    assert colours[1][1] == "rgb(230, 230, 232)"  # the headline, light on it
    light, _ = open_page(newsletter_url, 1024, "light")
    assert light.evaluate(
        "getComputedStyle(document.querySelector('table.sheet')).backgroundColor"
    ) == "rgb(253, 253, 252)"
