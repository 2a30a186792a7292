"""Serve the site locally, rebuild on every save, and reload the browser.

Watches the content folder, the theme and the settings file; each change
rebuilds the site (drafts included, under /drafts/) with the development
settings and tells open pages to reload.  Problems are printed as ``make
check`` prints them, and a broken item never stops the server: while the
last build has errors, every page served shows them
(:mod:`briefing.cli.dev_pages`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.build.site_lock import SiteBusyError, hold
from briefing.cli.check import (
    add_lock_argument,
    add_site_arguments,
    by_position,
    content_override,
    print_problems,
)
from briefing.cli.dev_pages import DevPages
from briefing.pelican.build import BuildReport, build, preflight, read_site_settings


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
    try:
        with hold(output, wait):
            report = build(settings_file, output, overrides, progress=sys.stderr)
    except SiteBusyError as busy:
        print(f"not rebuilt: {busy}", flush=True)
        return None
    print_problems(report)
    if pages is not None:
        pages.problems = sorted(report.errors, key=by_position)
    print(f"rebuilt {report.items} items in {report.seconds:.1f} s; "
          f"{report.tally.summary()}", flush=True)
    return report


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
    rebuild(args.settings, output, overrides, args.wait, pages)
    # Imported here: livereload brings Tornado and asyncio (4 MiB), which
    # every other command, publish first, would otherwise carry.
    from livereload import Server

    server = Server(pages)
    for path in args.watch if args.watch is not None else watched(args.settings, overrides):
        server.watch(path, lambda: rebuild(args.settings, output, overrides, args.wait, pages))
    server.serve(host=args.host, port=args.port, root=str(output), open_url_delay=None,
                 debug=False)
    return 0
