"""Pelican plugin: previews of unpublished items in development builds only.

Pelican holds drafts back from every list and feed, and also holds back
items dated in the future (``WITH_FUTURE_DATES = False``): both are
"drafts" to it, and it renders each at ``DRAFT_SAVE_AS`` for a preview.  A
public build must not contain them at all, since an address made from a
title is easy to guess: with ``BRIEFING_PREVIEWS`` off (``publishconf.py``,
and ``briefing publish`` whatever the settings file says) the draft save-as
settings are emptied on ``initialized``, so Pelican renders no preview page
and nothing else of a draft's reaches the output (lists, feeds, the sitemap
and the search index take published items only).

A development build (previews on), or a public build made for a local
address (``BRIEFING_LOCAL_BUILD``, ``make preview``), writes
:data:`briefing.build.local_builds.MARKER` listing its previews, which every
deploy target refuses to upload.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from briefing.build.local_builds import MARKER, marker_text
from briefing.pelican.build_state import current

#: Where Pelican renders previews of draft (and scheduled) items and pages.
PREVIEW_SAVE_AS = ("DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS",
                   "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS")

def withhold_previews(pelican) -> None:
    """Receiver of ``initialized`` (after the defaults are merged): no previews in public."""
    if not pelican.settings["BRIEFING_PREVIEWS"]:
        for key in PREVIEW_SAVE_AS:
            pelican.settings[key] = ""


def note_item_previews(generator) -> None:
    current().previews.extend(item.url for item in generator.drafts if item.save_as)


def note_page_previews(generator) -> None:
    current().previews.extend(page.url for page in generator.draft_pages if page.save_as)


def mark_local_build(pelican) -> None:
    """Receiver of ``finalized``: say in the output that it is for this machine only."""
    settings = pelican.settings
    if not settings["BRIEFING_WRITE_PAGES"]:  # briefing check writes nothing
        return
    if settings["BRIEFING_PREVIEWS"]:
        reason = "a development build (make html, make devserver or make drafts)"
    elif settings["BRIEFING_LOCAL_BUILD"]:
        reason = f"a local preview built for {settings['SITEURL']} (make preview)"
    else:
        return
    output = Path(pelican.output_path)
    output.mkdir(parents=True, exist_ok=True)
    (output / MARKER).write_text(marker_text(reason, current().previews), "utf-8")


def register() -> None:
    signals.initialized.connect(withhold_previews)
    signals.article_generator_finalized.connect(note_item_previews)
    signals.page_generator_finalized.connect(note_page_previews)
    signals.finalized.connect(mark_local_build)
