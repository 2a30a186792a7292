"""Lighthouse over the sample site served like production: the four category scores.

Builds ``content/`` with the publish settings for a free local port, serves
it the way the production hosts do, and runs Lighthouse (npm ``lighthouse``,
pinned below, with Debian's Chromium) over the home, an edition, an item,
a tag, a category, the search page and the 404 page, with the mobile and
the desktop settings.  Prints a Markdown table of the performance,
accessibility, best-practices and SEO scores (``bench/README.md`` keeps the
latest).

The server is a small handler here, since ``make serve`` (Pelican's) ignores
what production sends: it answers with the ``.br`` or ``.gz`` copy the
client accepts, adds the ``_headers`` rules, follows ``_redirects`` (301
and 410) and answers unknown paths with ``404.html`` and status 404.
Lighthouse refuses to audit a page served with status 404, so the 404
page is audited at ``/404.html``, the same bytes with status 200.

It is a script, not a test (a run takes minutes):

    npm install --prefix ~/.cache/briefing-lighthouse -E lighthouse@12.2.3
    .venv/bin/python bench/lighthouse.py [--runs 1]

``LIGHTHOUSE`` names another lighthouse command, ``CHROMIUM`` another browser.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from fnmatch import fnmatchcase
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.pelican.build import build  # noqa: E402
from briefing.serve.media_types import media_type  # noqa: E402
from briefing.serve.redirect_files import read_redirects  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"  # lighthouse 13 needs Node 22; Debian 12 has Node 20
DEFAULT_LIGHTHOUSE = Path.home() / ".cache/briefing-lighthouse/node_modules/.bin/lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORMS = ("mobile", "desktop")


def header_rules(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """``(path pattern, [(name, value)])`` of each rule of a ``_headers`` file."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line[0].isspace():
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            rules.append((line.strip(), []))
    return rules


class ProductionLike(BaseHTTPRequestHandler):
    """Serves ``root`` as Netlify or Cloudflare Pages would serve the published site."""

    root: Path
    rules: list
    redirects: dict

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        if path in self.redirects:
            target, status = self.redirects[path]
            if status == "301":
                return self.answer(301, b"", {"Location": target})
            return self.send_file(410, target, path)
        file = self.root / path.lstrip("/")
        if file.is_dir() and not path.endswith("/"):
            return self.answer(301, b"", {"Location": path + "/"})
        if file.is_dir():
            path, file = path + "index.html", file / "index.html"
        if not file.is_file():
            return self.send_file(404, "/404.html", path)
        return self.send_file(200, path, path)

    def send_file(self, status: int, served: str, requested: str) -> None:
        file = self.root / served.lstrip("/")
        kind = media_type(served) or mimetypes.guess_type(served)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")):
            kind += "; charset=utf-8"
        headers = {"Content-Type": kind, "Vary": "Accept-Encoding"}
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and file.with_name(file.name + suffix).is_file():
                file = file.with_name(file.name + suffix)
                headers["Content-Encoding"] = encoding
                break
        for pattern, rule in self.rules:
            if fnmatchcase(requested, pattern):
                headers.update(rule)
        self.answer(status, file.read_bytes(), headers)

    def answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def handler_for(output: Path) -> type:
    """A :class:`ProductionLike` handler for the built site in ``output``."""
    redirects_file = output / "_redirects"
    redirects = {source: (target, status) for source, target, status
                 in read_redirects(redirects_file.read_text("utf-8"))} \
        if redirects_file.is_file() else {}
    return type("Handler", (ProductionLike,), {
        "root": output, "redirects": redirects,
        "rules": header_rules((output / "_headers").read_text("utf-8"))})


def pages(output: Path) -> dict[str, str]:
    """One page of each kind in the built sample site, by name."""
    def first(pattern: str) -> str:
        return sorted(output.glob(pattern))[0].parent.relative_to(output).as_posix() + "/"

    item = first("20[0-9][0-9]/[01][0-9]/[0-3][0-9]/*/index.html")
    return {"home": "", "edition": item.rsplit("/", 2)[0] + "/", "item": item,
            "tag": first("tags/*/index.html"), "category": first("categories/*/index.html"),
            "search": "search/", "404": "404.html"}


def audit(lighthouse: str, chromium: str, url: str, form: str) -> tuple[dict[str, int], list]:
    """The category scores of ``url``, and the audits that cost it points."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
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
    args = parser.parse_args()
    lighthouse = os.environ.get("LIGHTHOUSE") or str(DEFAULT_LIGHTHOUSE)
    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(lighthouse).is_file():
        raise SystemExit(f"no lighthouse at {lighthouse}: npm install --prefix "
                         f"~/.cache/briefing-lighthouse -E lighthouse@{LIGHTHOUSE_VERSION}")
    with tempfile.TemporaryDirectory(prefix="briefing-lighthouse-") as folder:
        output = Path(folder) / "output"
        output.mkdir()
        # The port first: the site is built for its address.
        server = ThreadingHTTPServer(("127.0.0.1", 0), ProductionLike)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        report = build(str(ROOT / "publishconf.py"), output, {
            "PATH": str(ROOT / "content"), "SITEURL": base,
            "CACHE_PATH": str(Path(folder) / "cache")})
        if not report.ok:
            raise SystemExit("build failed: " + "; ".join(report.errors))
        server.RequestHandlerClass = handler_for(output)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"| page | form | {' | '.join(CATEGORIES)} | audits below full marks |")
        print(f"|---|---|{'---|' * len(CATEGORIES)}---|")
        for name, path in pages(output).items():
            for form in FORMS:
                runs = [audit(lighthouse, chromium, f"{base}/{path}", form)
                        for _ in range(args.runs)]
                scores = [statistics.median(run[c] for run, _ in runs) for c in CATEGORIES]
                lost = sorted({audit_id for _, ids in runs for audit_id in ids})
                print(f"| {name} | {form} | {' | '.join(f'{s:g}' for s in scores)} | "
                      f"{', '.join(lost)} |", flush=True)
        server.shutdown()


if __name__ == "__main__":
    main()
