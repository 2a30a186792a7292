"""Every address the site ever published keeps working, across publishes.

A small site is published three times with ``briefing publish --ledger``,
its items retitled, re-slugged, re-dated, moved to another folder, retagged,
filed under another category and removed in between.  Then every item, tag
and category address any of the publishes served is requested from a local
HTTP server (the standard library's, on a free port) over the last output:
each answers, after following the redirect page's ``<meta http-equiv=
"refresh">``, with a real page, or says the item was withdrawn; and the
``_redirects`` file sends each old address to a page that answers 200.
Every other page and feed those publishes served (editions, archives, term
feeds) answers too: a feed parses, at its old address as well.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import feedparser
import lxml.html
import pytest
from conftest import PELICANCONF, PUBLISHCONF, StaticServer

from briefing.cli import main
from briefing.serve import address_ledger
from briefing.serve.redirect_files import MARK, read_redirects

SITEURL = "http://127.0.0.1:8000"
#: The addresses in scope: item pages, tag and category pages.
KEPT = re.compile(r"^(\d{4}/\d{2}/\d{2}/[^/]+|tags/[^/]+|categories/[^/]+)/$")


def write_item(content: Path, name: str, title: str, date: str, tags: str = "Grain",
               extra: str = "") -> Path:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Title: {title}\nDate: {date}\nTags: {tags}\nSource: Harbour Gazette\n"
        f"Source_URL: https://harbour-gazette.example/{Path(name).stem}\n{extra}\n"
        "The article text.\n\n## Editor's notes\n\nOur notes.\n", encoding="utf-8")
    return path


def publish(content: Path, output: Path, ledger: Path, capsys) -> str:
    code = main(["publish", str(content), "-s", PUBLISHCONF, "-o", str(output),
                 "--siteurl", SITEURL, "--ledger", str(ledger)])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def served(output: Path) -> set[str]:
    """Every page and feed a publish served: redirect pages aside, feeds kept at old
    addresses included (they are feeds a reader can still subscribe to)."""
    found = {page.parent.relative_to(output).as_posix().removeprefix(".") + "/"
             for page in output.rglob("index.html") if MARK not in page.read_text("utf-8")}
    found = {path.removeprefix("/") for path in found}
    return found | {feed.relative_to(output).as_posix() for feed in (output / "feeds").rglob("*")
                    if feed.suffix in (".xml", ".json")}


def assert_answers(server: Server, path: str) -> str:
    """Request ``path`` as a reader would: a page after its meta refreshes, a feed
    parsed (feedparser; a JSON Feed as JSON); the body."""
    if not path.endswith((".xml", ".json")):
        status, final, body = server.follow(path)
        assert status == 200, path
        assert "Withdrawn" in body or MARK not in body, (path, final)
        return body
    status, body = server.get(path)
    assert status == 200, path
    if path.endswith(".json"):  # feedparser 6 reads no JSON Feed
        assert json.loads(body)["version"].startswith("https://jsonfeed.org/"), path
        return body
    feed = feedparser.parse(body.encode("utf-8"))
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    assert feed.feed.get("title"), path
    return body


def published_addresses(output: Path) -> set[str]:
    """The item, tag and category pages a publish served (its redirect pages aside)."""
    found = set()
    for page in output.rglob("index.html"):
        path = page.parent.relative_to(output).as_posix() + "/"
        if KEPT.match(path) and MARK not in page.read_text("utf-8"):
            found.add(path)
    return found


class Publisher:
    """A site's folder, published again and again; every address it ever served."""

    def __init__(self, folder: Path, capsys):
        self.content, self.output = folder / "content", folder / "output"
        self.ledger = folder / "published-addresses.txt"
        self.capsys = capsys
        self.ever: set[str] = set()
        self.everything: set[str] = set()  # ever, and every other page and feed
        self.printed: list[str] = []

    def publish(self) -> None:
        self.printed.append(publish(self.content, self.output, self.ledger, self.capsys))
        self.ever |= published_addresses(self.output)
        self.everything |= served(self.output)


