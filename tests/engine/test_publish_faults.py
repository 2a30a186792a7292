"""A publish survives what happens to it: kills, a second publish, a damaged
cache, a full disk, folders it may not read or write.

Each test asserts what the issue promised: the previous ``output/`` byte for
byte or the new one complete, one clear line, and a next publish that
succeeds and equals a clean build.  Publishes run the real command in a
process of their own (:mod:`faults`).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import (
    clean_build_digest,
    leftovers,
    living_members,
    make_site,
    publish,
    publish_command,
    tree_digest,
    write_items,
)

#: Enough items for every phase to fork workers (briefing.build.parallel.SMALL * 2).
FORKED_ITEMS = 140


@pytest.fixture(scope="module")
def forked(tmp_path_factory):
    """A published site of FORKED_ITEMS items, and the clean build of every item edited."""
    folder = make_site(tmp_path_factory.mktemp("forked") / "site", FORKED_ITEMS)
    done = publish(folder, "--wait", "0")
    assert done.returncode == 0, done.stdout + done.stderr
    edited = tmp_path_factory.mktemp("edited")
    write_items(edited / "content", FORKED_ITEMS, extra=" An edit.")
    return folder, clean_build_digest(edited / "content", edited / "clean")


def scratch_of(site: Path) -> Path | None:
    return next(site.glob(".output.building-*"), None)


def reading(site: Path) -> bool:
    return scratch_of(site) is not None


def rendering(site: Path) -> bool:
    scratch = scratch_of(site)
    return scratch is not None and len(list(scratch.glob("2026/11/*/*/index.html"))) >= 10


def indexing(site: Path) -> bool:
    return any((site / "cache" / "search").glob("*/.shard-*"))


def compressing(site: Path) -> bool:
    scratch = scratch_of(site)
    return scratch is not None and any(scratch.glob("*.gz"))


@pytest.mark.parametrize("moment", [reading, rendering, indexing, compressing],
                         ids=lambda moment: moment.__name__)
def test_a_publish_killed_at_any_moment_leaves_the_site_and_no_process_behind(
        tmp_path, forked, moment):
    published, clean = forked
    site = tmp_path / "site"
    shutil.copytree(published, site, symlinks=True)
    before = tree_digest(site / "output")
    write_items(site / "content", FORKED_ITEMS, extra=" An edit.")

    process = subprocess.Popen(publish_command(site, "--wait", "0"), cwd=site,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while not moment(site):
        assert process.poll() is None, "the publish ended before the moment came"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    members = living_members(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Its workers and Pagefind end with it, at once (the kernel kills them:
    # briefing.build.processes), not when their work is done.
    deadline = time.monotonic() + 0.3
    while living_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert living_members(process.pid) == [], f"left running of {members}"

    assert tree_digest(site / "output") in (before, clean)
    done = publish(site, "--wait", "0")
    assert done.returncode == 0, done.stdout + done.stderr
    assert leftovers(site) == []
    assert tree_digest(site / "output") == clean


def test_the_killed_publishes_did_fork_workers(tmp_path, forked):
    """What the test above relies on: a publish of this site runs several processes."""
    published, _ = forked
    site = tmp_path / "site"
    shutil.copytree(published, site, symlinks=True)
    write_items(site / "content", FORKED_ITEMS, extra=" Another edit.")
    process = subprocess.Popen(publish_command(site, "--wait", "0"), cwd=site,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    most = 0
    while process.poll() is None:
        most = max(most, len(living_members(process.pid)))
        time.sleep(0.01)
    assert process.returncode == 0 and most > 1


# One publish at a time ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A published one-item site, and its clean build."""
    folder = make_site(tmp_path_factory.mktemp("small") / "site", 1)
    done = publish(folder, "--wait", "0")
    assert done.returncode == 0, done.stdout + done.stderr
    return folder, tree_digest(folder / "output")


def copy_site(small, tmp_path: Path) -> Path:
    """A copy of a published site.  Its caches are keyed by the folders it
    reads and writes, so the copy starts cold: :func:`published_site` when
    a test needs them warm."""
    site = tmp_path / "site"
    shutil.copytree(small[0], site, symlinks=True)
    return site


