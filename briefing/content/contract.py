"""The briefing item format (``CONTENT-FORMAT.md``) as data and parsers.

Everything that decides whether a content file is valid lives here, so the
Pelican reader, ``briefing check`` and the import command agree by
construction.  The module knows nothing of Pelican: it turns bytes into a
:class:`ParsedFile` (header fields with their line numbers, the body, and the
problems found) and offers the small value parsers the rest of the package
shares.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

Severity = Literal["error", "warning"]

ITEM_REQUIRED = ("title", "date", "tags", "source", "source_url")
PAGE_REQUIRED = ("title",)

#: Canonical spelling of every field the contract names, for messages.
FIELD_NAMES = {
    "title": "Title",
    "date": "Date",
    "tags": "Tags",
    "category": "Category",
    "source": "Source",
    "source_url": "Source_URL",
    "via": "Via",
    "source_date": "Source_Date",
    "source_author": "Source_Author",
    "summary": "Summary",
    "authors": "Authors",
    "status": "Status",
    "slug": "Slug",
    "lang": "Lang",
    "modified": "Modified",
    "id": "Id",
    "correction": "Correction",
    # An item's place in its edition's running order, and its lead story.
    "order": "Order",
    "lead": "Lead",
    # An edition note's mark that its edition is complete (briefing.content.edition_rules).
    "closed": "Closed",
    "aliases": "Aliases",
}

#: Fields that may be given on several lines; every other field once.
REPEATABLE_FIELDS = frozenset({"correction"})

STATUSES = ("published", "draft", "hidden")

#: How a yes-or-no field (``Lead``, ``Closed``) is written.
YES_NO = {"yes": True, "no": False}

#: Languages written right to left (ISO 639-1 where it exists, else 639-3).
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "nqo", "ps", "sd", "syr",
     "ug", "ur", "yi"}
)

#: ISO 15924 codes (lower case) of scripts written right to left.
RTL_SCRIPTS = frozenset(
    {"adlm", "arab", "aran", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc",
     "thaa", "yezi"}
)

#: Query parameters that only track the reader; ``make check`` warns about
#: them and feed ids ignore them.  Prefixes end with ``_``.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid",
                       "mc_eid", "igshid", "yclid", "_hsenc", "_hsmi", "mkt_tok")

#: What ``briefing import`` writes under the notes heading for the editor to
#: replace; ``make check`` warns about every item that still contains it.
IMPORT_PLACEHOLDER = "TODO: write your editor's notes here, in place of this line."

#: Values longer than this are shortened in messages (a pasted paragraph in
#: the header would otherwise fill the terminal).
SHOWN_VALUE_LENGTH = 100

_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?P<value>.*)$")
_LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_OFFSET_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CORRECTION = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})[ \t]*:(?P<text>.*)$")
#: How a Correction line reads, as messages quote it.
CORRECTION_FORM = "'YYYY-MM-DD: what was corrected'"
#: An explicit Slug becomes a folder name and part of a URL: URL-safe only.
_SLUG = re.compile(r"^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$")
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u0060\u00b4]")
_NOTES_HEADING = re.compile(r"^editors notes?$")
_LEVEL_TWO_HEADING = re.compile(r"^ {0,3}##[ \t]+(?P<text>.*?)[ \t#]*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, printed the way editors read it."""

    path: str
    line: int | None
    field: str
    message: str
    value: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        value = self.value
        if value is not None and len(value) > SHOWN_VALUE_LENGTH:
            value = value[: SHOWN_VALUE_LENGTH - 1] + "…"
        got = f" (got {value!r})" if value is not None else ""
        return f"{where}: {self.field}: {self.message}{got}"


@dataclass(frozen=True)
class HeaderField:
    """A header value with the line it came from (1-based)."""

    value: str
    line: int
    #: The field's name as the editor typed it (``Stauts``), for messages.
    typed: str = ""


