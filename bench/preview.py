"""Benchmark the devserver's answer to a save: from saving an item to its new page served.

Generates a synthetic archive (``bench/corpus.py``), starts ``briefing
devserver`` on it (the command behind ``make devserver``) on a free port,
lets it build once, then several times saves an edit to one item's notes
and polls the item's address until the new text is served.  It reports the
median seconds from save to served (the first phase: the item's own page
from the build kept in memory), and from save to the end of the full
incremental build that follows (the second phase), which is when the page
was served before the first phase existed: every save rebuilt the whole
site first.  The devserver's own timings (its terminal lines) are reported
too.

Usage: .venv/bin/python bench/preview.py [--items 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from corpus import generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIRST = re.compile(r": its page again in ([0-9.]+) s;")
REST = re.compile(r"^the rest: .* in ([0-9.]+) s;", re.M)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(condition, timeout: float, pause: float = 0.01):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(pause)
    raise SystemExit(f"gave up after {timeout} s")


def address_of(item: Path, output: Path) -> str:
    """The item's page: the one under its day whose source link is the item's."""
    header = dict(line.split(": ", 1) for line in item.read_text("utf-8").split("\n\n")[0]
                  .splitlines())
    day = header["Date"][:10].replace("-", "/")
    for page in (output / day).glob("*/index.html"):
        if header["Source_URL"] in page.read_text("utf-8"):
            return page.relative_to(output).parent.as_posix() + "/"
    raise SystemExit(f"no page for {item}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-preview-") as folder:
        scratch = Path(folder)
        content, output = scratch / "content", scratch / "output"
        generate(args.items, content)
        port = free_port()
        log_path = scratch / "devserver.log"
        log = log_path.open("w")
        server = subprocess.Popen(
            [str(BIN / "briefing"), "devserver", str(content), "-o", str(output),
             "-s", str(ROOT / "bench" / "ours_pelicanconf.py"), "--port", str(port)],
            cwd=scratch, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "BRIEFING_BENCH_CACHE": str(scratch / "cache")})
        said = log_path.read_text
        try:
            print(f"{args.items} items: first build (not measured)", file=sys.stderr)
            wait_until(lambda: re.search(r"^built: ", said(), re.M), 3600, 0.5)
            served, rested, firsts, rests = [], [], [], []
            for run in range(args.runs):
                item = next(content.rglob(f"item-{100 + run * 37:06d}.md"))
                address = f"http://127.0.0.1:{port}/{address_of(item, output)}"
                marker = f"Quillomere {run}: a sentence saved while the devserver ran."
                text = item.read_text("utf-8").replace(
                    "## Editor's notes\n\n", f"## Editor's notes\n\n{marker}\n\n", 1)
                done_before = len(REST.findall(said()))
                item.write_text(text, "utf-8")
                saved = time.perf_counter()
                wait_until(lambda: marker in fetch(address), 600)  # noqa: B023
                served.append(time.perf_counter() - saved)
                wait_until(lambda: len(REST.findall(said())) > done_before, 600, 0.05)  # noqa: B023
                rested.append(time.perf_counter() - saved)
                firsts.append(float(FIRST.findall(said())[-1]))
                rests.append(float(REST.findall(said())[-1]))
                print(f"  run {run + 1}: served in {served[-1]:.2f} s (its page rendered in "
                      f"{firsts[-1]:.2f} s), the rest built {rested[-1]:.2f} s after the save "
                      f"(its build {rests[-1]:.1f} s)", file=sys.stderr)
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    median = statistics.median
    print("| items | save → new page served (s) | its page rendered (s) | save → whole site "
          "rebuilt (s), the old path's save → served | full incremental build (s) |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {args.items:,} | {median(served):.2f} | {median(firsts):.2f} | "
          f"{median(rested):.2f} | {median(rests):.1f} |")


if __name__ == "__main__":
    main()
