"""Benchmark an editor's daily publish against Hugo's full build of the same corpus.

The daily publish is what editors feel: one new item (dated newest, as each
day) and one edited item (its notes) onto a warm archive: ``briefing
publish`` with the cache and the previous output of the last publish.  It
is measured side by side, in the same run, with Hugo's full build of the
same items (Hugo keeps no output between builds worth the name: it renders
every page each time) with a minimal layout (``bench/hugo/``) that renders
the same kinds of pages: an item page each, paginated tag and category
pages, a page per day (a ``days`` taxonomy, standing for our editions),
the home page, and RSS feeds for the site, each tag, each category and
each day.  Our publish writes more: the search index and ``.gz``/``.br``
copies of every text file (``--without-search`` leaves the index out).

Hugo is the ``hugo`` package from the Python registry
(``requirements/bench.txt``), which ships Hugo's binary.

Usage: .venv/bin/python bench/daily.py [--sizes 5000 20000] [--runs 3] [--without-search]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import FIRST_DAY, generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HUGO_LAYOUT = ROOT / "bench" / "hugo"


def front_matter_item(text: str) -> tuple[dict[str, str], str]:
    """A corpus item's header fields and its Markdown body."""
    header, _, body = text.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    return fields, body


def toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hugo_item(text: str) -> str:
    """The same item as a Hugo content file: TOML front matter, the same body."""
    fields, body = front_matter_item(text)
    when = dt.datetime.strptime(fields["Date"], "%Y-%m-%d %H:%M")
    tags = ", ".join(toml_string(tag) for tag in fields["Tags"].split(", "))
    return "\n".join([
        "+++",
        f"title = {toml_string(fields['Title'])}",
        f"date = {when:%Y-%m-%dT%H:%M:%S}+01:00",
        f"tags = [{tags}]",
        f"categories = [{toml_string(fields['Category'])}]",
        f"days = [{toml_string(f'{when:%Y-%m-%d}')}]",
        f"source = {toml_string(fields['Source'])}",
        f"source_url = {toml_string(fields['Source_URL'])}",
        "+++", "", body])


def hugo_site(content: Path, site: Path) -> None:
    """A Hugo site of ``content``'s items with the layout in ``bench/hugo``."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(HUGO_LAYOUT, site)
    for path in sorted(content.rglob("item-*.md")):
        target = site / "content" / "items" / f"{path.stem}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(hugo_item(path.read_text("utf-8")), "utf-8")


def timed(command: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env or os.environ, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started


def publish(content: Path, output: Path, cache: Path, settings: str) -> float:
    env = {**os.environ, "BRIEFING_BENCH_CACHE": str(cache)}
    seconds = timed([str(BIN / "briefing"), "publish", str(content), "-o", str(output),
                     "-s", str(ROOT / "bench" / settings)], env)
    settle(output)
    return seconds


def settle(output: Path) -> None:
    """Wait for the removal of the site the publish replaced, which goes on in
    the background once the publish is done, so that Hugo's next build does
    not share the machine with it."""
    while any(path.name.startswith(f".{output.name}.retired-")
              for path in output.parent.iterdir()):
        time.sleep(0.1)


def hugo_build(site: Path, output: Path) -> float:
    shutil.rmtree(output, ignore_errors=True)
    return timed([str(BIN / "hugo"), "--source", str(site), "--destination", str(output),
                  "--quiet", "--noBuildLock"])


def next_day(content: Path, run: int) -> None:
    """One new item, dated newest, and one item's notes edited: an editor's day."""
    model = next(content.rglob("item-000001.md")).read_text("utf-8")
    fields, body = front_matter_item(model)
    when = FIRST_DAY + dt.timedelta(hours=1 + run)
    fields.update({"Title": f"A new item of day {run}", "Date": f"{when:%Y-%m-%d %H:%M}",
                   "Source_URL": f"https://example-daily.example/new/{run}/"})
    new = content / "new" / f"item-new-{run:03d}.md"
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_text("\n".join(f"{k}: {v}" for k, v in fields.items()) + "\n\n" + body, "utf-8")
    edited = next(content.rglob(f"item-{10 + run:06d}.md"))
    edited.write_text(edited.read_text("utf-8").replace(
        "Why it matters:", f"Why it matters (day {run}):", 1), "utf-8")


def bench_size(count: int, runs: int, scratch: Path, settings: str) -> tuple[list, list]:
    content = scratch / f"content-{count}"
    generate(count, content)
    cache, output = scratch / f"cache-{count}", scratch / f"output-{count}"
    print(f"{count} items: first publish (cold, not measured)", file=sys.stderr)
    publish(content, output, cache, settings)
    hugo_build_site = scratch / f"hugo-{count}"
    ours, hugo = [], []
    for run in range(runs):
        next_day(content, run)
        hugo_site(content, hugo_build_site)
        hugo.append(hugo_build(hugo_build_site, scratch / f"hugo-output-{count}"))
        ours.append(publish(content, output, cache, settings))
        print(f"  run {run + 1}: ours {ours[-1]:.2f} s, Hugo {hugo[-1]:.2f} s", file=sys.stderr)
    return ours, hugo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--without-search", action="store_true")
    args = parser.parse_args()
    settings = "ours_nosearch_publishconf.py" if args.without_search else "ours_publishconf.py"
    print("| items | our daily publish (s) | Hugo full build (s) | ratio |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="briefing-daily-") as scratch:
        for count in args.sizes:
            ours, hugo = bench_size(count, args.runs, Path(scratch), settings)
            ours_s, hugo_s = statistics.median(ours), statistics.median(hugo)
            print(f"| {count:,} | {ours_s:.2f} | {hugo_s:.2f} | {ours_s / hugo_s:.2f}× |",
                  flush=True)


if __name__ == "__main__":
    main()
