"""Pelican plugin: daily editions, their notes and their pages.

An edition is every published item whose Date falls on one calendar day in
the site's time zone (the reader already converted dates to it).  Adds to
the template context:

- ``editions``: every :class:`Edition`, newest day first;
- ``latest_edition``: the first of them, or None (the home page shows it);

and to every listed item ``article.edition``, ``article.previous_in_edition``
and ``article.next_in_edition`` (its neighbours in the running order, or
None).  Writes one page per edition with ``edition.html`` at
``EDITION_SAVE_AS``.  An edition note,
``content/<EDITIONS_PATH>/YYYY-MM-DD.md`` (a ``Title:`` line, a blank line,
Markdown), opens its edition; a note for a day without items is a warning.

The running order (lead first, then ``Order``, then time) and whether an
edition is closed follow :mod:`briefing.content.edition_rules`; two leads or two
items with the same Order in one edition are errors naming both files.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from briefing.build.render_trace import register_entity
from briefing.content import contract, edition_rules
from briefing.content.limits import body_problem, read_capped, size_problem
from briefing.content.rendering import BodyRenderer
from briefing.pelican.item_set import report

logger = logging.getLogger(__name__)


@dataclass
class EditionNote:
    title: str
    html: Markup
    closed: bool | None = None  # its Closed field; None without one


@dataclass(eq=False)
class Edition:
    """One day's items in running order (earliest first), with its note."""

    date: dt.date
    articles: list
    url: str
    save_as: str
    title: str = ""
    note_html: Markup = field(default_factory=Markup)
    previous: Edition | None = None  # the edition before, in time
    next: Edition | None = None  # the edition after, in time
    # Complete, so feeds and e-mail may carry it (briefing.content.edition_rules).
    closing: edition_rules.Closing = edition_rules.CLOSED

    @property
    def closed(self) -> bool:
        return self.closing.closed

    @property
    def lead(self):
        """The lead story (``Lead: yes``), which opens the edition, or None."""
        first = self.articles[0] if self.articles else None
        return first if getattr(first, "lead", False) else None


# An edition is made again from the same items each build: named by its day.
register_entity(Edition, lambda edition: edition.date.isoformat())


def read_edition_notes(folder: Path, markdown_settings: dict, timezone: str,
                       site_url: str | None = None,
                       extra_fields: tuple[str, ...] = ()) -> dict[dt.date, EditionNote]:
    """Every ``YYYY-MM-DD.md`` note in ``folder``; bad ones are logged, skipped."""
    if not folder.is_dir():
        return {}
    renderer = BodyRenderer(markdown_settings, site_url=site_url)
    notes = {}
    for path in sorted(folder.glob("*.md")):
        shown = contract.shown_path(path)
        day = contract.parse_source_date(path.stem, timezone)
        if day is None:
            logger.error("%s: file name: must be the edition's date, YYYY-MM-DD.md (got %r)",
                         shown, path.name)
            continue
        raw = read_capped(str(path))
        try:
            too_large = size_problem(len(raw), shown)
            if too_large is not None:
                raise contract.ContractError(too_large)
            parsed = contract.parse_file(raw, shown, is_page=True, timezone=timezone,
                                         extra_fields=extra_fields)
        except contract.ContractError as error:
            logger.error("%s", error.problem)
            continue
        too_deep = body_problem(parsed)
        for problem in [*parsed.problems, *([too_deep] if too_deep else [])]:
            (logger.error if problem.severity == "error" else logger.warning)("%s", problem)
        if too_deep:
            continue
        notes[day] = EditionNote(parsed.value("title", ""), renderer.render(parsed.body).content,
                                 contract.parse_yes_no(parsed.value("closed") or ""))
    return notes


def build_editions(articles, notes: dict[dt.date, EditionNote], settings: dict,
                   now: dt.datetime | None = None) -> list[Edition]:
    """Group published items by day, newest day first, and link neighbours.

    Each edition's items are in running order, and it is closed or open at
    ``now`` (by default the present on the site's clock).
    """
    zone = settings["TIMEZONE"]
    now = now or edition_rules.site_now(zone)
    closes = edition_rules.parse_closing_time(settings.get("BRIEFING_EDITION_CLOSES"))
    by_day = sorted(articles, key=lambda a: (a.date.date(), a.date, a.relative_source_path))
    editions = []
    for day, items in groupby(by_day, key=lambda a: a.date.date()):
        note = notes.get(day)
        editions.append(Edition(
            date=day,
            articles=edition_rules.running_order(items),
            url=settings["EDITION_URL"].format(date=day),
            save_as=settings["EDITION_SAVE_AS"].format(date=day),
            title=note.title if note else "",
            note_html=note.html if note else Markup(),
            closing=edition_rules.closing(day, note.closed if note else None, closes, zone, now),
        ))
    for earlier, later in pairwise(editions):
        earlier.next, later.previous = later, earlier
    editions.reverse()
    return editions


def link_items(edition: Edition) -> None:
    """Give each item its edition and its neighbours in the running order."""
    items = edition.articles
    for position, item in enumerate(items):
        item.edition = edition
        item.previous_in_edition = items[position - 1] if position > 0 else None
        item.next_in_edition = items[position + 1] if position + 1 < len(items) else None


def report_clashes(edition: Edition) -> None:
    """Log an error for each second lead or repeated Order, naming both files."""
    day = edition.date.isoformat()
    for name, first, second in edition_rules.clashes(edition.articles):
        other = contract.shown_path(first.source_path)
        if name == "lead":
            message = f"a second lead in the edition of {day}: {other} is its lead"
        else:
            message = f"the same place in the edition of {day} as {other}"
        report(logger, second, name, message,
               value=str(second.order) if name == "order" else None)


class EditionsGenerator(Generator):
    """Builds the editions after the items are read, and writes their pages."""

    def generate_context(self) -> None:
        folder = Path(self.path) / self.settings["EDITIONS_PATH"]
        notes = read_edition_notes(folder, self.settings["MARKDOWN"], self.settings["TIMEZONE"],
                                   self.settings["SITEURL"],
                                   tuple(self.settings["BRIEFING_EXTRA_FIELDS"]))
        self.notes = notes  # counted by briefing.pelican.tally
        self.editions = build_editions(self.context.get("articles", []), notes, self.settings)
        days = {edition.date for edition in self.editions}
        for day in sorted(set(notes) - days):
            logger.warning("%s: edition note: no published item on %s",
                           contract.shown_path(folder / f"{day.isoformat()}.md"), day.isoformat())
        for edition in self.editions:
            link_items(edition)
            report_clashes(edition)
        self.context["editions"] = self.editions
        self.context["latest_edition"] = self.editions[0] if self.editions else None

    def generate_output(self, writer) -> None:
        template = self.get_template("edition")
        for edition in self.editions:
            writer.write_file(edition.save_as, template, self.context, edition=edition,
                              url=edition.url, relative_urls=self.settings["RELATIVE_URLS"])


def get_generators(pelican):
    return EditionsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
