"""``briefing send-newsletter`` against a real SMTP server (aiosmtpd, loopback, free port).

The edition of 24 November of fixture ``running_order`` (closed: its day
is over on any clock these tests run on, so the subprocess that is killed
midway needs no clock of its own).
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import FIXTURES, PELICANCONF, ROOT, self_signed_certificate
from test_running_order import at

from briefing.cli import main

CONTENT = FIXTURES / "running_order"
SETTINGS = PELICANCONF
ADDRESSES = ["ada@example.org", "ben@example.org", "cy@example.org", "dee@example.org",
             "eve@example.org"]


class Recorder:
    """An SMTP handler that keeps every message it accepts.

    ``refuse`` maps an address to the reply its RCPT gets; with ``hold``
    set, the DATA of message number ``hold`` (0-based) waits until
    ``release`` is set and is then refused, never kept.
    """

    def __init__(self):
        self.messages: list[tuple[list[str], bytes]] = []
        self.sessions: list[tuple[bool, bool]] = []  # (encrypted, logged in) per DATA
        self.refuse: dict[str, str] = {}
        self.hold: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.sessions.append((encrypted, session.authenticated))
        if self.hold is not None and len(self.messages) == self.hold:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 held by the test"
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 accepted"

    def recipients(self) -> list[str]:
        return [to for tos, _ in self.messages for to in tos]


class LoopbackController(Controller):
    """aiosmtpd on 127.0.0.1 and a port the system picks (bound before it starts)."""

    def __init__(self, handler, **options):
        self._socket = socket.create_server(("127.0.0.1", 0))
        super().__init__(handler, hostname="127.0.0.1", port=self._socket.getsockname()[1],
                         **options)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._socket,
                                       ssl=self.ssl_context)


@contextlib.contextmanager
def serving(**options):
    recorder = Recorder()
    controller = LoopbackController(recorder, **options)
    controller.start()
    try:
        yield recorder, controller.port
    finally:
        recorder.release.set()
        controller.stop()


@pytest.fixture
def smtp():
    with serving() as server:
        yield server




def desk_login(server, session, envelope, mechanism, auth_data):
    """aiosmtpd's authenticator: user ``desk``, password ``s3cret``."""
    # handled=False: aiosmtpd replies 535 itself to a refused login.
    return AuthResult(success=(auth_data.login, auth_data.password) == (b"desk", b"s3cret"),
                      handled=False)


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """tls_server(mode): a server for SMTP_TLS=mode whose certificate the sender trusts."""
    cert, key = self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the sender's default trust store

    def start(mode: str):
        # aiosmtpd offers AUTH over STARTTLS only unless told the connection
        # is safe: with TLS from the start, it is.
        options = {"ssl_context": context, "auth_require_tls": False} if mode == "tls" else {
            "tls_context": context, "require_starttls": True, "auth_require_tls": True}
        return serving(authenticator=desk_login, **options)

    return start


@pytest.fixture
def mailing(tmp_path):
    addresses = tmp_path / "list.txt"
    addresses.write_text("# subscribers\n" + "\n".join(ADDRESSES) + "\n\n")
    return addresses


def arguments(tmp_path: Path, port: int, *extra: str, tls: str = "none") -> list[str]:
    return ["send-newsletter", str(CONTENT), "-s", SETTINGS, "--date", "2026-11-24",
            "--out", str(tmp_path / "out"), "--ledger", str(tmp_path / "ledger.tsv"),
            "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-tls", tls, *extra]


