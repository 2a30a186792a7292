"""Write an edition as an e-mail: YYYY-MM-DD.eml with its HTML and text parts beside it.

Reads and checks the site as ``briefing check`` does (with the public
settings, so that every link points to the public site), then takes the
edition of ``--date``, or by default the latest closed one, and writes it
into ``--out`` (``output/newsletter/``).  An open edition, a day without an
edition, missing newsletter settings or any content error stop it with one
line and exit status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from briefing.cli.check import add_site_arguments, content_override, print_problems
from briefing.newsletter import compose, render
from briefing.pelican.build import preflight, read_editions_of


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser, "publishconf.py")
    add_edition_arguments(parser)


def add_edition_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of both newsletter commands: which edition, where its files go."""
    parser.add_argument("--date", default=None,
                        help="the edition's day, YYYY-MM-DD (default: the latest closed one)")
    parser.add_argument("--out", default="output/newsletter",
                        help="folder for YYYY-MM-DD.eml, .html and .txt (default: %(default)s)")


def read_editions(settings_file: str, content: str | None) -> tuple[list, dict]:
    """Check and read the site; its editions (newest first) and settings.

    Raises :class:`~briefing.newsletter.compose.NewsletterError` when the
    check finds an error (after printing the problems).
    """
    problem = preflight(settings_file, content)
    if problem:
        raise compose.NewsletterError(problem)
    overrides = {**content_override(content), "BRIEFING_WRITE_PAGES": False}
    report, found = read_editions_of(settings_file, overrides)
    if not report.ok or "editions" not in found:
        print_problems(report)
        raise compose.NewsletterError(f"the check found {len(report.errors)} error(s): "
                                      "fix them first")
    return found["editions"], found["settings"]


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise compose.NewsletterError(
            f"DATE: is not a day, YYYY-MM-DD (got {value!r})") from None


def make(args: argparse.Namespace) -> tuple[compose.Newsletter, dict[str, Path]]:
    """The chosen edition composed and written; raises NewsletterError."""
    day = parse_day(args.date)
    editions, settings = read_editions(args.settings, args.content)
    newsletter = compose.compose(compose.pick_edition(editions, day), settings)
    return newsletter, render.write(newsletter, settings, Path(args.out))


def run(args: argparse.Namespace) -> int:
    try:
        newsletter, written = make(args)
    except compose.NewsletterError as error:
        print(f"newsletter stopped: {error}")
        return 1
    print(f"newsletter of {newsletter.day.isoformat()} ({len(newsletter.stories)} items): "
          f"{written['eml']} (parts: {written['html'].name}, {written['text'].name})")
    return 0