@pytest.fixture
def site(tmp_path, capsys):
    """A site published three times, with every kind of change in between."""
    site = Publisher(tmp_path, capsys)
    content = site.content
    write_item(content, "alpha.md", "Alpha one", "2026-11-20 09:00")
    write_item(content, "bravo.md", "Bravo", "2026-11-20 10:00", extra="Slug: bravo\n")
    write_item(content, "charlie.md", "Charlie", "2026-11-20 11:00")
    write_item(content, "delta.md", "Delta", "2026-11-20 12:00", extra="Category: Economy\n")
    write_item(content, "echo.md", "Echo", "2026-11-20 13:00", tags="Ports")
    write_item(content, "foxtrot.md", "Foxtrot", "2026-11-20 14:00")
    write_item(content, "golf.md", "Golf", "2026-11-20 15:00",
               extra=f"Aliases: /old/golf/, {SITEURL}/2019/01/01/golf.html\n")
    write_item(content, "draft.md", "Hotel draft", "2026-11-20 16:00", extra="Status: draft\n")
    site.publish()

    write_item(content, "alpha.md", "Alpha two", "2026-11-20 09:00")           # retitle
    write_item(content, "bravo.md", "Bravo", "2026-11-20 10:00",
               extra="Slug: bravo-renamed\n")                                  # re-slug
    write_item(content, "charlie.md", "Charlie", "2026-11-21 11:00")           # re-date
    (content / "delta.md").unlink()                                            # move, and
    write_item(content, "economy-desk/delta.md", "Delta", "2026-11-20 12:00",
               extra="Category: Trade\n")                                      # refile
    write_item(content, "echo.md", "Echo", "2026-11-20 13:00", tags="Harbours")  # retag
    (content / "foxtrot.md").unlink()                                          # remove
    site.publish()

    write_item(content, "alpha.md", "Alpha three", "2026-11-20 09:00")         # retitle again
    site.publish()
    return site


