"""Every private attribute of Pelican, Jinja and Markdown that Briefing uses.

Briefing replaces or reads a few things those libraries do not promise to
keep: Pelican's period-archive builder and tag-page writer, its writer's
file opener, its log filter's memory, a generator's readers, its content
cache's file stamps and lookups, the memory of an item's memoized content
and summary, Jinja's per-template globals, and the footnotes extension's
internals.  Each goes through this module, and :func:`check` verifies at
import that each still exists with the shape Briefing expects, so an
upgrade that changes one stops at once with one line naming the library's
version and the piece, instead of failing mid-build or, worse, building a
subtly different site.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import jinja2
import markdown
import pelican
from jinja2 import Environment
from markdown.extensions import footnotes
from pelican.cache import FileDataCacher, FileStampDataCacher
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, Generator
from pelican.log import LimitFilter
from pelican.readers import Readers
from pelican.writers import Writer


class CompatError(ImportError):
    """A private attribute Briefing relies on is missing or has changed shape."""


def _parameters(function: Callable) -> list[str]:
    return list(inspect.signature(function).parameters)


def _assigns(function: Callable, attribute: str) -> bool:
    """Whether ``function`` (an ``__init__``) sets ``self.<attribute>``."""
    return f"self.{attribute} = " in inspect.getsource(function)


def _footnote_internals() -> bool:
    md = markdown.Markdown(extensions=["footnotes"])
    extension = md.treeprocessors["footnote"].footnotes
    return (isinstance(extension, footnotes.FootnoteExtension)
            and isinstance(extension.footnotes, dict)
            and _parameters(extension.makeFootnoteId) == ["id"])


#: Content's methods whose results Pelican keeps per object and site URL.
_MEMOIZED = ("get_content", "get_summary")

#: (library, version, the piece, what Briefing expects of it, the check).
REQUIRED: tuple[tuple[str, str, str, str, Callable[[], bool]], ...] = (
    ("Pelican", pelican.__version__, "ArticlesGenerator._build_period_archives",
     "a method (sorted_articles, articles, settings)",
     lambda: _parameters(ArticlesGenerator._build_period_archives)
     == ["self", "sorted_articles", "articles", "settings"]),
    ("Pelican", pelican.__version__, "ArticlesGenerator.generate_tags", "a method (write)",
     lambda: _parameters(ArticlesGenerator.generate_tags) == ["self", "write"]),
    ("Pelican", pelican.__version__, "Writer._open_w",
     "a method (filename, encoding, override)",
     lambda: _parameters(Writer._open_w) == ["self", "filename", "encoding", "override"]),
    ("Pelican", pelican.__version__, "LimitFilter._raised_messages", "a class-level set",
     lambda: isinstance(LimitFilter._raised_messages, set)),
    ("Pelican", pelican.__version__, "LimitFilter._group_count", "a class-level dict",
     lambda: isinstance(LimitFilter._group_count, dict)),
    ("Pelican", pelican.__version__, "Generator.readers", "a Readers set in __init__",
     lambda: _assigns(Generator.__init__, "readers")),
    ("Pelican", pelican.__version__, "Readers.readers", "a dict set in __init__",
     lambda: _assigns(Readers.__init__, "readers")),
    ("Pelican", pelican.__version__, "FileStampDataCacher._filestamp_func",
     "a function of a file name, set in __init__",
     lambda: _assigns(FileStampDataCacher.__init__, "_filestamp_func")),
    ("Pelican", pelican.__version__, "FileDataCacher._cache",
     "a mapping set in __init__, looked up as _cache.get(filename, default)",
     lambda: _assigns(FileDataCacher.__init__, "_cache")
     and "self._cache.get(filename, default)" in inspect.getsource(
         FileDataCacher.get_cached_data)),
    ("Pelican", pelican.__version__, "Content.get_content and get_summary",
     "memoized methods keeping a .cache dict keyed by (content, siteurl)",
     lambda: all(isinstance(Content.__dict__[name].cache, dict) for name in _MEMOIZED)),
    ("Jinja", jinja2.__version__, "Environment.make_globals", "a method (d)",
     lambda: _parameters(Environment.make_globals) == ["self", "d"]),
    ("Markdown", markdown.__version__, "footnotes.NBSP_PLACEHOLDER", "a string",
     lambda: isinstance(footnotes.NBSP_PLACEHOLDER, str)),
    ("Markdown", markdown.__version__, "the footnote treeprocessor's footnotes",
     "the FootnoteExtension, with .footnotes and makeFootnoteId(id)", _footnote_internals),
)


def check() -> None:
    """Raise :class:`CompatError` naming the first piece that is missing or changed."""
    for library, version, piece, expected, present in REQUIRED:
        try:
            ok = present()
        except (AttributeError, KeyError, TypeError, ValueError, OSError):
            ok = False
        if not ok:
            raise CompatError(f"Briefing does not run on {library} {version}: {piece} is "
                              f"missing or changed (expected {expected})")


try:
    check()
except CompatError as error:
    raise SystemExit(f"briefing: {error}") from None


# The accessors: the rest of Briefing touches the pieces above only here.

NBSP_PLACEHOLDER = footnotes.NBSP_PLACEHOLDER


def replace_period_archives(generator, build: Callable) -> None:
    """Have ``generator`` build its period archives with ``build``."""
    generator._build_period_archives = build


def replace_tag_pages(generator, write_tags: Callable) -> None:
    """Have ``generator`` write its tag pages with ``write_tags(write)``."""
    generator.generate_tags = write_tags


def reader_for(generator, extension: str):
    """The reader instance ``generator`` uses for files ending in ``extension``."""
    return generator.readers.readers.get(extension)


def stamp_no_files(cacher: FileStampDataCacher) -> None:
    """Have ``cacher`` (a generator, or its readers), whose cache is off, stop
    asking each file's modification time: Pelican asks it on every lookup
    and store, even of a cache it neither loads nor keeps, four times an
    item a build."""
    cacher._filestamp_func = lambda _filename: b""


def serve_content(generator, restored: Callable[[str], object | None]) -> None:
    """Have ``generator``, whose content cache is off, take each file's
    content object from ``restored(file name)`` where it gives one, instead
    of reading the file: Pelican's own cache lookup, which also skips the
    object's checks, made when it was first read."""
    class Restored:
        @staticmethod
        def get(filename, default):
            found = restored(filename)
            return default if found is None else (b"", found)

    generator._cache = Restored()
    generator._filestamp_func = lambda _filename: b""


