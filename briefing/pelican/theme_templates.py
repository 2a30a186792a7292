"""Pelican plugin: stop before building when the theme lacks a template the site needs.

A site may set ``THEME`` to another theme, Pelican's ``simple`` say, that
has none of Briefing's own templates (``edition.html``, ``search.html``,
``corrections.html`` ...).  Pelican would find that out mid-build, page by
page, with a traceback; this checks on ``initialized``, after the defaults
are merged, that every template the build will render is in the site's
``THEME_TEMPLATES_OVERRIDES`` or the theme, and otherwise stops with one
error naming the missing templates and what to do.  Pelican's quiet
fallback to its ``simple`` theme does not count: a page of Briefing's in
another theme's look is not what the site asked for.
"""

from __future__ import annotations

import os

from pelican import signals

from briefing.settings import SettingsError, default_theme

#: Templates that render a page when the setting that saves it is not "".
_SAVED_BY = (("article", "ARTICLE_SAVE_AS"), ("page", "PAGE_SAVE_AS"),
             ("tag", "TAG_SAVE_AS"), ("category", "CATEGORY_SAVE_AS"),
             ("author", "AUTHOR_SAVE_AS"), ("edition", "EDITION_SAVE_AS"),
             ("corrections", "CORRECTIONS_SAVE_AS"))
_PERIOD_ARCHIVES = ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS")


def needed_templates(settings: dict) -> list[str]:
    """The templates this build renders, by name without ``.html``."""
    needed = ["index"]
    needed += [name for name in settings["DIRECT_TEMPLATES"]
               if settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")]
    needed += [name for name, setting in _SAVED_BY if settings.get(setting)]
    if any(settings.get(setting) for setting in _PERIOD_ARCHIVES):
        needed.append("period_archives")
    return sorted(set(needed))


def missing_templates(settings: dict) -> list[str]:
    folders = [*settings["THEME_TEMPLATES_OVERRIDES"],
               os.path.join(settings["THEME"], "templates")]
    return [f"{name}.html" for name in needed_templates(settings)
            if not any(os.path.isfile(os.path.join(folder, f"{name}.html"))
                       for folder in folders)]


def check_theme(pelican) -> None:
    """Receiver of ``initialized``: raise one :class:`SettingsError` for every missing template."""
    missing = missing_templates(pelican.settings)
    if missing:
        raise SettingsError(
            f"THEME: {pelican.settings['THEME']} has no {', '.join(missing)}, which this "
            "site's pages need: add them to the theme or to a THEME_TEMPLATES_OVERRIDES "
            f"folder (Briefing's own are in {default_theme()}/templates; docs/theming.md), "
            "or leave THEME unset for Briefing's theme")


def register() -> None:
    signals.initialized.connect(check_theme)
