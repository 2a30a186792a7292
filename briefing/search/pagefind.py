"""The static full-text search index of every listed item, made with Pagefind.

Adds nothing to the template context.  On ``finalized``, once every page is
on disk, runs Pagefind (the binary the ``pagefind-bin-extended`` package
ships: nothing is downloaded at build time) over the pages of the listed
items.  It writes the index, and the script that reads it in the browser,
to ``BRIEFING_SEARCH_BUNDLE`` (default ``pagefind/``), where the theme's
search page (``search.html``, ``static/js/search.js``) finds them.

Shards: the index is cut into shards of consecutive days
(:mod:`briefing.search.shards`), each a Pagefind bundle of its own in
``shard/<first day>-<digest>/``, listed newest first in ``shards.json``;
the search page merges them (Pagefind's ``mergeIndex``).  A finished shard
is kept in ``CACHE_PATH/search/`` under the digest of what Pagefind reads
of its pages (:mod:`briefing.search.indexed_part`), so a build runs
Pagefind only for the shards whose items' text changed, one per core, and
copies the others from the cache, which keeps only the latest build's
shards.  A shard folder's name changes with its content, so browsers may
keep its files for good.  Each cached shard holds a list of its files with
their digests, sizes and times (:data:`SHARD_FILES`), checked before it is
used (:func:`intact`): a shard with a file missing, added or changed is
dropped with one line (:mod:`briefing.build.cache_log`) and indexed
again.  The files are copied, not linked, so that no edit to ``output/``
can change the cache or the reverse.

Which pages: Pagefind reads only the pages of the items this build lists,
linked into a folder of their own, so drafts, hidden items and future ones
(Pelican holds those back as drafts) never reach the index, nor does the
page of an item removed since the last build into the same folder.  Of each
page it indexes the part the theme marks ``data-pagefind-body``: the item,
without the site's navigation.  The build checks that the index holds
every listed item, so a template that drops the marker fails the build.

Languages: Pagefind keeps one index per language and a page searches only
its own language's, while our items in Chinese, Farsi or Korean sit on
pages whose interface is in the site's language.  So every shard is indexed
in one language (``--force-language``): the site's own, whose
stemming finds "sanction" for "sanctions", or, as soon as any item
is in Chinese or Japanese, that language, the only kind the extended binary
splits into words (Chinese and Japanese put no spaces between words; Farsi,
Korean and the rest are split at spaces as usual).  Such an index matches
word beginnings instead of stems.

Determinism: two builds of the same content write the same index.
Pagefind names its files by a hash of their content, but writes its filter
files in a random order, which :mod:`briefing.search.bundle` puts right
(it also removes the search interfaces Pagefind ships, which the theme does
not use).  Pagefind writes each shard into a folder of its own, and its own
configuration sources (a ``pagefind.yml`` in the working folder,
``PAGEFIND_*`` variables) are kept out of the build.

``BRIEFING_SEARCH = False`` builds no index and no search page.  A binary
that is missing or fails logs one error, which stops ``make publish``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from briefing.build.cache_log import rebuilt, usable_folder
from briefing.build.files import link_or_copy
from briefing.build.parallel import worker_count
from briefing.build.processes import child_setup
from briefing.search.bundle import ENTRY, canonicalize, indexed_pages, remove_unused
from briefing.search.indexed_part import IndexedDigests
from briefing.search.shards import Shard, shard_digest, shard_name

logger = logging.getLogger(__name__)

#: Pagefind indexes a large site in seconds; a binary still running after
#: this long has hung, and a scheduled publish must not wait for it forever.
TIMEOUT_SECONDS = 600
#: In the bundle folder: the shards' folder names, newest first, and their folder.
SHARD_LIST = "shards.json"
SHARD_FOLDER = "shard"
#: In a cached shard's folder: each of its files' digest, size and time (not published).
SHARD_FILES = ".briefing-files.json"


class SearchIndexError(Exception):
    """The index could not be built; the message says why, in one line."""


@dataclass(frozen=True)
class IndexPlan:
    """One build's index: where it goes, where its finished shards are kept, its shards."""

    output: Path
    bundle: str
    cache: Path
    shards: tuple[Shard, ...]
    #: The output folder this build replaces, whose unchanged shards are linked.
    previous: Path | None = None

    @property
    def folder(self) -> Path:
        return self.output / self.bundle