@dataclass
class ParsedFile:
    """A content file split into its header and body, with its problems."""

    path: str
    fields: dict[str, list[HeaderField]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)

    def first(self, name: str) -> HeaderField | None:
        values = self.fields.get(name)
        return values[0] if values else None

    def value(self, name: str, default: str | None = None) -> str | None:
        found = self.first(name)
        return found.value if found else default

    def line_of(self, name: str) -> int | None:
        found = self.first(name)
        return found.line if found else None

    def add(self, name: str, message: str, *, value: str | None = None,
            line: int | None = None, severity: Severity = "error") -> None:
        """Record a problem with field ``name`` (its header line by default)."""
        self.problems.append(Problem(
            self.path, line if line is not None else self.line_of(name),
            FIELD_NAMES.get(name, name), message, value, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class Correction(NamedTuple):
    """One ``Correction`` line: the day it was made, and what it says (plain text)."""

    date: dt.date
    text: str


class ContractError(ValueError):
    """A file that cannot be read at all (not UTF-8)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def shown_path(path: str) -> str:
    """A file's path as editors see it: relative to where they run ``make``."""
    return os.path.relpath(path)


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text with any BOM dropped and CRLF or CR line ends made LF."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContractError(Problem(
            path, line, "file", "is not UTF-8 text: save it as UTF-8",
            raw[exc.start: exc.start + 4].hex(" "))) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_header(text: str, path: str) -> ParsedFile:
    """Split Pelican's ``Key: value`` header from the body, line by line.

    Unlike Python-Markdown's ``meta`` extension, which silently treats a line
    without a colon as the start of the body, every line before the first
    blank line must be a header line: anything else is reported.
    """
    parsed = ParsedFile(path)
    lines = text.split("\n")
    index = 0
    while index < len(lines) and lines[index].strip():
        number = index + 1
        match = _HEADER_LINE.match(lines[index].strip())
        if match is None:
            parsed.problems.append(Problem(
                path, number, "header",
                "line is not 'Key: value' (a blank line must end the header)",
                lines[index].strip()))
        else:
            key = match["key"].lower()
            parsed.fields.setdefault(key, []).append(
                HeaderField(match["value"].strip(), number, match["key"]))
        index += 1
    parsed.body_line = index + 2
    parsed.body = "\n".join(lines[index + 1:])
    return parsed


def parse_file(raw: bytes, path: str, *, is_page: bool = False,
               timezone: str = "UTC", extra_fields: Iterable[str] = ()) -> ParsedFile:
    """Decode, split and validate one item (or page) against the contract.

    ``extra_fields`` are the site's own header fields
    (``BRIEFING_EXTRA_FIELDS``), accepted besides :data:`FIELD_NAMES`.
    """
    text = decode(raw, path)
    parsed = split_header(text, path)
    if not text.strip():  # an empty file, or one of only a BOM or blank lines
        parsed.add("file", "is empty: write the header, a blank line, then the text")
        return parsed
    misspelt = _check_names(parsed, extra_fields)
    for name, values in parsed.fields.items():
        if len(values) > 1 and name not in REPEATABLE_FIELDS:
            parsed.add(name, f"given {len(values)} times; the first counts",
                       line=values[1].line, severity="warning")
    required = PAGE_REQUIRED if is_page else ITEM_REQUIRED
    for name in required:
        if not parsed.value(name) and name not in misspelt:  # named by its misspelling
            message = "is required but empty" if name in parsed.fields else "is missing"
            parsed.add(name, message, line=parsed.line_of(name))
    if not is_page and parsed.value("tags") and not split_list(parsed.value("tags")):
        parsed.add("tags", "needs at least one tag", value=parsed.value("tags"))
    _check_values(parsed, timezone)
    _check_corrections(parsed, timezone)
    if not is_page and not parsed.body.strip():
        parsed.add("body", "has no text: paste the article after the blank line "
                   "that ends the header", line=parsed.body_line)
    placeholder = None if is_page else placeholder_line(parsed)
    if placeholder is not None:
        parsed.add("notes", "the import placeholder is still there: write your "
                   "editor's notes in its place", line=placeholder, severity="warning")
    return parsed


def known_fields(extra_fields: Iterable[str] = ()) -> dict[str, str]:
    """Every field a header may hold, by lower-case name: the contract's, then the site's."""
    return {**{name.lower(): name for name in extra_fields}, **FIELD_NAMES}


