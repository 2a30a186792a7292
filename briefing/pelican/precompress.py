"""Pelican glue: the ``.gz`` and ``.br`` copies of :mod:`briefing.serve.precompression`,
made once the output is finished.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from briefing.pelican import build_state
from briefing.serve.precompression import encoders, precompress, previous_output

logger = logging.getLogger(__name__)


def precompress_output(pelican) -> None:
    settings = pelican.settings  # defaults in briefing.settings
    if not settings["BRIEFING_PRECOMPRESS"] or not settings["BRIEFING_WRITE_PAGES"]:
        return
    output = Path(pelican.output_path)
    compressed, reused = precompress(output, previous_output(settings), encoders(),
                                     output / settings["BRIEFING_SEARCH_BUNDLE"],
                                     frozenset(build_state.current().copies_placed))
    logger.info("briefing.pelican.precompress: %d file(s) compressed, %d reused",
                compressed, reused)


def register() -> None:
    # finalized: after every generator and every other plugin has written its files.
    signals.finalized.connect(precompress_output)
