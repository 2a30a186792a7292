"""The sample site served over HTTP, headless Chromium and the checkers' files.

Every test here is marked ``browser`` and needs tools outside the venv:

==========  ==========================================  ==============================
tool        found at                                    installed by
==========  ==========================================  ==============================
Chromium    ``$CHROMIUM``, else ``/usr/bin/chromium``   apt-get: ``chromium``
Java 17+    ``java`` on ``PATH``                        apt-get: ``openjdk-17-jre-headless``
vnu.jar     ``$VNU_JAR``, else ``$BRIEFING_TOOLS_DIR``  npm: ``vnu-jar``
axe.min.js  ``$AXE_JS``, else ``$BRIEFING_TOOLS_DIR``   npm: ``axe-core``
playwright  the venv (``requirements/test.txt``)        ``make venv``
==========  ==========================================  ==============================

``.ci/install-test-tools`` (which ``.ci/run`` calls) installs them all; the
npm packages go to ``BRIEFING_TOOLS_DIR``, by default
``~/.cache/briefing-test-tools``.  A missing tool fails its
tests with what to install; ``BRIEFING_SKIP_BROWSER=1`` skips them instead,
except in CI (``CI=true``), where they always run.

Playwright drives Debian's Chromium (``executable_path``; it never downloads
a browser) with a fresh temporary profile of its own per launch.  The site
is built for, and served by, an ``http.server`` on 127.0.0.1 and a free port
that the session fixture starts and stops.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import FIXTURES, build_site

VNU_VERSION = "26.9.27"
AXE_VERSION = "4.14.1"
TOOLS_DIR = Path(os.environ.get("BRIEFING_TOOLS_DIR")
                 or Path.home() / ".cache" / "briefing-test-tools")
INSTALL_NPM = ("bash .ci/install-test-tools (or: npm install --prefix "
               f"{TOOLS_DIR} vnu-jar@{VNU_VERSION} axe-core@{AXE_VERSION})")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
#: How long any one browser step may take, in milliseconds.
STEP_TIMEOUT = 30_000
#: The served sample site's search shards hold at most this many items (five shards).
SMALL_SHARDS = 4


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1")


def skip_requested() -> bool:
    return os.environ.get("BRIEFING_SKIP_BROWSER") == "1" and not in_ci()


def missing(tool: str, how: str):
    pytest.fail(f"{tool} is missing: {how}. Set BRIEFING_SKIP_BROWSER=1 to skip the "
                "browser tests outside CI.", pytrace=False)


def tool_file(variable: str, default: Path, tool: str) -> str:
    path = Path(os.environ.get(variable) or default)
    if not path.is_file():
        missing(tool, f"no file at {path} (set {variable}, or install it: {INSTALL_NPM})")
    return str(path)


def pytest_runtest_setup(item):
    """Skip before any fixture builds a site or starts a browser."""
    if skip_requested():
        pytest.skip("BRIEFING_SKIP_BROWSER=1")


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    if not java:
        missing("Java", "apt-get install openjdk-17-jre-headless")
    jar = tool_file("VNU_JAR", TOOLS_DIR / "node_modules/vnu-jar/build/dist/vnu.jar",
                    "The Nu HTML Checker (vnu.jar)")
    return [java, "-jar", jar]


@pytest.fixture(scope="session")
def axe_js() -> str:
    return tool_file("AXE_JS", TOOLS_DIR / "node_modules/axe-core/axe.min.js",
                     "axe-core (axe.min.js)")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class ServedSite:
    base: str  # http://127.0.0.1:PORT, the SITEURL the site was built for
    output: Path

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"


@contextlib.contextmanager
def serve(content: Path, output: Path, settings: str = "publishconf.py", **overrides):
    """``content`` built into ``output`` for a free local port, and served there."""
    output.mkdir()
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = build_site(content, output, settings=settings, SITEURL=base, **overrides)
    assert site.report.errors == []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        yield ServedSite(base, output)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The fixture briefing (fixtures/content/briefing) built for a free local
    port, and served there.

    Its search index comes in shards of at most four items, so every search
    test also tests that the search page merges the shards.
    """
    with serve(FIXTURES / "briefing", tmp_path_factory.mktemp("served") / "output",
               BRIEFING_SEARCH_SHARD_ITEMS=SMALL_SHARDS) as site:
        yield site


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        missing("Chromium", f"no browser at {chromium} (apt-get install chromium, or set "
                "CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python", "make venv (requirements/test.txt pins it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True,
                                              args=CHROMIUM_FLAGS, timeout=60_000)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def open_page(browser):
    """open_page(url, width, scheme="light", init_script=None) -> (page, console errors)."""
    contexts = []

    def opener(url: str, width: int, scheme: str = "light", init_script: str | None = None):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=scheme)
        context.set_default_timeout(STEP_TIMEOUT)
        contexts.append(context)
        if init_script:
            # Runs before the page's own code and outside its Content-Security-Policy,
            # which (rightly) refuses any inline script.
            context.add_init_script(path=init_script)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, url
        return page, errors

    yield opener
    for context in contexts:
        context.close()