def _check_names(parsed: ParsedFile, extra_fields: Iterable[str]) -> set[str]:
    """Report every header field the contract (or the site) does not name.

    A misspelt field is worse than a missing one: ``Stauts: draft`` would
    publish a draft.  The closest known name, if one is close, is suggested
    (:func:`closest`); the names suggested are returned, so that a misspelt
    required field is not reported a second time as missing.
    """
    known = known_fields(extra_fields)
    suggested = set()
    for name, values in parsed.fields.items():
        if name in known:
            continue
        close = closest(name, known)
        suggested.add(close)
        hint = (f": did you mean {known[close]!r}?" if close else
                " (a site's own fields are listed in BRIEFING_EXTRA_FIELDS)")
        for value in values:
            parsed.problems.append(Problem(parsed.path, value.line, value.typed or name,
                                           f"is not a known header field{hint}"))
    return suggested


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely misspells, if one is close (difflib's measure)."""
    found = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def notes_heading_line(parsed: ParsedFile) -> int | None:
    """The line of the body's first ``## Editor's notes`` heading, if any."""
    for offset, line in enumerate(parsed.body.split("\n")):
        heading = _LEVEL_TWO_HEADING.match(line)
        if heading and is_notes_heading(heading["text"]):
            return parsed.body_line + offset
    return None


def placeholder_line(parsed: ParsedFile) -> int | None:
    """The line of the body that still holds :data:`IMPORT_PLACEHOLDER`, if any."""
    wanted = " ".join(IMPORT_PLACEHOLDER.split())
    for offset, line in enumerate(parsed.body.split("\n")):
        if wanted in " ".join(line.split()):
            return parsed.body_line + offset
    return None


def _check_values(parsed: ParsedFile, timezone: str) -> None:
    """Report every header value that has the wrong form."""
    for name in ("date", "modified"):
        value = parsed.value(name)
        if value and parse_datetime(value, timezone) is None:
            parsed.add(name, date_problem(value), value=value)
    source_date = parsed.value("source_date")
    if source_date and parse_source_date(source_date, timezone) is None:
        parsed.add("source_date", date_problem(source_date, date_only=True),
                   value=source_date)
    url = parsed.value("source_url")
    if url and not is_http_url(url):
        parsed.add("source_url", "must be an absolute http(s) URL", value=url)
    elif url and tracking_parameters(url):
        parsed.add("source_url", "carries tracking parameters ("
                   + ", ".join(tracking_parameters(url)) + "): remove them",
                   value=url, severity="warning")
    status = parsed.value("status")
    if status and status.lower() not in STATUSES:
        close = closest(status, STATUSES)
        hint = f": did you mean {close!r}?" if close else ""
        parsed.add("status", f"must be one of {', '.join(STATUSES)}{hint}", value=status)
    order = parsed.value("order")
    if order is not None and parse_order(order) is None:
        parsed.add("order", "must be a whole number, 1 or more (the item's place "
                   "in its edition)", value=order)
    for name in ("lead", "closed"):
        value = parsed.value(name)
        if value is not None and parse_yes_no(value) is None:
            parsed.add(name, "must be yes or no", value=value)
    for alias in split_list(parsed.value("aliases") or ""):
        problem = alias_problem(alias)
        if problem:
            parsed.add("aliases", problem, value=alias)
    slug = parsed.value("slug")
    if slug and not _SLUG.match(slug):
        parsed.add("slug", "may hold only letters, digits, '-', '_', '.' and '~', "
                   "and cannot start with '.'", value=slug)


def _check_corrections(parsed: ParsedFile, timezone: str) -> None:
    """Report each ``Correction`` line that is malformed or dated before the item.

    A correction dated before the item's Date (on the site's clock) is a typo
    that would be printed on the item.  One dated after today is one too, but
    reading never depends on the clock: :mod:`briefing.pelican.corrections`
    reports it.
    """
    published = parse_datetime(parsed.value("date") or "", timezone)
    for line in parsed.fields.get("correction", []):
        correction = parse_correction(line.value)
        if correction is None:
            problem = correction_problem(line.value)
        elif published and correction.date < published.date():
            problem = f"is dated before the item's Date ({published.date().isoformat()})"
        else:
            continue
        parsed.add("correction", problem, value=line.value, line=line.line)


def date_problem(value: str, *, date_only: bool = False) -> str:
    """Say whether a date is malformed or merely impossible (2026-02-30)."""
    shape = _ISO_DATE if date_only else _LOCAL_DATETIME
    if shape.match(value) or _OFFSET_DATETIME.match(value):
        return "is not a real date or time"
    if date_only:
        return "is not an ISO date (YYYY-MM-DD)"
    return "is not a date: use 'YYYY-MM-DD HH:MM' or ISO 8601 with an offset"


def parse_datetime(value: str, timezone: str) -> dt.datetime | None:
    """An aware datetime in the site's time zone, or None if ``value`` is not one.

    Local times (``YYYY-MM-DD[ HH:MM[:SS]]``) are read in ``timezone``;
    ISO 8601 times with an offset are converted to it, so that an item's
    edition is its calendar day on the site's clock.
    """
    value = value.strip()
    zone = ZoneInfo(timezone)
    try:
        if _LOCAL_DATETIME.match(value):
            return dt.datetime.fromisoformat(value).replace(tzinfo=zone)
        if _OFFSET_DATETIME.match(value):
            return dt.datetime.fromisoformat(value).astimezone(zone)
    except ValueError:
        return None
    return None


def parse_source_date(value: str, timezone: str) -> dt.date | None:
    """The source's publication day: an ISO date, or a datetime's day."""
    if _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    moment = parse_datetime(value, timezone)
    return moment.date() if moment else None


def parse_order(value: str) -> int | None:
    """An ``Order`` value: a whole number from 1, or None."""
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and int(value) >= 1 else None


def parse_yes_no(value: str) -> bool | None:
    """``yes`` or ``no`` (any case) as True or False; anything else None."""
    return YES_NO.get(value.strip().lower())


def parse_correction(value: str) -> Correction | None:
    """``YYYY-MM-DD: text`` as a :class:`Correction`, or None (see :func:`correction_problem`).

    The text is everything after the first colon, stripped: it may hold
    colons of its own.
    """
    match = _CORRECTION.match(value.strip())
    if match is None or not match["text"].strip():
        return None
    try:
        return Correction(dt.date.fromisoformat(match["day"]), match["text"].strip())
    except ValueError:
        return None


def correction_problem(value: str) -> str:
    """Say what is wrong with a Correction line that :func:`parse_correction` refused."""
    match = _CORRECTION.match(value.strip())
    if match is None:
        return f"must read {CORRECTION_FORM}"
    try:
        dt.date.fromisoformat(match["day"])
    except ValueError:
        return f"is not a real date: write {CORRECTION_FORM}"
    return f"says nothing after the date: write {CORRECTION_FORM}"


def start_of_day(day: dt.date, timezone: str) -> dt.datetime:
    """Midnight at the start of ``day`` on the site's clock: a day as a moment.

    A correction carries a day only; feeds and sitemaps want a time, and the
    same one on every build.
    """
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(timezone))


