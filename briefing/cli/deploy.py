"""Upload the published site: to a server with rsync, to an S3 bucket, or to a gh-pages branch.

``make rsync_upload``, ``make s3_upload`` and ``make github`` run this after
``make publish`` succeeded; it refuses an output folder that is missing or
empty, and one a local build made (drafts' previews, or a preview for a
local address: :mod:`briefing.build.local_builds`).  Where to comes from
environment variables, which the Makefile passes on
(``docs/deploying.md``): ``SSH_HOST``, ``SSH_PORT``, ``SSH_USER``,
``SSH_TARGET_DIR`` or ``RSYNC_TARGET``; ``S3_BUCKET``, ``S3_ENDPOINT_URL``,
``AWS_CLI`` and the AWS CLI's own ``AWS_*``; ``GITHUB_REMOTE`` and
``GITHUB_PAGES_BRANCH``.  An unset one is named in a one-line error.  Only
files whose bytes changed are sent; the last line says how many.
``--dry-run`` lists what would change and changes nothing.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from briefing.build.local_builds import why_local
from briefing.deploy import Changes, DeployError, github, rsync, s3

TARGETS = {"rsync": rsync, "s3": s3, "github": github}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", choices=TARGETS, help="where to upload")
    parser.add_argument("-o", "--output", default="output",
                        help="published site folder (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true",
                        help="list what would be sent and deleted; change nothing")


def report(target: str, changes: Changes, dry_run: bool) -> None:
    if dry_run:
        for path in changes.sent:
            print(f"would send {path}")
        for path in changes.deleted:
            print(f"would delete {path}")
        print(f"dry run: {target} would send {len(changes.sent)} file(s) and delete "
              f"{len(changes.deleted)} at {changes.destination}; nothing was changed")
    else:
        print(f"deployed with {target}: sent {len(changes.sent)} file(s), deleted "
              f"{len(changes.deleted)} at {changes.destination}")


def run(args: argparse.Namespace) -> int:
    output = Path(args.output).resolve()
    if not output.is_dir() or not any(output.iterdir()):
        print(f"deploy stopped: {output}: no published site there (run make publish first)")
        return 1
    local = why_local(output)
    if local:
        print(f"deploy stopped: {local}")
        return 1
    try:
        changes = TARGETS[args.target].deploy(output, os.environ, args.dry_run)
    except DeployError as error:
        print(f"deploy stopped: {error}")
        return 1
    report(args.target, changes, args.dry_run)
    return 0
