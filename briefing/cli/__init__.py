"""The ``briefing`` command: what editors run through ``make``.

Each subcommand is a module with ``add_arguments(parser)`` and
``run(args) -> int``; :func:`main` wires them with argparse so tests can
call ``main([...])`` in-process, and :func:`console` is the installed
command.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from briefing.cli import (
    check,
    deploy,
    devserver,
    importer,
    init,
    locked,
    newsletter,
    publish,
    scheduled,
    send_newsletter,
    serve,
)

COMMANDS = {"check": check, "import": importer, "publish": publish, "devserver": devserver,
            "deploy": deploy, "init": init, "scheduled": scheduled, "newsletter": newsletter,
            "send-newsletter": send_newsletter, "locked": locked, "serve": serve}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        sub = commands.add_parser(name, help=module.__doc__.splitlines()[0],
                                  description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    args = parser.parse_args(argv)
    return args.run(args)


def console() -> None:
    """The installed ``briefing`` command: :func:`main`, then exit at once.

    A publish of a large archive ends holding hundreds of megabytes of small
    objects; freeing them one by one as the interpreter shuts down takes
    about a second, and nothing in them needs it.  Output is flushed first.
    """
    status = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    console()
