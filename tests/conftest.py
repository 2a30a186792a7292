"""Shared fixtures: build real sites from fixture content and read them back.

Sites are built in-process with the same code ``make check`` and
``make publish`` use (:func:`briefing.cli.build.build`), so every warning
and error a build logs is available to assert on.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import lxml.html
import pytest

from briefing.cli.build import BuildReport, build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"
SITEURL = "http://127.0.0.1:8000"


@dataclass
class Site:
    """A built site: its output folder and the build's report."""

    output: Path
    report: BuildReport

    def path(self, url: str) -> Path:
        """The file serving ``url`` (absolute or site-relative)."""
        relative = url.removeprefix(SITEURL).lstrip("/").split("#")[0]
        target = self.output / relative
        return target / "index.html" if relative == "" or relative.endswith("/") else target

    def page(self, url: str):
        return lxml.html.parse(str(self.path(url))).getroot()

    def feed(self, url: str):
        return feedparser.parse(self.path(url).read_bytes())

    def files(self) -> list[Path]:
        return sorted(p for p in self.output.rglob("*") if p.is_file())


def build_site(content: Path, output: Path, settings: str = "pelicanconf.py", **overrides) -> Site:
    """Build ``content`` with the project's settings into ``output``.

    The build's caches go beside ``output``: builds in one test folder share
    them (as an editor's successive builds do), tests never do.
    """
    report = build(str(ROOT / settings), output, {
        "PATH": str(content), "SITEURL": SITEURL, "THEME": str(ROOT / "theme"),
        "CACHE_PATH": str(output.parent / "cache"), **overrides})
    return Site(output, report)


def copy_fixture(name: str, destination: Path) -> Path:
    """A writable copy of fixture content ``name`` (for tests that edit files)."""
    target = destination / name
    shutil.copytree(FIXTURES / name, target)
    return target


@pytest.fixture(scope="session")
def model_site(tmp_path_factory) -> Site:
    """The edge-case fixture site, built once for every test that reads it."""
    return build_site(FIXTURES / "model", tmp_path_factory.mktemp("model") / "output")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    """The project's own sample content, built with the publish settings."""
    return build_site(ROOT / "content", tmp_path_factory.mktemp("sample") / "output",
                      settings="publishconf.py")


class StaticServer:
    """``folder`` over HTTP on a free local port, as a plain static host serves it
    (the standard library's server, in a thread)."""

    def __init__(self, folder: Path):
        handler = partial(_QuietHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
