"""Pelican plugin: the static full-text search index of every listed item.

Adds nothing to the template context.  On ``finalized``, once every page is
on disk, runs Pagefind (the binary the ``pagefind-bin-extended`` package
ships: nothing is downloaded at build time) over the pages of the listed
items.  It writes the index, and the script that reads it in the browser,
to ``BRIEFING_SEARCH_BUNDLE`` (default ``pagefind/``), where the theme's
search page (``search.html``, ``static/js/search.js``) finds them.

Which pages: Pagefind reads only the pages of the items this build lists,
linked into a folder of their own, so drafts, hidden items and future ones
(Pelican holds those back as drafts) never reach the index, nor does the
page of an item removed since the last build into the same folder.  Of each
page it indexes the part the theme marks ``data-pagefind-body``: the item,
without the site's navigation.  The build checks that the index holds
every listed item, so a template that drops the marker fails the build.

Languages: Pagefind keeps one index per language and a page searches only
its own language's, while our items in Chinese, Farsi or Korean sit on
pages whose interface is in the site's language.  So the whole site is one
index in one language (``--force-language``): the site's own, whose
stemming finds "sanction" for "sanctions", or, as soon as any item is in
Chinese or Japanese, that language, the only kind the extended binary
splits into words (Chinese and Japanese put no spaces between words; Farsi,
Korean and the rest are split at spaces as usual).  Such an index matches
word beginnings instead of stems.

Determinism: two builds of the same content write the same index.
Pagefind names its files by a hash of their content, but writes its filter
files in a random order, which :mod:`briefing.pagefind_bundle` puts right
(it also removes the search interfaces Pagefind ships, which the theme does
not use).  The previous index is removed first, because Pagefind never
deletes a file it wrote before, and Pagefind's own configuration sources (a
``pagefind.yml`` in the working folder, ``PAGEFIND_*`` variables) are kept
out of the build.

``BRIEFING_SEARCH = False`` builds no index and no search page.  A binary
that is missing or fails logs one error, which stops ``make publish``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from briefing.pagefind_bundle import ENTRY, canonicalize, indexed_pages, remove_unused

logger = logging.getLogger(__name__)

#: Languages written without spaces between words: the extended Pagefind
#: splits their text into words, but only in an index of one of them.
UNSPACED_LANGUAGES = ("zh", "ja")
#: Pagefind indexes a large site in seconds; a binary still running after
#: this long has hung, and a scheduled publish must not wait for it forever.
TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class IndexPlan:
    """One build's index: where it goes, in which language, of which pages."""

    output: Path
    bundle: str
    language: str
    pages: tuple[str, ...]  # each listed item's page, relative to the output folder

    @property
    def folder(self) -> Path:
        return self.output / self.bundle


def index_language(item_languages: Iterable[str], site_language: str) -> str:
    """The one language the index is built as (see the module's docstring)."""
    found = {language.split("-")[0].lower() for language in item_languages}
    return next((code for code in UNSPACED_LANGUAGES if code in found), site_language)


def pagefind_executable() -> Path:
    """The binary the ``pagefind-bin-extended`` package installed."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as error:
        raise FileNotFoundError(
            "the pagefind-bin-extended package is not installed (make venv installs "
            "it from requirements/runtime.txt)") from error
    return get_executable()


def stage(plan: IndexPlan, site: Path) -> None:
    """Link the listed items' pages into ``site``, at their own paths."""
    for page in plan.pages:
        target = site / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(plan.output / page, target)
        except OSError:  # another file system: a copy does as well
            shutil.copyfile(plan.output / page, target)


def run_pagefind(plan: IndexPlan, workspace: Path) -> str | None:
    """Index the staged pages into the bundle folder; the problem in one line, or None."""
    site = workspace / "site"
    stage(plan, site)
    command = [str(pagefind_executable()), "--site", str(site),
               "--output-path", str(plan.folder.resolve()),
               "--force-language", plan.language, "--silent"]
    # No pagefind.yml in the working folder and no PAGEFIND_* variables: the
    # index depends on the pages and our settings alone.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    done = subprocess.run(command, cwd=workspace, env=environment, capture_output=True,
                          text=True, timeout=TIMEOUT_SECONDS, check=False)
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stdout + done.stderr).splitlines()
                 if line.strip()]
        return (f"Pagefind failed (exit status {done.returncode}): "
                f"{' / '.join(lines[-3:]) or 'no output'}")
    return None


def build(plan: IndexPlan) -> str | None:
    """Write ``plan``'s index; the problem in one line, or None."""
    if (plan.folder / ENTRY).is_file():  # the previous index: only ever a bundle's folder
        shutil.rmtree(plan.folder)
    if not plan.pages:
        return None  # nothing to index, and Pagefind fails on no pages
    try:
        with tempfile.TemporaryDirectory(prefix=".search-", dir=plan.output.parent) as workspace:
            problem = run_pagefind(plan, Path(workspace))
    except (OSError, subprocess.SubprocessError) as error:
        return f"could not index the items: {error}"
    if problem:
        return problem
    try:
        remove_unused(plan.folder)
        canonicalize(plan.folder)
        found = indexed_pages(plan.folder)
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"Pagefind wrote a bundle this build cannot read: {error}"
    if found != len(plan.pages):
        return (f"the index holds {found} of the {len(plan.pages)} listed items: every item's "
                "page must mark its text data-pagefind-body (theme/templates/article.html)")
    return None


#: Made when the items are known, built when their pages are on disk:
#: ``finalized`` passes only the Pelican object.  Emptied as a build starts.
_planned: list[IndexPlan] = []


def configure(pelican) -> None:
    """Start each build afresh; with search off, write no search page either."""
    _planned.clear()
    if not pelican.settings["BRIEFING_SEARCH"]:
        pelican.settings["SEARCH_SAVE_AS"] = ""  # Pelican skips a direct template saved as ""


def plan_index(generator) -> None:
    """Receiver of ``article_generator_finalized``: the listed items are known."""
    settings = generator.settings
    if not settings["BRIEFING_SEARCH"]:
        return
    items = [item for item in generator.articles if item.save_as]
    _planned.append(IndexPlan(
        output=Path(generator.output_path),
        bundle=settings["BRIEFING_SEARCH_BUNDLE"],
        language=index_language((item.lang for item in items), settings["DEFAULT_LANG"]),
        pages=tuple(item.save_as for item in items)))


def build_planned(_pelican) -> None:
    """Receiver of ``finalized``: every page is written, so index them."""
    while _planned:
        plan = _planned.pop(0)
        problem = build(plan)
        if problem:
            logger.error("search: %s", problem)
        else:
            logger.info("search: %d items indexed in %s", len(plan.pages), plan.folder)


def register() -> None:
    signals.initialized.connect(configure)
    signals.article_generator_finalized.connect(plan_index)
    signals.finalized.connect(build_planned)