def send(capsys, tmp_path, port, *extra: str) -> tuple[int, str]:
    code = main(arguments(tmp_path, port, *extra))
    return code, capsys.readouterr().out


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_every_address_gets_the_whole_message_once(smtp, mailing, tmp_path, capsys):
    recorder, port = smtp
    code, out = send(capsys, tmp_path, port, "--list", str(mailing), "--to", "zed@example.org")
    assert code == 0, out
    assert recorder.recipients() == ["zed@example.org", *ADDRESSES]
    written = parsed((tmp_path / "out" / "2026-11-24.eml").read_bytes())
    for (tos, raw), address in zip(recorder.messages, recorder.recipients(), strict=True):
        assert tos == [address]
        message = parsed(raw)
        assert message["To"] == address
        for header in ("From", "Subject", "Date", "Message-ID", "List-Unsubscribe",
                       "List-Unsubscribe-Post", "Archived-At"):
            assert message[header] == written[header], header
        assert message["Message-ID"] == "<edition-2026-11-24.the-briefing@127.0.0.1>"
        assert message.get_content_type() == "multipart/alternative"
        plain, html = message.iter_parts()
        assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
        assert plain.get_content() == next(written.iter_parts()).get_content()
        assert "The lead story" in plain.get_content()
        assert html.get_content().rstrip().endswith("</html>")
    ledger = (tmp_path / "ledger.tsv").read_text().splitlines()
    assert [line.split("\t")[:2] for line in ledger] == [
        ["2026-11-24", address] for address in ["zed@example.org", *ADDRESSES]]
    assert out.splitlines()[-1] == "sent 6, 0 deferred by the server (run again to retry them), "\
                                   "0 sent before"


def test_a_rerun_sends_nobody_the_same_edition_twice(smtp, mailing, tmp_path, capsys):
    recorder, port = smtp
    assert send(capsys, tmp_path, port, "--list", str(mailing))[0] == 0
    code, out = send(capsys, tmp_path, port, "--list", str(mailing), "--to", "ADA@example.org")
    assert code == 0
    assert recorder.recipients() == ADDRESSES  # nothing more, ADA@ is ada@
    assert "0 to send, 5 already sent" in out


def test_a_killed_send_resumes_with_those_not_yet_sent(smtp, mailing, tmp_path, capsys):
    recorder, port = smtp
    recorder.hold = 2  # the third message waits: the sender is killed meanwhile
    sender = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", *arguments(tmp_path, port, "--list", str(mailing))],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert recorder.holding.wait(120), sender.communicate()[0]
        # Each accepted message is in the ledger before the next is sent.
        ledger = (tmp_path / "ledger.tsv").read_text().splitlines()
        assert [line.split("\t")[1] for line in ledger] == ADDRESSES[:2]
        sender.kill()
        sender.wait(30)
    finally:
        if sender.poll() is None:
            sender.kill()
        sender.stdout.close()
    recorder.release.set()
    assert recorder.recipients() == ADDRESSES[:2]
    recorder.hold = None
    code, out = send(capsys, tmp_path, port, "--list", str(mailing))
    assert code == 0, out
    assert "3 to send, 2 already sent" in out
    assert recorder.recipients() == ADDRESSES  # each once, in order


def test_a_permanent_refusal_stops_the_send_with_a_clear_line(smtp, mailing, tmp_path, capsys):
    recorder, port = smtp
    recorder.refuse["ben@example.org"] = "550 5.1.1 no such user here"
    code, out = send(capsys, tmp_path, port, "--list", str(mailing))
    assert code == 1
    assert out.splitlines()[-1] == (
        "send stopped: ben@example.org: permanent error 550 5.1.1 no such user here; "
        "1 sent in this run, 4 not sent (the ledger has them): fix or remove the address, "
        "then run the same command again")
    assert recorder.recipients() == ["ada@example.org"]
    assert len((tmp_path / "ledger.tsv").read_text().splitlines()) == 1


def test_a_temporary_refusal_is_left_for_the_next_run(smtp, mailing, tmp_path, capsys):
    recorder, port = smtp
    recorder.refuse["cy@example.org"] = "450 4.2.1 mailbox busy"
    code, out = send(capsys, tmp_path, port, "--list", str(mailing))
    assert code == 1
    assert ("not sent to cy@example.org: temporary error 450 4.2.1 mailbox busy; "
            "the next run tries again") in out
    assert recorder.recipients() == [a for a in ADDRESSES if a != "cy@example.org"]
    del recorder.refuse["cy@example.org"]
    assert send(capsys, tmp_path, port, "--list", str(mailing))[0] == 0
    assert recorder.recipients()[-1] == "cy@example.org" and len(recorder.messages) == 5


