"""What ``make devserver`` serves: the built site, and the last build's errors on every page.

An editor looks at the browser, not at the terminal.  While the last build
failed or reported errors, every HTML page served carries a banner listing
them, ``path:line: Field: problem`` as ``make check`` prints them, and the
next good build clears it.  An item with an error is not built, so its page
from an earlier build would be served stale: the banner on it (and on every
other page) says why.

A WSGI application over the output folder, for livereload's server (which
adds its reload script to the pages); no Pelican here.
"""

from __future__ import annotations

import html
import mimetypes
from pathlib import Path
from urllib.parse import unquote

#: Where the banner goes: right after the opening <body> tag.
_BODY = b"<body"


class DevPages:
    """Serve ``root``'s files; HTML pages carry :attr:`problems` while there are any."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.problems: list[str] = []

    def banner(self) -> bytes:
        items = "".join(f"<li><code>{html.escape(problem)}</code></li>"
                        for problem in self.problems)
        return (f'<section class="build-problems" role="alert"><h2>The last build reported '
                f"{len(self.problems)} error(s); pages may be out of date</h2><ul>{items}</ul>"
                "<p>Fix them and save: this notice goes away with the next good build.</p>"
                "</section>").encode()

    def with_banner(self, page: bytes) -> bytes:
        start = page.find(_BODY)
        end = page.find(b">", start) + 1 if start >= 0 else 0
        return page[:end] + self.banner() + page[end:]

    def find(self, path: str) -> tuple[str, Path | None]:
        """The status and file for a request's path (``None``: nothing to send)."""
        target = (self.root / unquote(path).lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return "404 Not Found", None
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            return "200 OK", target
        missing = self.root / "404.html"
        return "404 Not Found", missing if missing.is_file() else None

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        if (self.root / unquote(path).lstrip("/")).is_dir() and not path.endswith("/"):
            start_response("301 Moved Permanently", [("Location", path + "/")])
            return [b""]
        status, target = self.find(path)
        body = target.read_bytes() if target else b"Not found"
        kind = (mimetypes.guess_type(target.name)[0] if target else None) or "text/plain"
        if kind == "text/html" and self.problems:
            body = self.with_banner(body)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]
