"""Lighthouse over the sample site served like production: the four category scores.

Builds ``content/`` with the publish settings for a free local port, serves
it there with ``briefing serve`` (what ``make serve`` runs, serving as the
production hosts do), and runs Lighthouse (npm ``lighthouse``,
pinned below, with Debian's Chromium) over the home, an edition, an item,
a tag, a category, the search page and the 404 page, with the mobile and
the desktop settings.  Prints a Markdown table of the performance,
accessibility, best-practices and SEO scores (``bench/README.md`` keeps the
latest).

``briefing serve`` answers unknown paths with ``404.html`` and status 404,
and Lighthouse refuses to audit a page served with status 404, so the 404
page is audited at ``/404.html``, the same bytes with status 200.

It is a script, not a test (a run takes minutes):

    npm install --prefix ~/.cache/briefing-lighthouse -E lighthouse@12.2.3
    .venv/bin/python bench/lighthouse.py [--runs 3] [--reports DIR]

``LIGHTHOUSE`` names another lighthouse command, ``CHROMIUM`` another browser.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.pelican.build import build  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"  # lighthouse 13 needs Node 22; Debian 12 has Node 20
DEFAULT_LIGHTHOUSE = Path.home() / ".cache/briefing-lighthouse/node_modules/.bin/lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORMS = ("mobile", "desktop")


def free_port() -> int:
    """A port nobody listens on now (the site is built for its address before
    ``briefing serve`` takes it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_serve(output: Path, port: int, log: Path) -> subprocess.Popen:
    """``briefing serve`` (what ``make serve`` runs) over ``output`` on
    127.0.0.1:``port``, its messages to ``log``, once it listens; the caller
    stops it."""
    with log.open("w") as messages:
        server = subprocess.Popen(
            [sys.executable, "-m", "briefing.cli", "serve", "-o", str(output),
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, stdout=messages, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while server.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"briefing serve did not start: {log.read_text()}")


def pages(output: Path) -> dict[str, str]:
    """One page of each kind in the built sample site, by name."""
    def first(pattern: str) -> str:
        return sorted(output.glob(pattern))[0].parent.relative_to(output).as_posix() + "/"

    item = first("20[0-9][0-9]/[01][0-9]/[0-3][0-9]/*/index.html")
    return {"home": "", "edition": item.rsplit("/", 2)[0] + "/", "item": item,
            "tag": first("tags/*/index.html"), "category": first("categories/*/index.html"),
            "search": "search/", "404": "404.html"}


def audit(lighthouse: str, chromium: str, url: str, form: str,
          report: Path) -> tuple[dict[str, int], list]:
    """The category scores of ``url``, and the audits that cost it points;
    Lighthouse's whole report is left in ``report``."""
    command = [lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if form == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(command, capture_output=True, text=True,
                          env={**os.environ, "CHROME_PATH": chromium}, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}: {done.stderr.strip()[-500:]}")
    data = json.loads(report.read_text("utf-8"))
    if data.get("runtimeError"):
        raise SystemExit(f"lighthouse: {url}: {data['runtimeError']}")
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = data["audits"]
    lost = sorted({ref["id"] for name in CATEGORIES for ref in data["categories"][name]["auditRefs"]
                   if ref["weight"] and audits[ref["id"]]["score"] is not None
                   and audits[ref["id"]]["score"] < 1})
    return scores, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median)")
    parser.add_argument("--pages", nargs="+", metavar="PAGE",
                        help="only these of: home edition item tag category search 404")
    parser.add_argument("--reports", type=Path, metavar="DIR",
                        help="keep Lighthouse's JSON reports here (page-form-run.json)")
    args = parser.parse_args()
    lighthouse = os.environ.get("LIGHTHOUSE") or str(DEFAULT_LIGHTHOUSE)
    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(lighthouse).is_file():
        raise SystemExit(f"no lighthouse at {lighthouse}: npm install --prefix "
                         f"~/.cache/briefing-lighthouse -E lighthouse@{LIGHTHOUSE_VERSION}")
    with tempfile.TemporaryDirectory(prefix="briefing-lighthouse-") as folder:
        output = Path(folder) / "output"
        reports = args.reports or Path(folder) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        # The port first: the site is built for its address.
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        report = build(str(ROOT / "publishconf.py"), output, {
            "PATH": str(ROOT / "content"), "SITEURL": base,
            "CACHE_PATH": str(Path(folder) / "cache")})
        if not report.ok:
            raise SystemExit("build failed: " + "; ".join(report.errors))
        server = start_serve(output, port, Path(folder) / "serve.log")
        try:
            print(f"| page | form | {' | '.join(CATEGORIES)} | audits below full marks |")
            print(f"|---|---|{'---|' * len(CATEGORIES)}---|")
            for name, path in pages(output).items():
                if args.pages and name not in args.pages:
                    continue
                for form in FORMS:
                    runs = [audit(lighthouse, chromium, f"{base}/{path}", form,
                                  reports / f"{name}-{form}-{run}.json")
                            for run in range(1, args.runs + 1)]
                    scores = [statistics.median(run[c] for run, _ in runs) for c in CATEGORIES]
                    lost = sorted({audit_id for _, ids in runs for audit_id in ids})
                    print(f"| {name} | {form} | {' | '.join(f'{s:g}' for s in scores)} | "
                          f"{', '.join(lost)} |", flush=True)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
