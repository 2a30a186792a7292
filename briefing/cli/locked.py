"""Run a command that writes a site while holding the site's lock (``make html``).

``make html`` runs Pelican itself; this runs it while no publish, check or
devserver build of the same site runs (:mod:`briefing.build.site_lock`), and the
command ends with this one, however this one ends.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from briefing.build.processes import child_setup
from briefing.build.site_lock import SiteBusyError, hold
from briefing.cli.check import add_lock_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", default="output",
                        help="the site folder the command writes (default: %(default)s)")
    add_lock_argument(parser)
    parser.add_argument("command", nargs=argparse.REMAINDER,
                        help="the command and its arguments, after --")


def run(args: argparse.Namespace) -> int:
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        print("locked: no command given")
        return 2
    try:
        with hold(Path(args.output), args.wait):
            return subprocess.run(command, preexec_fn=child_setup(), check=False).returncode
    except SiteBusyError as busy:
        print(f"{Path(command[0]).name} not started: {busy}")
    except OSError as error:
        print(f"{command[0]}: {error.strerror}")
    return 1