def published_site(tmp_path: Path) -> Path:
    """A one-item site published once, its caches filled."""
    site = make_site(tmp_path / "site", 1)
    done = publish(site, "--wait", "0")
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_a_second_publish_stops_in_one_line_naming_the_first(tmp_path, forked):
    site = copy_site(forked, tmp_path)
    write_items(site / "content", FORKED_ITEMS, extra=" An edit.")
    first = subprocess.Popen(publish_command(site, "--wait", "0"), cwd=site,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while scratch_of(site) is None:
        assert first.poll() is None
        time.sleep(0.005)
    second = publish(site, "--wait", "0")
    assert first.wait(timeout=120) == 0
    assert second.returncode == 1
    assert second.stdout.splitlines() == [
        f"publish stopped: PID {first.pid} is building {site / 'output'} (lock "
        f"{site / '.output.lock'}); waited 0 s; {site / 'output'} is unchanged"]
    assert tree_digest(site / "output") == forked[1]


def test_a_second_publish_waits_for_the_first_then_runs(tmp_path, small):
    site = copy_site(small, tmp_path)
    write_items(site / "content", 3, extra=" An edit.")
    runs = [subprocess.Popen(publish_command(site, "--wait", "120"), cwd=site,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, out + err
    assert leftovers(site) == []
    assert tree_digest(site / "output") == clean_build_digest(site / "content", tmp_path / "c")


def test_make_check_and_make_html_wait_for_a_publish(tmp_path, small):
    """The other writers take the same lock (briefing check, briefing locked)."""
    from briefing.build.site_lock import hold

    site = copy_site(small, tmp_path)
    with hold(site / "output", 0):
        for command in (["check", "-o", str(site / "output"), "-s", str(site / "faultconf.py")],
                        ["locked", "-o", str(site / "output"), "--", "true"]):
            done = subprocess.run([sys.executable, "-m", "briefing.cli", *command, "--wait", "0"]
                                  if command[0] == "check" else
                                  [sys.executable, "-m", "briefing.cli", command[0],
                                   *command[1:3], "--wait", "0", *command[3:]],
                                  cwd=site, capture_output=True, text=True, check=False)
            assert done.returncode == 1
            assert f"PID {os.getpid()} is building {site / 'output'}" in done.stdout
            assert len(done.stdout.splitlines()) == 1


# A damaged cache ----------------------------------------------------------------------


def repaired(site: Path, small, what: str) -> None:
    """The next publish says it rebuilt ``what``, once, and equals a clean build."""
    done = publish(site, "--wait", "0", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("cache: ")]
    assert len(lines) == 1 and what in lines[0] and lines[0].endswith("rebuilt"), done.stdout
    assert tree_digest(site / "output") == small[1]
    again = publish(site, "--wait", "0")
    assert "cache: " not in again.stdout and tree_digest(site / "output") == small[1]


def read_cache_file(site: Path) -> Path:
    return next((site / "cache" / "items").glob("*.sqlite3"))


def test_garbage_in_the_read_cache_file_moves_it_aside(tmp_path, small):
    site = published_site(tmp_path)
    path = read_cache_file(site)
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(os.urandom(4096))
    repaired(site, small, f"read cache {path} damaged")
    assert path.with_name(path.name + ".damaged").is_file()


def test_a_file_that_is_no_database_is_replaced(tmp_path, small):
    site = published_site(tmp_path)
    read_cache_file(site).write_bytes(b"not SQLite at all" * 100)
    repaired(site, small, "read cache")


@pytest.mark.parametrize("column", ["data", "parts"])
def test_one_corrupt_entry_is_dropped_and_read_again(tmp_path, small, column):
    site = published_site(tmp_path)
    database = sqlite3.connect(read_cache_file(site))
    [(key, blob)] = database.execute(f"SELECT key, {column} FROM entries").fetchall()
    database.execute(f"UPDATE entries SET {column} = ? WHERE key = ?",
                     (blob[:8] + bytes(reversed(blob[8:40])) + blob[40:], key))
    database.commit()
    database.close()
    repaired(site, small, "read cache entry of content/item-0000.md damaged")


def test_damaged_page_records_are_rebuilt(tmp_path, small):
    site = published_site(tmp_path)
    [records] = (site / "cache" / "pages").glob("*.sqlite3")
    with sqlite3.connect(records) as database:  # one row's files changed, its digest not
        database.execute("UPDATE outputs SET files = replace(files, 'index.html', 'index.htm') "
                         "WHERE name = 'index.html'")
    database.close()
    repaired(site, small, "page record of")


def search_shard(site: Path) -> Path:
    return next(path for path in (site / "cache" / "search").glob("*/*") if path.is_dir())


@pytest.mark.parametrize("damage", ["delete", "change", "add", "list"])
def test_a_damaged_search_shard_is_indexed_again(tmp_path, small, damage):
    site = published_site(tmp_path)
    shard = search_shard(site)
    fragments = sorted(shard.glob("fragment/*"))
    if damage == "delete":
        for fragment in fragments:
            fragment.unlink()
    elif damage == "change":
        fragments[0].write_bytes(b"\x1f\x8b garbage")
    elif damage == "add":
        (shard / "fragment" / "extra.pf_fragment").write_bytes(b"x")
    else:
        (shard / ".briefing-files.json").unlink()
    repaired(site, small, f"search shard {shard.name} damaged")


def test_a_search_cache_restored_from_an_archive_is_used_as_it_is(tmp_path):
    """Files whose times changed but not their bytes (a cache kept between CI
    runs as an archive) are read once and believed, not indexed again."""
    site = published_site(tmp_path)
    shard = search_shard(site)
    before = shard.stat().st_ino
    for path in shard.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(10**18, 10**18))
    done = publish(site, "--wait", "0", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "damaged" not in done.stdout + done.stderr
    assert shard.stat().st_ino == before  # the same folder: Pagefind did not run


@pytest.mark.parametrize("folder", ["items", "pages", "search", "."])
def test_a_cache_folder_that_is_not_a_folder_is_moved_aside(tmp_path, small, folder):
    site = published_site(tmp_path)
    path = (site / "cache" / folder).resolve()
    shutil.rmtree(path)
    path.write_text("not a folder")
    repaired(site, small, f"cache folder {path} damaged")
    assert path.with_name(path.name + ".damaged").read_text() == "not a folder"


def test_no_cached_or_previous_file_changes_with_an_edit_in_output(tmp_path):
    """Nothing in output/ is a link into the cache; files linked from the
    previous site are never written in place."""
    site = published_site(tmp_path)
    previous = {(path.stat().st_ino): path.read_bytes()
                for path in (site / "output").rglob("*") if path.is_file()}
    (site / "content" / "item-0000.md").write_text(
        (site / "content" / "item-0000.md").read_text("utf-8").replace("talks", "the talks"),
        "utf-8")
    assert publish(site, "--wait", "0").returncode == 0
    cached = {path: path.read_bytes() for path in (site / "cache").rglob("*") if path.is_file()}
    linked = 0
    for path in (site / "output").rglob("*"):
        if path.is_file():
            if path.stat().st_ino in previous:
                linked += 1
                assert path.read_bytes() == previous[path.stat().st_ino], path
            with path.open("ab") as handle:  # an edit in place, in output/
                handle.write(b"edited")
    assert linked > 0  # unchanged files do come from the previous site
    assert any("search" in str(path) for path in cached)
    assert all(path.read_bytes() == data for path, data in cached.items())


def test_a_removed_items_folder_goes_and_the_output_holds_the_folders_of_a_clean_build(
        tmp_path):
    site = make_site(tmp_path / "site", 3)
    assert publish(site, "--wait", "0").returncode == 0
    item_folders = {path.parent for path in (site / "output").rglob("index.html")}
    (site / "content" / "item-0001.md").unlink()
    assert publish(site, "--wait", "0").returncode == 0
    clean = make_site(tmp_path / "clean", 3)
    (clean / "content" / "item-0001.md").unlink()
    assert publish(clean, "--wait", "0").returncode == 0

    def folders(root: Path) -> set[str]:
        return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_dir()}
    assert folders(site / "output") == folders(clean / "output")
    assert len([folder for folder in item_folders if not folder.exists()]) >= 1
    assert not [path for path in (site / "output").rglob("*")
                if path.is_dir() and not any(path.iterdir())]


def test_an_unchanged_search_shard_comes_from_the_site_it_replaces_unless_edited(tmp_path):
    site = published_site(tmp_path)
    bundle = site / "output" / "pagefind" / "shard"
    before = {path.relative_to(bundle): path.stat().st_ino
              for path in bundle.rglob("*") if path.is_file()}
    assert publish(site, "--wait", "0").returncode == 0
    after = {path.relative_to(bundle): path.stat().st_ino
             for path in bundle.rglob("*") if path.is_file()}
    assert after == before  # linked from the replaced site, not copied again

    edited = next(path for path in bundle.rglob("*.pf_fragment"))
    intended = edited.read_bytes()
    with edited.open("ab") as handle:  # an edit in place, in output/
        handle.write(b"edited")
    assert publish(site, "--wait", "0").returncode == 0
    assert edited.read_bytes() == intended  # the cache's copy, not the edited file


# Disks, permissions ------------------------------------------------------------------


def test_a_full_disk_stops_the_publish_in_one_line(tmp_path, small):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
    try:
        site = mount / "site"
        shutil.copytree(small[0], site, symlinks=True)
        before = tree_digest(site / "output")
        filler = mount / "filler"
        free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
        filler.write_bytes(b"\0" * (free - 64 * 1024))
        write_items(site / "content", 3, extra=" An edit.")
        done = publish(site, "--wait", "0")
        assert done.returncode == 1
        assert done.stdout.splitlines()[-1].startswith("publish stopped: ")
        assert "No space left on device" in done.stdout
        assert "Traceback" not in done.stdout + done.stderr
        assert tree_digest(site / "output") == before
        filler.unlink()
        done = publish(site, "--wait", "0")
        assert done.returncode == 0, done.stdout + done.stderr
        assert leftovers(site) == []
        assert tree_digest(site / "output") == clean_build_digest(site / "content",
                                                                  tmp_path / "clean")
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_output_has_ordinary_permissions(small):
    output = small[0] / "output"
    umask = os.umask(0)
    os.umask(umask)
    modes = {oct(path.stat().st_mode & 0o777) for path in [output, *output.rglob("*")]
             if not path.is_file()}
    assert modes == {oct(0o777 & ~umask)}
    modes = {oct(path.stat().st_mode & 0o777) for path in output.rglob("*") if path.is_file()}
    assert modes == {oct(0o666 & ~umask)}


def without_override():
    """A ``preexec_fn`` that takes from root the rights to read, write and
    search what its permissions forbid (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
    CAP_FOWNER), for the command it runs; None for a user who has none."""
    if os.geteuid() != 0:
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def drop() -> None:
        for capability in (1, 2, 3):  # linux/capability.h
            if prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")

    return drop


def test_an_unreadable_folder_or_file_in_content_is_an_error_naming_it(tmp_path):
    site = published_site(tmp_path)
    before = tree_digest(site / "output")
    write_items(site / "content" / "locked", 1)
    (site / "content" / "locked").chmod(0)
    (site / "content" / "item-0000.md").chmod(0)
    try:
        done = publish(site, "--wait", "0", preexec_fn=without_override())
    finally:
        (site / "content" / "locked").chmod(0o755)
        (site / "content" / "item-0000.md").chmod(0o644)
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        "content/item-0000.md: file: cannot be read (Permission denied)",
        "content/locked: folder: cannot be read (Permission denied): the build would leave "
        "out what it holds"]
    assert "Traceback" not in done.stdout + done.stderr
    assert tree_digest(site / "output") == before
    done = publish(site, "--wait", "0", preexec_fn=without_override())
    assert done.returncode == 0 and "published 2 items" in done.stdout


def test_an_unwritable_site_folder_is_one_line_and_does_not_wedge_later_publishes(
        tmp_path, small):
    site = published_site(tmp_path)
    before = tree_digest(site / "output")
    site.chmod(0o555)
    try:
        done = publish(site, "--wait", "0", preexec_fn=without_override())
    finally:
        site.chmod(0o755)
    assert done.returncode == 1
    [line] = done.stdout.splitlines()
    assert line.startswith(f"publish stopped: Permission denied: {site}/.output.")
    assert line.endswith(f"; {site / 'output'} is unchanged")
    assert tree_digest(site / "output") == before
    # output/ and everything in it read-only: the new site still goes in.
    for path in [site / "output", *(site / "output").rglob("*")]:
        path.chmod(path.stat().st_mode & 0o555)
    for _ in range(2):
        done = publish(site, "--wait", "0", preexec_fn=without_override())
        assert done.returncode == 0, done.stdout + done.stderr
        assert tree_digest(site / "output") == small[1]
    for path in site.glob(".output.building-*"):  # what the publish could not remove
        for inner in [path, *path.rglob("*")]:
            inner.chmod(0o755)


def test_the_devserver_skips_a_rebuild_while_another_build_runs(tmp_path, capsys):
    """It says so in one line and serves on; the next save rebuilds."""
    from briefing.cli.devserver import rebuild

    site = make_site(tmp_path / "site", 1)
    output = site / "output"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from briefing.build.site_lock import hold\nwith hold(Path(sys.argv[1]), 0):\n"
         "    print('held', flush=True); time.sleep(30)", str(output)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        assert rebuild(str(site / "faultconf.py"), output, {}, 0) is None
        assert capsys.readouterr().out == (
            f"not rebuilt: PID {holder.pid} is building {output} (lock "
            f"{site / '.output.lock'}); waited 0 s\n")
    finally:
        holder.kill()
        holder.wait()
    assert rebuild(str(site / "faultconf.py"), output, {}, 0).ok
