"""Fetch one web page for ``briefing import``, politely and within limits.

Only ``https://`` addresses are fetched, and a redirect may only lead to
another one.  The request names Briefing in its User-Agent, so a site owner
can see who asked.  A page is refused with one clear line (and nothing is
written) when the server answers 4xx or 5xx, redirects more than
:data:`MAX_REDIRECTS` times or in a loop, sends something that is not
HTML, sends more than the size limit, keeps the request waiting longer than
the timeout, or takes longer than the timeout from the request to the page's
last byte (a server trickling bytes is stopped too).

Certificates are checked against the system's store; ``SSL_CERT_FILE``, the
standard OpenSSL variable, names another (the tests' own local authority).
"""

from __future__ import annotations

import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefing import __version__

USER_AGENT = f"Briefing/{__version__} (news briefing article import; Python urllib)"
#: Seconds for the whole fetch; bytes of the page; redirects followed.
TIMEOUT = 20.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A page that cannot be imported; the message is one line for the editor."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    charset: str | None


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most ``limit`` redirects, each to an https:// address."""

    def __init__(self, limit: int):
        self.max_redirections = limit

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme != "https":
            raise FetchError(f"{req.full_url}: redirected to {newurl}, which is not https://")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise FetchError(f"URL: must be an https:// address (got {url!r})")


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
          max_redirects: int = MAX_REDIRECTS) -> Fetched:
    """The page at ``url``, or :class:`FetchError` saying why not."""
    check_address(url)
    opener = urllib.request.build_opener(
        _Redirects(max_redirects),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()))
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT, "Accept-Encoding": "identity",
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            shown = response.geturl()
            kind = response.headers.get_content_type()
            if kind not in HTML_TYPES:
                raise FetchError(f"{shown}: not a web page (Content-Type: {kind})")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"{shown}: the page is larger than the limit "
                                 f"({int(length):,} bytes > {max_bytes:,})")
            body = _read(response, shown, deadline, timeout, max_bytes)
            return Fetched(shown, body, response.headers.get_content_charset())
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            raise FetchError(f"{url}: more than {max_redirects} redirects, or a redirect "
                             "loop") from None
        raise FetchError(f"{error.url}: the server answered {error.code} {error.reason}") \
            from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
        if isinstance(reason, ssl.SSLError):
            raise FetchError(f"{url}: no secure connection: {reason.reason or reason}") \
                from None
        raise FetchError(f"{url}: cannot reach it: {reason}") from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
    except OSError as error:  # a connection reset or refused midway
        raise FetchError(f"{url}: the connection failed: {error}") from None


def _read(response, shown: str, deadline: float, timeout: float, max_bytes: int) -> bytes:
    """The body, stopped at ``max_bytes`` or at the deadline."""
    chunks, size = [], 0
    while chunk := response.read1(_CHUNK):  # what has come, not a full chunk
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{shown}: the page is larger than the limit ({max_bytes:,} bytes)")
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)
