"""Benchmark ``make publish`` against plain Pelican 4.12 on the same corpus.

For each size N it generates a corpus (bench/corpus.py), then builds it with
our publish (``briefing publish``, the command behind ``make publish``) and
with plain Pelican (``plain_pelicanconf.py``) in alternation, several runs
each, and reports the median wall time, the peak resident memory of the
build process and its children (from ``wait4``), and the files and bytes
written.  It also times a rebuild after editing one item.  Ratios are
ours / plain, measured in the same run, because these machines are shared.

Usage: .venv/bin/python bench/run.py [--sizes 1000 5000 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    files: int
    bytes: int


def measure(command: list[str], output: Path) -> Run:
    """Run ``command``; wall time, peak RSS (MiB) and what it wrote to ``output``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    files = [p for p in output.rglob("*") if p.is_file()]
    return Run(seconds, usage.ru_maxrss / 1024, len(files), sum(p.stat().st_size for p in files))


def ours(content: Path, output: Path) -> list[str]:
    return [str(BIN / "briefing"), "publish", str(content), "-o", str(output)]


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
               statistics.median(r.peak_mib for r in runs), runs[-1].files, runs[-1].bytes)


def bench_size(count: int, runs: int, scratch: Path) -> dict[str, Run]:
    content = scratch / f"corpus-{count}"
    generate(count, content)
    results: dict[str, list[Run]] = {"ours": [], "plain": []}
    builders = {"ours": ours, "plain": plain}
    for _ in range(runs):
        for name, builder in builders.items():  # alternate, so load hits both alike
            output = scratch / f"out-{name}-{count}"
            shutil.rmtree(output, ignore_errors=True)
            results[name].append(measure(builder(content, output), output))
    summary = {name: median(found) for name, found in results.items()}
    for name, builder in builders.items():
        edit_one_item(content)
        output = scratch / f"out-{name}-{count}"
        summary[f"{name} rebuild"] = measure(builder(content, output), output)
    shutil.rmtree(content)
    return summary


def report(count: int, summary: dict[str, Run]) -> None:
    print(f"\n## {count} items\n")
    print("| build | median s | peak MiB | files | MB |")
    print("|---|---|---|---|---|")
    for name, run in summary.items():
        print(f"| {name} | {run.seconds:.1f} | {run.peak_mib:.0f} | {run.files} | "
              f"{run.bytes / 1e6:.1f} |")
    ratio = summary["ours"].seconds / summary["plain"].seconds
    memory = summary["ours"].peak_mib / summary["plain"].peak_mib
    rebuild = summary["ours rebuild"].seconds / summary["ours"].seconds
    print(f"\nours / plain: time {ratio:.2f}, memory {memory:.2f}; "
          f"one-item rebuild / full build: {rebuild:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.uname().machine}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        for count in args.sizes:
            report(count, bench_size(count, args.runs, Path(scratch)))


if __name__ == "__main__":
    main()
