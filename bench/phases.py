"""Where one publish spends its time: wall and CPU seconds of each phase.

``run.py`` says how long a publish takes against plain Pelican; this script
says what the time is made of, so that the figures in ``README.md`` can be
taken again.  It generates a corpus (bench/corpus.py), builds it once with
plain Pelican and once with our publish, both from nothing, and times our
build's phases by wrapping the plugin functions that run them:

- the parallel read of every item the cache lacks (``item_reader.read_ahead``);
- the pages and feeds (``page_writer.flush_pending``);
- the search index, Pagefind's processes included (``search.build_planned``);
- the ``.gz`` and ``.br`` copies (``precompress.precompress_output``);
- the rest: Pelican reading the cached items, our plugins, the swap.

CPU seconds are this process's and its finished children's (forked workers,
Pagefind), user and system: on a machine of two cores a build cannot take
less wall time than half its CPU time, so the CPU column is the budget a
target must fit.  Run it when nothing has removed many files from the disk
in the last minutes: on ext4 without a journal, creating files right after
is dearer (README.md, "Recently freed inodes").

Usage: .venv/bin/python bench/phases.py [--items 5000]
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from briefing.cli import main as briefing  # noqa: E402
from briefing.pelican import item_reader, page_writer, precompress, search  # noqa: E402

#: The phases timed, in the order a build runs them: (name, module, function).
PHASES = (
    ("read in parallel", item_reader, "read_ahead"),
    ("pages and feeds", page_writer, "flush_pending"),
    ("search index", search, "build_planned"),
    (".gz and .br copies", precompress, "precompress_output"),
)


def cpu_seconds() -> float:
    """User and system time of this process and of its children reaped so far."""
    own, children = (resource.getrusage(who)
                     for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(spent: dict[str, list[float]], name: str, function):
    """``function``, adding its wall and CPU seconds to ``spent[name]``."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name][0] += time.perf_counter() - wall
            spent[name][1] += cpu_seconds() - cpu
    return wrapper


def time_ours(content: Path, scratch: Path) -> dict[str, list[float]]:
    """Publish ``content`` from an empty cache; each phase's [wall, CPU] seconds.

    The wrappers replace the module functions before the plugins register
    them, which happens when the publish starts Pelican.
    """
    spent = {name: [0.0, 0.0] for name, _, _ in PHASES}
    for name, module, function in PHASES:
        setattr(module, function, timed(spent, name, getattr(module, function)))
    os.environ["BRIEFING_BENCH_CACHE"] = str(scratch / "cache")
    wall, cpu = time.perf_counter(), cpu_seconds()
    status = briefing(["publish", str(content), "-o", str(scratch / "ours"),
                       "-s", str(ROOT / "bench" / "ours_publishconf.py")])
    if status:
        raise SystemExit(f"our publish failed with status {status}")
    total = [time.perf_counter() - wall, cpu_seconds() - cpu]
    spent["the rest"] = [whole - sum(phase[index] for phase in spent.values())
                         for index, whole in enumerate(total)]
    spent["whole publish"] = total
    return spent


def time_plain(content: Path, scratch: Path) -> list[float]:
    """Plain Pelican's [wall, CPU] seconds for the same content."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "pelican"), str(content), "-o", str(scratch / "plain"),
         "-s", str(ROOT / "bench" / "plain_pelicanconf.py")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit("plain Pelican failed")
    return [time.perf_counter() - started, usage.ru_utime + usage.ru_stime]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-phases-") as folder:
        scratch = Path(folder)
        generate(args.items, scratch / "content")
        os.sync()  # the corpus's pages written back before either build
        plain = time_plain(scratch / "content", scratch)
        os.sync()
        ours = time_ours(scratch / "content", scratch)
    print(f"{args.items} items, {os.cpu_count()} cores\n")
    print("| phase | wall s | CPU s | CPU / plain Pelican's whole CPU |")
    print("|---|---|---|---|")
    for name, (wall, cpu) in [*ours.items(), ("plain Pelican, whole build", plain)]:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {cpu / plain[1]:.2f} |")


if __name__ == "__main__":
    main()
