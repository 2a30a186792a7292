"""The read cache keeps an item's HTML apart and hands back handles that print it."""

from __future__ import annotations

import os
import sqlite3
import time
import zlib

import pytest
from jinja2 import Environment
from markupsafe import Markup
from pelican.urlwrappers import Category, Tag, URLWrapper

from briefing.build.parallel import fork_map
from briefing.build.read_cache import UNUSED_DAYS, ReadCache, StoredHTML, remove_unused

ARTICLE = Markup('<p>The <a href="https://a.example/">agency</a> said &amp; did.</p>')
STORED_APART = ("article_html", "notes_html")


def settings(folder) -> dict:
    return {"PATH": str(folder / "content"), "CACHE_PATH": str(folder / "cache")}


@pytest.fixture
def cache(tmp_path):
    read_cache = ReadCache(settings(tmp_path), URLWrapper)
    yield read_cache
    read_cache.close()


def stored(cache: ReadCache, key: str, article=ARTICLE, notes=""):
    result = (Markup(), {"title": "T", "article_html": article, "notes_html": Markup(notes)}, [])
    cache.store([(key, cache.pack(result, STORED_APART))])
    return cache.load(key)[1]


def test_html_fields_come_back_as_handles_that_print_the_same_html(cache):
    metadata = stored(cache, "k1")
    article = metadata["article_html"]
    assert isinstance(article, StoredHTML)
    assert str(article) == str(ARTICLE)
    assert article.__html__() == ARTICLE
    assert metadata["title"] == "T"


def test_a_handle_knows_whether_its_part_is_empty_without_loading_it(cache):
    metadata = stored(cache, "k1")
    assert metadata["article_html"] and not metadata["notes_html"]
    assert str(metadata["notes_html"]) == ""


def test_the_item_data_does_not_carry_its_html(cache):
    stored(cache, "k1")
    database = sqlite3.connect(cache.path)
    [(data, parts)] = database.execute("SELECT data, parts FROM entries").fetchall()
    database.close()
    assert b"agency" not in zlib.decompress(data)
    assert b"agency" in zlib.decompress(parts)


def test_jinja_prints_a_handle_as_html_not_as_escaped_text(cache):
    article = stored(cache, "k1")["article_html"]
    template = Environment(autoescape=True).from_string("{% if a %}{{ a }}{% endif %}")
    assert template.render(a=article) == str(ARTICLE)


def test_a_forked_worker_loads_the_html_through_its_own_connection(cache):
    handles = [stored(cache, f"k{number}", article=Markup(f"<p>{number}</p>"))["article_html"]
               for number in range(6)]
    str(handles[0])  # this process opens its connection before forking
    shares = fork_map(lambda part: [str(handle) for handle in part], handles,
                      workers=2, parent_works=False)
    printed = [text for share in shares for text in share]
    assert sorted(printed) == sorted(f"<p>{number}</p>" for number in range(6))


def test_a_cache_folder_whose_name_a_uri_would_misread_works(tmp_path):
    folder = tmp_path / "100% sure? #1"
    read_cache = ReadCache(settings(folder), URLWrapper)
    assert str(stored(read_cache, "k1")["article_html"]) == str(ARTICLE)
    read_cache.close()


def test_after_close_a_replaced_cache_file_is_read_afresh(tmp_path):
    first = ReadCache(settings(tmp_path), URLWrapper)
    assert str(stored(first, "k1", article=Markup("<p>old</p>"))["article_html"]) == "<p>old</p>"
    first.close()
    first.path.unlink()
    second = ReadCache(settings(tmp_path), URLWrapper)
    assert str(stored(second, "k2", article=Markup("<p>new</p>"))["article_html"]) == "<p>new</p>"
    second.close()


def test_handles_are_equal_when_entry_and_part_are(cache):
    one, other = stored(cache, "k1"), stored(cache, "k1")
    assert one["article_html"] == other["article_html"]
    assert one["article_html"] != one["notes_html"]
    assert len({one["article_html"], other["article_html"]}) == 1


def test_every_item_naming_a_tag_gets_the_same_tag(cache):
    for key in ("k1", "k2"):
        result = (Markup(), {"tags": [Tag("Grain", cache._settings), Tag("Ports", cache._settings)],
                             "category": Category("World", cache._settings)}, [])
        cache.store([(key, cache.pack(result))])
    first, second = cache.load("k1")[1], cache.load("k2")[1]
    assert [tag.name for tag in first["tags"]] == ["Grain", "Ports"]
    assert all(one is other for one, other in zip(first["tags"], second["tags"], strict=True))
    assert first["category"] is second["category"]
    assert first["tags"][0] is not first["category"]


def test_a_field_holding_the_same_text_as_a_stored_part_stays_itself(cache):
    html = "<p>One string for two fields.</p>"
    result = (Markup(), {"summary": html, "feed_html": html}, [])
    cache.store([("k1", cache.pack(result, ("feed_html",)))])
    metadata = cache.load("k1")[1]
    assert metadata["summary"] == html and type(metadata["summary"]) is str
    assert isinstance(metadata["feed_html"], StoredHTML) and str(metadata["feed_html"]) == html


def test_files_no_build_used_for_a_month_go_and_the_rest_stay(tmp_path):
    now = time.time()
    ages = {"old-settings.sqlite3": 31, "old-settings.items.pickle": 31,
            "kept.sqlite3.damaged": 40, "last-week.sqlite3": 7, "today.items.pickle": 0}
    for name, days in ages.items():
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (now - days * 86400, now - days * 86400))
    remove_unused(tmp_path, now)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "last-week.sqlite3", "today.items.pickle"]


def test_a_cache_the_build_used_counts_as_used_even_unchanged(cache, tmp_path):
    stored(cache, "k1")
    month_ago = time.time() - (UNUSED_DAYS + 1) * 86400
    os.utime(cache.path, (month_ago, month_ago))
    cache.load("k1")
    cache.prune()  # nothing to remove: SQLite writes nothing
    remove_unused(cache.path.parent, time.time())
    assert cache.path.is_file() and cache.load("k1") is not None