def pagefind_executable() -> Path:
    """The binary the ``pagefind-bin-extended`` package installed."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as error:
        raise FileNotFoundError(
            "the pagefind-bin-extended package is not installed (make venv installs "
            "it from requirements/runtime.txt)") from error
    return get_executable()


def run_pagefind(site: Path, bundle: Path, language: str) -> None:
    """Index the pages under ``site`` into ``bundle``."""
    command = [str(pagefind_executable()), "--site", str(site), "--output-path", str(bundle),
               "--force-language", language, "--silent"]
    # No pagefind.yml in the working folder and no PAGEFIND_* variables: the
    # index depends on the pages and our settings alone.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    # Pagefind ends with the thread that started it, however the build ends.
    done = subprocess.run(command, cwd=site.parent, env=environment, capture_output=True,
                          text=True, timeout=TIMEOUT_SECONDS, check=False,
                          preexec_fn=child_setup())
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stdout + done.stderr).splitlines()
                 if line.strip()]
        raise SearchIndexError(f"Pagefind failed (exit status {done.returncode}): "
                               f"{' / '.join(lines[-3:]) or 'no output'}")


def index_shard(shard: Shard, output: Path, stored: Path) -> None:
    """Index ``shard``'s pages, linked into a folder of their own at their own
    paths, into the finished bundle ``stored``."""
    stored.parent.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix=".shard-", dir=stored.parent) as workspace:
            site, bundle = Path(workspace, "site"), Path(workspace, "bundle")
            for page in shard.pages:
                (site / page).parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(output / page, site / page)
            run_pagefind(site, bundle, shard.language)
            try:
                remove_unused(bundle)
                canonicalize(bundle)
                found = indexed_pages(bundle)
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise SearchIndexError(
                    f"Pagefind wrote a bundle this build cannot read: {error}") from None
            if found != len(shard.pages):
                raise SearchIndexError(
                    f"the index holds {found} of the {len(shard.pages)} listed items of "
                    f"the shard from {shard.first_day}: every item's page must mark its text "
                    "data-pagefind-body (theme/templates/article.html)")
            (bundle / SHARD_FILES).write_text(json.dumps(file_list(bundle), sort_keys=True),
                                              "utf-8")
            bundle.rename(stored)
    except (OSError, subprocess.SubprocessError) as error:
        raise SearchIndexError(f"could not index the items: {error}") from None


def _stat_of(path: Path) -> list[int]:
    found = path.stat()
    return [found.st_size, found.st_mtime_ns]


def _digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_list(bundle: Path) -> dict[str, list]:
    """Each file of a shard's bundle (but the list itself) by path: its
    digest, size and modification time."""
    return {source.relative_to(bundle).as_posix(): [_digest_of(source), *_stat_of(source)]
            for source in sorted(bundle.rglob("*"))
            if source.is_file() and source.name != SHARD_FILES}


def intact(stored: Path) -> bool:
    """Whether a cached shard exists with every file it listed, unchanged;
    one that does not is removed, and said so (:mod:`briefing.build.cache_log`).

    A file whose size and time are as listed is not read: any write changes
    them, as the page writer knows last build's pages.  One whose time
    changed without a write (a cache restored from an archive) is read and
    checked against its digest, and the list takes its new time.
    """
    if not stored.is_dir():
        return False
    try:
        listed = json.loads((stored / SHARD_FILES).read_text("utf-8"))
        found = sorted(source.relative_to(stored).as_posix() for source in stored.rglob("*")
                       if source.is_file() and source.name != SHARD_FILES)
        if sorted(listed) != found:
            raise ValueError("its files differ from those it listed")
        moved = {name for name, (_, *stat) in listed.items()
                 if _stat_of(stored / name) != stat}
        if any(_digest_of(stored / name) != listed[name][0] for name in moved):
            raise ValueError("its files differ from those it listed")
    except (OSError, ValueError, TypeError) as error:
        why = "no list of its files" if isinstance(error, FileNotFoundError) else error
        rebuilt(f"search shard {stored.name}", why)
        shutil.rmtree(stored, ignore_errors=True)
        return False
    if moved:
        (stored / SHARD_FILES).write_text(json.dumps(file_list(stored), sort_keys=True),
                                          "utf-8")
    return True


def place(stored: Path, target: Path, previous: Path | None = None) -> None:
    """Put a finished shard's files into this build's bundle at ``target``.

    Each is copied with its time, never linked: nothing in the output is
    a link into the cache, which an edit of the published site in place
    would change.  Where the site being replaced holds the same shard
    (``previous``) and its file still has the size and time it was placed
    with, that file is linked instead, as an unchanged page is.
    """
    listed = json.loads((stored / SHARD_FILES).read_text("utf-8"))
    for name, (_, *stat) in sorted(listed.items()):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        earlier = previous / name if previous is not None else None
        try:
            same = earlier is not None and _stat_of(earlier) == stat
        except OSError:  # not in the site being replaced
            same = False
        if same:
            link_or_copy(earlier, destination)
        else:
            shutil.copy2(stored / name, destination)


def remove_previous(folder: Path) -> None:
    """Remove the index an earlier build wrote into the same output folder, and
    only that: a folder holding a shard list, or an unsharded bundle's entry."""
    if any((folder / marker).is_file() for marker in (SHARD_LIST, ENTRY)):
        shutil.rmtree(folder)


def build(plan: IndexPlan) -> int:
    """Write ``plan``'s index; how many shards Pagefind indexed (the rest came
    from the cache).  Raises :class:`SearchIndexError`."""
    remove_previous(plan.folder)
    if not plan.shards:
        return 0  # nothing to index, and Pagefind fails on no pages
    usable_folder(plan.cache, plan.cache.parents[1])
    pages = IndexedDigests(plan.cache.with_name(f"{plan.cache.name}.pages.json"))
    pages.learn(plan.output, [page for shard in plan.shards for page in shard.pages])
    names = [shard_name(shard, shard_digest(shard, partial(pages.digest, plan.output)))
             for shard in plan.shards]
    pages.save()
    missing = [(shard, plan.cache / name) for shard, name in zip(plan.shards, names, strict=True)
               if not intact(plan.cache / name)]
    # Pagefind keeps about a core and a quarter busy: a shard per core fills them.
    with ThreadPoolExecutor(max_workers=worker_count()) as pool:
        for _ in pool.map(lambda job: index_shard(job[0], plan.output, job[1]), missing):
            pass  # the first shard that failed raises here
    previous = plan.previous / plan.bundle / SHARD_FOLDER if plan.previous else None
    for name in names:
        place(plan.cache / name, plan.folder / SHARD_FOLDER / name,
              previous / name if previous is not None else None)
    (plan.folder / SHARD_LIST).write_text(json.dumps(names[::-1]) + "\n", "utf-8")
    for unused in sorted(set(os.listdir(plan.cache)) - set(names)):
        shutil.rmtree(plan.cache / unused, ignore_errors=True)
    return len(missing)
