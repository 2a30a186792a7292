"""Items whose files did not change are taken whole from the last build's
snapshot (briefing.pelican.restored_items), and equal the items a fresh
read makes, attribute for attribute."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
import sys
import types
from pathlib import Path

import pelican.contents
import pytest
from conftest import FIXTURES, ROOT, build_site
from pelican.contents import Content
from pelican.settings import DEFAULT_CONFIG

from briefing.build import item_snapshot
from briefing.build.read_cache import StoredHTML
from briefing.pelican import build_state, restored_items

sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate

ITEMS = 40


def publish(content: Path, output: Path, **settings):
    site = build_site(content, output, settings="publishconf.py", BRIEFING_SEARCH=False,
                      **settings)
    assert site.report.ok, site.report.errors
    return site


def shape(value):
    """``value`` as plain data to compare across builds: items by their file,
    stored HTML by entry and part (not by the cache file holding it)."""
    if isinstance(value, Content):
        return ("item", value.source_path)
    if isinstance(value, StoredHTML):
        return ("html", value.key, value.part, value.filled)
    if isinstance(value, list | tuple):
        return type(value)(shape(element) for element in value)
    if isinstance(value, dict):
        return {key: shape(element) for key, element in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, shape(dataclasses.asdict(value)))
    return value


def made_items(cache: Path) -> dict[str, dict]:
    """The items the last build in ``cache`` made, as it saved them for the
    next build: each item's attributes by its file.  What the build shares
    by reference (settings, context, tags by name) shows as that reference:
    an item holding a copy of them instead would show the copy."""
    [path] = (cache / "items").glob(f"*{restored_items.SNAPSHOT_SUFFIX}")
    snapshot = item_snapshot.load(path, lambda reference: ("shared", repr(reference)))
    return {source: {name: shape(value) for name, value in vars(item).items()}
            for source, (_, item) in snapshot.items.items()}


def test_an_unchanged_item_is_restored_equal_to_the_item_a_fresh_read_makes(tmp_path):
    content = tmp_path / "content"
    generate(ITEMS, content)
    first = publish(content, tmp_path / "site" / "output")
    assert build_state.current().items_restored == 0
    fresh = made_items(tmp_path / "site" / "cache")
    second = publish(content, tmp_path / "site" / "second")  # the same cache
    assert build_state.current().items_restored == ITEMS
    assert made_items(tmp_path / "site" / "cache") == fresh and len(fresh) == ITEMS
    assert tree(second.output) == tree(first.output)


def test_an_edited_item_is_read_again_and_its_neighbours_restored(tmp_path):
    content = tmp_path / "content"
    generate(ITEMS, content)
    publish(content, tmp_path / "cached" / "output")
    edited = next(content.rglob("item-000007.md"))
    edited.write_text(edited.read_text("utf-8").replace("Title: ", "Title: Retitled: ", 1),
                      "utf-8")
    second = publish(content, tmp_path / "cached" / "second")
    assert build_state.current().items_restored == ITEMS - 1
    clean = publish(content, tmp_path / "clean" / "output")  # from empty caches
    restored = made_items(tmp_path / "cached" / "cache")
    assert restored == made_items(tmp_path / "clean" / "cache")
    assert restored[str(edited)]["title"].startswith("Retitled: ")
    assert tree(second.output) == tree(clean.output)


def test_an_item_warned_about_is_read_on_every_build_and_its_warning_repeated(tmp_path):
    content = tmp_path / "content"
    generate(ITEMS, content)
    item = next(content.rglob("item-000003.md"))
    text = item.read_text("utf-8")
    item.write_text(text[:text.index("## Editor")], "utf-8")  # no editor's notes: a warning
    for build in ("output", "second"):
        site = publish(content, tmp_path / "cache-shared" / build)
        assert any("has no editor's notes" in warning for warning in site.report.warnings)
    assert build_state.current().items_restored == ITEMS - 1


def later_clock(moment: dt.datetime) -> types.SimpleNamespace:
    """A stand-in for Pelican's ``datetime`` module whose clock shows ``moment``."""
    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)
    return types.SimpleNamespace(datetime=Later, UTC=dt.UTC)


def test_a_scheduled_item_whose_time_came_is_made_again_not_restored_as_a_draft(
        tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "unpublished", content)
    page = "2099/01/01/quorvantide-scheduled-item-about-shipping/index.html"
    first = publish(content, tmp_path / "cache-shared" / "output")
    assert not (first.output / page).exists()
    # The same files, in 2100: the item dated 2099 is due.
    moment = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    monkeypatch.setattr(pelican.contents, "datetime", later_clock(moment))
    monkeypatch.setattr(restored_items, "now", lambda: moment)
    second = publish(content, tmp_path / "cache-shared" / "second")
    assert build_state.current().items_restored > 0
    assert (second.output / page).is_file()


def test_a_damaged_snapshot_is_said_so_and_every_item_is_read(tmp_path):
    content = tmp_path / "content"
    generate(ITEMS, content)
    first = publish(content, tmp_path / "cache-shared" / "output")
    [snapshot] = (tmp_path / "cache-shared" / "cache" / "items").glob(
        f"*{restored_items.SNAPSHOT_SUFFIX}")
    data = bytearray(snapshot.read_bytes())
    data[-100] ^= 0xFF
    snapshot.write_bytes(bytes(data))
    second = publish(content, tmp_path / "cache-shared" / "second")
    assert build_state.current().items_restored == 0
    assert any("item snapshot" in line and "damaged" in line
               for line in second.report.cache_repairs)
    assert tree(second.output) == tree(first.output)
    publish(content, tmp_path / "cache-shared" / "third")  # saved again, whole
    assert build_state.current().items_restored == ITEMS


def test_an_item_whose_read_cache_entry_is_damaged_is_read_again(tmp_path):
    content = tmp_path / "content"
    generate(ITEMS, content)
    first = publish(content, tmp_path / "cache-shared" / "output")
    cache = tmp_path / "cache-shared" / "cache" / "items"
    [snapshot] = cache.glob(f"*{restored_items.SNAPSHOT_SUFFIX}")
    damaged = next(content.rglob("item-000007.md"))
    key, _ = item_snapshot.load(snapshot, lambda reference: None).items[str(damaged)]
    [entries] = cache.glob("*.sqlite3")
    with sqlite3.connect(entries) as database:  # its HTML, which the snapshot does not hold
        database.execute("UPDATE entries SET parts = X'00' WHERE key = ?", (key,))
    second = publish(content, tmp_path / "cache-shared" / "second")
    assert build_state.current().items_restored == ITEMS - 1
    assert [line for line in second.report.cache_repairs
            if "read cache entry" in line and damaged.name in line]
    assert tree(second.output) == tree(first.output)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize(("setting", "value"), [
    ("PLUGINS", ["briefing", "site_plugins.stamp_items"]),  # may act on each item as made
    ("CACHE_CONTENT", True),  # Pelican's own content cache
    ("TYPOGRIFY", True),
    ("DEFAULT_DATE", "fs"),  # the file's time, which its bytes do not cover
    ("DATE_FORMATS", {"fr": ("fr_FR.UTF-8", "%d %B %Y")}),  # sets the locale as made
])
def test_items_are_made_afresh_where_something_else_takes_part(setting, value):
    settings = {**DEFAULT_CONFIG, "PLUGINS": ["briefing"]}
    assert restored_items.restorable(settings)
    assert not restored_items.restorable({**settings, setting: value})
