"""Turn an article from a web page into a content item.

Reads the pasted text from FILE, or from standard input when FILE is ``-``
or not given, or the article of a saved web page (FILE) or of the page at
``--url`` (:mod:`briefing.importing.sources`); drops the page's furniture, judged
in context (:mod:`briefing.importing.cleaning`, by the rules in
``briefing/importing/rules.py`` plus the site's ``BRIEFING_IMPORT_*``); keeps
every paragraph of the article verbatim, whether the paste separates them
with blank lines or single line breaks; takes the title, outlet, address,
date and author from the page's metadata, a byline and a dateline, where
the command line does not give them; and writes
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

from briefing.content import contract
from briefing.content.tag_spelling import site_spellings, tag_key
from briefing.importing.cleaning import judge
from briefing.importing.page import Page
from briefing.importing.rules import Rules, RulesError, site_rules
from briefing.importing.sources import InputError, read_input
from briefing.pelican.build import preflight, read_site_settings
from briefing.pelican.slugs import slug_from_title

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
    """The article text found in a page's text, what was dropped, what it told."""

    paragraphs: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, rule name)
    source_author: str | None = None  # from a byline
    source_date: dt.date | None = None  # from a dateline
    dateline: str | None = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-",
                        help="the pasted article, or a saved web page (default: '-', "
                             "standard input)")
    parser.add_argument("--url", help="the article's https:// address: fetch the page and "
                                      "take its article and metadata")
    parser.add_argument("--title", help="Title: the headline")
    parser.add_argument("--source", help="Source: the outlet the text comes from")
    parser.add_argument("--source-url", help="Source_URL: the original article's address")
    parser.add_argument("--tags", help="Tags: comma-separated, e.g. 'China, espionage'")
    parser.add_argument("--via", help="Via: the outlet the source credits (optional)")
    parser.add_argument("--category", help="Category: the site section (optional)")
    parser.add_argument("--date", help="Date: 'YYYY-MM-DD HH:MM' (default: now, site time zone)")
    parser.add_argument("--source-date",
                        help="Source_Date: when the source published it (default: the "
                             "page's date or the text's dateline)")
    parser.add_argument("--source-author",
                        help="Source_Author: who wrote the source's article (default: the "
                             "page's author or the text's byline)")
    parser.add_argument("-o", "--output", default=None,
                        help="file to write (default: CONTENT/<YYYY>/<MM>/<slug>.md)")
    parser.add_argument("--content", default=None,
                        help="content folder (default: PATH from the settings)")
    parser.add_argument("-s", "--settings", default="pelicanconf.py",
                        help="settings file (default: %(default)s)")


# -- the article text --------------------------------------------------------

def article_text(text: str, rules: Rules, title: str | None = None,
                 source: str | None = None) -> Article:
    """Paragraphs of the article in ``text``, page furniture dropped.

    Lines are judged in context (:func:`briefing.importing.cleaning.judge`);
    a dropped line ends a paragraph, as a blank line does.
    """
    lines = text.split("\n")
    judgement = judge(lines, rules, title, source)
    article, block = Article(source_author=judgement.source_author,
                             source_date=judgement.source_date,
                             dateline=judgement.dateline), []
    for index, line in enumerate(lines):
        stripped = line.strip()
        rule = judgement.dropped.get(index)
        if rule is not None:
            article.removed.append((stripped, rule))
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


#: What a page's metadata gives: header field -> (option, Page attribute).
PAGE_VALUES = {"title": "title", "source": "source", "source_url": "url",
               "source_date": "date", "source_author": "author"}


def page_values(args: argparse.Namespace,
                page: Page | None) -> tuple[dict[str, str | None], list[str]]:
    """Each value the page can give: as given on the command line, else the page's."""
    values, notes = {}, []
    for name, attribute in PAGE_VALUES.items():
        values[name] = one_line(getattr(args, name))
        found = one_line(getattr(page, attribute, None))
        if values[name] is None and found:
            values[name] = found
            notes.append(f"{contract.FIELD_NAMES[name]}: {found}, from the page")
    return values, notes


def page_lang(page: Page | None, site_lang: str) -> str | None:
    """The page's language when it is not the site's (so right-to-left text is marked)."""
    lang = one_line(page.lang) if page else None
    if not lang or lang.split("-")[0].lower() == site_lang.split("-")[0].lower():
        return None
    return lang


def found_in_text(values: dict[str, str | None],
                  article: Article) -> tuple[str | None, str | None, list[str]]:
    """Source_Date and Source_Author: as given, else as the text's dateline and byline say."""
    source_date, source_author, notes = values["source_date"], values["source_author"], []
    if source_date is None and article.source_date is not None:
        source_date = article.source_date.isoformat()
        notes.append(f"Source_Date: {source_date}, from the dateline {article.dateline!r}")
    if source_author is None and article.source_author is not None:
        source_author = article.source_author
        notes.append(f"Source_Author: {source_author}, from the byline")
    return source_date or None, source_author or None, notes


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
    try:
        given = read_input(args.file, one_line(args.url), settings)
    except InputError as error:
        raise ImporterError(str(error)) from None
    values, notes = page_values(args, given.page)
    article = article_text(given.text, rules, values["title"], values["source"])
    site = read_site(content, timezone)

    tags, tag_notes = tags_as_spelled(one_line(args.tags), site)
    source_url, url_notes = without_tracking(values["source_url"])
    notes += tag_notes + url_notes
    date, moment = item_date(args.date, timezone)
    source_date, source_author, found_notes = found_in_text(values, article)
    notes += found_notes
    title = values["title"]
    fields = {"title": title, "date": date, "tags": tags,
              "category": one_line(args.category) or None, "source": values["source"],
              "source_url": source_url, "via": one_line(args.via) or None,
              "source_date": source_date, "source_author": source_author,
              "lang": page_lang(given.page, settings["DEFAULT_LANG"])}
    slug = slug_from_title(title or "", settings["SLUG_REGEX_SUBSTITUTIONS"])
    target = target_path(args, content, moment, slug)
    shown = contract.shown_path(target)

    paragraphs = article.paragraphs
    if given.page is not None:  # the page's words as text: a "<b>" it shows stays "<b>"
        paragraphs = [paragraph.replace("<", "&lt;") for paragraph in paragraphs]
    text = item_file(fields, paragraphs)
    parsed = contract.parse_file(text.encode("utf-8"), shown, timezone=timezone)
    problems = [replace(p, path="import", line=None) for p in parsed.errors]
    if not article.paragraphs:
        problems = [p for p in problems if p.field != "body"]
        problems.append(contract.Problem(
            "import", None, "article", "no article text left in the "
            f"{'page' if given.page else 'paste'} "
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
