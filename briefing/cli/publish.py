"""Check and build the public site in a fresh folder; replace output/ only if all went well.

The build goes to a temporary folder beside ``output/`` and checks every
item on the way, exactly as ``briefing check`` does.  Any error (a content
problem, or a failed build) and, with ``--strict``, any warning stops the
publish with a non-zero exit and leaves the previous ``output/`` byte for
byte as it was.  On success the new folder is swapped in and a one-line
summary says what was published; with ``--ledger``, the ledger of published
addresses (:mod:`briefing.address_ledger`) is brought up to date then, and
only then: a failed publish leaves it as it was too.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from briefing.cli.build import build, preflight
from briefing.cli.check import (
    add_ledger_argument,
    add_site_arguments,
    content_override,
    ledger_override,
    print_problems,
    verdict,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser, "publishconf.py", "output", "published site folder")
    parser.add_argument("--siteurl", default=None,
                        help="override SITEURL, e.g. for a staging build")
    add_ledger_argument(parser)
    parser.add_argument("--strict", action="store_true", help="refuse to publish on warnings too")
    parser.add_argument("--local", action="store_true",
                        help="a preview of the public site for this machine (make preview): "
                             "marked so that no deploy target uploads it")


def swap_in(new: Path, output: Path) -> None:
    """Put ``new`` where ``output`` is with two renames on the same disk."""
    retired = output.with_name(f".{output.name}.previous")
    if retired.exists():
        shutil.rmtree(retired)
    if output.exists():
        output.rename(retired)
    new.rename(output)
    if retired.exists():
        shutil.rmtree(retired)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output).resolve()
    problem = preflight(args.settings, args.content)
    if problem:
        print(f"publish stopped: {problem}; {output} is unchanged")
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    overrides = {**content_override(args.content), **ledger_override(args.ledger)}
    # Unchanged pages and precompressed files are taken from the site being replaced.
    overrides["BRIEFING_PREVIOUS_OUTPUT"] = str(output)
    # Only what is public, whatever the settings file says (briefing.plugins.previews).
    overrides["BRIEFING_PREVIEWS"] = False
    overrides["BRIEFING_LOCAL_BUILD"] = args.local
    if args.siteurl:
        overrides["SITEURL"] = args.siteurl.rstrip("/")
    scratch = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    scratch.chmod(0o755)  # mkdtemp's 0700 would lock a web server out of output/
    next_ledger = scratch.with_name(f"{scratch.name}.ledger")
    if args.ledger:
        overrides["BRIEFING_ADDRESS_LEDGER_NEXT"] = str(next_ledger)
    try:
        report = build(args.settings, scratch, overrides, progress=sys.stderr)
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
        if scratch.exists():
            shutil.rmtree(scratch)
        next_ledger.unlink(missing_ok=True)
    print(f"published {report.items} items, {report.editions} editions, {report.tags} tags, "
          f"{report.feeds} feeds to {output} in {report.seconds:.1f} s")
    return 0
