"""Deploy with rsync over ssh to ``SSH_HOST:SSH_TARGET_DIR``, or to ``RSYNC_TARGET``.

- ``--checksum``: a file is sent when its bytes differ, whatever its time; a
  deterministic build leaves unchanged pages byte for byte the same, so only
  what changed travels.
- ``--delay-updates --delete-after``: new files wait beside the old ones and
  are renamed into place together at the end, and only then are stale files
  deleted, so readers never see a half-updated site.
- Times are not copied: an unchanged file keeps its time on the server, and
  with it the ``Last-Modified`` and ``ETag`` readers' caches already hold.
- ``--chmod``: readable by the web server whatever the build's umask (the
  build folder itself is private, ``0700``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from briefing.deploy import Changes, require, run_tool

OPTIONS = ("--recursive", "--links", "--checksum", "--compress", "--delay-updates",
           "--delete-after", "--perms", "--chmod=D755,F644", "--out-format=%i %n")


def destination(environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """Where to, and the options that reach it: ``RSYNC_TARGET`` or the ``SSH_*`` values."""
    target = environ.get("RSYNC_TARGET", "").strip()
    if target:
        return target, []
    host = require(environ, "SSH_HOST", "the server to upload to, "
                   "or RSYNC_TARGET=folder for a folder on this machine")
    folder = require(environ, "SSH_TARGET_DIR", f"the folder on {host} that the web server serves")
    user = environ.get("SSH_USER", "").strip()
    port = environ.get("SSH_PORT", "").strip() or "22"
    return f"{user + '@' if user else ''}{host}:{folder}", ["--rsh", f"ssh -p {port}"]


def changes(target: str, itemized: str) -> Changes:
    """Read rsync's ``%i %n`` lines: files whose bytes were sent, files deleted.

    ``%i`` is eleven characters: ``>f``/``<f`` begins a file that was sent
    (whichever side received it), ``*deleting`` a deletion; folders and
    attribute-only updates are neither.
    """
    found = Changes(target)
    for line in itemized.splitlines():
        code, name = line[:11], line[12:]
        if code.startswith("*deleting"):
            found.deleted.append(name)
        elif code[:2] in (">f", "<f"):
            found.sent.append(name)
    return found


def deploy(output: Path, environ: Mapping[str, str], dry_run: bool) -> Changes:
    target, reach = destination(environ)
    command = ["rsync", *OPTIONS, *reach, *(["--dry-run"] if dry_run else []),
               f"{output}/", f"{target.rstrip('/')}/"]
    done = run_tool(command, "install rsync, e.g. apt-get install rsync")
    return changes(target, done.stdout)
