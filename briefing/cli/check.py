"""Check every item against the content contract; report all problems at once.

Runs the build with the same reader and plugins as ``make publish`` as far
as content problems are found: every item is read (or taken from the read
cache that builds with the same settings, such as ``make html``, fill) and
processed, and no page or feed is rendered (``BRIEFING_WRITE_PAGES``),
which on a large archive is most of a build.  A template that fails to
render is a theme's problem, found by ``make html`` or ``make publish``
(which then keeps the previous site).  Prints each problem on one line,
``path:line: Field: problem (got 'value')``.  Exit status 1 on any error
(or, with ``--strict``, any warning); ``output/`` is never touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from briefing.build.site_lock import DEFAULT_WAIT_SECONDS, SiteBusyError, hold
from briefing.pelican.build import BuildReport, build, preflight


def add_site_arguments(parser: argparse.ArgumentParser, settings: str,
                       output: str | None = None, output_help: str = "") -> None:
    """The arguments every command that builds the site takes, in one place."""
    parser.add_argument("content", nargs="?", default=None,
                        help="content folder (default: PATH from the settings)")
    parser.add_argument("-s", "--settings", default=settings,
                        help="settings file (default: %(default)s)")
    if output is not None:
        parser.add_argument("-o", "--output", default=output,
                            help=f"{output_help} (default: %(default)s)")


def add_lock_argument(parser: argparse.ArgumentParser) -> None:
    """``--wait``: how long to wait while another build holds the site's lock."""
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT_SECONDS, metavar="SECONDS",
                        help="wait this long for another build of the same site to end "
                             "(default: %(default)g)")


def add_ledger_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ledger", default=None,
                        help="the ledger of published addresses (published-addresses.txt): "
                             "old addresses redirect (briefing/serve/address_ledger.py)")


def ledger_override(ledger: str | None) -> dict:
    """Settings that point the build at the ledger of published addresses, if one is given."""
    return {"BRIEFING_ADDRESS_LEDGER": str(Path(ledger).resolve())} if ledger else {}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser, "pelicanconf.py", "output",
                       "the site folder whose builds a check waits for (it shares their cache)")
    add_ledger_argument(parser)
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    add_lock_argument(parser)


def print_problems(report: BuildReport, stream=None) -> None:
    """Cache repairs, errors, then warnings, one per line, sorted by file and line."""
    stream = stream or sys.stdout
    for message in report.cache_repairs:
        print(message, file=stream)
    for message in sorted(report.errors, key=by_position):
        print(message, file=stream)
    for message in sorted(report.warnings, key=by_position):
        print(f"{message} [warning]", file=stream)


def by_position(message: str) -> tuple:
    """Sort ``path:line: ...`` messages by path, then line number."""
    path, _, rest = message.partition(":")
    line, _, _ = rest.partition(":")
    return (path, int(line) if line.isdigit() else 0, message)


def content_override(content: str | None) -> dict:
    """Settings that point the build at another content folder, if one is given."""
    return {"PATH": str(Path(content).resolve())} if content else {}


def verdict(report: BuildReport, strict: bool) -> tuple[bool, str]:
    """Whether the check failed, and the lines that say so and what was read.

    The scheduled items with their times and the files not read come
    first; the verdict, with every count, is the last line.
    """
    failed = not report.ok or (strict and bool(report.warnings))
    return failed, "\n".join([
        *report.tally.details(),
        f"check {'failed' if failed else 'passed'}: {len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s) in {report.tally.summary()}"])


def run(args: argparse.Namespace) -> int:
    problem = preflight(args.settings, args.content)
    if problem:
        print(f"check failed: {problem}")
        return 1
    overrides = {**content_override(args.content), **ledger_override(args.ledger),
                 "BRIEFING_WRITE_PAGES": False}
    try:
        with hold(Path(args.output), args.wait), \
                tempfile.TemporaryDirectory(prefix="briefing-check-") as scratch:
            report = build(args.settings, Path(scratch), overrides, progress=sys.stderr)
    except SiteBusyError as busy:
        print(f"check failed: {busy}")
        return 1
    print_problems(report)
    for notice in report.open_editions:
        print(notice)
    failed, line = verdict(report, args.strict)
    print(line)
    return 1 if failed else 0
