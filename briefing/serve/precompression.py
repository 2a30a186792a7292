"""``.gz`` and ``.br`` copies of the site's text files, ready to serve.

nginx's ``gzip_static``/``brotli_static`` and CDNs that honour such copies
send ``page.html.gz`` to a browser that accepts gzip instead of compressing
``page.html`` again for every reader.  Adds nothing to the template context.
On ``finalized``, when ``BRIEFING_PRECOMPRESS`` is on (``publishconf.py``
turns it on; development builds stay plain), every file ending in one of
:data:`COMPRESSIBLE` of at least :data:`MIN_SIZE` bytes gets both copies
beside it:

- **Deterministic**: gzip without a file name and with mtime 0, brotli at a
  fixed quality, so the same page gives the same bytes in every build and an
  upload that compares checksums sends only what changed.
- **Cheap on large sites**: ``briefing publish`` builds into a fresh folder
  and names the one it replaces in ``BRIEFING_PREVIOUS_OUTPUT``.  A file
  that folder holds byte for byte (most often the very same file, linked
  there by :mod:`briefing.pelican.page_writer`), with both copies, gets
  those copies hard-linked (copied where a link fails) instead of
  compressed again.
- The search index (``BRIEFING_SEARCH_BUNDLE``) is left alone: Pagefind
  compresses its fragments itself.
- Without the ``brotli`` package only ``.gz`` copies are written, and a
  warning says so.

It must run after every plugin that writes files, so ``pipeline.PIPELINE``
lists it last.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from zlib_ng import gzip_ng

from briefing.build.files import link_or_copy
from briefing.build.parallel import fork_map

try:
    import brotli
except ImportError:  # a runtime dependency, but a site can live without .br copies
    brotli = None

logger = logging.getLogger(__name__)

#: Endings of the files worth compressing: markup, styles, scripts, feeds, data.
COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".atom", ".rss", ".json", ".svg", ".txt")
#: A file's two copies take milliseconds (a feed's, tens): a publish that
#: changed a few dozen files shares them among the cores too.
FILES_WORTH_A_PROCESS = 8
#: What each copy adds to its file's name.
COPY_SUFFIXES = (".gz", ".br")
#: Below this many bytes a file fits in a packet or two either way.
MIN_SIZE = 1024
#: Brotli's highest quality, 11, saves another tenth but runs some 40 times
#: slower (0.6 MB/s against 24 MB/s on our pages): minutes for a 200 MB site.
#: On our pages 5 compresses as well as 6 (0.287 of the size) half again as fast.
BROTLI_QUALITY = 5
#: zlib-ng's gzip at level 6 makes our pages 1 % larger than the standard
#: library's level 9 (0.295 against 0.292 of the size) in half the time of
#: the standard library's level 6; any gzip reader reads it.
GZIP_LEVEL = 6


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no file name and mtime 0: the same bytes every build."""
    return gzip_ng.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)


def copy_suffixes() -> tuple[str, ...]:
    """The suffixes of the copies this machine writes (:func:`encoders`)."""
    return COPY_SUFFIXES if brotli is not None else COPY_SUFFIXES[:1]


def encoders() -> dict[str, Callable[[bytes], bytes]]:
    """The copies this machine can write, by the suffix each adds."""
    gz, br = COPY_SUFFIXES
    if brotli is None:
        logger.warning("briefing.pelican.precompress: the brotli package is not "
                       "installed: writing .gz copies only, no .br")
        return {gz: gzip_bytes}
    return {gz: gzip_bytes, br: brotli_bytes}


