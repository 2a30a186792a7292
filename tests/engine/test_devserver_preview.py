"""``make devserver`` serves a saved item's page before it rebuilds the rest of the site.

The devserver runs as ``make devserver`` runs it, on a free port, over a
synthetic archive large enough that its full build takes a while; items are
edited while it runs, and their pages fetched back over HTTP.  The terminal
says what each phase did, in order; after the last one the output is what
a clean build of the same content makes, byte for byte.
"""

from __future__ import annotations

import asyncio
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import lxml.html
from conftest import PELICANCONF, ROOT, copy_fixture, running_devserver
from test_editor_commands import fetch, free_port, wait_for
from tornado.websocket import websocket_connect

from briefing.pelican.build import build

sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate

ITEMS = 200  # enough for the full build to take longer than the first phase


def tree(folder) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def page_titled(output, title: str) -> str:
    """The address of the page whose heading is ``title``."""
    for path in output.rglob("index.html"):
        heading = lxml.html.parse(str(path)).getroot().find(".//article/header/h1")
        if heading is not None and heading.text_content() == title:
            return path.relative_to(output).parent.as_posix() + "/"
    raise AssertionError(title)


def clean_build(content, folder, port: int) -> dict[str, bytes]:
    """The files a clean build of ``content`` makes, as the devserver on ``port`` builds."""
    report = build(PELICANCONF, folder / "output", {
        "PATH": str(content.resolve()), "BRIEFING_LIVE_RELOAD": True,
        "SITEURL": f"http://127.0.0.1:{port}", "CACHE_PATH": str(folder / "cache")})
    assert report.ok, report.errors
    return tree(folder / "output")


def test_a_saved_items_page_comes_first_then_the_site_equals_a_clean_build(tmp_path):
    content = tmp_path / "content"
    generate(ITEMS, content)
    output, port = tmp_path / "output", free_port()
    log_path = tmp_path / "devserver.log"
    home = f"http://127.0.0.1:{port}/"

    def said() -> list[str]:
        return log_path.read_text("utf-8").splitlines()

    with running_devserver(content, output, port, log_path):
        wait_for(lambda: any(line.startswith("built: ") for line in said()), timeout=300)
        item = content / "000" / "item-000007.md"
        text = item.read_text("utf-8")
        title = text.splitlines()[0].removeprefix("Title: ")
        address = home + page_titled(output, title)
        marker = "Quillomere: a sentence saved while the devserver ran."
        item.write_text(text.replace("## Editor's notes\n\n", f"## Editor's notes\n\n{marker}\n\n"),
                        "utf-8")

        served = wait_for(lambda: (page := fetch(address)) and marker in page and page)
        # Served before the full build ended: the terminal has said phase 1 only.
        lines = said()
        assert "content/000/item-000007.md: its page again in" in "\n".join(lines)
        assert not any(line.startswith("the rest: ") for line in lines), lines
        assert marker in lxml.html.fromstring(served).cssselect("article")[0].text_content()
        # Saved while the full build runs: answered when it ends, and right.
        other = content / "000" / "item-000008.md"
        other_address = home + page_titled(output, other.read_text("utf-8").splitlines()[0]
                                           .removeprefix("Title: "))
        second = "Quillomere again: saved while the rest of the site was being built."
        other.write_text(other.read_text("utf-8").replace(
            "## Editor's notes\n\n", f"## Editor's notes\n\n{second}\n\n"), "utf-8")
        wait_for(lambda: sum(line.startswith("the rest: ") for line in said()) == 2,
                 timeout=120)
        assert fetch(address) == served  # the first phase showed what the build makes
        assert "content/000/item-000008.md: its page again in" in "\n".join(said())
        assert second in fetch(other_address)
        assert tree(output) == clean_build(content, tmp_path / "clean", port)

        # A new slug moves the page: no first phase, the full build alone.
        item.write_text(item.read_text("utf-8").replace(
            "Title: ", "Slug: quillomere-moved\nTitle: ", 1), "utf-8")
        moved = wait_for(lambda: any(line.startswith("rebuilt: ") for line in said()),
                         timeout=120) and said()
        assert any(line.endswith("content/000/item-000007.md: its Slug changed; rebuilding "
                                 "the site…") for line in moved), moved
        moved_to = address.rsplit("/", 2)[0] + "/quillomere-moved/"
        assert marker in wait_for(lambda: fetch(moved_to))

    # As a development build does, it leaves the old address's page behind.
    left_behind = address.removeprefix(home) + "index.html"
    assert tree(output) == {**clean_build(content, tmp_path / "clean-moved", port),
                            left_behind: (output / left_behind).read_bytes()}


def reloads_after(port: int, count: int, action) -> list[dict]:
    """The first ``count`` messages an open page's live-reload client gets after ``action()``."""
    async def listen() -> list[dict]:
        client = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await client.write_message(json.dumps({
            "command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        assert json.loads(await client.read_message())["command"] == "hello"
        await client.write_message(json.dumps({"command": "info",
                                               "url": f"http://127.0.0.1:{port}/"}))
        await asyncio.sleep(0.5)  # the server counts the page among those to reload
        action()
        messages = [json.loads(await asyncio.wait_for(client.read_message(), 60))
                    for _ in range(count)]
        client.close()
        return messages

    # In a thread of its own: an earlier test's client (the browser tests')
    # may have left an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, listen()).result()


def test_an_open_page_reloads_after_each_phase(tmp_path):
    content = copy_fixture("unpublished", tmp_path)
    output, port = tmp_path / "output", free_port()
    log_path = tmp_path / "devserver.log"
    item = content / "items" / "published_two.md"
    with running_devserver(content, output, port, log_path):
        wait_for(lambda: "built: " in log_path.read_text("utf-8"))
        messages = reloads_after(port, 2, lambda: item.write_text(item.read_text(
            "utf-8").replace("ports are slow", "ports are slower"), "utf-8"))
        assert [message["command"] for message in messages] == ["reload", "reload"]
        said = log_path.read_text("utf-8")
        assert said.index(": its page again in") < said.index("\nthe rest: ")
