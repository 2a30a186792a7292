"""Feed ids that never change, and builds that are byte-identical."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import re
import shutil
from html import unescape
from types import SimpleNamespace

import feedgen.entry
import feedgen.feed
import lxml.etree
from conftest import build_site, copy_fixture

from briefing.pelican.item_set import in_the_same_order_every_build

ITEM = "items/with_notes_and_annotation.md"


def ids_by_source(site) -> dict[tuple[str, str], str]:
    """Each entry's id, keyed by its opening words and the article it credits."""
    feed = site.feed("feeds/all.atom.xml")
    return {(next(link.href for link in e.links if link.rel == "via"),
             e.content[0].value[:120]): e.id for e in feed.entries}


def edit_title_slug_date_and_file_name(content) -> None:
    """The annotated item, retitled, reslugged, redated (another edition) and moved."""
    source = content / ITEM
    text = source.read_text("utf-8")
    text = text.replace("Title: Ministry confirms grain corridor talks",
                        "Title: Grain corridor talks confirmed\nSlug: corridor-talks")
    text = text.replace("Date: 2026-11-26 09:30", "Date: 2026-11-24 18:00\n"
                        "Modified: 2026-11-27 08:00")
    moved = content / "elsewhere" / "renamed_item.md"
    moved.parent.mkdir()
    moved.write_text(text, "utf-8")
    source.unlink()


def test_feed_ids_survive_edits_to_title_slug_date_modified_and_file_name(tmp_path):
    content = copy_fixture("model", tmp_path)
    before = ids_by_source(build_site(content, tmp_path / "before"))
    edit_title_slug_date_and_file_name(content)
    after_site = build_site(content, tmp_path / "after")
    after = ids_by_source(after_site)

    assert after_site.path("2026/11/24/corridor-talks/").exists()
    assert after == before
    assert len(set(after.values())) == len(after)


ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


def credited(html: str) -> str:
    """The URL of the article an entry's credit line links."""
    return unescape(re.search(r'<p>Article text: <a href="([^"]+)"', html).group(1))


def ids_in_every_feed(site) -> dict[tuple[str, str], str]:
    """Every entry's id in every feed file, keyed by the file and by what the
    entry is about (the article credited; an edition's day), never by the
    title, slug or date an edit may change."""
    ids, entries = {}, 0
    for path in sorted((site.output / "feeds").rglob("*.*")):
        name = str(path.relative_to(site.output))
        if path.suffix == ".json":
            found = [(i["external_url"], i["id"])
                     for i in json.loads(path.read_text("utf-8"))["items"]]
        elif name.endswith(".rss.xml"):
            found = [(item.findtext("link") if "editions" in name
                      else credited(item.findtext(f"{CONTENT}encoded")), item.findtext("guid"))
                     for item in lxml.etree.parse(str(path)).iter("item")]
        else:
            found = [(entry.find(f"{ATOM}link").get("href") if "editions" in name
                      else entry.find(f"{ATOM}link[@rel='via']").get("href"),
                      entry.findtext(f"{ATOM}id"))
                     for entry in lxml.etree.parse(str(path)).iter(f"{ATOM}entry")]
        ids.update(((name, key), value) for key, value in found)
        entries += len(found)
    assert len(ids) == entries  # no two entries of a feed share a key
    return ids


def test_every_feed_keeps_every_id_when_an_item_is_edited(tmp_path):
    content = copy_fixture("model", tmp_path)
    before_site = build_site(content, tmp_path / "before")
    before = ids_in_every_feed(before_site)
    edit_title_slug_date_and_file_name(content)
    after_site = build_site(content, tmp_path / "after")
    after = ids_in_every_feed(after_site)

    assert after_site.path("2026/11/24/corridor-talks/").exists()
    assert {name for name, _ in before} == {name for name, _ in after}
    assert len({name for name, _ in before}) == before_site.report.feeds
    for name in ("feeds/tags/grain.rss.xml", "feeds/categories/economy.atom.xml",
                 "feeds/all.json", "feeds/editions.rss.xml"):
        assert any(feed == name for feed, _ in before), name
    # The item moved from the 26 November edition to the 24th: each edition,
    # keyed by its page, keeps its id; every item keeps its own everywhere.
    assert after == before


def test_feed_id_ignores_tracking_parameters_added_to_source_url(tmp_path):
    content = copy_fixture("model", tmp_path)
    before = build_site(content, tmp_path / "before").feed("feeds/all.atom.xml")
    source = content / ITEM
    source.write_text(source.read_text("utf-8").replace(
        "grain-corridor?utm_source=feed", "grain-corridor/?utm_medium=x&fbclid=abc"), "utf-8")
    after = build_site(content, tmp_path / "after").feed("feeds/all.atom.xml")
    title = "Ministry confirms grain corridor talks"
    assert ({e.id for e in before.entries if e.title == title}
            == {e.id for e in after.entries if e.title == title})


class _AnyDatetime(type):
    def __instancecheck__(cls, value) -> bool:  # feedgen checks isinstance(x, datetime)
        return isinstance(value, dt.datetime)


class ClockADayLater(metaclass=_AnyDatetime):
    """feedgen's ``datetime``, whose ``now()`` is a day ahead."""

    @staticmethod
    def now(tz=None) -> dt.datetime:
        return dt.datetime.now(tz) + dt.timedelta(days=1)


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path, monkeypatch):
    content = copy_fixture("model", tmp_path)
    first = build_site(content, tmp_path / "first")
    shutil.copystat(content, content)  # touch nothing but metadata
    # A day later by feedgen's clock: no feed may take a time from it.
    monkeypatch.setattr(feedgen.feed, "datetime", ClockADayLater)
    monkeypatch.setattr(feedgen.entry, "datetime", ClockADayLater)
    second = build_site(content, tmp_path / "second")
    assert first.report.errors == second.report.errors == []
    names = [p.relative_to(first.output) for p in first.files()]
    assert names == [p.relative_to(second.output) for p in second.files()]
    feeds = {str(name) for name in names if name.parts[0] == "feeds"}
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json",
            "feeds/editions.atom.xml", "feeds/editions.rss.xml",
            "feeds/tags/grain.atom.xml", "feeds/categories/economy.rss.xml"} <= feeds
    _, mismatch, errors = filecmp.cmpfiles(first.output, second.output, names, shallow=False)
    assert mismatch == [] and errors == []


def test_items_of_the_same_minute_are_listed_in_the_same_order_by_every_build():
    """Pelican gathers files in a set (its order changes with each process's
    string hashing) and sorts by date alone: ties are broken by source path."""
    minute = dt.datetime(2026, 11, 23, 9, 0)

    def item(path, date=minute):
        return SimpleNamespace(relative_source_path=path, date=date)
    expected = ["items/newer.md", "items/a.md", "items/b.md", "items/c.md", "items/older.md"]
    for shuffled in (["items/c.md", "items/a.md", "items/b.md"],
                     ["items/b.md", "items/c.md", "items/a.md"]):
        articles = [item(path) for path in shuffled]
        articles += [item("items/older.md", minute - dt.timedelta(hours=1)),
                     item("items/newer.md", minute + dt.timedelta(hours=1))]
        generator = SimpleNamespace(articles=articles, hidden_articles=[],
                                    settings={"ARTICLE_ORDER_BY": "reversed-date"})
        in_the_same_order_every_build(generator)
        assert [a.relative_source_path for a in generator.articles] == expected
