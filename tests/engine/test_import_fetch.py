"""``briefing import --url``: a page fetched over HTTPS, within limits.

A local HTTPS server on a free port serves the saved pages of
``tests/fixtures/pages/``, redirects, errors, a slow answer, a trickle, an
oversized body and a PDF.  Its certificate, made for 127.0.0.1 by the tests,
is trusted through ``SSL_CERT_FILE`` (the standard OpenSSL variable), so the
importer's rule stays the user's rule: https:// only, certificates checked.
Nothing leaves the machine.
"""

from __future__ import annotations

import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from conftest import ROOT, self_signed_certificate
from test_importer import body_paragraphs, run_import, site, site_settings, written

from briefing.importing.fetch import USER_AGENT, FetchError, fetch

PAGES = ROOT / "tests" / "fixtures" / "pages"
__all__ = ["site"]  # test_importer's fixture (an empty content folder), used here too
TIMEOUT = 1.0
MAX_BYTES = 100_000
ARTICLE = (PAGES / "news_site.html").read_bytes()
BIG = b"<html><body>" + b"<p>word </p>" * (MAX_BYTES // 10) + b"</body></html>"
EXPECTED = [block.strip() for block in (PAGES / "expected" / "news_site.txt")
            .read_text("utf-8").split("\n\n") if block.strip()]




class Handler(BaseHTTPRequestHandler):
    """The routes the tests ask for; every request's User-Agent is kept."""

    agents: ClassVar[list[str]] = []

    def log_message(self, *args):  # quiet
        pass

    def send(self, code: int, body: bytes = b"", kind: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Handler.agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/article?utm_source=newsletter":
            self.send(200, ARTICLE)
        elif path == "/chinese":
            self.send(200, (PAGES / "chinese.html").read_bytes(), "text/html; charset=gb18030")
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/article?utm_source=newsletter" if left == 0 else f"/hops/{left - 1}"
            self.send(302, headers={"Location": target})
        elif path == "/loop":
            self.send(301, headers={"Location": "/loop"})
        elif path == "/to-http":
            port = self.server.server_address[1]
            self.send(302, headers={"Location": f"http://127.0.0.1:{port}/article"})
        elif path in ("/missing", "/broken"):
            self.send(404 if path == "/missing" else 500, b"<html><p>error</p></html>")
        elif path == "/slow":
            time.sleep(TIMEOUT * 3)
            self.send(200, ARTICLE)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(int(TIMEOUT * 10)):
                self.wfile.write(b"<p>" + b"x" * 200 + b"</p>\n")
                self.wfile.flush()
                time.sleep(0.25)
        elif path == "/big":
            self.send(200, BIG)
        elif path == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(MAX_BYTES // 1000 + 5):
                self.wfile.write(b"<p>" + b"y" * 993 + b"</p>\n")
        elif path == "/report.pdf":
            self.send(200, b"%PDF-1.7\n", "application/pdf")
        else:
            self.send(404)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """The importer hangs up on purpose (a slow or oversized page): no traceback."""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The local HTTPS server's base address, its certificate trusted for the test."""
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = self_signed_certificate(folder)
    httpd = Server(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert_file
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server, monkeypatch):
    url, cert_file = server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    for proxy in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)  # the local server is asked directly
    Handler.agents.clear()
    return url


@pytest.fixture
def settings(tmp_path):
    return site_settings(tmp_path, f"BRIEFING_IMPORT_TIMEOUT = {TIMEOUT}\n"
                                   f"BRIEFING_IMPORT_MAX_BYTES = {MAX_BYTES}")


def import_url(capsys, site, settings, url, *extra):
    return run_import(capsys, site, "--url", url, "--tags", "Ports", *extra, settings=settings)


def test_a_page_fetched_over_https_becomes_the_item(capsys, site, settings, base):
    code, _, err = import_url(capsys, site, settings, f"{base}/hops/2")
    assert code == 0, err
    [item] = written(site)
    assert body_paragraphs(item) == EXPECTED
    text = item.read_text("utf-8")
    assert "Source: The Northern Ledger\n" in text
    assert ("Source_URL: https://www.northernledger.example/2026/11/harbourton-dock-strike\n"
            in text)  # the page's canonical address, its tracking parameters removed
    assert "Source_Date: 2026-11-25\nSource_Author: Jane Doe\n" in text
    assert Handler.agents == [USER_AGENT] * 4  # three redirects, then the page
    assert USER_AGENT.startswith("Briefing/")


def test_the_page_is_decoded_in_the_charset_its_server_names(capsys, site, settings, base):
    code, _, err = import_url(capsys, site, settings, f"{base}/chinese")
    assert code == 0, err
    expected = (PAGES / "expected" / "chinese.txt").read_text("utf-8")
    assert body_paragraphs(written(site)[0]) == [
        block.strip() for block in expected.split("\n\n") if block.strip()]


@pytest.mark.parametrize(("path", "message"), [
    ("/missing", "/missing: the server answered 404 Not Found"),
    ("/broken", "/broken: the server answered 500 Internal Server Error"),
    ("/loop", "/loop: more than 5 redirects, or a redirect loop"),
    ("/hops/6", "/hops/6: more than 5 redirects, or a redirect loop"),
    ("/to-http", "/to-http: redirected to http://127.0.0.1:"),
    ("/slow", f"/slow: no answer within {TIMEOUT:g} seconds"),
    ("/trickle", f"/trickle: no answer within {TIMEOUT:g} seconds"),
    ("/big", f"/big: the page is larger than the limit ({len(BIG):,} bytes > {MAX_BYTES:,})"),
    ("/big-unannounced", f"/big-unannounced: the page is larger than the limit "
                         f"({MAX_BYTES:,} bytes)"),
    ("/report.pdf", "/report.pdf: not a web page (Content-Type: application/pdf)"),
])
def test_a_page_that_cannot_be_imported_is_one_clear_line(capsys, site, settings, base,
                                                           path, message):
    started = time.monotonic()
    code, out, err = import_url(capsys, site, settings, base + path)
    assert code == 1
    [line] = err.strip().split("\n")
    assert line.startswith("import stopped: https://127.0.0.1:") and message in line
    assert line.endswith("; nothing written")
    assert written(site) == [] and out == ""
    assert time.monotonic() - started < TIMEOUT * 3 + 2


def test_only_https_addresses_are_fetched(capsys, site, settings, base):
    http = base.replace("https://", "http://") + "/article?utm_source=newsletter"
    code, _, err = import_url(capsys, site, settings, http)
    assert code == 1
    assert f"URL: must be an https:// address (got '{http}')" in err
    assert Handler.agents == []


def test_an_untrusted_certificate_is_refused(server, monkeypatch, tmp_path):
    other, _ = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    with pytest.raises(FetchError, match="no secure connection: CERTIFICATE_VERIFY_FAILED"):
        fetch(f"{server[0]}/article?utm_source=newsletter", timeout=TIMEOUT)


def test_an_unreachable_address_is_one_clear_line(capsys, site, settings, base):
    code, _, err = import_url(capsys, site, settings, "https://127.0.0.1:1/article")
    assert code == 1
    assert "https://127.0.0.1:1/article: cannot reach it:" in err
    assert written(site) == []


@pytest.mark.parametrize("setting", ["BRIEFING_IMPORT_TIMEOUT = '20s'",
                                     "BRIEFING_IMPORT_MAX_BYTES = 0"])
def test_an_impossible_limit_names_its_setting(capsys, site, tmp_path, base, setting):
    code, _, err = import_url(capsys, site, site_settings(tmp_path, setting),
                              f"{base}/article?utm_source=newsletter")
    name, _, value = setting.partition(" = ")
    assert code == 1 and f"{name}: must be a positive number (got {value})" in err
    assert Handler.agents == [] and written(site) == []
