"""The ``_headers`` file that tells Netlify or Cloudflare Pages what to send.

Adds nothing to the template context.  On ``finalized``, when
``BRIEFING_HEADERS_SAVE_AS`` names a file (``publishconf.py`` sets
``_headers``; development builds write none), writes rules in the format
both hosts read, a path pattern and then indented ``Name: value`` lines:

- every file: the Content-Security-Policy and referrer policy the pages
  carry in ``<meta>`` tags (``theme/templates/partials/security_meta.html``),
  read back from the home page as written so the two never drift apart,
  plus what a ``<meta>`` cannot say: ``frame-ancestors 'none'``,
  ``X-Frame-Options`` and ``X-Content-Type-Options: nosniff``;
- each feed (the ``BRIEFING_*FEED*`` settings, ``{slug}`` as ``*``): its
  media type (:mod:`briefing.serve.media_types`) and :data:`FEED_CACHE`;
- the theme's static files (``THEME_STATIC_DIR``): :data:`THEME_CACHE`,
  since their names carry no content hash;
- files whose names do: :data:`HASHED_CACHE`.  These are the search index's
  (:data:`PAGEFIND_HASHED` under ``BRIEFING_SEARCH_BUNDLE``) and
  ``BRIEFING_HASHED_FILES``.

HTML pages get no ``Cache-Control`` of their own: both hosts then send
their default, which revalidates on every visit (a 304 when nothing
changed) and is right for them because they purge their edge caches on
every deploy.  That also keeps any path from matching two rules that set
the same header, which Cloudflare Pages would join with a comma.
``docs/nginx.conf`` sends the same headers from nginx.
"""

from __future__ import annotations

import logging
from fnmatch import fnmatchcase
from pathlib import Path

import lxml.html

from briefing.serve.media_types import media_type
from briefing.settings import SITE_FEED_SETTINGS, TERM_FEED_SETTINGS

logger = logging.getLogger(__name__)

#: Feeds change with every publish; feed readers poll.
FEED_CACHE = "public, max-age=300"
#: Theme files keep their names when they change: a day until readers see a new one.
THEME_CACHE = "public, max-age=86400"
#: A file whose name carries a hash of its content never changes.
HASHED_CACHE = "public, max-age=31536000, immutable"
#: The search index's shards, under the search bundle: each shard's folder is
#: named by a digest of its content (briefing.pelican.search).  The list of
#: shards keeps its name and is not among them.
PAGEFIND_HASHED = ("shard/*",)

Rule = tuple[str, list[tuple[str, str]]]


def page_policy(page: Path) -> dict[str, str]:
    """The security headers ``page``'s ``<meta>`` tags state, by header name."""
    head = lxml.html.parse(str(page)).getroot().find("head")
    policy = {}
    for meta in head.iter("meta") if head is not None else ():
        if meta.get("http-equiv", "").lower() == "content-security-policy":
            policy["Content-Security-Policy"] = meta.get("content", "").strip().rstrip(";")
        elif meta.get("name", "").lower() == "referrer":
            policy["Referrer-Policy"] = meta.get("content", "").strip()
    return policy


def security_headers(policy: dict[str, str]) -> list[tuple[str, str]]:
    """The pages' own policy, with what only a server can add."""
    headers = []
    if "Content-Security-Policy" in policy:
        headers.append(("Content-Security-Policy",
                        f"{policy['Content-Security-Policy']}; frame-ancestors 'none'"))
    if "Referrer-Policy" in policy:
        headers.append(("Referrer-Policy", policy["Referrer-Policy"]))
    return [*headers, ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY")]


def feed_patterns(settings: dict) -> list[str]:
    """Each feed setting as a path pattern, none covered by another."""
    patterns = [settings[key].replace("{slug}", "*") for key in TERM_FEED_SETTINGS
                if settings.get(key)]
    for key in SITE_FEED_SETTINGS:
        path = settings.get(key)
        if path and not any(fnmatchcase(path, pattern) for pattern in patterns):
            patterns.append(path)
    return sorted(set(patterns))


def header_rules(settings: dict, policy: dict[str, str]) -> list[Rule]:
    """Every rule of the ``_headers`` file, broadest first."""
    rules: list[Rule] = [("/*", security_headers(policy))]
    for pattern in feed_patterns(settings):
        kind = media_type(pattern)
        rules.append((f"/{pattern}", [*([("Content-Type", kind)] if kind else []),
                                      ("Cache-Control", FEED_CACHE)]))
    theme = settings["THEME_STATIC_DIR"].strip("/")
    rules.append((f"/{theme}/*", [("Cache-Control", THEME_CACHE)]))
    rules += [(f"/{pattern}", [("Cache-Control", HASHED_CACHE)])
              for pattern in hashed_patterns(settings)]
    return rules


def hashed_patterns(settings: dict) -> list[str]:
    """Patterns of the files whose names carry a content hash: the search index's, the site's."""
    bundle = settings["BRIEFING_SEARCH_BUNDLE"].strip("/")
    search = [f"{bundle}/{pattern}" for pattern in PAGEFIND_HASHED] \
        if settings["BRIEFING_SEARCH"] else []
    return [*search, *settings["BRIEFING_HASHED_FILES"]]


def render(rules: list[Rule]) -> str:
    blocks = ["\n".join([path, *(f"  {name}: {value}" for name, value in headers)])
              for path, headers in rules]
    return ("# Written by briefing.pelican.http_headers at publish time: edit the settings, "
            "not this file.\n" + "\n\n".join(blocks) + "\n")
