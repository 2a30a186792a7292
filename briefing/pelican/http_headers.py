"""Pelican glue: writes the ``_headers`` file of :mod:`briefing.serve.headers` once the
output is finished.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from briefing.serve.headers import header_rules, page_policy, render

logger = logging.getLogger(__name__)


def write_headers_file(pelican) -> None:
    save_as = pelican.settings["BRIEFING_HEADERS_SAVE_AS"]  # default in briefing.settings
    if not save_as or not pelican.settings["BRIEFING_WRITE_PAGES"]:
        return  # no file wanted, or no home page to take the policy from (briefing check)
    output = Path(pelican.output_path)
    home = output / pelican.settings["INDEX_SAVE_AS"]
    policy = page_policy(home) if home.is_file() else {}
    if "Content-Security-Policy" not in policy:
        logger.warning("briefing.pelican.http_headers: %s: no Content-Security-Policy "
                       "<meta> to copy: %s sends none", home, save_as)
    target = output / save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(header_rules(pelican.settings, policy)), encoding="utf-8",
                      newline="\n")


def register() -> None:
    # finalized: the home page, whose <meta> policy the file repeats, is written by then.
    signals.finalized.connect(write_headers_file)
