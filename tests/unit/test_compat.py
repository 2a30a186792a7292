"""Pelican's, Jinja's and Markdown's private pieces: checked at import, one line when missing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pelican
import pytest
from jinja2 import Environment
from markdown.extensions import footnotes
from pelican.cache import FileDataCacher, FileStampDataCacher
from pelican.generators import ArticlesGenerator, Generator
from pelican.log import LimitFilter
from pelican.readers import Readers
from pelican.writers import Writer

from briefing import compat

PIECES = [
    (ArticlesGenerator, "_build_period_archives", "ArticlesGenerator._build_period_archives"),
    (ArticlesGenerator, "generate_tags", "ArticlesGenerator.generate_tags"),
    (Writer, "_open_w", "Writer._open_w"),
    (LimitFilter, "_raised_messages", "LimitFilter._raised_messages"),
    (LimitFilter, "_group_count", "LimitFilter._group_count"),
    (Environment, "make_globals", "Environment.make_globals"),
    (footnotes, "NBSP_PLACEHOLDER", "footnotes.NBSP_PLACEHOLDER"),
    (footnotes.FootnoteExtension, "makeFootnoteId", "the footnote treeprocessor's footnotes"),
]


def test_the_installed_libraries_have_every_piece():
    compat.check()


@pytest.mark.parametrize(("owner", "attribute", "named"), PIECES)
def test_a_missing_piece_is_named_with_the_library_version(monkeypatch, owner, attribute, named):
    monkeypatch.delattr(owner, attribute)
    with pytest.raises(compat.CompatError) as raised:
        compat.check()
    assert named in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("owner", [Generator, Readers])
def test_a_reader_table_no_longer_set_is_named(monkeypatch, owner):
    def without_readers(self, *args, **kwargs):
        pass

    monkeypatch.setattr(owner, "__init__", without_readers)
    with pytest.raises(compat.CompatError, match=rf"Pelican {pelican.__version__}: "
                                                 rf"{owner.__name__}\.readers"):
        compat.check()


def test_a_file_stamp_no_longer_set_is_named(monkeypatch):
    monkeypatch.setattr(FileStampDataCacher, "__init__", lambda self, *args: None)
    with pytest.raises(compat.CompatError, match=r"FileStampDataCacher\._filestamp_func"):
        compat.check()


def test_a_content_cache_looked_up_otherwise_is_named(monkeypatch):
    def get_cached_data(self, filename, default=None):
        found = self._cache.get(filename)
        return default if found is None else found

    monkeypatch.setattr(FileDataCacher, "get_cached_data", get_cached_data)
    with pytest.raises(compat.CompatError, match=r"FileDataCacher\._cache"):
        compat.check()


def test_a_generator_serves_restored_content_and_reads_the_rest():
    class Cacher(FileStampDataCacher):
        def __init__(self):
            super().__init__({"CACHE_PATH": "unused", "GZIP_CACHE": False,
                              "CHECK_MODIFIED_METHOD": "mtime"}, "unused", False, False)

    cacher, restored = Cacher(), {"kept.md": "the kept item"}
    compat.serve_content(cacher, restored.get)
    assert cacher.get_cached_data("kept.md", None) == "the kept item"
    assert cacher.get_cached_data("edited.md", None) is None


def test_a_method_whose_parameters_changed_counts_as_changed(monkeypatch):
    monkeypatch.setattr(Writer, "_open_w", lambda self, filename: None)
    with pytest.raises(compat.CompatError, match=r"Writer\._open_w is missing or changed"):
        compat.check()


def test_importing_briefing_on_a_pelican_without_a_piece_stops_with_one_line():
    code = ("from pelican.log import LimitFilter\n"
            "del LimitFilter._raised_messages\n"
            "import briefing.compat\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"briefing: Briefing does not run on Pelican {pelican.__version__}: "
        "LimitFilter._raised_messages is missing or changed (expected a class-level set)"]


def test_an_items_remembered_summary_is_forgotten_when_asked():
    from pelican.contents import Article

    def item(summary: str) -> Article:
        return Article("", {"title": "T", "summary": summary, "date": dt.datetime(2026, 1, 1)},
                       settings=pelican.settings.DEFAULT_CONFIG, source_path="t.md")

    one, other = item("first"), item("other")
    assert (one.summary, other.summary) == ("first", "other")
    one.metadata["summary"] = "second"
    assert one.summary == "first"  # remembered by Pelican
    compat.forget_memoized(one)
    assert (one.summary, other.summary) == ("second", "other")
    other.metadata["summary"] = "changed"
    compat.forget_memoized()
    assert other.summary == "changed"


def test_a_memory_no_longer_kept_by_class_is_named(monkeypatch):
    from pelican.contents import Content

    monkeypatch.setattr(Content, "get_summary", lambda self, siteurl: "")
    with pytest.raises(compat.CompatError, match=r"Content\.get_content and get_summary"):
        compat.check()
