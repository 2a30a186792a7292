"""Check and build the public site in a fresh folder; replace output/ only if all went well.

The build goes to a temporary folder beside ``output/`` and checks every
item on the way, exactly as ``briefing check`` does.  Any error (a content
problem, or a failed build) and, with ``--strict``, any warning stops the
publish with a non-zero exit and leaves the previous ``output/`` byte for
byte as it was.  On success the new folder is swapped in, in one step
(:mod:`briefing.build.swap`), and a one-line summary says what was published;
with ``--ledger``, the ledger of published addresses
(:mod:`briefing.serve.address_ledger`) is brought up to date then, and only
then: a failed publish leaves it as it was too.  One publish at a time: a
second one waits for the first (``--wait`` seconds) or stops, naming it
(:mod:`briefing.build.site_lock`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from briefing.build.folders import PreparedFolders
from briefing.build.site_lock import SiteBusyError, hold
from briefing.build.swap import building_prefix, clear_leftovers, ordinary_mode, swap_in
from briefing.cli.check import (
    add_ledger_argument,
    add_lock_argument,
    add_site_arguments,
    content_override,
    ledger_override,
    print_problems,
    verdict,
)
from briefing.pelican.build import build, failure, preflight


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser, "publishconf.py", "output", "published site folder")
    parser.add_argument("--siteurl", default=None,
                        help="override SITEURL, e.g. for a staging build")
    add_ledger_argument(parser)
    parser.add_argument("--strict", action="store_true", help="refuse to publish on warnings too")
    parser.add_argument("--local", action="store_true",
                        help="a preview of the public site for this machine (make preview): "
                             "marked so that no deploy target uploads it")
    add_lock_argument(parser)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output).resolve()
    problem = preflight(args.settings, args.content)
    if problem:
        print(f"publish stopped: {problem}; {output} is unchanged")
        return 1
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with hold(output, args.wait):
            for line in clear_leftovers(output):
                print(f"publish: {line}", file=sys.stderr)
            return publish(args, output)
    except SiteBusyError as busy:
        print(f"publish stopped: {busy}; {output} is unchanged")
    except OSError as error:
        print(f"publish stopped: {failure(error).removeprefix('build failed: ')}; "
              f"{output} is unchanged")
    return 1


def publish(args: argparse.Namespace, output: Path) -> int:
    """Build into a fresh folder and swap it in; the caller holds the lock."""
    overrides = {**content_override(args.content), **ledger_override(args.ledger)}
    # Unchanged pages and precompressed files are taken from the site being replaced.
    overrides["BRIEFING_PREVIOUS_OUTPUT"] = str(output)
    # Only what is public, whatever the settings file says (briefing.pelican.previews).
    overrides["BRIEFING_PREVIEWS"] = False
    overrides["BRIEFING_LOCAL_BUILD"] = args.local
    if args.siteurl:
        overrides["SITEURL"] = args.siteurl.rstrip("/")
    scratch = Path(tempfile.mkdtemp(prefix=building_prefix(output), dir=output.parent))
    next_ledger = scratch.with_name(f"{scratch.name}.ledger")
    if args.ledger:
        overrides["BRIEFING_ADDRESS_LEDGER_NEXT"] = str(next_ledger)
    folders = None
    try:
        ordinary_mode(scratch)
        folders = PreparedFolders(output, scratch)
        report = build(args.settings, scratch, overrides, progress=sys.stderr)
        folders.finish()
        print_problems(report)
        failed, line = verdict(report, args.strict)
        print(line)
        if failed:
            why = (f"{len(report.errors)} error(s)" if not report.ok
                   else f"{len(report.warnings)} warning(s) and --strict")
            print(f"publish stopped: {why}; {output} is unchanged")
            return 1
        swap_in(scratch, output)
        if next_ledger.exists():
            next_ledger.replace(Path(args.ledger))
    finally:
        if folders is not None:
            folders.finish()  # before the folder goes: none is made in it after
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
        next_ledger.unlink(missing_ok=True)
    print(f"published {report.items} items, {report.editions} editions, {report.tags} tags, "
          f"{report.feeds} feeds to {output} in {report.seconds:.1f} s "
          f"({report.rendered} pages and feeds rendered, {report.kept} unchanged kept)")
    return 0
