"""List the scheduled items: those dated in the future, with their times on the site's clock.

A scheduled item goes out on the first ``make publish`` after its Date
(run it from cron or a CI schedule: docs/deploying.md).  This reads the
content as ``make check`` does and prints each with the time it goes out,
in the site's ``TIMEZONE``, soonest first, and the time it is now there.
A file with errors is not read, so it is not listed: ``make check`` says why.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from briefing.cli.check import add_site_arguments, content_override
from briefing.pelican.build import build, preflight, read_site_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser, "pelicanconf.py")


def run(args: argparse.Namespace) -> int:
    problem = preflight(args.settings, args.content)
    if problem:
        print(f"scheduled: {problem}")
        return 1
    overrides = {**content_override(args.content), "BRIEFING_WRITE_PAGES": False}
    with tempfile.TemporaryDirectory(prefix="briefing-scheduled-") as scratch:
        report = build(args.settings, Path(scratch), overrides, progress=sys.stderr)
    zone = read_site_settings(args.settings, overrides)["TIMEZONE"]
    now = dt.datetime.now(ZoneInfo(zone))
    items = report.tally.scheduled
    print(f"{len(items)} scheduled item(s); now is {now:%Y-%m-%d %H:%M %Z} ({zone})")
    for item in items:
        print(item)
    if report.errors:
        print(f"{len(report.errors)} error(s): files with errors are not listed; "
              "make check shows them")
        return 1
    return 0
