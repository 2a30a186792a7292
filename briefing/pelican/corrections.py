"""Pelican plugin: the corrections page, and corrections dated in the future.

An item's ``Correction`` lines are read with the item
(:mod:`briefing.pelican.item_reader`: ``article.corrections``, newest first,
and ``article.corrected``); its page shows them, its card in any list says
"Corrected", and its feed entries take the latest one as their update
(:func:`briefing.feeds.entries.revision`).  This plugin adds to the template
context:

- ``corrected_items``: every published item with a correction, latest
  correction first (ties: the later Date first), which
  :mod:`briefing.pelican.feeds` also reads for the corrections feed;

and writes the corrections page with ``corrections.html`` at
``CORRECTIONS_SAVE_AS`` (``""``: no page), even while no item is corrected,
so that the footer's link to it always leads somewhere.

A correction dated after today on the site's clock is an error reported
here, once the items are read: the contract checks every other form of a
bad ``Correction`` line, but reading never depends on the clock (its results
are cached from one build to the next, :mod:`briefing.build.read_cache`).
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

from briefing.content.item_order import first_come
from briefing.pelican.item_set import report

logger = logging.getLogger(__name__)


def latest_first(items) -> list:
    """The items that carry a correction, latest correction first."""
    corrected = [item for item in items if getattr(item, "corrections", None)]
    return sorted(corrected, key=lambda item: (item.corrections[0].date, *first_come(item)),
                  reverse=True)


def report_future_corrections(generator) -> None:
    """Receiver of ``article_generator_finalized``: every item, drafts included."""
    today = dt.datetime.now(ZoneInfo(generator.settings["TIMEZONE"])).date()
    for item in [*generator.articles, *generator.hidden_articles, *generator.drafts]:
        lines = getattr(item, "correction_lines", [])
        for correction, line in zip(getattr(item, "corrections", []), lines, strict=True):
            if correction.date > today:
                report(logger, item, "correction",
                       f"is dated in the future (today is {today.isoformat()} on the site's "
                       "clock): date it the day the item was corrected",
                       f"{correction.date.isoformat()}: {correction.text}", line=line)


class CorrectionsGenerator(Generator):
    """Collects the corrected items once the items are read; writes their page."""

    def generate_context(self) -> None:
        self.corrected_items = latest_first(self.context.get("articles", []))
        self.context["corrected_items"] = self.corrected_items

    def generate_output(self, writer) -> None:
        save_as = self.settings["CORRECTIONS_SAVE_AS"]  # defaults in briefing.settings
        if save_as:
            writer.write_file(save_as, self.get_template("corrections"), self.context,
                              url=self.settings["CORRECTIONS_URL"], page_name="corrections",
                              relative_urls=self.settings["RELATIVE_URLS"])


def get_generators(pelican):
    return CorrectionsGenerator


def register() -> None:
    signals.article_generator_finalized.connect(report_future_corrections)
    # A generator of its own (like editions): it runs after the articles
    # generator and before the feeds generator, which lists its items.
    signals.get_generators.connect(get_generators)