def is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 (the check): a port that is no number or out of range raises
    except ValueError:  # a host in brackets that is no IPv6 address, too
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value


def alias_problem(alias: str) -> str | None:
    """Why ``alias`` (an old address an item names in ``Aliases``) is unusable, or None.

    An alias is a path on this site (``/2025/01/02/old-slug/``) or the whole
    URL it was published at; a redirect is written at that path, so it may
    not climb out of the site or carry a query or fragment.
    """
    parts = urlsplit(alias)
    if parts.scheme or parts.netloc:
        if not is_http_url(alias):
            return "must be a path on this site (/2026/01/02/old-slug/) or an http(s) URL"
    elif not alias.startswith("/"):
        return "must start with '/' (a path on this site) or be an http(s) URL"
    if parts.query or parts.fragment or any(c.isspace() for c in alias):
        return "may not hold a query ('?'), a fragment ('#') or spaces"
    if ".." in parts.path.split("/") or parts.path.strip("/") == "":
        return "must name a page below the site's root, without '..'"
    return None


def split_list(value: str) -> list[str]:
    """Comma-separated values, stripped, empty ones dropped (Tags, Authors)."""
    return [part.strip() for part in value.split(",") if part.strip()]


def text_direction(lang: str | None) -> Literal["ltr", "rtl"]:
    """``rtl`` for a right-to-left language tag such as ``fa``, ``ar-EG`` or ``az-Arab``.

    A script subtag decides where there is one (``fa-Latn`` is written left to
    right, ``ku-Arab-IQ`` right to left); otherwise the language does.
    """
    if not lang:
        return "ltr"
    language, *subtags = lang.strip().lower().replace("_", "-").split("-")
    script = next((tag for tag in subtags if len(tag) == 4 and tag.isalpha()), None)
    if script is not None:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def is_notes_heading(text: str) -> bool:
    """Does a level-2 heading's text start the editor's notes?

    Case, apostrophes (straight or curly) and runs of spaces are ignored:
    ``Editor's notes``, ``Editors’ note`` and ``EDITORS NOTES`` all count.
    """
    folded = unicodedata.normalize("NFKC", text)
    folded = " ".join(_APOSTROPHES.sub("", folded).lower().split())
    return bool(_NOTES_HEADING.match(folded))


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return any(name.startswith(p) if p.endswith("_") else name == p
               for p in TRACKING_PARAMETERS)


def tracking_parameters(url: str) -> list[str]:
    """The names of the tracking parameters in ``url``'s query, in order."""
    names = (name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True))
    return list(dict.fromkeys(name for name in names if is_tracking_parameter(name)))


def canonical_source_url(url: str) -> str:
    """The article a Source_URL names, whatever tracking or spelling it carries.

    Scheme and host are lower-cased, ``www.``, default ports, fragments,
    tracking parameters and a trailing slash are dropped, so that cleaning a
    URL up does not change the item's feed id.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not is_tracking_parameter(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))
