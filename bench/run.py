"""Benchmark ``make publish`` against plain Pelican 4.12 on the same corpus.

For each size N it generates a corpus (bench/corpus.py), then builds it with
our publish (``briefing publish``, the command behind ``make publish``) and
with plain Pelican (``plain_pelicanconf.py``) in alternation, several runs
each, and reports the median wall time, memory, and the files and bytes
written.  Plain Pelican is measured twice: alone, and followed by the
work our publish also does (``plain_full.py``: Pagefind over its output,
then ``.gz`` and ``.br`` copies at our levels), the cold publish's
baseline.  It also times a rebuild after editing one item.  Ratios are
ours / plain, measured in the same run, because these machines are shared.

Memory is measured two ways: the peak resident set of the largest process
(``wait4``'s ``ru_maxrss``, what ``time -v`` shows), and the peak of the
whole process tree's proportional set size (PSS, sampled from
``/proc/*/smaps_rollup``), which counts the pages forked workers share
with the build once, and so is what the build costs the machine.

Our full builds start from an empty cache (``bench/ours_publishconf.py``);
the rebuild keeps the cache and the previous output, as an editor's does.

No measured build follows a deletion by the benchmark itself: a build's old
output and cache are moved aside, removed only once every figure is taken,
and the disk is synced before each build.  On ext4 without a journal (this
machine's) the kernel reuses no inode freed in the last minute (six minutes
while its table block is not written back) and looks past every such inode
for each file it creates (``recently_deleted`` in ext4's ``ialloc.c``): the
same 5,000-item build took 6.6 s of system time after a pause and 17 to 25 s
right after its previous output was removed, a cost of the benchmark's
tidying, not of either build.

Usage: .venv/bin/python bench/run.py [--sizes 1000 5000 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from corpus import generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Run:
    seconds: float
    peak_mib: float
    peak_pss_mib: float
    files: int
    bytes: int


def tree_pss_kib(root: int) -> int:
    """The proportional set size of ``root`` and its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in rollup.splitlines()
                      if line.startswith("Pss:"))
    return total


def measure(command: list[str], output: Path) -> Run:
    """Run ``command``; wall time, memory (MiB) and what it wrote to ``output``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=os.environ)
    peak_pss = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak_pss = max(peak_pss, tree_pss_kib(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    files = [p for p in output.rglob("*") if p.is_file()]
    return Run(seconds, usage.ru_maxrss / 1024, peak_pss / 1024, len(files),
               sum(p.stat().st_size for p in files))


def ours(content: Path, output: Path, settings: str = "ours_publishconf.py") -> list[str]:
    return [str(BIN / "briefing"), "publish", str(content), "-o", str(output),
            "-s", str(ROOT / "bench" / settings)]


def ours_without_search(content: Path, output: Path) -> list[str]:
    return ours(content, output, "ours_nosearch_publishconf.py")


def ours_core(content: Path, output: Path) -> list[str]:
    return ours(content, output, "ours_core_publishconf.py")


def plain(content: Path, output: Path) -> list[str]:
    return [str(BIN / "pelican"), str(content), "-o", str(output), "-s",
            str(ROOT / "bench" / "plain_pelicanconf.py"), "--delete-output-directory"]


def edit_one_item(content: Path) -> None:
    """Change one item's editor's notes, as an editor fixing a typo would."""
    item = next(content.rglob("item-000010.md"))
    item.write_text(item.read_text("utf-8").replace("Why it matters:", "Why this matters:", 1),
                    "utf-8")


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs),
               statistics.median(r.peak_mib for r in runs),
               statistics.median(r.peak_pss_mib for r in runs), runs[-1].files, runs[-1].bytes)


def use_folders(scratch: Path, name: str, count: int) -> tuple[Path, Path]:
    """The output and cache folders of one builder; our settings read the cache's."""
    slug = name.replace(", ", "-").replace(" ", "-")
    cache = scratch / f"cache-{slug}-{count}"
    os.environ["BRIEFING_BENCH_CACHE"] = str(cache)
    return scratch / f"out-{slug}-{count}", cache


def plain_full(content: Path, output: Path) -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "plain_full.py"), str(content), str(output)]


BUILDERS = {"ours": ours, "ours, no search": ours_without_search,
            "ours, no search or copies": ours_core, "plain": plain,
            "plain + Pagefind + copies": plain_full}


def set_aside(folder: Path, trash: Path) -> None:
    """Move ``folder`` into ``trash`` (a rename frees no inode), if it is there."""
    if folder.exists():
        trash.mkdir(exist_ok=True)
        folder.rename(trash / f"{len(os.listdir(trash))}-{folder.name}")


def bench_size(count: int, runs: int, scratch: Path, names: list[str]) -> dict[str, Run]:
    trash = scratch / "trash"
    content = scratch / f"corpus-{count}"
    generate(count, content)
    builders = {name: BUILDERS[name] for name in names}
    results: dict[str, list[Run]] = {name: [] for name in builders}
    for _ in range(runs):
        for name, builder in builders.items():  # alternate, so load hits both alike
            output, cache = use_folders(scratch, name, count)
            set_aside(output, trash)
            set_aside(cache, trash)
            os.sync()
            results[name].append(measure(builder(content, output), output))
    summary = {name: median(found) for name, found in results.items()}
    edit_one_item(content)
    for name, builder in builders.items():
        output, _ = use_folders(scratch, name, count)
        os.sync()
        summary[f"{name} rebuild"] = measure(builder(content, output), output)
    set_aside(content, trash)
    return summary


def report(count: int, summary: dict[str, Run]) -> None:
    print(f"\n## {count} items\n")
    print("| build | median s | peak MiB (largest process) | peak PSS MiB (all processes) "
          "| files | MB |")
    print("|---|---|---|---|---|---|")
    for name, run in summary.items():
        print(f"| {name} | {run.seconds:.1f} | {run.peak_mib:.0f} | {run.peak_pss_mib:.0f} | "
              f"{run.files} | {run.bytes / 1e6:.1f} |")
    if "ours" in summary and "plain + Pagefind + copies" in summary:
        ours_run, full = summary["ours"], summary["plain + Pagefind + copies"]
        print(f"\nours / plain + Pagefind + copies: time {ours_run.seconds / full.seconds:.2f}, "
              f"memory {ours_run.peak_mib / full.peak_mib:.2f} (largest process)")
    plain = summary.get("plain")
    for name in ("ours", "ours, no search", "ours, no search or copies"):
        if name not in summary or plain is None:
            continue
        run, rebuild = summary[name], summary[f"{name} rebuild"]
        print(f"\n{name} / plain: time {run.seconds / plain.seconds:.2f}, memory "
              f"{run.peak_mib / plain.peak_mib:.2f} (largest process), "
              f"{run.peak_pss_mib / plain.peak_pss_mib:.2f} (PSS, all processes); "
              f"one-item rebuild / full build: {rebuild.seconds / run.seconds:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--builders", nargs="+", choices=list(BUILDERS), default=list(BUILDERS),
                        help="which builds to measure (ratios to plain need plain)")
    args = parser.parse_args()
    print(f"machine: {os.uname().machine}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        for count in args.sizes:
            report(count, bench_size(count, args.runs, Path(scratch), args.builders))


if __name__ == "__main__":
    main()
