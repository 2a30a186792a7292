"""Pelican plugin: every address the site ever published keeps working.

Adds nothing to the template context.  Once the items, tags and categories
are final (``all_generators_finalized``), it gathers where each published
page is now (items, terms, their feeds and later list pages, editions,
months), and each item's ``Aliases``.  Then, before anything is written, it
hands the feeds plugin the term feeds to keep at old addresses: a copy of
the term's feed now where its term moved (its self link the new address),
an empty feed where no item has the term any more (an HTML redirect page is
no feed: a reader given one reports an error).  On ``finalized``, once every page
is written, it plans with the ledger (:mod:`briefing.serve.address_ledger`,
``BRIEFING_ADDRESS_LEDGER``) and writes what :mod:`briefing.serve.redirect_files`
makes: a redirect or withdrawn page at each old address, ``_redirects``
(``BRIEFING_REDIRECTS_SAVE_AS``) and the nginx map
(``BRIEFING_NGINX_REDIRECTS_SAVE_AS``).  A build that would move or withdraw
an address the last publish served warns about it, so ``make check`` says
so before ``make publish`` does it.

Only ``briefing publish`` records the new ledger: it names a file in
``BRIEFING_ADDRESS_LEDGER_NEXT`` and puts it in place of the ledger when
the publish succeeded.  ``briefing check`` (no pages written) only warns.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import ArticlesGenerator

from briefing.pelican.build_state import current
from briefing.pelican.editions import EditionsGenerator
from briefing.pelican.feeds import FeedPlan, FeedsGenerator, formats_on
from briefing.pelican.item_set import report
from briefing.pelican.list_pages import ListPaginator, per_page
from briefing.serve import address_ledger, redirect_files

logger = logging.getLogger(__name__)
#: The setting naming each kind of term's index page.
TERM_INDEXES = {"tag": "TAGS_URL", "category": "CATEGORIES_URL"}


def gather(generators) -> None:
    gathered = current()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            settings = generator.settings
            for item in [*generator.articles, *generator.hidden_articles]:
                if not getattr(item, "feed_id", None):
                    continue  # not a briefing item (its reader reported why)
                identity = ("item", item.feed_id)
                gathered.addresses[identity] = address_ledger.normal_path(item.url)
                gathered.items_by_address_key[identity] = item
                if item.metadata.get("aliases"):
                    gathered.aliases[identity] = [site_path(settings, alias)
                                                   for alias in item.metadata["aliases"]]
            for kind, terms in (("tag", generator.tags), ("category", generator.categories)):
                # Pelican's mapping of each term to its items, or its list of pairs.
                pairs = terms.items() if hasattr(terms, "items") else terms
                for term, items in pairs:
                    gather_term(settings, kind, term, items)
            if settings.get("MONTH_ARCHIVE_SAVE_AS"):
                for item in generator.articles:
                    gathered.addresses[("month", f"{item.date:%Y-%m}")] = \
                        settings["MONTH_ARCHIVE_URL"].format(date=item.date)
        elif isinstance(generator, EditionsGenerator):
            for edition in generator.editions:
                gathered.addresses[("edition", edition.date.isoformat())] = \
                    address_ledger.normal_path(edition.url)
    for generator in generators:
        if isinstance(generator, FeedsGenerator):
            keep_old_feeds(generator)


def gather_term(settings: dict, kind: str, term, items) -> None:
    """Where a term's page, its feeds and its list's numbered pages are now."""
    addresses = current().addresses
    name = term.name.casefold()
    addresses[(kind, name)] = address_ledger.normal_path(term.url)
    for pattern, feed_format in formats_on(settings, f"BRIEFING_{kind.upper()}_FEED"):
        addresses[(f"{kind}-feed", f"{name} {feed_format}")] = pattern.format(slug=term.slug)
    items_per_page = per_page(settings, kind)
    if items_per_page:
        for page in ListPaginator(term.save_as, term.url, items, settings, items_per_page).pages:
            if not page.latest:
                addresses[(f"{kind}-page", f"{name} {page.number}")] = \
                    address_ledger.normal_path(page.url)


def keep_old_feeds(feeds: FeedsGenerator) -> None:
    """Add to ``feeds``' plans each old address of a term's feed, as a copy or empty.

    Planned before any file is written, so the feeds plugin writes them with
    the rest (and the same cache); :func:`write_redirects` then only lists
    the moved ones in the host files.
    """
    settings = feeds.settings
    try:
        previous = ledger_entries(settings)
    except address_ledger.LedgerError:
        return  # reported when the redirects are written
    addresses = current().addresses
    by_path = {plan.path: plan for plan in feeds.feeds}
    site = settings["SITENAME"]
    for entry in sorted(previous):
        identity = (entry.kind, entry.key)
        if entry.kind not in address_ledger.FEEDS or entry.path in by_path:
            continue
        now = addresses.get(identity)
        if now in by_path:
            kept = replace(by_path[now], path=entry.path, served_from=now)
        else:
            term_kind = entry.kind.removesuffix("-feed")
            name, feed_format = entry.key.rsplit(" ", 1)
            kept = FeedPlan(entry.path, feed_format, f"{site}: {name}",
                            f"No item of {site} is filed under “{name}” any more.",
                            settings[TERM_INDEXES[term_kind]])
        feeds.feeds.append(kept)
        by_path[entry.path] = kept
        current().kept_feeds.add(entry.path)


def site_path(settings: dict, alias: str) -> str:
    """An alias as a path relative to SITEURL (an alias may be a whole URL)."""
    base = urlsplit(settings["SITEURL"]).path.rstrip("/")
    path = urlsplit(alias).path
    return address_ledger.normal_path(path.removeprefix(base) if base else path)


def ledger_entries(settings: dict) -> list:
    name = settings["BRIEFING_ADDRESS_LEDGER"]
    if not name or not Path(name).is_file():
        return []
    return address_ledger.read(Path(name).read_text("utf-8"), name)


def is_real_page(output: Path, path: str) -> bool:
    """Whether a page this build wrote (not a redirect of ours) answers at ``path``."""
    target = output / redirect_files.page_file(path)
    if not target.is_file():
        return False
    with open(target, encoding="utf-8", errors="replace") as handle:
        return redirect_files.MARK not in handle.read(600)


def write_redirects(pelican) -> None:
    settings = pelican.settings
    output = Path(pelican.output_path)
    try:
        previous = ledger_entries(settings)
    except address_ledger.LedgerError as error:
        logger.error("%s", error)
        return
    candidates = {entry.path for entry in previous
                  if entry.path not in current().kept_feeds} | {
        address_ledger.normal_path(path) for paths in current().aliases.values()
        for path in paths}
    writing = settings["BRIEFING_WRITE_PAGES"]
    served = {path for path in candidates if writing and is_real_page(output, path)}
    indexes = {kind: settings[setting] for kind, setting in TERM_INDEXES.items()}
    indexes["month"] = settings["ARCHIVES_URL"] if settings.get("ARCHIVES_SAVE_AS") else ""
    plan = address_ledger.plan(previous, current().addresses, current().aliases, indexes,
                               served)
    warn_about_changes(settings, plan)
    if not writing:
        return
    write_files(settings, output, plan)
    if settings.get("BRIEFING_ADDRESS_LEDGER_NEXT"):
        Path(settings["BRIEFING_ADDRESS_LEDGER_NEXT"]).write_text(
            address_ledger.write(plan.ledger), encoding="utf-8", newline="\n")


def warn_about_changes(settings: dict, plan: address_ledger.Plan) -> None:
    ledger = settings["BRIEFING_ADDRESS_LEDGER"]
    for kind, key, old, new in plan.changes:
        item = current().items_by_address_key.get((kind, key))
        if item is not None:
            report(logger, item, "address", f"publishing moves this item from /{old} to "
                   f"/{new}: the old address will redirect", severity="warning")
        elif new is not None:
            logger.warning("%s: address: publishing moves the page of %s '%s' from /%s to /%s: "
                           "the old address will redirect", ledger, kind, key, old, new)
        elif kind == "item":
            logger.warning("%s: address: no published item has the id %s any more: its "
                           "address /%s will say it was withdrawn", ledger, key, old)
        else:
            logger.warning("%s: address: no item has the %s '%s' any more: /%s will redirect "
                           "to the %s index", ledger, kind, key, old, kind)


def write_files(settings: dict, output: Path, plan: address_ledger.Plan) -> None:
    site = settings["SITEURL"].rstrip("/")
    lang, name = settings["DEFAULT_LANG"], settings["SITENAME"]
    pages = {old: redirect_files.redirect_page(f"{site}/{new}", name, lang)
             for old, new in plan.moved.items() if old not in current().kept_feeds}
    pages.update({old: redirect_files.withdrawn_page(f"{site}/", name, lang)
                  for old in plan.withdrawn})
    for old, html in sorted(pages.items()):
        target = output / redirect_files.page_file(old)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8", newline="\n")
    base = urlsplit(site).path
    for setting, render in (("BRIEFING_REDIRECTS_SAVE_AS", redirect_files.redirects_file),
                            ("BRIEFING_NGINX_REDIRECTS_SAVE_AS", redirect_files.nginx_map)):
        if settings[setting]:
            (output / settings[setting]).write_text(
                render(plan.moved, plan.withdrawn, base), encoding="utf-8", newline="\n")


def register() -> None:
    signals.all_generators_finalized.connect(gather)
    signals.finalized.connect(write_redirects)
