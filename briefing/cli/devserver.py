"""Serve the site locally, rebuild on every save, and reload the browser.

Watches the content folder, the theme and the settings file; each change
rebuilds the site (drafts included, under /drafts/) with the development
settings and tells open pages to reload.  A saved item's own page comes
first, from the last build kept in memory, then the rest of the site
(:mod:`briefing.cli.dev_rebuilds`).  Problems are printed as ``make
check`` prints them, and a broken item never stops the server: while the
last build has errors, every page served shows them
(:mod:`briefing.cli.dev_pages`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.cli.check import add_lock_argument, add_site_arguments, content_override
from briefing.cli.dev_pages import DevPages
from briefing.cli.dev_rebuilds import Rebuilds
from briefing.pelican.build import BuildReport, preflight, read_site_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser, "pelicanconf.py", "output",
                       "where the site is built and served from")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", nargs="*", default=None,
                        help="files and folders whose changes trigger a rebuild "
                             "(default: the content folder, the theme, the site's own templates "
                             "and the settings file)")
    add_lock_argument(parser)


def watched(settings_file: str, overrides: dict) -> list[str]:
    """The content folder, the theme folder, the site's own templates and the settings file."""
    settings = read_site_settings(settings_file, overrides)
    paths = [settings["PATH"], settings["THEME"], *settings["THEME_TEMPLATES_OVERRIDES"],
             settings_file]
    return [str(path) for path in paths if Path(path).exists()]


def rebuild(settings_file: str, output: Path, overrides: dict,
            wait: float, pages: DevPages | None = None) -> BuildReport | None:
    """Build once into ``output``, print what ``make check`` would, show errors on
    ``pages``; None when another build of the site kept it busy (the server goes on)."""
    return Rebuilds(settings_file, output, overrides, wait, pages).build()


def run(args: argparse.Namespace) -> int:
    problem = preflight(args.settings, args.content)
    if problem:
        print(f"devserver: {problem}")
        return 1
    output = Path(args.output).resolve()
    # Links must point at this server, and pages load its live-reload client.
    overrides = {**content_override(args.content), "BRIEFING_LIVE_RELOAD": True,
                 "SITEURL": f"http://{args.host}:{args.port}"}
    pages = DevPages(output)
    # Imported here: livereload brings Tornado and asyncio (4 MiB), which
    # every other command, publish first, would otherwise carry.
    from livereload import Server

    from briefing.cli.dev_watch import SaveWatcher

    rebuilds = Rebuilds(args.settings, output, overrides, args.wait, pages)
    paths = args.watch if args.watch is not None else watched(args.settings, overrides)
    watcher = SaveWatcher(paths, rebuilds.saved)
    rebuilds.reload = watcher.reload
    watcher.watch_in_background()  # before the first build: saves during it count
    rebuilds.build("built")
    rebuilds.start()
    Server(pages, watcher).serve(host=args.host, port=args.port, root=str(output),
                                 open_url_delay=None, debug=False)
    return 0