def test_an_open_edition_is_refused_before_anything_is_sent(smtp, tmp_path, capsys,
                                                            monkeypatch):
    recorder, port = smtp
    at(monkeypatch, 2026, 11, 25, 10)
    args = arguments(tmp_path, port, "--to", "ada@example.org")
    args[args.index("2026-11-24")] = "2026-11-23"
    code = main(args)
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[-1].startswith(
        "send stopped: DATE: the edition of 2026-11-23 is still open (its note says Closed: no)")
    assert recorder.messages == [] and not (tmp_path / "ledger.tsv").exists()


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(smtp, mailing, tmp_path, capsys):
    recorder, port = smtp
    code, out = send(capsys, tmp_path, port, "--list", str(mailing), "--dry-run")
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("would send")] == [
        f"would send 2026-11-24 to {address}" for address in ADDRESSES]
    assert recorder.messages == [] and not (tmp_path / "ledger.tsv").exists()


def test_a_bad_list_line_is_named_and_nothing_is_sent(smtp, tmp_path, capsys):
    recorder, port = smtp
    addresses = tmp_path / "list.txt"
    addresses.write_text("ada@example.org\nnot an address\n")
    code, out = send(capsys, tmp_path, port, "--list", str(addresses))
    assert code == 1
    assert out.strip() == (f"send stopped: {addresses}:2: address: is not an e-mail address "
                           "(got 'not an address')")
    assert recorder.messages == []


def test_a_login_needs_the_password_from_the_environment(smtp, tmp_path, capsys, monkeypatch):
    recorder, port = smtp
    monkeypatch.delenv("SMTP_PASSWORD", raising=False)
    code, out = send(capsys, tmp_path, port, "--to", "ada@example.org", "--smtp-user", "desk")
    assert code == 1
    assert out.strip().startswith("send stopped: SMTP_PASSWORD: set it in the environment")
    assert recorder.messages == []


@pytest.mark.parametrize("mode", ["starttls", "tls"])
def test_sends_encrypted_and_logged_in_with_the_password_from_the_environment(
        tls_server, tmp_path, capsys, monkeypatch, mode):
    monkeypatch.setenv("SMTP_PASSWORD", "s3cret")
    with tls_server(mode) as (recorder, port):
        code = main(arguments(tmp_path, port, "--to", "ada@example.org", "--smtp-user", "desk",
                              tls=mode))
        out = capsys.readouterr().out
    assert code == 0, out
    assert recorder.recipients() == ["ada@example.org"]
    assert recorder.sessions == [(True, True)]


def test_a_refused_login_stops_with_a_clear_line(tls_server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SMTP_PASSWORD", "wrong")
    with tls_server("starttls") as (recorder, port):
        code = main(arguments(tmp_path, port, "--to", "ada@example.org", "--smtp-user", "desk",
                              tls="starttls"))
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[-1].startswith(
        "send stopped: SMTP_USER: the server refused the login: 535 ")
    assert recorder.messages == []


def test_an_untrusted_certificate_is_refused(tls_server, tmp_path, capsys, monkeypatch):
    with tls_server("starttls") as (recorder, port):
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "nothing.pem"))
        code = main(arguments(tmp_path, port, "--to", "ada@example.org", tls="starttls"))
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[-1].startswith(
        f"send stopped: SMTP_HOST: cannot connect to 127.0.0.1:{port} (starttls): ")
    assert "CERTIFICATE_VERIFY_FAILED" in out
    assert recorder.messages == []


def test_a_ledger_that_cannot_be_used_stops_the_send_before_it_starts(smtp, tmp_path, capsys):
    recorder, port = smtp
    (tmp_path / "ledger.tsv").mkdir()  # a folder where the file should be
    code, out = send(capsys, tmp_path, port, "--to", "ada@example.org")
    assert code == 1
    assert out.splitlines()[-1].startswith(f"send stopped: {tmp_path / 'ledger.tsv'}: ledger: "
                                           "cannot be read ([Errno 21] Is a directory")
    assert recorder.messages == []
