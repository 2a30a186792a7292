"""Pelican plugin: an item whose file did not change is taken whole from the last build.

Each build saves the items it made, as Pelican made them and before any
plugin changed them, into one file beside the read cache
(:mod:`briefing.build.item_snapshot`), in a process of its own while this
one goes on relating them.  The next build takes from it, instead of
loading the read-cache entry and making the item again, each item that a
fresh one would equal:

- its file's bytes are those it was made from (its read-cache key, which
  also covers the settings and the reading code);
- its read-cache entry is still stored and sound: its HTML parts are
  loaded from there when a page prints them;
- the reader reported no problem in its file: a restored item is not read,
  and ``briefing check`` promises every warning on every build;
- Pelican's clock could not decide otherwise: with ``WITH_FUTURE_DATES``
  off it makes an item dated after the moment it is made a draft, so only
  items dated before the last build began making items are taken (and
  none if the clock has gone back since);
- nothing else takes part in making an item (:func:`restorable`): not a
  site's own plugins, which may act on each item as it is made, nor
  Pelican's own content cache, typogrify, dates taken from the files'
  times, or date formats that set the locale.

Every other file is read as before.  ``tests/engine/test_restored_items.py``
holds restored items equal to fresh ones, attribute for attribute.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from itertools import chain

from pelican import signals
from pelican.urlwrappers import URLWrapper

from briefing.build import item_snapshot
from briefing.build.output_frame import untracked_code
from briefing.build.processes import Background
from briefing.compat import reader_for, serve_content
from briefing.pelican import build_state
from briefing.pelican.item_reader import BriefingReader

logger = logging.getLogger(__name__)

#: The snapshot's name beside its read cache's (whose name covers the
#: content folder, the settings and the reading code).
SNAPSHOT_SUFFIX = ".items.pickle"


@dataclass(frozen=True)
class Snapshot:
    """The items of one build, by absolute source path, each with the key
    of the read-cache entry it was made from."""

    started: dt.datetime  # before the build made any of them
    items: dict


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def restorable(settings: dict) -> bool:
    """Whether a build with ``settings`` makes each item from its file alone."""
    date_formats = [settings["DEFAULT_DATE_FORMAT"], *settings["DATE_FORMATS"].values()]
    return (not settings["CACHE_CONTENT"] and not settings["TYPOGRIFY"]
            and settings.get("DEFAULT_DATE") != "fs"
            and not any(isinstance(form, tuple) for form in date_formats)
            and not untracked_code(settings))


def decided_alike(item, started: dt.datetime) -> bool:
    """Whether Pelican's clock gave ``item`` made at ``started`` or later the
    status it would give it now (now being later still)."""
    date = getattr(item, "date", None)
    return isinstance(date, dt.datetime) and date.tzinfo is not None and date <= started


def _reader(generator) -> BriefingReader | None:
    reader = reader_for(generator, BriefingReader.file_extensions[0])
    return reader if isinstance(reader, BriefingReader) else None


def _by_reference(settings: dict, context: dict):
    """What every item shares with its build, pickled as a name."""
    def persistent_id(obj):
        if obj is settings:
            return "settings"
        if obj is context:
            return "context"
        if isinstance(obj, URLWrapper):
            return (type(obj), obj.name)
        return None
    return persistent_id


def _from_reference(settings: dict, context: dict, reader: BriefingReader):
    """This build's objects for the names :func:`_by_reference` gave."""
    def persistent_load(pid):
        if pid == "settings":
            return settings
        if pid == "context":
            return context
        kind, name = pid
        if not (isinstance(kind, type) and issubclass(kind, URLWrapper)):
            raise ValueError(f"unexpected reference {pid!r}")
        return reader.cache.wrapper(kind, name)
    return persistent_load


def restore(generator) -> None:
    """Receiver of ``article_generator_init``, once the reader knows each
    file's key: have the generator take the unchanged items from the last
    build's snapshot instead of reading them."""
    state = build_state.current()
    state.reading_started = now()
    reader = _reader(generator)
    if reader is None or not restorable(generator.settings):
        return
    snapshot = item_snapshot.load(
        reader.cache.path.with_suffix(SNAPSHOT_SUFFIX),
        _from_reference(generator.settings, generator.context, reader))
    if not isinstance(snapshot, Snapshot) or state.reading_started < snapshot.started:
        return
    unchanged = {path: (key, item) for path, (key, item) in snapshot.items.items()
                 if reader.key_found(path) == key and decided_alike(item, snapshot.started)}
    sound = reader.cache.verified(key for key, _ in unchanged.values())
    taken = {path: item for path, (key, item) in unchanged.items() if key in sound}
    reader.restored({path: unchanged[path][0] for path in taken})
    state.items_restored = len(taken)
    serve_content(generator, lambda name: taken.pop(
        os.path.abspath(os.path.join(generator.path, name)), None))


def save_for_next_build(generator) -> None:
    """Receiver of ``article_generator_pretaxonomy``, the first: every item is
    made and none changed yet; save them in the background."""
    state = build_state.current()
    reader = _reader(generator)
    if reader is None or state.reading_started is None or not restorable(generator.settings):
        return
    items = {}
    for item in chain(generator.articles, generator.translations, generator.hidden_articles,
                      generator.hidden_translations, generator.drafts,
                      generator.drafts_translations):
        key = reader.made_from(item.source_path)
        if key is not None:
            items[os.path.abspath(item.source_path)] = (key, item)
    path = reader.cache.path.with_suffix(SNAPSHOT_SUFFIX)
    snapshot = Snapshot(state.reading_started, items)
    persistent_id = _by_reference(generator.settings, generator.context)
    state.snapshot_saver = Background(lambda: item_snapshot.save(path, snapshot, persistent_id))


def saved(_pelican) -> None:
    """Receiver of ``finalized``: the snapshot is written before the build ends."""
    state = build_state.current()
    saver, state.snapshot_saver = state.snapshot_saver, None
    if saver is not None and not saver.finish():
        logger.info("briefing.pelican.restored_items: the items were not saved for the "
                    "next build, which will make each again")


def register() -> None:
    signals.article_generator_init.connect(restore)
    signals.article_generator_pretaxonomy.connect(save_for_next_build)
    signals.finalized.connect(saved)