def compressible(output: Path, skipped: Path | None = None,
                 copied: frozenset[str] = frozenset()) -> list[Path]:
    """Every file under ``output`` worth a compressed copy, none under ``skipped``
    and none of ``copied`` (names relative to ``output``), in order.

    A large site's output holds tens of thousands of files: the walk asks
    the file system for the size of the candidates only, and does not
    enter ``skipped`` at all.
    """
    copied_in: dict[str, set[str]] = {}
    for name in copied:
        folder, _, file_name = name.rpartition(os.sep)
        copied_in.setdefault(folder or os.curdir, set()).add(file_name)
    found = []
    for folder, subfolders, files in os.walk(output):
        if skipped is not None:
            subfolders[:] = [name for name in subfolders
                             if Path(folder, name) != skipped]
        done = copied_in.get(os.path.relpath(folder, output), ())
        for name in files:
            if name.endswith(COMPRESSIBLE) and name not in done:
                path = Path(folder, name)
                if path.stat().st_size >= MIN_SIZE:
                    found.append(path)
    return sorted(found)


def previous_output(settings: dict) -> Path | None:
    """The output folder this build replaces, if there is one apart from its own."""
    value = settings.get("BRIEFING_PREVIOUS_OUTPUT")
    if not value or not Path(value).is_dir():
        return None
    previous = Path(value)
    if previous.resolve() == Path(settings["OUTPUT_PATH"]).resolve():
        return None  # a build in place: every file would equal itself
    return previous


def unchanged(new: Path, old: Path) -> bool:
    """Whether ``old`` is the same file as ``new``, or a file with exactly its bytes."""
    try:
        new_stat, old_stat = new.stat(), old.stat()
        return os.path.samestat(new_stat, old_stat) or (
            new_stat.st_size == old_stat.st_size and new.read_bytes() == old.read_bytes())
    except OSError:  # no such file, or a folder there
        return False


def with_suffix(path: Path, suffix: str) -> Path:
    """``page.html`` -> ``page.html.gz``."""
    return path.with_name(path.name + suffix)


def reuse(path: Path, old: Path, suffixes: list[str]) -> bool:
    """Link ``old``'s copies beside ``path`` if ``old`` has them and the same bytes.

    A copy ``old`` lacks (or that cannot be read) is found by the link
    itself; the copies linked by then are replaced by compressing.
    """
    if not unchanged(path, old):
        return False
    try:
        for suffix in suffixes:
            link_or_copy(with_suffix(old, suffix), with_suffix(path, suffix))
    except OSError:  # a copy it lacks, or cannot be read
        return False
    return True


def precompress(output: Path, previous: Path | None,
                encode: dict[str, Callable[[bytes], bytes]],
                skipped: Path | None = None,
                copied: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Write every copy; return how many files were compressed and how many reused.

    ``copied``: files (relative to ``output``) whose copies are in place
    already, linked from the previous build with the very file they copy
    (:func:`place_with_copies`), not looked at again.

    Compressing a large site's pages is CPU work like rendering them, so the
    files are shared among the machine's cores (:mod:`briefing.build.parallel`).
    """
    def compress_share(paths: list[Path]) -> tuple[int, int]:
        compressed = reused = 0
        for path in paths:
            if previous is not None and reuse(path, previous / path.relative_to(output),
                                              list(encode)):
                reused += 1
                continue
            data = path.read_bytes()
            for suffix, compress in encode.items():
                target = with_suffix(path, suffix)
                target.unlink(missing_ok=True)
                target.write_bytes(compress(data))
            compressed += 1
        return compressed, reused

    counts = fork_map(compress_share, compressible(output, skipped, copied),
                      fewest=FILES_WORTH_A_PROCESS)
    return (sum(share[0] for share in counts),
            sum(share[1] for share in counts) + len(copied))


def place_with_copies(source: Path, target: Path, suffixes: tuple[str, ...]) -> bool:
    """Link ``source``'s copies beside ``target``, the same file linked from
    ``source`` (a page the last build wrote, kept as it is); whether it had
    every one.

    Done as each kept page is placed, so the copies of the thousands of
    pages a publish keeps are never looked for again.  A copy the source
    lacks leaves the page to :func:`precompress`.
    """
    try:
        for suffix in suffixes:
            link_or_copy(with_suffix(source, suffix), with_suffix(target, suffix))
    except OSError:
        for suffix in suffixes:
            with_suffix(target, suffix).unlink(missing_ok=True)
        return False
    return True
