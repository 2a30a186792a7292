"""Pelican plugin: ``sitemap.xml`` of every listed page, and ``robots.txt``.

Adds nothing to the template context.  After the other generators have
built their context, writes

- ``SITEMAP_SAVE_AS`` (default ``sitemap.xml``): the absolute URL of every
  listed page (home, the tag, category and edition indexes, the corrections
  page, each edition, each published item, each page of each tag and
  category, each month archive, each published page) with ``lastmod`` from
  the newest ``Modified``/``Date`` or correction of the items it shows.  Drafts, hidden items and
  hidden pages are never in it, nor is the 404 page;
- ``ROBOTS_SAVE_AS`` (default ``robots.txt``): allows everything but the
  draft previews and points to the sitemap.

Either is switched off by setting its ``*_SAVE_AS`` to ``""``.  The output
depends only on the content and settings, so two builds are identical.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

from briefing.pelican.list_pages import ListPaginator, per_page

logger = logging.getLogger(__name__)


#: Direct templates that are no listed page of their own.
UNLISTED_TEMPLATES = frozenset({"404"})


def lastmod(item):
    """When an item last changed: ``Modified`` (else ``Date``), or its last correction."""
    changed = getattr(item, "modified", None) or item.date
    corrected = getattr(item, "corrected", None)
    return max(changed, corrected) if corrected else changed


def newest(items):
    """The newest ``lastmod`` of ``items``, or None for no items."""
    return max((lastmod(item) for item in items), default=None)


def lastmod_of_page(page):
    """A page's ``Modified`` or ``Date``, if it has either."""
    return getattr(page, "modified", None) or getattr(page, "date", None)


def _template_url(template: str, settings: dict) -> str:
    if template == "index":
        return ""
    return settings.get(f"{template.upper()}_URL", f"{template}.html")


def _paginated(name: str, url: str, items: list, template: str, settings: dict):
    """(url, items) of each page written for a list, paginated or not."""
    items_per_page = per_page(settings, template)
    if items_per_page is None:
        yield url, items
        return
    for page in ListPaginator(name, url, items, settings, items_per_page).pages:
        yield page.url, page.object_list


def sitemap_entries(context: dict, settings: dict) -> list[tuple[str, object]]:
    """(relative URL, lastmod or None) of every listed page, in a fixed order."""
    articles = list(context.get("articles", []))
    everything = newest(articles)
    entries: list[tuple[str, object]] = []
    for template in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if save_as and template not in UNLISTED_TEMPLATES:
            entries.append((_template_url(template, settings), everything))
    corrected = context.get("corrected_items")  # None without the corrections plugin
    if corrected is not None and settings.get("CORRECTIONS_SAVE_AS"):
        entries.append((settings["CORRECTIONS_URL"], newest(corrected)))
    for edition in context.get("editions", []):
        if edition.save_as:
            entries.append((edition.url, newest(edition.articles)))
    for item in sorted(articles, key=lambda a: (-a.date.timestamp(), a.url)):
        if item.save_as:
            entries.append((item.url, lastmod(item)))
    for kind in ("tag", "category"):
        terms = context.get("tags" if kind == "tag" else "categories", [])
        if isinstance(terms, dict):
            terms = terms.items()
        for term, items in sorted(terms, key=lambda pair: pair[0].slug):
            if not term.save_as:  # e.g. TAG_SAVE_AS = "": no tag pages
                continue
            for url, shown in _paginated(term.save_as, term.url, list(items), kind, settings):
                entries.append((url, newest(shown)))
    for granularity in ("year", "month", "day"):
        for period in context.get("period_archives", {}).get(granularity, []):
            entries.append((period["url"], newest(period["articles"])))
    for page in sorted(context.get("pages", []), key=lambda p: p.url):
        if page.save_as:
            entries.append((page.url, lastmod_of_page(page)))
    seen: set[str] = set()
    unique = []
    for url, moment in entries:
        if url not in seen:
            seen.add(url)
            unique.append((url, moment))
    return unique


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url}"


def render_sitemap(entries, siteurl: str) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, moment in entries:
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(absolute(siteurl, url))}</loc>")
        if moment is not None:
            lines.append(f"    <lastmod>{moment.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(settings: dict, sitemap_save_as: str) -> str:
    """Allow everything but the draft previews; name the sitemap."""
    base = urlsplit(settings["SITEURL"]).path.rstrip("/")
    lines = ["User-agent: *"]
    drafts = str(settings.get("DRAFT_URL", "")).split("{", 1)[0]
    if drafts.strip("/"):
        lines.append(f"Disallow: {base}/{drafts.lstrip('/')}")
    else:
        lines.append("Disallow:")
    if sitemap_save_as:
        lines += ["", f"Sitemap: {absolute(settings['SITEURL'], sitemap_save_as)}"]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    logger.info("Writing %s", path)


class SitemapGenerator(Generator):
    """Writes sitemap.xml and robots.txt once every listing is known."""

    def generate_context(self) -> None:
        """Nothing to add: the sitemap reads what the other generators built."""

    def generate_output(self, writer) -> None:
        sitemap = self.settings["SITEMAP_SAVE_AS"]  # defaults in briefing.settings
        robots = self.settings["ROBOTS_SAVE_AS"]
        output = Path(self.output_path)
        if sitemap:
            entries = sitemap_entries(self.context, self.settings)
            _write(output / sitemap, render_sitemap(entries, self.settings["SITEURL"]))
        if robots:
            _write(output / robots, render_robots(self.settings, sitemap))


def get_generators(pelican):
    return SitemapGenerator


def register() -> None:
    # A generator of its own (like editions): it runs after the articles,
    # pages and editions generators have filled the shared context.
    signals.get_generators.connect(get_generators)
