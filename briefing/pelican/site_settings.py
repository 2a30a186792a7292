"""Pelican plugin: merge Briefing's defaults under the site's settings.

Runs on ``initialized``, before Pelican copies its settings into the
template context, so templates see every ``BRIEFING_*`` and ``EDITION_*``
value too.  An impossible setting stops the build with a message naming it.

It gives templates the ``theme_url`` filter (:func:`theme_url`), and makes
the settings the templates name (UPPERCASE words in the
theme's files) Jinja globals of each generator's template environment.
Settings are the same for every page of a build, so the theme's macro files
can then be imported *without* context: Jinja caches such an import once
per template instead of running the macro file again for every page, which
was most of the time spent rendering a large archive.  Only the names the
theme uses: Jinja compares an importing page's globals with the imported
file's on every import, and all of Pelican's settings would make that
comparison cost more than the import it saves.  For the same comparison,
each template's globals are a plain dict, which Python compares in C,
rather than the ``ChainMap`` over the environment's that Jinja makes
(:func:`plain_template_globals`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from briefing.build.render_trace import pure
from briefing.compat import set_template_globals
from briefing.serve.media_types import FEED_MEDIA_TYPES
from briefing.settings import apply_defaults
from briefing.wording import template_wording

_SETTING_NAME = re.compile(r"\b[A-Z][A-Z0-9_]+\b")


def merge_defaults(pelican) -> None:
    apply_defaults(pelican.settings)


def names_in_templates(folders: tuple[str, ...]) -> frozenset[str]:
    """Every UPPERCASE word in the template files under ``folders``.

    Keyed by each file's modification time too: the dev server builds again
    in the same process, and a template edited to read one more setting
    must get it on that rebuild, not after a restart.
    """
    files = tuple(sorted((str(path), path.stat().st_mtime_ns, path.stat().st_size)
                         for folder in folders for path in Path(folder).rglob("*.html")))
    return _names_in_files(files)


@cache
def _names_in_files(files: tuple[tuple[str, int, int], ...]) -> frozenset[str]:
    return frozenset(name for path, _mtime, _size in files
                     for name in _SETTING_NAME.findall(Path(path).read_text("utf-8")))


@pure
@pass_context
def theme_url(context, path: str) -> str:
    """The address of the theme's file ``path`` from the page being rendered.

    Relative to the page (``../../theme/css/base.css``), so that a build
    served from any address (``make serve`` on another port, a public build
    looked at before it is uploaded) still loads its stylesheets; the 404
    page, served at any depth, names them absolutely.  Links between pages
    keep ``SITEURL``: they are the site's public addresses.  What it reads
    of the page's context is recorded (:func:`briefing.build.render_trace.pure`).
    """
    here = str(context.get("output_file") or "")
    static = str(context.get("THEME_STATIC_DIR") or "theme")
    if not here or here.rsplit("/", 1)[-1] == "404.html":
        return f"{context['SITEURL']}/{static}/{path}"
    return "../" * here.count("/") + f"{static}/{path}"


def settings_as_template_globals(generator) -> None:
    folders = (*generator.settings["THEME_TEMPLATES_OVERRIDES"],
               str(Path(generator.theme) / "templates"))
    used = names_in_templates(folders)
    generator.env.globals.update(
        {name: value for name, value in generator.settings.items() if name in used})
    generator.env.filters["theme_url"] = theme_url
    # The theme's words (briefing.wording), the site's own trusted text.
    generator.env.globals["wording"] = template_wording(generator.settings)
    # Not a setting: the one table of feed media types (autodiscovery links).
    generator.env.globals["FEED_MEDIA_TYPES"] = FEED_MEDIA_TYPES
    plain_template_globals(generator.env)


def plain_template_globals(env) -> None:
    """Give each template loaded from ``env`` a dict of its globals.

    Jinja chains a template's own globals onto the environment's, so that
    later changes to the environment reach templates already loaded; ours
    are final before any template is loaded (``generator_init``), and
    set operations on a chain run in Python on every macro import.
    """
    def make_globals(own=None):
        return {**env.globals, **(own or {})}
    set_template_globals(env, make_globals)


def register() -> None:
    signals.initialized.connect(merge_defaults)
    signals.generator_init.connect(settings_as_template_globals)
