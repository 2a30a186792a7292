"""Shared fixtures: build real sites from fixture content and read them back.

Sites are built in-process with the same code ``make check`` and
``make publish`` use (:func:`briefing.pelican.build.build`), so every warning
and error a build logs is available to assert on.

These are tests of the engine: they build fixture content
(``tests/fixtures/content``) with fixture settings (``tests/fixtures/
pelicanconf.py`` and ``publishconf.py``), never this repository's own site,
so a site of an editor's own in its place leaves them passing.  Tests of
the repository's site itself (its content reads like a real briefing) are
in ``tests/sample/``.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import lxml.html
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from briefing.pelican.build import BuildReport, build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"
#: The engine tests' settings files.
FIXTURE_SETTINGS = Path(__file__).resolve().parent / "fixtures"
PELICANCONF = str(FIXTURE_SETTINGS / "pelicanconf.py")
PUBLISHCONF = str(FIXTURE_SETTINGS / "publishconf.py")
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
    """Build ``content`` with the fixture settings (``settings``: a file in FIXTURE_SETTINGS).

    The build's caches go beside ``output``: builds in one test folder share
    them (as an editor's successive builds do), tests never do.
    """
    report = build(str(FIXTURE_SETTINGS / settings), output, {
        "PATH": str(content), "SITEURL": SITEURL, "THEME": str(ROOT / "theme"),
        "CACHE_PATH": str(output.parent / "cache"), **overrides})
    return Site(output, report)


def settings_based_on(name: str) -> str:
    """Python for a settings file that starts from fixture settings file ``name``.

    Loaded by path: Pelican keeps the last settings file it read as a
    module of that file's name, which ``from publishconf import *`` would
    find instead.
    """
    return ("import importlib.util\n"
            f"_spec = importlib.util.spec_from_file_location('_base', "
            f"{str(FIXTURE_SETTINGS / name)!r})\n"
            "_base = importlib.util.module_from_spec(_spec)\n"
            "_spec.loader.exec_module(_base)\n"
            "globals().update({k: v for k, v in vars(_base).items() if k.isupper()})\n")


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
    """A realistic briefing (fixtures/content/briefing: the demo content as it was
    when these tests were written), built with the publish settings."""
    return build_site(FIXTURES / "briefing", tmp_path_factory.mktemp("sample") / "output",
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

def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, valid today, and its key:
    (certificate, key) files, for the tests' local HTTPS and SMTP-over-TLS servers."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "briefing test server")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@contextmanager
def running_devserver(content: Path, output: Path, port: int, log_path: Path):
    """``briefing devserver`` on the fixture settings, serving 127.0.0.1:``port``,
    its output written to ``log_path``; stopped (killed if it will not stop)
    when the block ends."""
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "briefing.cli", "devserver", str(content), "-s", PELICANCONF,
             "-o", str(output), "--host", "127.0.0.1", "--port", str(port)],
            cwd=output.parent, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