class Server(StaticServer):
    """The output folder served; requests that follow the redirect pages."""

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urlopen(self.url(path), timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except HTTPError as error:
            return error.code, ""

    def follow(self, path: str) -> tuple[int, str, str]:
        """Request ``path``, following meta refreshes; the last status, path and body."""
        for _ in range(5):
            status, body = self.get(path)
            refresh = lxml.html.fromstring(body).xpath(
                '//meta[@http-equiv="refresh"]/@content') if status == 200 else []
            if not refresh:
                return status, path, body
            target = urljoin(f"{SITEURL}/{path}", refresh[0].split("url=", 1)[1])
            assert target.startswith(SITEURL), target
            path = urlsplit(target).path.lstrip("/")
        raise AssertionError(f"{path}: more than five redirects")


def test_every_address_ever_published_answers_after_its_redirect(site):
    assert len(site.ever) >= 14  # 7 items, several of them at 2 or 3 addresses, tags, categories
    live = published_addresses(site.output)
    with Server(site.output) as server:
        for path in sorted(site.ever):
            status, final, body = server.follow(path)
            assert status == 200, path
            # A tag or category no item has any more leads to the index of them all.
            assert final in live | {"tags/", "categories/"} or "Withdrawn" in body, (path, final)
            if path in live:
                assert final == path  # a live page is never redirected
    # The item retitled twice: its first address goes straight to its newest.
    redirect = (site.output / "2026/11/20/alpha-one/index.html").read_text()
    assert f'content="0; url={SITEURL}/2026/11/20/alpha-three/"' in redirect
    assert f'<link rel="canonical" href="{SITEURL}/2026/11/20/alpha-three/">' in redirect
    assert '<meta name="robots" content="noindex">' in redirect
    withdrawn = (site.output / "2026/11/20/foxtrot/index.html").read_text()
    assert "withdrawn" in withdrawn and "http-equiv" not in withdrawn
    # Moving a file to another folder changes no address.
    assert "2026/11/20/delta/" in live
    # A web server (nginx as www-data) may read the published folder.
    assert site.output.stat().st_mode & 0o777 == 0o755


def test_every_page_and_feed_ever_published_answers_after_the_edits(site):
    """Editions, month archives, list pages and term feeds too, not only items and terms."""
    former = {entry.path for entry in address_ledger.read(site.ledger.read_text())
              if entry.state == address_ledger.FORMER}
    assert {"feeds/tags/ports.atom.xml", "feeds/categories/economy.rss.xml"} <= \
        site.everything & former
    with Server(site.output) as server:
        for path in sorted(site.everything):
            assert_answers(server, path)
    ports = feedparser.parse((site.output / "feeds/tags/ports.atom.xml").read_bytes())
    assert ports.entries == []  # retagged: the old tag's feed goes quiet, valid


def test_the_redirects_file_sends_every_old_address_to_a_page(site):
    rules = read_redirects((site.output / "_redirects").read_text())
    live = published_addresses(site.output)
    sources = {source.lstrip("/") for source, _, _ in rules}
    assert site.ever - live <= sources  # every address no longer served has a rule
    assert {"old/golf/", "2019/01/01/golf.html"} <= sources  # the item's own Aliases
    with Server(site.output) as server:
        for source, target, status in rules:
            if status == "301":
                code, body = server.get(target)
                assert code == 200 and MARK not in body, (source, target)
            else:
                assert status == "410" and target == f"{source}index.html"
                code, body = server.get(target)
                assert code == 200 and "withdrawn" in body
    assert ("/tags/ports/", "/tags/", "301") in rules
    assert ("/categories/economy/", "/categories/", "301") in rules
    assert ("/2026/11/20/charlie/", "/2026/11/21/charlie/", "301") in rules
    assert ("/2026/11/20/bravo/", "/2026/11/20/bravo-renamed/", "301") in rules
    nginx = (site.output / "_redirects.map").read_text()
    assert '"/2026/11/20/foxtrot/" 410;\n' in nginx
    assert '"/2026/11/20/bravo/" "/2026/11/20/bravo-renamed/";\n' in nginx


def test_the_ledger_is_deterministic_and_never_holds_drafts(site):
    text = site.ledger.read_text()
    entries = address_ledger.read(text)
    assert text == address_ledger.write(entries)
    assert not any("hotel" in entry.path or "drafts" in entry.path for entry in entries)
    current = {e.path for e in entries if e.state == address_ledger.CURRENT}
    assert "2026/11/20/alpha-three/" in current
    assert {"2026/11/20/alpha-one/", "2026/11/20/alpha-two/", "2026/11/20/foxtrot/"} <= \
        {e.path for e in entries if e.state == address_ledger.FORMER}
    before = (site.output / "_redirects").read_bytes()
    site.publish()
    assert site.ledger.read_text() == text
    assert (site.output / "_redirects").read_bytes() == before
    assert "address:" not in site.printed[-1]  # nothing moved this time


def test_check_warns_before_a_publish_moves_an_address_and_writes_no_ledger(site, capsys):
    write_item(site.content, "alpha.md", "Alpha four", "2026-11-20 09:00")
    (site.content / "golf.md").unlink()
    before = site.ledger.read_bytes()
    code = main(["check", str(site.content), "-s", PELICANCONF,
                 "--ledger", str(site.ledger)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"alpha\.md: address: publishing moves this item from "
                     r"/2026/11/20/alpha-three/ to /2026/11/20/alpha-four/: the old address "
                     r"will redirect \[warning\]", out)
    assert re.search(r"published-addresses\.txt: address: no published item has the id \S+ "
                     r"any more: its address /2026/11/20/golf/ will say it was withdrawn", out)
    assert site.ledger.read_bytes() == before


def test_a_failed_publish_leaves_the_ledger_alone(site, capsys):
    write_item(site.content, "alpha.md", "Alpha four", "2026-11-20 09:00")
    (site.content / "broken.md").write_text("Title: Broken\n\nNo date.\n")
    before = site.ledger.read_bytes()
    code = main(["publish", str(site.content), "-s", PUBLISHCONF,
                 "-o", str(site.output), "--ledger", str(site.ledger)])
    assert code == 1, capsys.readouterr().out
    assert site.ledger.read_bytes() == before
    assert not list(site.output.parent.glob("*.ledger"))
