"""Deploy with ghp-import to branch ``GITHUB_PAGES_BRANCH`` of ``GITHUB_REMOTE``.

The branch is ``gh-pages`` and the remote ``origin`` unless those are set.

Runs in the project's git clone, the current folder.  ghp-import commits the
output folder as the branch's next commit and pushes it, with a
``.nojekyll`` file so that GitHub Pages serves the files as they are (its
Jekyll step would drop ``_headers`` and every other name starting with
``_``).

First the remote's branch is fetched and the local branch set to it, so that
a fresh clone (CI checks out one branch only) builds on the published
history and the push is a fast-forward.  What differs from the published
tree is found beforehand by blob id (``git hash-object`` of each file
against ``git ls-tree``): that is what the deploy sends and what a dry run
lists, and when nothing differs nothing is committed.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from briefing.deploy import Changes, run_tool

NOJEKYLL = ".nojekyll"
#: git's id of an empty file, the content of NOJEKYLL.
EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


def git(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    return run_tool(["git", *args], "install git", env=env, input=stdin).stdout


def published(env: dict[str, str], remote: str, branch: str) -> tuple[str | None, dict[str, str]]:
    """The remote branch's commit and its files' blob ids by path (None, {} before any deploy)."""
    heads = git(env, "ls-remote", "--heads", remote, f"refs/heads/{branch}").split()
    if not heads:
        return None, {}
    commit = heads[0]
    git(env, "fetch", "--quiet", remote, f"refs/heads/{branch}")
    listing = git(env, "ls-tree", "-r", "-z", commit)
    tree = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        tree[path] = meta.split()[2]
    return commit, tree


def local_tree(env: dict[str, str], output: Path) -> dict[str, str]:
    """The blob id of each file ghp-import will commit, by path."""
    files = sorted(path for path in output.rglob("*") if path.is_file())
    ids = git(env, "hash-object", "--stdin-paths",
              stdin="".join(f"{path}\n" for path in files)).split()
    tree = {path.relative_to(output).as_posix(): blob
            for path, blob in zip(files, ids, strict=True)}
    return {**tree, NOJEKYLL: EMPTY_BLOB}


def deploy(output: Path, environ: Mapping[str, str], dry_run: bool) -> Changes:
    env = dict(environ)
    remote = environ.get("GITHUB_REMOTE", "").strip() or "origin"
    branch = environ.get("GITHUB_PAGES_BRANCH", "").strip() or "gh-pages"
    commit, old = published(env, remote, branch)
    new = local_tree(env, output)
    found = Changes(f"branch {branch} of {remote}",
                    sorted(path for path, blob in new.items() if old.get(path) != blob),
                    sorted(old.keys() - new.keys()))
    if dry_run or not (found.sent or found.deleted):
        return found
    if commit:
        git(env, "update-ref", f"refs/heads/{branch}", commit)
    else:
        git(env, "update-ref", "-d", f"refs/heads/{branch}")
    run_tool([sys.executable, "-m", "ghp_import", "--no-jekyll", "--push", "--remote", remote,
              "--branch", branch, "--message",
              f"Publish: {len(found.sent)} file(s) sent, {len(found.deleted)} deleted",
              str(output)], "the ghp-import package, in requirements/runtime.txt", env=env)
    return found
