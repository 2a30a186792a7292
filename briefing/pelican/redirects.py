"""Pelican plugin: every address the site ever published keeps working.

Adds nothing to the template context.  Once the items, tags and categories
are final (``all_generators_finalized``), it gathers where each published
page is now, and each item's ``Aliases``; on ``finalized``, once every page
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
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import ArticlesGenerator

from briefing.pelican.build_state import current
from briefing.pelican.item_set import report
from briefing.serve import address_ledger, redirect_files

logger = logging.getLogger(__name__)


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
                for term in terms:
                    term = term[0] if isinstance(term, tuple) else term
                    gathered.addresses[(kind, term.name.casefold())] = \
                        address_ledger.normal_path(term.url)


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
    candidates = {entry.path for entry in previous} | {
        address_ledger.normal_path(path) for paths in current().aliases.values()
        for path in paths}
    writing = settings["BRIEFING_WRITE_PAGES"]
    served = {path for path in candidates if writing and is_real_page(output, path)}
    indexes = {"tag": settings["TAGS_URL"], "category": settings["CATEGORIES_URL"]}
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
             for old, new in plan.moved.items()}
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
