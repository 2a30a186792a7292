"""Deploy with ``aws s3 sync --delete`` to the bucket ``S3_BUCKET``.

The AWS CLI names a file's type from its last suffix only, so feeds would
go out as ``application/xml``.  The upload is therefore one sync per media
type of :mod:`briefing.serve.media_types` (``--exclude "*" --include "*.atom.xml"
--content-type application/atom+xml`` ...) and one for everything else.
The passes touch disjoint sets of keys, deletions included.  They run one
after the other: each CLI start costs a second of CPU, so running them side
by side gains little and makes the output harder to follow.

S3 cannot choose between ``page.html`` and ``page.html.gz`` by the reader's
``Accept-Encoding``, so the precompressed copies stay out of the bucket (and
a key ending like one is never deleted).  ``aws s3 sync`` sends a file whose
size differs or whose time is newer than its object's: the pages and feeds
a publish did not render again are the previous build's files, times
included (:mod:`briefing.pelican.page_writer`), so they stay where they are.
``S3_ENDPOINT_URL`` points at another S3-compatible service; credentials and
region come from the ``AWS_*`` variables as the AWS CLI reads them.

Old addresses of moved pages (the ``301`` rules of the ``_redirects`` file
:mod:`briefing.pelican.redirects` writes) become S3 website redirects: each
one's redirect page is left out of the syncs and copied on its own with
``--website-redirect`` (``x-amz-website-redirect-location``), so a bucket
served as a website answers 301; read directly, the page still redirects
by its ``<meta http-equiv="refresh">``.  S3 has no 410: a withdrawn item's
page goes as a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from briefing.deploy import Changes, require, run_tool
from briefing.serve.media_types import MEDIA_TYPES, media_type, narrower_patterns
from briefing.serve.precompression import COMPRESSIBLE, COPY_SUFFIXES
from briefing.serve.redirect_files import MOVED, page_file, read_redirects

#: The rules file the public build writes (``BRIEFING_REDIRECTS_SAVE_AS``).
REDIRECTS_FILE = "_redirects"

_LINE = re.compile(r"^(?:\(dryrun\) )?(upload|delete): (.+)$")


def bucket_url(environ: Mapping[str, str]) -> str:
    """``s3://bucket/`` or ``s3://bucket/prefix/`` from ``S3_BUCKET``."""
    bucket = require(environ, "S3_BUCKET", "the bucket to upload to, e.g. S3_BUCKET=my-briefing "
                     "(or my-briefing/some/prefix)")
    return f"s3://{bucket.removeprefix('s3://').strip('/')}/"


def passes() -> list[list[str]]:
    """The filter and type options of each sync, one per media type, then the rest."""
    patterns_by_type: dict[str, list[str]] = {}
    for pattern, kind in MEDIA_TYPES:
        patterns_by_type.setdefault(kind, []).append(pattern)
    options = []
    for kind, patterns in patterns_by_type.items():
        narrower = sorted({other for pattern in patterns for other in narrower_patterns(pattern)})
        options.append(["--exclude", "*", *_each("--include", patterns),
                        *_each("--exclude", narrower), "--content-type", kind])
    copies = [f"*{ending}{suffix}" for ending in COMPRESSIBLE for suffix in COPY_SUFFIXES]
    options.append(_each("--exclude", [pattern for pattern, _ in MEDIA_TYPES] + copies))
    return options


def website_redirects(output: Path) -> list[tuple[str, str]]:
    """``(key, target path)`` of each moved page's redirect page in ``output``."""
    rules = output / REDIRECTS_FILE
    if not rules.is_file():
        return []
    found = []
    for source, target, status in read_redirects(rules.read_text("utf-8")):
        key = page_file(source)
        if status == MOVED and (output / key).is_file():
            found.append((key, target))
    return found


def _each(flag: str, patterns: list[str]) -> list[str]:
    return [word for pattern in patterns for word in (flag, pattern)]


def changes(url: str, lines: list[str]) -> Changes:
    """Read the CLI's ``upload: <file> to <url>`` and ``delete: <url>`` lines."""
    found = Changes(url)
    for line in lines:
        match = _LINE.match(line)
        if match:
            action, rest = match.groups()
            key = rest.rsplit(" to ", 1)[-1].removeprefix(url)
            (found.sent if action == "upload" else found.deleted).append(key)
    found.sent.sort()
    found.deleted.sort()
    return found


def deploy(output: Path, environ: Mapping[str, str], dry_run: bool) -> Changes:
    url = bucket_url(environ)
    aws = environ.get("AWS_CLI", "").strip() or "aws"
    endpoint = environ.get("S3_ENDPOINT_URL", "").strip()
    common = [*(["--endpoint-url", endpoint] if endpoint else []),
              *(["--dryrun"] if dry_run else [])]
    sync = [aws, "s3", "sync", f"{output}/", url, "--delete", "--no-progress", *common]
    redirects = website_redirects(output)
    apart = _each("--exclude", [key for key, _ in redirects])
    lines = []
    for options in passes():
        lines += _aws([*sync, *options, *apart], environ)
    for key, target in redirects:
        lines += _aws([aws, "s3", "cp", str(output / key), f"{url}{key}", "--no-progress",
                       "--website-redirect", target,
                       # a term feed's copy at its old address is a feed
                       "--content-type", media_type(key) or "text/html", *common],
                      environ)
    return changes(url, lines)


def _aws(command: list[str], environ: Mapping[str, str]) -> list[str]:
    done = run_tool(command, "make s3_upload installs the AWS CLI into .venv-deploy; "
                    "or set AWS_CLI", env=dict(environ))
    return done.stdout.splitlines()
