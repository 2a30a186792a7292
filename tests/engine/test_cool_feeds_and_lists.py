"""Feeds, editions, month archives and list pages keep their addresses too.

A site whose tag lists run to several pages is published three times with
``briefing publish --ledger``: an item is re-dated out of its month (its day's
edition and its month's archive vanish), a tag is dropped (its feeds lose
their term), items are removed (a tag's list loses its numbered page 2), a
category is renamed, and then the site changes where tag feeds live. After
each publish every page and feed it served is noted; after the last, each
answers through a local server, as a plain static host serves the folder
(following meta refreshes) and as a host that reads ``_redirects`` does
(following its 301s), and every feed at an old address parses with
feedparser.
"""

from __future__ import annotations

import email
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
import pytest
from conftest import PUBLISHCONF
from test_cool_addresses import Publisher, Server, assert_answers, served, write_item
from test_feed_clients import rss2email, run

from briefing.deploy import s3
from briefing.serve import address_ledger
from briefing.serve.redirect_files import MARK, read_redirects

SITEURL = "http://127.0.0.1:8000"
SETTINGS = """\
import importlib.util
_spec = importlib.util.spec_from_file_location("briefing_tests_publishconf", {publishconf!r})
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)
globals().update({{name: value for name, value in vars(_base).items() if name.isupper()}})
DEFAULT_PAGINATION = 2
DEFAULT_ORPHANS = 0
{extra}
"""
MOVED_TAG_FEEDS = ('BRIEFING_TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"\n'
                   'BRIEFING_TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"')


def settings_file(folder: Path, name: str, extra: str = "") -> Path:
    path = folder / name
    path.write_text(SETTINGS.format(publishconf=PUBLISHCONF, extra=extra), encoding="utf-8")
    return path


class FeedPublisher(Publisher):
    def __init__(self, folder: Path, capsys, settings: Path):
        super().__init__(folder, capsys)
        self.settings = settings

    def publish(self) -> None:
        from briefing.cli import main
        code = main(["publish", str(self.content), "-s", str(self.settings),
                     "-o", str(self.output), "--siteurl", SITEURL, "--ledger", str(self.ledger)])
        out = self.capsys.readouterr().out
        assert code == 0, out
        self.printed.append(out)
        self.ever |= served(self.output)


@pytest.fixture
def site(tmp_path, capsys):
    site = FeedPublisher(tmp_path, capsys, settings_file(tmp_path, "conf.py"))
    content = site.content
    write_item(content, "alpha.md", "Alpha", "2026-10-30 09:00", tags="Grain, Ports",
               extra="Category: Economy\n")
    for name, day in (("bravo", 20), ("charlie", 21), ("delta", 22), ("echo", 23),
                      ("foxtrot", 24)):
        write_item(content, f"{name}.md", name.title(), f"2026-11-{day} 10:00")
    write_item(content, "hotel.md", "Hotel draft", "2026-11-19 10:00", tags="Secret",
               extra="Status: draft\n")
    site.publish()

    write_item(content, "alpha.md", "Alpha", "2026-11-25 09:00", tags="Grain",
               extra="Category: Trade\n")          # re-dated out of October, untagged, refiled
    (content / "echo.md").unlink()                  # the Grain list loses its page 2
    (content / "foxtrot.md").unlink()
    site.publish()

    site.ledger_before_last = site.ledger.read_bytes()
    site.settings = settings_file(tmp_path, "moved.conf.py", MOVED_TAG_FEEDS)
    site.publish()                                  # tag feeds live elsewhere now
    return site


def test_the_edits_retired_the_addresses_under_test(site):
    live = served(site.output)
    gone = site.ever - live
    assert {"2026/10/", "2026/10/30/", "tags/grain/page/2/", "tags/ports/",
            "categories/economy/"} <= gone
    assert {"feeds/tags/ports.atom.xml", "feeds/tags/ports.rss.xml",
            "feeds/tags/grain.atom.xml", "feeds/categories/economy.atom.xml"} <= site.ever
    assert "feeds/tag/grain.atom.xml" in live and "tags/grain/page/1/" in live
    entries = address_ledger.read(site.ledger.read_text())
    kinds = {entry.kind for entry in entries}
    assert {"tag-feed", "category-feed", "tag-page", "edition", "month"} <= kinds
    assert not any("secret" in entry.key or "hotel" in entry.path for entry in entries)


def test_every_page_and_feed_ever_published_answers_on_a_static_host(site):
    with Server(site.output) as server:
        for path in sorted(site.ever):
            assert_answers(server, path)
    # Each address goes where a reader expects.
    assert target_of(site.output, "2026/10/30/") == "2026/11/20/"  # the nearest edition
    assert target_of(site.output, "2026/10/") == "archives/"
    assert target_of(site.output, "tags/grain/page/2/") == "tags/grain/"


def target_of(output: Path, path: str) -> str:
    page = lxml.html.fromstring((output / path / "index.html").read_text("utf-8"))
    url = page.xpath('//meta[@http-equiv="refresh"]/@content')[0].split("url=", 1)[1]
    return urlsplit(urljoin(f"{SITEURL}/{path}", url)).path.lstrip("/")


