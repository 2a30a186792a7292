"""Put the published site where readers are: a server over rsync, an S3 bucket, a gh-pages branch.

Each target is a module with ``deploy(output, environ, dry_run) -> Changes``
that runs the tool made for that transfer (rsync, the AWS CLI, ghp-import
and git) and reads back from the tool what it sent.  Where to is read from
environment variables, the Makefile's deploy variables
(``docs/deploying.md``); an unset one stops the deploy with a
:class:`DeployError` that names it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


class DeployError(Exception):
    """Why a deploy could not start or did not finish, in one line."""


@dataclass
class Changes:
    """What a deploy sent to ``destination`` and deleted there (or would have)."""

    destination: str
    sent: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def require(environ: Mapping[str, str], name: str, meaning: str) -> str:
    """The value of variable ``name``, or a DeployError naming it and what it is for."""
    value = environ.get(name, "").strip()
    if not value:
        raise DeployError(f"{name} is not set: {meaning}")
    return value


def run_tool(command: Sequence[str], what: str, **options) -> subprocess.CompletedProcess:
    """Run ``command`` and capture its output; a DeployError if it is missing or fails.

    ``what`` says where the tool comes from, for the error when it is missing.
    """
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, **options)
    except FileNotFoundError:
        raise DeployError(f"{command[0]}: not found ({what})") from None
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        reason = lines[0] if lines else "no message"  # the cause; later lines are consequences
        raise DeployError(f"{command[0]} failed with exit status {done.returncode}: {reason}")
    return done
