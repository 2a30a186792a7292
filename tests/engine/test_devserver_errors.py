"""``make devserver`` shows the last build's errors on every page it serves.

The devserver runs as ``make devserver`` runs it, on a free port; an item
is broken and mended while it runs, and its pages are fetched back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
from conftest import FIXTURES, running_devserver
from test_editor_commands import fetch, free_port, wait_for

from briefing.cli.dev_pages import DevPages


def banner_of(page: str | None) -> list[str]:
    """The problems a served page's banner lists (empty: no banner)."""
    if not page:
        return []
    root = lxml.html.fromstring(page)
    return [item.text_content() for item in root.cssselect(".build-problems li")]


def test_errors_show_on_every_page_until_the_next_good_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "unpublished", content)
    output, port = tmp_path / "output", free_port()
    home = f"http://127.0.0.1:{port}/"
    item_page = home + "2026/11/21/harbour-cranes-stand-still/"
    with running_devserver(content, output, port, tmp_path / "devserver.log"):
        assert "Harbour cranes stand still" in wait_for(lambda: fetch(item_page))
        assert banner_of(fetch(home)) == []
        item = content / "items" / "published_two.md"
        good = item.read_text("utf-8")
        item.write_text(good.replace("Date: 2026-11-21 09:00", "Date: 21/11/2026"), "utf-8")
        problem = ("items/published_two.md:2: Date: is not a date: use 'YYYY-MM-DD HH:MM' or "
                   "ISO 8601 with an offset (got '21/11/2026')")
        shown = wait_for(lambda: banner_of(fetch(home)))
        assert len(shown) == 1 and shown[0].endswith(problem)
        # The item is not built now: its page from the last build is stale, and says so.
        stale = fetch(item_page)
        assert "Harbour cranes stand still" in stale
        assert banner_of(stale) == shown
        assert banner_of(fetch(home + "tags/")) == shown
        item.write_text(good, "utf-8")
        wait_for(lambda: (page := fetch(home)) and not banner_of(page))
        assert banner_of(fetch(item_page)) == []


def call(app: DevPages, path: str) -> tuple[str, dict, bytes]:
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return answer["status"], answer["headers"], body


def test_the_banner_escapes_what_it_lists_and_is_on_html_only(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<html><body class='x'><p>Page</p></body>",
                                               "utf-8")
    (tmp_path / "style.css").write_text("p {}", "utf-8")
    app = DevPages(tmp_path)
    assert call(app, "/a/")[2] == b"<html><body class='x'><p>Page</p></body>"
    app.problems = ["content/x.md:1: Title: <script>alert(1)</script>"]
    status, headers, body = call(app, "/a/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.startswith(b"<html><body class='x'><section class=\"build-problems\"")
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in body and b"<script>" not in body
    assert call(app, "/style.css")[2] == b"p {}"
    assert call(app, "/a")[0].startswith("301")
    assert call(app, "/../" + Path(tmp_path).name + "/a/index.html")[0] == "200 OK"
    assert call(app, "/../../etc/passwd")[0] == "404 Not Found"
    assert call(app, "/missing/")[0] == "404 Not Found"