def test_a_moved_tag_feed_stays_a_feed_that_points_to_its_new_address(site):
    for kind in ("atom", "rss"):
        old = feedparser.parse((site.output / f"feeds/tags/grain.{kind}.xml").read_bytes())
        new = feedparser.parse((site.output / f"feeds/tag/grain.{kind}.xml").read_bytes())
        assert [e.title for e in old.entries] == [e.title for e in new.entries] != []
        selfs = [link.href for link in old.feed.links if link.rel == "self"]
        assert selfs == [f"{SITEURL}/feeds/tag/grain.{kind}.xml"], kind


def test_a_feed_whose_term_is_gone_is_valid_and_empty(site):
    for path in ("feeds/tags/ports.atom.xml", "feeds/tags/ports.rss.xml",
                 "feeds/categories/economy.atom.xml", "feeds/categories/economy.rss.xml"):
        feed = feedparser.parse((site.output / path).read_bytes())
        assert not feed.bozo and feed.entries == [], path
        assert feed.feed.get("updated_parsed") and feed.feed.updated_parsed.tm_year == 2026, path


def test_a_host_reading_redirects_sends_every_old_address_to_an_answer(site):
    rules = {source.lstrip("/"): (target.lstrip("/"), status) for source, target, status
             in read_redirects((site.output / "_redirects").read_text())}
    assert rules["feeds/tags/grain.atom.xml"] == ("feeds/tag/grain.atom.xml", "301")
    assert rules["tags/grain/page/2/"] == ("tags/grain/", "301")
    assert rules["2026/10/"] == ("archives/", "301")
    assert "feeds/tags/ports.atom.xml" not in rules  # the empty feed answers itself
    live = served(site.output)
    with Server(site.output) as server:
        for path in sorted(site.ever):
            seen = 0
            while path in rules and rules[path][1] == "301":
                path, seen = rules[path][0], seen + 1
                assert seen < 5, path
            assert path in live or path in site.ever, path
            status, body = server.get(path)
            assert status == 200, path
            if seen:
                assert MARK not in body, path


def test_publishing_again_changes_nothing(site):
    ledger = site.ledger.read_bytes()
    before = {path: (site.output / path).read_bytes()
              for path in ("_redirects", "feeds/tags/grain.atom.xml", "feeds/tags/ports.rss.xml")}
    site.publish()
    assert site.ledger.read_bytes() == ledger
    for path, text in before.items():
        assert (site.output / path).read_bytes() == text, path
    assert "address:" not in site.printed[-1]


def test_s3_stores_a_moved_feed_as_a_website_redirect_of_its_own_type(site, monkeypatch):
    commands = []
    monkeypatch.setattr(s3, "_aws", lambda command, environ: commands.append(command) or [])
    s3.deploy(site.output, {"S3_BUCKET": "briefing"}, dry_run=True)
    copies = {command[command.index("cp") + 2].removeprefix("s3://briefing/"): command
              for command in commands if "cp" in command}
    feed = copies["feeds/tags/grain.atom.xml"]
    assert feed[feed.index("--website-redirect") + 1] == "/feeds/tag/grain.atom.xml"
    assert feed[feed.index("--content-type") + 1] == "application/atom+xml"
    page = copies["tags/grain/page/2/index.html"]
    assert page[page.index("--content-type") + 1] == "text/html"
    assert "feeds/tags/ports.atom.xml" not in copies  # an empty feed is a file like any other


def test_the_last_publish_equals_a_clean_one_byte_for_byte(site, tmp_path_factory, capsys):
    """The same content and ledger published afresh (no cache, no output) writes the same
    redirect pages, kept feeds, host files and ledger."""
    fresh = FeedPublisher(tmp_path_factory.mktemp("fresh"), capsys, site.settings)
    fresh.settings = settings_file(fresh.content.parent, "moved.conf.py", MOVED_TAG_FEEDS)
    shutil.copytree(site.content, fresh.content)
    fresh.ledger.write_bytes(site.ledger_before_last)
    fresh.publish()
    assert fresh.ledger.read_bytes() == site.ledger.read_bytes()
    compared = [path for path in tree(site.output)
                if path.startswith(("feeds/", "_redirects")) or "/page/" in path
                or MARK.encode() in (site.output / path).read_bytes()]
    assert {"feeds/tags/ports.atom.xml", "feeds/tags/grain.rss.xml", "_redirects.map",
            "2026/10/index.html", "tags/grain/page/2/index.html"} <= set(compared)
    for path in compared:
        assert (fresh.output / path).read_bytes() == (site.output / path).read_bytes(), path


def tree(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file())


def test_rss2email_keeps_reading_both_old_feed_addresses(site, tmp_path):
    """A real subscriber (Debian's rss2email) of a moved and of a retired tag feed:
    no error for either, the moved one's items mailed."""
    r2e, options, mailbox = rss2email(tmp_path)
    with Server(site.output) as server:
        run([r2e, *options, "add", "grain", server.url("feeds/tags/grain.atom.xml")])
        run([r2e, *options, "add", "ports", server.url("feeds/tags/ports.rss.xml")])
        done = run([r2e, *options, "run"])
    assert "error" not in (done.stdout + done.stderr).lower(), done.stderr
    subjects = sorted(str(email.message_from_bytes(path.read_bytes())["Subject"])
                      for path in mailbox.iterdir())
    assert subjects == ["Alpha", "Bravo", "Charlie", "Delta"]
