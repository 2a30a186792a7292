"""Serve a built site as its production hosts do, for ``make serve``.

``pelican --listen`` answered a missing path with an empty reply and knew
nothing of the files a public build writes for its hosts.  This server
(the standard library's, on one machine, for previewing) does what
Netlify, Cloudflare Pages and ``docs/nginx.conf`` do with the same
folder:

- a missing path gets the site's ``404.html`` with status 404;
- a folder's address without its final slash is redirected to it (301),
  and a folder is served by its ``index.html``;
- a file with a ``.br`` or ``.gz`` copy beside it (:mod:`briefing.pelican.
  precompress`) is sent as that copy to a browser that accepts it, with
  ``Content-Encoding`` and ``Vary: Accept-Encoding``;
- the rules of a ``_headers`` file (:mod:`briefing.pelican.http_headers`)
  add their headers to every path they match;
- the rules of a ``_redirects`` file (Netlify's format: ``from to
  [status]``, status 301, 302 or 410, 301 by default; ``!`` after the
  status forces it over an existing file; a ``from`` ending in ``*``
  matches every path under it, and ``:splat`` in ``to`` is what it
  matched) redirect, or answer 410 Gone with the 404 page.

Neither file is served itself.  Only GET and HEAD are answered.
"""

from __future__ import annotations

import email.utils
import mimetypes
import posixpath
import urllib.parse
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefing.serve.media_types import media_type

HEADERS_FILE = "_headers"
REDIRECTS_FILE = "_redirects"
NOT_FOUND_PAGE = "404.html"
#: Copies a browser may be sent instead of a file, preferred first.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
REDIRECT_STATUSES = frozenset({301, 302, 410})


@dataclass(frozen=True)
class Redirect:
    source: str
    target: str
    status: int
    forced: bool

    def match(self, path: str) -> str | None:
        """Where ``path`` goes by this rule, or None when it does not apply."""
        if self.source.endswith("*"):
            prefix = self.source[:-1]
            if path.startswith(prefix):
                return self.target.replace(":splat", path[len(prefix):])
            return None
        # Netlify matches an address with or without its final slash.
        return self.target if path.rstrip("/") == self.source.rstrip("/") else None


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """A ``_headers`` file's rules: (path pattern, [(name, value)])."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def parse_redirects(text: str) -> list[Redirect]:
    """A ``_redirects`` file's rules, in order; lines it cannot read are left out."""
    rules = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        status, forced = 301, False
        if len(fields) > 2:
            code = fields[2]
            forced = code.endswith("!")
            if not code.rstrip("!").isdigit() or int(code.rstrip("!")) not in REDIRECT_STATUSES:
                continue
            status = int(code.rstrip("!"))
        rules.append(Redirect(fields[0], fields[1], status, forced))
    return rules


class Site:
    """A built site folder and its host rules, read once when the server starts
    (``make serve`` serves a finished build; restart it after a publish that
    changes the rules)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.headers = parse_headers(self._text(HEADERS_FILE))
        self.redirects = parse_redirects(self._text(REDIRECTS_FILE))

    def _text(self, name: str) -> str:
        try:
            return (self.root / name).read_text("utf-8")
        except OSError:
            return ""

    def file(self, path: str) -> Path | None:
        """The file at URL path ``path`` under the root (never outside it), or None."""
        relative = posixpath.normpath(urllib.parse.unquote(path)).lstrip("/")
        if relative in (".", ""):
            relative = ""
        if relative.split("/")[0] in (HEADERS_FILE, REDIRECTS_FILE, ".."):
            return None
        try:
            candidate = (self.root / relative).resolve()
        except (OSError, ValueError):  # a loop, a NUL byte
            return None
        if candidate != self.root and self.root not in candidate.parents:
            return None
        return candidate if candidate.exists() else None

    def extra_headers(self, path: str) -> list[tuple[str, str]]:
        """Every header the ``_headers`` rules give ``path``; a header two
        rules set is joined with a comma, as Cloudflare Pages does."""
        found: dict[str, str] = {}
        for pattern, headers in self.headers:
            if fnmatchcase(path, pattern):
                for name, value in headers:
                    found[name] = f"{found[name]}, {value}" if name in found else value
        return list(found.items())


def accepted(header: str) -> set[str]:
    """The content codings an ``Accept-Encoding`` header accepts (q above 0)."""
    codings = set()
    for part in header.split(","):
        name, _, parameters = part.strip().partition(";")
        quality = parameters.strip()
        if quality.startswith("q="):
            try:
                if float(quality[2:]) <= 0:
                    continue
            except ValueError:
                continue
        if name.strip():
            codings.add(name.strip().lower())
    return codings


class SiteHandler(BaseHTTPRequestHandler):
    server_version = "briefing-serve"

    def __init__(self, *args, site: Site, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        path = urllib.parse.urlsplit(self.path).path or "/"
        found = self.site.file(path)
        redirect = next(((rule, target) for rule in self.site.redirects
                         if (target := rule.match(path)) is not None
                         and (rule.forced or found is None)), None)
        if redirect is not None:
            rule, target = redirect
            if rule.status == 410:
                self.send_page(path, HTTPStatus.GONE, body)
            else:
                self.send_empty(rule.status, [("Location", target)])
            return
        if found is not None and found.is_dir():
            if not path.endswith("/"):
                self.send_empty(HTTPStatus.MOVED_PERMANENTLY, [("Location", path + "/")])
                return
            found = found / "index.html"
            if not found.is_file():
                found = None
        if found is None:
            self.send_page(path, HTTPStatus.NOT_FOUND, body)
            return
        self.send_file(path, found, HTTPStatus.OK, body)

    def send_page(self, path: str, status: int, body: bool) -> None:
        page = self.site.root / NOT_FOUND_PAGE
        if page.is_file():
            self.send_file(path, page, status, body)
        else:
            self.send_empty(status, [("Content-Type", "text/plain; charset=utf-8")])

    def send_empty(self, status: int, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_file(self, path: str, file: Path, status: int, body: bool) -> None:
        kind = media_type(file.name) or mimetypes.guess_type(file.name)[0] \
            or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("+xml", "/json", "/javascript")):
            kind += "; charset=utf-8"
        headers = [("Content-Type", kind)]
        sent = file
        copies = [(coding, file.with_name(file.name + suffix)) for coding, suffix in ENCODINGS]
        if any(copy.is_file() for _, copy in copies):
            headers.append(("Vary", "Accept-Encoding"))
            wanted = accepted(self.headers.get("Accept-Encoding", ""))
            for coding, copy in copies:
                if coding in wanted and copy.is_file():
                    sent = copy
                    headers.append(("Content-Encoding", coding))
                    break
        data = sent.read_bytes()
        self.send_response(status)
        for name, value in [*headers, *self.site.extra_headers(path)]:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Last-Modified",
                         email.utils.formatdate(sent.stat().st_mtime, usegmt=True))
        self.end_headers()
        if body:
            self.wfile.write(data)


def make_server(root: Path, host: str, port: int) -> ThreadingHTTPServer:
    """A server for the site in ``root`` at ``host:port`` (port 0: any free one)."""
    return ThreadingHTTPServer((host, port), partial(SiteHandler, site=Site(root)))
