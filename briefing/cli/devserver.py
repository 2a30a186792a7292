"""Serve the site locally, rebuild on every save, and reload the browser.

Watches the content, the theme and the settings; each change rebuilds the
site (drafts included, under /drafts/) with the development settings and
tells open pages to reload.  Problems are printed as ``make check`` prints
them, and a broken item never stops the server.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from livereload import Server

from briefing.cli.build import build
from briefing.cli.check import print_problems


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", nargs="*", default=["content", "theme", "pelicanconf.py"],
                        help="files and folders whose changes trigger a rebuild")


def run(args: argparse.Namespace) -> int:
    output = Path(args.output).resolve()

    def rebuild() -> None:
        report = build(args.settings, output)
        print_problems(report)
        print(f"rebuilt {report.items} items in {report.seconds:.1f} s")

    rebuild()
    server = Server()
    for path in args.watch:
        server.watch(path if Path(path).is_file() else f"{path}/**/*", rebuild)
    server.serve(host=args.host, port=args.port, root=str(output), open_url_delay=None)
    return 0
