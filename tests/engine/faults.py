"""Sites for fault tests: a folder with its own settings, content, cache and output,
published by the real command in a process of its own."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

SETTINGS = """import sys
sys.path.insert(0, {root!r})
from publishconf import *  # noqa: F403
THEME = {theme!r}
"""

ITEM = """Title: Item number {number} on the grain corridor
Date: 2026-11-{day:02d} {hour:02d}:{minute:02d}
Tags: Grain, Topic {topic}
Source: Harbour Gazette
Source_URL: https://harbour-gazette.example/2026/11/item-{number}

Officials confirmed talks on item {number}.{extra}

A second paragraph of the source's words.

## Editor's notes

Why item {number} matters.
"""


def write_items(content: Path, count: int, extra: str = "") -> None:
    content.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (content / f"item-{number:04d}.md").write_text(ITEM.format(
            number=number, day=1 + number % 28, hour=number % 24, minute=number % 60,
            topic=number % 7, extra=extra), "utf-8")


def make_site(folder: Path, items: int = 1) -> Path:
    """``folder`` with settings (cache and content inside it) and ``items`` items."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "faultconf.py").write_text(
        SETTINGS.format(root=str(ROOT), theme=str(ROOT / "theme")), "utf-8")
    write_items(folder / "content", items)
    return folder


def publish_command(folder: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "briefing.cli", "publish", "-s", str(folder / "faultconf.py"),
            "-o", str(folder / "output"), *options]


def publish(folder: Path, *options: str, **popen) -> subprocess.CompletedProcess:
    return subprocess.run(publish_command(folder, *options), cwd=folder, capture_output=True,
                          text=True, timeout=300, check=False, **popen)


def tree_digest(folder: Path) -> str:
    """Every file's path and bytes under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def leftovers(folder: Path) -> list[str]:
    """What interrupted publishes may leave: build folders, shard workspaces
    (once the removal of the site the last publish replaced has ended)."""
    deadline = time.monotonic() + 60
    while any(p.name.startswith(".output.retired-") for p in folder.iterdir()) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    found = [p.name for p in folder.iterdir() if p.name.startswith(".output.")
             and p.name != ".output.lock"]
    search = folder / "cache" / "search"
    if search.is_dir():
        found += [p.name for p in search.rglob(".shard-*")]
    return found


def clean_build_digest(content: Path, scratch: Path) -> str:
    """The output of a first publish of ``content`` in a fresh folder."""
    site = make_site(scratch, items=0)
    shutil.rmtree(site / "content")
    shutil.copytree(content, site / "content")
    done = publish(site, "--wait", "0")
    assert done.returncode == 0, done.stdout + done.stderr
    return tree_digest(site / "output")


def living_members(group: int) -> list[int]:
    """The processes of process group ``group`` that have not ended (zombies have)."""
    members = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path("/proc", name, "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(name))
    return members
