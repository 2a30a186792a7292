"""Pelican plugin: merge Briefing's defaults under the site's settings.

Runs on ``initialized``, before Pelican copies its settings into the
template context, so templates see every ``BRIEFING_*`` and ``EDITION_*``
value too.  An impossible setting stops the build with a message naming it.
"""

from __future__ import annotations

from pelican import signals

from briefing.settings import apply_defaults


def merge_defaults(pelican) -> None:
    apply_defaults(pelican.settings)


def register() -> None:
    signals.initialized.connect(merge_defaults)
