"""Send a closed edition as e-mail over SMTP to a list (--list) or one address (--to).

Makes the e-mail exactly as ``briefing newsletter`` does (and writes its
files), refusing an open edition, then sends it to every address the
ledger does not already name for that edition, recording each as the
server accepts it: a rerun never sends twice and finishes an interrupted
send.  ``--dry-run`` prints what would be sent and connects to nothing.
The SMTP password is read from the environment (``SMTP_PASSWORD``) only.
Exit status 1 when anything was not sent.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.cli.check import add_site_arguments
from briefing.cli.newsletter import add_edition_arguments, make
from briefing.newsletter import render, send
from briefing.newsletter.compose import NewsletterError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser, "publishconf.py")
    add_edition_arguments(parser)
    parser.add_argument("--to", default=None, help="send to this one address")
    parser.add_argument("--list", default=None, help="a file of addresses, one a line")
    parser.add_argument("--ledger", default="newsletter-ledger.tsv",
                        help="who was sent which edition (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be sent; send nothing")
    parser.add_argument("--smtp-host", default=None)
    parser.add_argument("--smtp-port", default=None,
                        help="default: 587 (starttls), 465 (tls), 25 (none)")
    parser.add_argument("--smtp-tls", default=None, help="starttls (default), tls or none")
    parser.add_argument("--smtp-user", default=None,
                        help="log in as this user; the password comes from SMTP_PASSWORD")


def recipients(args: argparse.Namespace) -> list[str]:
    """The addresses to send to, from --to and --list, each once."""
    if not args.to and not args.list:
        raise send.SendError("TO or LIST: name an address (TO=) or a file of addresses (LIST=)")
    addresses = []
    if args.to:
        if not send.is_address(args.to):
            raise send.SendError(f"TO: is not an e-mail address (got {args.to!r})")
        addresses.append(args.to)
    if args.list:
        addresses += send.read_addresses(Path(args.list))
    return send.unique(addresses)


def run(args: argparse.Namespace) -> int:
    try:
        addresses = recipients(args)
        smtp = None if args.dry_run else send.smtp_settings(
            args.smtp_host, args.smtp_port, args.smtp_tls, args.smtp_user)
        newsletter, written = make(args)
    except (send.SendError, NewsletterError) as error:
        print(f"send stopped: {error}")
        return 1
    ledger = send.Ledger(Path(args.ledger))
    try:
        done = ledger.sent(newsletter.day)
    except send.SendError as error:
        print(f"send stopped: {error}")
        return 1
    pending = [address for address in addresses if address.casefold() not in done]
    day = newsletter.day.isoformat()
    print(f"edition {day}: {newsletter.subject!r} ({written['eml']}); {len(pending)} to send, "
          f"{len(addresses) - len(pending)} already sent (ledger: {ledger.path})")
    if args.dry_run:
        for address in pending:
            print(f"would send {day} to {address}")
        return 0
    mail = render.message_from_file(written["eml"])
    try:
        outcome = send.deliver(mail, newsletter.day, pending, ledger, smtp)
    except send.SendError as error:
        print(f"send stopped: {error}")
        return 1
    print(f"sent {len(outcome.sent)}, {len(outcome.deferred)} deferred by the server "
          f"(run again to retry them), {len(addresses) - len(pending)} sent before")
    return 1 if outcome.deferred else 0
