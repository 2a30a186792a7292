"""The files that keep old addresses working, on any host (pure text in, text out).

:mod:`briefing.serve.address_ledger` says which old paths moved where and which
items were withdrawn; this module writes them in every form a host can use:

- a small HTML page at each old path, for any static host (GitHub Pages, a
  plain folder): ``<meta http-equiv="refresh">`` and ``rel="canonical"`` to
  the new address, ``noindex``; a withdrawn item's page says it was
  withdrawn (a static host can only answer 200);
- ``_redirects`` for Netlify and Cloudflare Pages: ``/old/ /new/ 301``, and
  ``/old/ /old/index.html 410`` for a withdrawn item (Netlify answers 410
  with that page; Cloudflare Pages knows no 410 and skips the line, so the
  page answers 200 there);
- an nginx ``map`` include (``/old/ /new/;``, ``/old/ 410;``) that
  ``docs/nginx.conf`` reads;
- S3 website redirects: :mod:`briefing.deploy.s3` reads ``_redirects`` and
  stores each page with ``x-amz-website-redirect-location``.

Paths in the host files carry ``SITEURL``'s own path (a site served under
``/briefing/``), since hosts match the whole request path.
"""

from __future__ import annotations

from html import escape

#: In the head of every page this module writes: a later build tells them
#: from a real page at the same path by it.
MARK = '<meta name="generator" content="Briefing: redirect">'
GONE = "410"
MOVED = "301"
REDIRECTS_HEADER = ("# Written by make publish from published-addresses.txt: old addresses "
                    "of moved or withdrawn pages.\n")


#: Paths ending so name a file (a page, a feed), not a folder.
FILE_ENDINGS = (".html", ".htm", ".xml", ".json")


def page_file(path: str) -> str:
    """The file that serves the site-relative ``path``: a folder's index.html."""
    path = path.lstrip("/")
    return path if path.endswith(FILE_ENDINGS) else f"{path.rstrip('/')}/index.html"


def redirect_page(target_url: str, site_name: str, lang: str) -> str:
    """An HTML page that sends readers and search engines on to ``target_url``."""
    url = escape(target_url)
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Moved: {escape(site_name)}</title>\n"
            f'<meta name="robots" content="noindex">\n{MARK}\n'
            f'<link rel="canonical" href="{url}">\n'
            f'<meta http-equiv="refresh" content="0; url={url}">\n'
            f'</head>\n<body>\n<p>This page has moved to <a href="{url}">{url}</a>.</p>\n'
            "</body>\n</html>\n")


def withdrawn_page(home_url: str, site_name: str, lang: str) -> str:
    """An HTML page that says the item once published here was withdrawn."""
    home = escape(home_url)
    name = escape(site_name)
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Withdrawn: {name}</title>\n"
            f'<meta name="robots" content="noindex">\n{MARK}\n'
            f"</head>\n<body>\n<h1>Withdrawn</h1>\n"
            "<p>The item once published at this address was withdrawn by the editors.</p>\n"
            f'<p><a href="{home}">{name}: the latest briefing</a></p>\n'
            "</body>\n</html>\n")


def _served(base: str, path: str) -> str:
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


def redirects_file(moved: dict[str, str], withdrawn: list[str], base: str = "") -> str:
    """The ``_redirects`` rules; ``base`` is SITEURL's path ('' at a host's root)."""
    lines = [f"{_served(base, old)} {_served(base, new)} {MOVED}"
             for old, new in sorted(moved.items())]
    lines += [f"{_served(base, old)} {_served(base, page_file(old))} {GONE}"
              for old in sorted(withdrawn)]
    return REDIRECTS_HEADER + "".join(f"{line}\n" for line in lines)


def _nginx_string(text: str) -> str:
    """``text`` as a quoted nginx string: a path may hold ';' or '{' (an alias)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_map(moved: dict[str, str], withdrawn: list[str], base: str = "") -> str:
    """Lines for ``map $uri $briefing_redirect { include ...; }``: new path, or 410."""
    lines = [f"{_nginx_string(_served(base, old))} {_nginx_string(_served(base, new))};"
             for old, new in sorted(moved.items())]
    lines += [f"{_nginx_string(_served(base, old))} {GONE};" for old in sorted(withdrawn)]
    return REDIRECTS_HEADER + "".join(f"{line}\n" for line in lines)


def read_redirects(text: str) -> list[tuple[str, str, str]]:
    """``(from, to, status)`` of each rule in a ``_redirects`` file (status 301 when absent)."""
    rules = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#") or len(words) < 2:
            continue
        rules.append((words[0], words[1], words[2] if len(words) > 2 else MOVED))
    return rules