def forget_logged_warnings() -> None:
    """Empty Pelican's record of the warnings it has logged in this process."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def forget_memoized(content=None) -> None:
    """Drop the content and summary Pelican remembers for ``content``, which
    changed in place (the devserver's quick preview of a saved item), or
    for every content: the memory, kept by class, would otherwise keep each
    earlier build's items alive in a process that builds again (the devserver)."""
    for name in _MEMOIZED:
        cache = Content.__dict__[name].cache
        if content is None:
            cache.clear()
            continue
        for key in [key for key in cache if key and key[0] is content]:
            del cache[key]


def set_template_globals(env: Environment, make_globals: Callable) -> None:
    """Have ``env`` give each template it loads the globals ``make_globals(own)`` returns."""
    env.make_globals = make_globals


def footnotes_of(md: markdown.Markdown) -> footnotes.FootnoteExtension:
    """The footnotes extension loaded into ``md``, with its notes and ids."""
    return md.treeprocessors["footnote"].footnotes


class RecordingWriter(Writer):
    """Pelican's writer, telling :meth:`opened` each file it opens to write."""

    def _open_w(self, filename, encoding, override=False):
        self.opened(filename)
        return super()._open_w(filename, encoding, override)

    def open_for_writing(self, filename, encoding, override=False):
        """Pelican's own way of opening an output file (it refuses to overwrite
        a file written earlier in the same build unless ``override``)."""
        return self._open_w(filename, encoding, override)

    def opened(self, filename: str) -> None:
        """Called with each file's path before it is written."""
