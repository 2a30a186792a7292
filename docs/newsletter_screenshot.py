"""Picture the sample site's e-mail edition for the README: docs/newsletter.png.

Makes the newsletter of the sample site's latest closed edition exactly as
``make newsletter`` does (into a temporary folder), opens its HTML part in
headless Chromium (Debian's, as the browser tests use: ``$CHROMIUM`` or
``/usr/bin/chromium``) 600 px wide in the light scheme, and saves the whole
message as a PNG.  Run it from the project folder after changing the
newsletter template or the sample content:

    .venv/bin/python docs/newsletter_screenshot.py [output.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from briefing.cli import main

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "docs" / "newsletter.png"
WIDTH = 600


def screenshot(target: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="briefing-newsletter-") as folder:
        if main(["newsletter", str(ROOT / "content"), "-s", str(ROOT / "publishconf.py"),
                 "--out", folder]) != 0:
            raise SystemExit("the newsletter could not be made (see above)")
        html = sorted(Path(folder).glob("*.html"))[-1]
        chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page(viewport={"width": WIDTH, "height": 900},
                                        color_scheme="light")
                page.goto(html.as_uri(), wait_until="load")
                page.screenshot(path=str(target), full_page=True)
            finally:
                browser.close()
    return target


if __name__ == "__main__":
    print(screenshot(Path(sys.argv[1]) if len(sys.argv) > 1 else PICTURE))
