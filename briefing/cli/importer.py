"""Turn an article pasted from a web page into a content item.

Reads the pasted text from FILE, or from standard input when FILE is ``-``
or not given; drops the page's boilerplate (the rules in
``briefing/import_rules.py`` plus ``BRIEFING_IMPORT_BOILERPLATE``); keeps every
paragraph of the article verbatim, whether the paste separates them with
blank lines or single line breaks; and writes
``content/<YYYY>/<MM>/<slug>.md``: the header in the contract's order, the
article text, and an ``## Editor's notes`` section holding a placeholder
that ``make check`` warns about until the editor replaces it.  The values
are checked by the contract first: on any problem nothing is written, and
an existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from briefing import contract
from briefing.cli.build import preflight, read_site_settings
from briefing.import_rules import Rule, RulesError, boilerplate, site_rules
from briefing.plugins.slugs import slug_from_title
from briefing.tag_spelling import site_spellings, tag_key

NOTES_HEADING = "## Editor's notes"

#: A block of lines this long, not all ending a sentence, is one paragraph
#: wrapped by hand; any other block has one paragraph per line (a web page
#: pasted with single line breaks).
WRAPPED_LINE = range(40, 101)
_SENTENCE_END = tuple(".!?:;…\"'”’)]»")
_HEADING_START = re.compile(r"^#{1,6}(?=\s|$)")


class ImporterError(Exception):
    """Something in the input that stops the import; nothing is written."""


@dataclass
class Article:
    """The article text found in a paste, and what was dropped from it."""

    paragraphs: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, rule name)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-",
                        help="the pasted article (default: '-', standard input)")
    parser.add_argument("--title", help="Title: the headline")
    parser.add_argument("--source", help="Source: the outlet the text comes from")
    parser.add_argument("--source-url", help="Source_URL: the original article's address")
    parser.add_argument("--tags", help="Tags: comma-separated, e.g. 'China, espionage'")
    parser.add_argument("--via", help="Via: the outlet the source credits (optional)")
    parser.add_argument("--category", help="Category: the site section (optional)")
    parser.add_argument("--date", help="Date: 'YYYY-MM-DD HH:MM' (default: now, site time zone)")
    parser.add_argument("-o", "--output", default=None,
                        help="file to write (default: CONTENT/<YYYY>/<MM>/<slug>.md)")
    parser.add_argument("--content", default=None,
                        help="content folder (default: PATH from the settings)")
    parser.add_argument("-s", "--settings", default="pelicanconf.py",
                        help="settings file (default: %(default)s)")


# -- the article text --------------------------------------------------------

def article_text(text: str, rules: list[Rule]) -> Article:
    """Paragraphs of the article in ``text``, boilerplate lines dropped.

    A dropped line ends a paragraph, as a blank line does.
    """
    article, block = Article(), []
    for line in text.split("\n"):
        stripped = line.strip()
        rule = boilerplate(stripped, rules) if stripped else None
        if rule is not None:
            article.removed.append((stripped, rule.name))
        if stripped and rule is None:
            block.append(stripped)
        elif block:
            article.paragraphs.extend(paragraphs_of(block))
            block = []
    if block:
        article.paragraphs.extend(paragraphs_of(block))
    return article


def paragraphs_of(lines: list[str]) -> list[str]:
    """One paragraph for text wrapped by hand, else one paragraph per line."""
    body = lines[:-1]
    wrapped = (bool(body) and all(len(line) in WRAPPED_LINE for line in body)
               and not all(line.endswith(_SENTENCE_END) for line in body))
    lines = [_HEADING_START.sub(lambda m: "\\" + m[0], line) for line in lines]
    return ["\n".join(lines)] if wrapped else lines


def read_pasted(name: str) -> str:
    """The pasted text from a file or standard input, as LF-ended text."""
    if name == "-":
        if sys.stdin.isatty():
            print("Paste the article, then press Ctrl-D on a line of its own:",
                  file=sys.stderr)
        stdin = getattr(sys.stdin, "buffer", None)
        raw = stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8")
        shown = "standard input"
    else:
        path = Path(name)
        if not path.is_file():
            raise ImporterError(f"{name}: no such file")
        raw, shown = path.read_bytes(), name
    try:
        return contract.decode(raw, shown)
    except contract.ContractError as error:
        raise ImporterError(str(error)) from None


# -- the header --------------------------------------------------------------

@dataclass
class Site:
    """What the importer needs to know about the items already written."""

    tag_spellings: dict[str, str] = field(default_factory=dict)  # tag_key -> shown
    source_urls: dict[str, str] = field(default_factory=dict)  # canonical URL -> path


def read_site(content: Path, timezone: str) -> Site:
    """Tag spellings (as the build shows them) and Source_URLs of every item under ``content``."""
    site = Site()
    now = dt.datetime.now(ZoneInfo(timezone))
    found: list[tuple[tuple, list[str]]] = []
    for path in sorted(content.rglob("*.md")):
        try:
            parsed = contract.split_header(contract.decode(path.read_bytes(), str(path)), "")
        except (contract.ContractError, OSError):
            continue
        date = contract.parse_datetime(parsed.value("date", ""), timezone) or now
        status = parsed.value("status", "").strip().lower()
        unpublished = status in ("draft", "hidden") or date > now  # future: a draft
        found.append(((unpublished, date, str(path.relative_to(content))),
                      contract.split_list(parsed.value("tags", ""))))
        url = parsed.value("source_url", "")
        if contract.is_http_url(url):
            site.source_urls.setdefault(contract.canonical_source_url(url),
                                        contract.shown_path(path))
    found.sort(key=lambda pair: pair[0])  # first-come, published first: as the build
    site.tag_spellings = site_spellings((tags for (hidden, *_), tags in found if not hidden),
                                        (tags for (hidden, *_), tags in found if hidden))
    return site


def tags_as_spelled(value: str | None, site: Site) -> tuple[str | None, list[str]]:
    """The tags once each, in the spelling the site already uses; and notes."""
    if value is None:
        return None, []
    tags, notes = {}, []
    for tag in contract.split_list(value):
        shown = site.tag_spellings.get(tag_key(tag), tag)
        if shown != tag:
            notes.append(f"Tags: {tag!r} written {shown!r}, as elsewhere on the site")
        tags.setdefault(shown.casefold(), shown)
    return ", ".join(tags.values()), notes


def without_tracking(url: str | None) -> tuple[str | None, list[str]]:
    """``url`` without tracking parameters (utm_source ...); and notes."""
    if not url or not contract.is_http_url(url) or not contract.tracking_parameters(url):
        return url, []
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
             if not contract.is_tracking_parameter(key)]
    removed = ", ".join(contract.tracking_parameters(url))
    return (urlunsplit(parts._replace(query=urlencode(query))),
            [f"Source_URL: removed the tracking parameters ({removed})"])


def one_line(value: str | None) -> str | None:
    return None if value is None else " ".join(value.split())


def item_date(value: str | None, timezone: str) -> tuple[str, dt.datetime | None]:
    """The Date to write, and the moment it means (None if it is not a date)."""
    if value is None or not value.strip():
        now = dt.datetime.now(ZoneInfo(timezone)).replace(second=0, microsecond=0)
        return now.strftime("%Y-%m-%d %H:%M"), now
    moment = contract.parse_datetime(value, timezone)
    return (moment.strftime("%Y-%m-%d %H:%M"), moment) if moment else (value.strip(), None)


def item_file(fields: dict[str, str | None], paragraphs: list[str]) -> str:
    """The item as the contract lays it out: header, article, notes."""
    header = [f"{contract.FIELD_NAMES[name]}: {value}"
              for name, value in fields.items() if value is not None]
    return "\n\n".join(["\n".join(header), *paragraphs, NOTES_HEADING,
                        contract.IMPORT_PLACEHOLDER]) + "\n"


def target_path(args: argparse.Namespace, content: Path, moment: dt.datetime | None,
                slug: str) -> Path:
    if args.output:
        output = Path(args.output)
        return output / f"{slug}.md" if output.is_dir() else output
    moment = moment or dt.datetime.now()
    return content / f"{moment:%Y}" / f"{moment:%m}" / f"{slug}.md"


# -- the command -------------------------------------------------------------

def run(args: argparse.Namespace) -> int:
    try:
        return import_article(args)
    except ImporterError as problem:
        print(f"import stopped: {problem}; nothing written", file=sys.stderr)
        return 1


def import_article(args: argparse.Namespace) -> int:
    problem = preflight(args.settings, args.content)
    if problem:
        raise ImporterError(problem)
    try:
        settings = read_site_settings(args.settings)
    except Exception as error:  # the settings file is Python: anything can go wrong
        raise ImporterError(f"{args.settings}: {type(error).__name__}: {error}") from None
    timezone = settings["TIMEZONE"]
    content = Path(args.content or settings["PATH"])
    problem = preflight(args.settings, str(content))
    if problem:
        raise ImporterError(problem)
    try:
        rules = site_rules(settings)
    except RulesError as error:
        raise ImporterError(f"{args.settings}: {error}") from None
    article = article_text(read_pasted(args.file), rules)
    site = read_site(content, timezone)

    tags, notes = tags_as_spelled(one_line(args.tags), site)
    source_url, url_notes = without_tracking(one_line(args.source_url))
    notes += url_notes
    date, moment = item_date(args.date, timezone)
    title = one_line(args.title)
    fields = {"title": title, "date": date, "tags": tags,
              "category": one_line(args.category) or None, "source": one_line(args.source),
              "source_url": source_url, "via": one_line(args.via) or None}
    slug = slug_from_title(title or "", settings["SLUG_REGEX_SUBSTITUTIONS"])
    target = target_path(args, content, moment, slug)
    shown = contract.shown_path(target)

    text = item_file(fields, article.paragraphs)
    parsed = contract.parse_file(text.encode("utf-8"), shown, timezone=timezone)
    problems = [replace(p, path="import", line=None) for p in parsed.errors]
    if not article.paragraphs:
        problems = [p for p in problems if p.field != "body"]
        problems.append(contract.Problem(
            "import", None, "article", f"no article text left in the paste "
            f"({len(article.removed)} boilerplate line(s) dropped)"))
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("give the values as make import TITLE=... SOURCE=... SOURCE_URL=... TAGS=... "
              "(see make help)", file=sys.stderr)
        raise ImporterError(f"{len(problems)} problem(s)")
    if source_url and contract.canonical_source_url(source_url) in site.source_urls:
        notes.append("Source_URL: the same article as "
                     f"{site.source_urls[contract.canonical_source_url(source_url)]}: "
                     "check it is not the same story twice")

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ImporterError(f"{shown} already exists and is never overwritten: change "
                            "the title, or name another file with OUTPUT=") from None
    except OSError as error:
        raise ImporterError(f"{shown}: cannot write it: {error.strerror}") from None

    for line, rule in article.removed:
        print(f"dropped ({rule}): {line}")
    for note in notes:
        print(f"note: {note}")
    print(f"created {shown} ({len(article.paragraphs)} paragraphs)")
    print(f"next: write your notes under '{NOTES_HEADING}' in place of the placeholder, "
          "then run make check")
    return 0
