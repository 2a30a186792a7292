"""What a build found in the content folder, counted the same way for every command.

``briefing check``, ``publish`` and ``devserver`` print one summary from
this: every file read (items, pages, edition notes), what became of each
item (published, hidden, draft, scheduled), and the files that could not be
read at all (their errors are printed above), by name, so that the numbers
always add up to the files in the folder.  A scheduled item is one Pelican
holds back as a draft only because its Date is still to come
(``WITH_FUTURE_DATES = False``); the summary lists each with its time on
the site's clock.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from briefing.content.contract import shown_path
from briefing.pelican.editions import EditionsGenerator


@dataclass(frozen=True)
class Scheduled:
    """An item that goes out on the first build after ``date``."""

    date: dt.datetime
    path: str
    title: str

    def __str__(self) -> str:
        return f"scheduled: {self.date:%Y-%m-%d %H:%M %Z} {self.path}: {self.title}"


@dataclass
class Tally:
    files: int = 0
    published: int = 0
    hidden: int = 0
    drafts: int = 0
    scheduled: list[Scheduled] = field(default_factory=list)
    pages: int = 0
    notes: int = 0
    unread: list[str] = field(default_factory=list)

    def add(self, generators) -> None:
        """Count what each generator read (``all_generators_finalized``)."""
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                self._add_items(generator)
            elif isinstance(generator, PagesGenerator):
                self._add_pages(generator)
            elif isinstance(generator, EditionsGenerator):
                self._add_notes(generator)
        self.unread.sort()
        self.scheduled.sort(key=lambda item: (item.date, item.path))

    def _add_items(self, generator) -> None:
        settings = generator.settings
        self.published += len(generator.articles) + len(generator.translations)
        hidden = [*generator.hidden_articles, *generator.hidden_translations]
        self.hidden += len(hidden)
        drafts = [*generator.drafts, *generator.drafts_translations]
        for item in drafts:
            if item.metadata.get("status", "published") == "draft":
                self.drafts += 1
            else:  # held back by its Date alone
                self.scheduled.append(Scheduled(item.date, shown_path(item.source_path),
                                                item.title))
        found = generator.get_files(settings["ARTICLE_PATHS"],
                                    exclude=settings["ARTICLE_EXCLUDES"])
        self._count_files(generator, found, [*generator.articles, *generator.translations,
                                             *hidden, *drafts])

    def _add_pages(self, generator) -> None:
        settings = generator.settings
        pages = [*generator.pages, *generator.translations, *generator.hidden_pages,
                 *generator.hidden_translations, *generator.draft_pages,
                 *generator.draft_translations]
        self.pages += len(pages)
        found = generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"])
        self._count_files(generator, found, pages)

    def _count_files(self, generator, found: set[str], read: list) -> None:
        self.files += len(found)
        read_paths = {os.path.abspath(item.source_path) for item in read}
        self.unread.extend(shown_path(os.path.join(generator.path, name)) for name in found
                           if os.path.abspath(os.path.join(generator.path, name))
                           not in read_paths)

    def _add_notes(self, generator) -> None:
        folder = Path(generator.path) / generator.settings["EDITIONS_PATH"]
        files = sorted(folder.glob("*.md")) if folder.is_dir() else []
        read = {day.isoformat() for day in generator.notes}
        self.files += len(files)
        self.notes += sum(path.stem in read for path in files)
        self.unread.extend(shown_path(path) for path in files if path.stem not in read)

    def summary(self) -> str:
        """``N file(s): …``: what the files became, adding up to N."""
        return (f"{self.files} file(s): {self.published} item(s) published, {self.hidden} "
                f"hidden, {self.drafts} draft(s), {len(self.scheduled)} scheduled, "
                f"{self.pages} page(s), {self.notes} edition note(s), "
                f"{len(self.unread)} not read")

    def details(self) -> list[str]:
        """A line per scheduled item, then the files not read, if any."""
        lines = [str(item) for item in self.scheduled]
        if self.unread:
            lines.append("not read, see the errors above: " + ", ".join(self.unread))
        return lines
