"""Serve a built site as its hosts would: 404 page, compressed copies, _headers, _redirects.

``make serve`` runs this over ``output/`` (:mod:`briefing.serve.server` says what
it does).  It only reads the folder; stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.serve.server import make_server


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", default="output",
                        help="the site folder to serve (default: %(default)s)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)


def run(args: argparse.Namespace) -> int:
    root = Path(args.output)
    if not root.is_dir():
        print(f"serve: {root}: no site there (build it first: make html or make publish)")
        return 1
    try:
        server = make_server(root, args.host, args.port)
    except OSError as error:
        print(f"serve: cannot listen on {args.host}:{args.port}: {error.strerror}")
        return 1
    host, port = server.server_address[:2]
    print(f"serving {root.resolve()} at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
