"""Every file and folder under ``content/`` can be read, and none leads out of it.

Pelican walks the content folder with ``os.walk``, which passes over a
folder it cannot list without a word (a publish once went out with 17 of
317 items, exit 0), and follows every symbolic link, into a loop if one
points to a folder that holds it (``ln -s .. content/up``: a build that
read 13,039 items and never ended).  :func:`problems` walks the folder
first, following links the way Pelican does but never twice into one
folder, and reports each of these as an error naming it, in the usual
``path: field: problem`` form; ``briefing check`` and ``briefing
publish`` stop before Pelican starts.
"""

from __future__ import annotations

import os
from fnmatch import fnmatch

from briefing.content.contract import Problem, shown_path


def problems(root: str, ignored: list[str] | tuple[str, ...] = ()) -> list[Problem]:
    """What under the content folder ``root`` cannot be read or leads out of it,
    or back into it; names matching ``ignored`` (Pelican's ``IGNORE_FILES``)
    are left alone, as Pelican leaves them.

    A link to a folder is always a problem: out of the content folder it
    publishes what is not content, and inside it every folder is read
    already, so the link would read one twice, or forever if it holds the
    link.  A link to a file inside the content folder is read as the file.
    """
    found: list[Problem] = []
    top = os.path.realpath(root)

    def complain(path: str, field: str, message: str) -> None:
        found.append(Problem(shown_path(path), None, field, message))

    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            complain(folder, "folder", f"cannot be read ({error.strerror}): the build would "
                     "leave out what it holds")
            continue
        for entry in entries:
            if any(fnmatch(entry.name, pattern) for pattern in ignored):
                continue
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not os.path.exists(entry.path):
                    complain(entry.path, "link", "leads to nothing, or in a loop "
                             f"(to {os.readlink(entry.path)!r})")
                elif target != top and not target.startswith(top + os.sep):
                    complain(entry.path, "link", f"leads out of the content folder (to {target})")
                elif entry.is_dir():
                    complain(entry.path, "link", f"leads to a folder the content folder holds "
                             f"already ({shown_path(target)}): the build would read it twice, "
                             "or forever")
                elif not os.access(entry.path, os.R_OK):
                    complain(entry.path, "file", "cannot be read (Permission denied)")
            elif entry.is_dir():
                if os.access(entry.path, os.R_OK | os.X_OK):
                    pending.append(entry.path)
                else:
                    complain(entry.path, "folder", "cannot be read (Permission denied): the "
                             "build would leave out what it holds")
            elif not os.access(entry.path, os.R_OK):
                complain(entry.path, "file", "cannot be read (Permission denied)")
    return sorted(found, key=lambda problem: problem.path)
