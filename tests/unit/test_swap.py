"""The published folder is swapped in one step, and what a killed publish left goes."""

from __future__ import annotations

import shutil
import threading
import time

from briefing.build import swap
from briefing.build.swap import clear_leftovers, swap_in


def settled(folder):
    """``folder``'s entries once the retired sites' removals have ended."""
    deadline = time.monotonic() + 60
    while any(".retired-" in path.name for path in folder.iterdir()) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(path.name for path in folder.iterdir())


def site(folder, text: str):
    folder.mkdir()
    (folder / "index.html").write_text(text)
    return folder


def test_readers_always_find_a_site_while_it_is_replaced(tmp_path):
    output = site(tmp_path / "output", "0")
    missing, done = [], threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                (output / "index.html").read_text()
            except FileNotFoundError:
                missing.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(1, 300):
            swap_in(site(tmp_path / f".output.building-{number}", str(number)), output)
    finally:
        done.set()
        reader.join()
    assert missing == []
    assert (output / "index.html").read_text() == "299"
    assert settled(tmp_path) == ["output"]


def test_without_the_exchange_two_renames_are_used(tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "_RENAMEAT2", None)
    output = site(tmp_path / "output", "old")
    swap_in(site(tmp_path / ".output.building-1", "new"), output)
    assert (output / "index.html").read_text() == "new"
    assert settled(tmp_path) == ["output"]


def test_a_site_left_aside_between_the_two_renames_is_put_back(tmp_path):
    site(tmp_path / ".output.previous", "old")
    site(tmp_path / ".output.building-abc", "half")
    (tmp_path / ".output.lock").touch()
    assert clear_leftovers(tmp_path / "output") == []
    assert (tmp_path / "output" / "index.html").read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".output.lock", "output"]


def test_leftovers_of_another_folder_are_left_alone(tmp_path):
    site(tmp_path / ".staging.building-abc", "other")
    clear_leftovers(tmp_path / "output")
    assert (tmp_path / ".staging.building-abc").is_dir()


def test_the_replaced_site_is_removed_after_the_swap_returns(tmp_path):
    output = site(tmp_path / "output", "old")
    for number in range(2000):  # enough files for the removal to take a moment
        (output / f"{number}.html").write_text("old")
    swap_in(site(tmp_path / ".output.building-1", "new"), output)
    assert (output / "index.html").read_text() == "new"
    assert settled(tmp_path) == ["output"]


def test_a_retired_site_whose_removal_was_cut_short_goes_with_the_next_publish(tmp_path):
    site(tmp_path / "output", "now")
    site(tmp_path / ".output.retired-abc", "old")
    assert clear_leftovers(tmp_path / "output") == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["output"]


def test_without_a_nice_command_the_replaced_site_is_still_removed(tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("sh", "rm"):
        (tools / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(tools))
    folder = tmp_path / "site"
    folder.mkdir()
    output = site(folder / "output", "old")
    swap_in(site(folder / ".output.building-1", "new"), output)
    assert settled(folder) == ["output"]
