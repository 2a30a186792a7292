"""Put a finished build in place of the published site in one step.

Readers of ``output/`` (a web server, an upload) must see the old site or
the new one, never neither.  Two renames (old away, new in) leave a moment
with no ``output/`` at all, and a publish killed in that moment left none
until the next one.  Linux's ``renameat2(RENAME_EXCHANGE)`` swaps two
paths in one step; ext4, XFS, Btrfs and tmpfs support it.  The old site
then sits at the new one's temporary name.  Only where the file system
refuses the exchange (or the platform has no ``renameat2``) are the two
renames used, and the next publish puts back a site an interrupted one
left at ``.<output>.previous``.

The old site is *retired*: renamed ``.<output>.retired-…`` and removed by
a process of its own, at the lowest priority, while the publish returns.
Removing tens of thousands of files and folders took a large archive's
daily publish seconds, and nobody waits for them: the new site is
already in place.  A removal cut short (the machine stopped) leaves a
retired folder that the next publish removes.

Every folder a publish makes beside ``output/`` starts with
``.<output>.``; a publish that was killed leaves them behind, and
:func:`clear_leftovers`, run by the next publish while it holds the site's
lock (:mod:`briefing.build.site_lock`), removes them.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: The exchange is not available here: fall back to two renames.
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc before 2.28, musl, macOS
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    return function


_RENAMEAT2 = _renameat2()


def retired_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.previous")


def building_prefix(output: Path) -> str:
    return f".{output.name}.building-"


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                  _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def retiring_prefix(output: Path) -> str:
    return f".{output.name}.retired-"


def swap_in(new: Path, output: Path) -> None:
    """Make ``new`` the folder at ``output``; the old site is retired."""
    if not output.exists():
        new.rename(output)
        return
    if exchange(new, output):
        retire(new, output)  # the old site, now at the new one's temporary name
        return
    previous = retired_path(output)
    output.rename(previous)
    new.rename(output)
    retire(previous, output)


def retire(old: Path, output: Path) -> None:
    """Rename the replaced site out of the way and remove it in the background."""
    retired = Path(tempfile.mkdtemp(prefix=retiring_prefix(output), dir=output.parent))
    try:
        old.rename(retired)  # onto the empty folder just made: no other can take the name
    except OSError:
        retired.rmdir()
        shutil.rmtree(old, ignore_errors=True)
        return
    try:
        # The shell starts the removal and ends at once: it outlives the publish.
        # Without a ``nice`` command, at ordinary priority.
        subprocess.run(["sh", "-c", '{ nice -n 19 rm -rf -- "$1" || rm -rf -- "$1"; } '
                        '</dev/null >/dev/null 2>&1 &', "sh", str(retired)],
                       check=True, timeout=30, start_new_session=True)
    except (OSError, subprocess.SubprocessError):
        shutil.rmtree(retired, ignore_errors=True)


def clear_leftovers(output: Path) -> list[str]:
    """Remove what interrupted publishes left beside ``output``; put back a
    site left at ``.<output>.previous`` if ``output`` is missing.

    Returns one line per leftover that could not be removed (a publish goes
    on without it); the caller must hold the site's lock.
    """
    retired = retired_path(output)
    if retired.is_dir() and not output.exists():
        retired.rename(output)
    problems = []
    if not output.parent.is_dir():
        return problems
    for entry in sorted(output.parent.iterdir()):
        if entry.name.startswith(retiring_prefix(output)):
            # Perhaps being removed right now by the last publish's removal.
            shutil.rmtree(entry, ignore_errors=True)
        elif entry == retired or entry.name.startswith(building_prefix(output)):
            try:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            except OSError as error:
                problems.append(f"could not remove {entry} left by an interrupted "
                                f"publish: {error.strerror}")
    return problems


def ordinary_mode(folder: Path) -> None:
    """Give a folder made by ``mkdtemp`` (mode 0700) a folder's usual mode,
    0777 less the umask, so that a web server running as another user can
    read the site."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
