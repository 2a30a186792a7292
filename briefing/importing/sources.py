"""Where ``briefing import`` takes an article from: pasted text, a saved page, an address.

Pasted text (a file, or standard input) is judged line by line as it is.
A saved web page (``FILE=page.html``: its name, or its first bytes, say
HTML) and a page fetched from ``URL=`` give their article's paragraphs and
their metadata (:mod:`briefing.importing.page`); the paragraphs are then judged
like pasted lines, which drops what the extractor left (a byline, a
"Read more:" line).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from briefing.content import contract
from briefing.importing.fetch import MAX_BYTES, TIMEOUT, FetchError, fetch
from briefing.importing.page import Page, PageError, decode_page, is_html, read_page

#: Settings: seconds for a whole fetch, and the largest page fetched (bytes).
TIMEOUT_SETTING = "BRIEFING_IMPORT_TIMEOUT"
MAX_BYTES_SETTING = "BRIEFING_IMPORT_MAX_BYTES"


class InputError(Exception):
    """No article text to read; the message is one line for the editor."""


@dataclass
class Input:
    """The text to judge, the page it came from (None for a paste), and its name."""

    text: str
    page: Page | None
    shown: str


def read_input(file: str, url: str | None, settings: dict) -> Input:
    if url and file != "-":
        raise InputError(f"give the article as FILE= or URL=, not both (got {file!r} "
                         f"and {url!r})")
    if url:
        try:
            fetched = fetch(url, timeout=_limit(settings, TIMEOUT_SETTING, TIMEOUT),
                            max_bytes=int(_limit(settings, MAX_BYTES_SETTING, MAX_BYTES)))
        except FetchError as error:
            raise InputError(str(error)) from None
        return _page_input(decode_page(fetched.body, fetched.charset), fetched.url,
                           fetched.url)
    raw, shown = _read_bytes(file)
    if is_html(raw, file):
        return _page_input(decode_page(raw), None, shown)
    try:
        return Input(contract.decode(raw, shown), None, shown)
    except contract.ContractError as error:
        raise InputError(str(error)) from None


def _limit(settings: dict, name: str, default: float) -> float:
    """A positive number from the settings, or the default when the site gives none."""
    value = settings.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InputError(f"{name}: must be a positive number (got {value!r})")
    return value


def _page_input(html: str, url: str | None, shown: str) -> Input:
    try:
        page = read_page(html, url)
    except PageError as error:
        raise InputError(f"{shown}: {error}") from None
    return Input("\n\n".join(page.paragraphs), page, shown)


def _read_bytes(name: str) -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for ``-``, and how to name them."""
    if name == "-":
        if sys.stdin.isatty():
            print("Paste the article, then press Ctrl-D on a line of its own:",
                  file=sys.stderr)
        stdin = getattr(sys.stdin, "buffer", None)
        raw = stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8")
        return raw, "standard input"
    path = Path(name)
    if not path.is_file():
        raise InputError(f"{name}: no such file")
    return path.read_bytes(), name
