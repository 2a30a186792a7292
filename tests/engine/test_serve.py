"""``briefing serve`` (``make serve``) answers as the site's hosts do:
the 404 page, compressed copies, the ``_headers`` and ``_redirects`` rules."""

from __future__ import annotations

import gzip
import http.client
import shutil
import threading

import brotli
import pytest
from conftest import FIXTURES, PUBLISHCONF

from briefing.cli import main
from briefing.serve.server import make_server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A small public build, with a _redirects file, served on a free port."""
    folder = tmp_path_factory.mktemp("served")
    content = folder / "content"
    content.mkdir()
    shutil.copy(FIXTURES / "model" / "items" / "with_notes_and_annotation.md", content)
    output = folder / "output"
    assert main(["publish", str(content), "-s", PUBLISHCONF,
                 "-o", str(output), "--wait", "0"]) == 0
    (output / "_redirects").write_text(
        "# moved addresses\n/old-home /  301\n/temporary /tags/ 302\n/gone/ /  410\n"
        "/moved/* /tags/:splat 301\n/feeds/all.atom.xml /elsewhere 301\n"
        "/index.html /forced 302!\n", "utf-8")
    server = make_server(output, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield output, server.server_address[1]
    server.shutdown()
    server.server_close()


def fetch(served, path: str, method: str = "GET", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", served[1], timeout=10)
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_a_missing_path_gets_the_404_page_with_status_404(served):
    response, body = fetch(served, "/no/such/page/")
    assert response.status == 404
    assert body == (served[0] / "404.html").read_bytes()
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"


def test_pages_and_folders_are_served_and_a_folder_without_its_slash_redirects(served):
    response, body = fetch(served, "/")
    assert response.status == 200 and body == (served[0] / "index.html").read_bytes()
    response, _ = fetch(served, "/tags")
    assert response.status == 301 and response.getheader("Location") == "/tags/"
    assert fetch(served, "/", "HEAD")[1] == b""


def test_nothing_outside_the_site_nor_its_host_files_is_served(served):
    assert fetch(served, "/../../etc/passwd")[0].status == 404
    assert fetch(served, "/%2e%2e/%2e%2e/etc/passwd")[0].status == 404
    assert fetch(served, "/_headers")[0].status == 404


def test_compressed_copies_are_sent_to_browsers_that_accept_them(served):
    page = (served[0] / "index.html").read_bytes()
    response, body = fetch(served, "/", **{"Accept-Encoding": "gzip, br"})
    assert response.getheader("Content-Encoding") == "br"
    assert brotli.decompress(body) == page
    response, body = fetch(served, "/", **{"Accept-Encoding": "gzip, br;q=0"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == page
    response, body = fetch(served, "/")
    assert response.getheader("Content-Encoding") is None and body == page
    assert response.getheader("Vary") == "Accept-Encoding"


def test_the_headers_file_rules_are_applied(served):
    response, _ = fetch(served, "/")
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Frame-Options") == "DENY"
    response, _ = fetch(served, "/feeds/all.rss.xml")
    assert response.getheader("Content-Type").startswith("application/rss+xml")
    assert response.getheader("Cache-Control") == "public, max-age=300"


def test_the_redirects_file_is_applied(served):
    assert fetch(served, "/old-home")[0].getheader("Location") == "/"
    response, _ = fetch(served, "/temporary")
    assert response.status == 302 and response.getheader("Location") == "/tags/"
    response, _ = fetch(served, "/moved/europe/")
    assert response.status == 301 and response.getheader("Location") == "/tags/europe/"
    for path in ("/gone/", "/gone"):
        response, body = fetch(served, path)
        assert response.status == 410 and body == (served[0] / "404.html").read_bytes()
    # A file at the address wins over a rule, unless the rule is forced with "!".
    assert fetch(served, "/feeds/all.atom.xml")[0].status == 200
    response, _ = fetch(served, "/index.html")
    assert response.status == 302 and response.getheader("Location") == "/forced"


def test_make_serve_runs_briefing_serve():
    from test_editor_commands import make

    command = make("-n", "serve", "PORT=8123", "HOST=0.0.0.0")
    assert "briefing\" serve -o " in command and "--host '0.0.0.0' --port '8123'" in command
    assert "pelican" not in command
