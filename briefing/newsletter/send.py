"""Send the e-mail edition over SMTP: each address once, resumable, stopping on refusal.

One message per address (``To`` is that address alone, so no subscriber
sees another), in the order of the list.  The ledger, a text file of
``YYYY-MM-DD<TAB>address<TAB>time`` lines, gets a line the moment the
server accepts a message, flushed to disk before the next one: an address
it names for an edition is never sent that edition again, so a send that
was interrupted (a crash, a lost connection, Ctrl-C) resumes where it
stopped when run again.  A permanent refusal (a 5xx reply) stops the
send at once with one line saying who, what the server said and how many
were sent; a temporary one (4xx) leaves that address for the next run and
goes on.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

TLS_MODES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
#: An address as a list may hold it: something@domain, no spaces or brackets.
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$|^[^@\s<>,;\"]+@localhost$")


class SendError(Exception):
    """Why a send cannot start or had to stop, in one line."""


@dataclass(frozen=True)
class Smtp:
    """Where and how to connect; the password only ever comes from the environment."""

    host: str
    port: int
    tls: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)


def smtp_settings(host: str | None, port: str | None, tls: str | None, user: str | None,
                  environment=os.environ) -> Smtp:
    """Check the SMTP values given; raises SendError naming the one at fault."""
    if not host:
        raise SendError("SMTP_HOST: name the SMTP server to send through")
    tls = tls or "starttls"
    if tls not in TLS_MODES:
        raise SendError(f"SMTP_TLS: must be one of {', '.join(TLS_MODES)} (got {tls!r})")
    if port:
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise SendError(f"SMTP_PORT: must be a port number (got {port!r})")
        number = int(port)
    else:
        number = DEFAULT_PORTS[tls]
    password = environment.get("SMTP_PASSWORD")
    if user and not password:
        raise SendError("SMTP_PASSWORD: set it in the environment to log in as SMTP_USER "
                        "(never on the command line)")
    return Smtp(host, number, tls, user or None, password if user else None)


def is_address(value: str) -> bool:
    return bool(_ADDRESS.match(value))


def read_addresses(path: Path) -> list[str]:
    """A list file's addresses: one a line, ``#`` comments and blank lines skipped.

    Any line that is not an address is an error naming the file and line,
    and nothing is sent.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SendError(f"{path}: LIST: cannot be read ({error})") from None
    addresses, problems = [], []
    for number, line in enumerate(lines, 1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        if is_address(value):
            addresses.append(value)
        else:
            problems.append(f"{path}:{number}: address: is not an e-mail address (got {value!r})")
    if problems:
        raise SendError("\n".join(problems))
    return addresses


def unique(addresses: list[str]) -> list[str]:
    """``addresses`` in order, each once (addresses differing only in case are one)."""
    seen, kept = set(), []
    for address in addresses:
        if address.casefold() not in seen:
            seen.add(address.casefold())
            kept.append(address)
    return kept


class Ledger:
    """Who was sent which edition: appended as each message is accepted."""

    def __init__(self, path: Path):
        self.path = path

    def sent(self, day: dt.date) -> set[str]:
        """The (case-folded) addresses already sent the edition of ``day``."""
        if not self.path.exists():
            return set()
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise SendError(f"{self.path}: ledger: cannot be read ({error})") from None
        wanted = day.isoformat()
        found = set()
        for line in lines:
            parts = line.split("\t")
            if len(parts) >= 2 and parts[0] == wanted:
                found.add(parts[1].casefold())
        return found

    def open(self) -> None:
        """Make sure the ledger can be written before anything is sent."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.open("a", encoding="utf-8").close()
        except OSError as error:
            raise SendError(f"{self.path}: ledger: cannot be written ({error.strerror})") from None

    def record(self, day: dt.date, address: str) -> None:
        """One line, on disk before this returns: a crash after it loses nothing."""
        moment = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        try:
            with self.path.open("a", encoding="utf-8") as ledger:
                ledger.write(f"{day.isoformat()}\t{address}\t{moment}\n")
                ledger.flush()
                os.fsync(ledger.fileno())
        except OSError as error:
            raise SendError(f"{self.path}: ledger: cannot be written ({error.strerror}) after "
                            f"{address} accepted the message: add the line "
                            f"'{day.isoformat()}<TAB>{address}' by hand before sending "
                            "again") from None


def connect(smtp: Smtp) -> smtplib.SMTP:
    """A logged-in connection, encrypted as ``smtp.tls`` says."""
    try:
        if smtp.tls == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=60,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=60)
            if smtp.tls == "starttls":
                client.starttls(context=ssl.create_default_context())
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(f"SMTP_USER: the server refused the login: {_said(error)}") from None
    except (OSError, smtplib.SMTPException) as error:
        raise SendError(f"SMTP_HOST: cannot connect to {smtp.host}:{smtp.port} "
                        f"({smtp.tls}): {error}") from None
    return client


def _said(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode("utf-8", "replace") if isinstance(
        error.smtp_error, bytes) else str(error.smtp_error)
    return f"{error.smtp_code} {' '.join(text.split())}"


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # a temporary refusal: next run


def deliver(mail: EmailMessage, day: dt.date, addresses: list[str], ledger: Ledger,
            smtp: Smtp, say: Callable[[str], None] = print) -> Outcome:
    """Send ``mail`` to each of ``addresses`` the ledger does not name for ``day``.

    Raises SendError on a permanent refusal or a lost connection, after
    recording (in the ledger) every message the server accepted.
    """
    sender = email.utils.parseaddr(mail["From"])[1]
    outcome = Outcome()
    ledger.open()
    client = connect(smtp)
    try:
        for address in addresses:
            del mail["To"]
            mail["To"] = address
            try:
                client.sendmail(sender, [address], mail.as_bytes())
            except smtplib.SMTPRecipientsRefused as error:
                code, text = error.recipients[address]
                _refused(outcome, address, code, text, addresses, say)
                continue
            except smtplib.SMTPResponseException as error:
                _refused(outcome, address, error.smtp_code, error.smtp_error, addresses, say)
                client.rset()
                continue
            except (OSError, smtplib.SMTPException) as error:
                raise SendError(f"the connection to {smtp.host} failed while sending to "
                                f"{address}: {error}; {_tally(outcome, addresses)}: run the "
                                "same command again to resume") from None
            ledger.record(day, address)
            outcome.sent.append(address)
            say(f"sent {day.isoformat()} to {address}")
    finally:
        del mail["To"]
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return outcome


def _refused(outcome: Outcome, address: str, code: int, text, addresses: list[str],
             say: Callable[[str], None]) -> None:
    """A 4xx: noted, the send goes on; a 5xx: the send stops here."""
    said = " ".join((text.decode("utf-8", "replace") if isinstance(text, bytes)
                     else str(text)).split())
    if 400 <= code < 500:
        outcome.deferred.append(address)
        say(f"not sent to {address}: temporary error {code} {said}; the next run tries again")
        return
    raise SendError(f"{address}: permanent error {code} {said}; "
                    f"{_tally(outcome, addresses)} (the ledger has them): fix or remove "
                    "the address, then run the same command again")


def _tally(outcome: Outcome, addresses: list[str]) -> str:
    left = len(addresses) - len(outcome.sent) - len(outcome.deferred)
    return f"{len(outcome.sent)} sent in this run, {left} not sent"
