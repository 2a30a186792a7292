"""Judge the lines of a page's text in context: which are the article's.

:mod:`briefing.importing.rules` holds the rules as data; this module walks the
lines once, in order, and applies them where a line alone says too little:

- a list heading ("Read more:", "Related topics") takes the short
  headline-like lines after it, up to the first line of prose;
- a banner (a cookie notice) takes the button words after it;
- a byline and a dateline go, and give the source's author and date;
- the headline, repeated in the text, goes: the title when it is known,
  else a headline-like line seen before;
- every other line goes only if a line rule matches it whole.

Blank lines separate paragraphs and never end a list, so the same rules hold
for a paste with single line breaks, blank lines, or paragraphs wrapped by
hand (a list ends where a line continues in lower case on the next line).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from briefing.importing.rules import HEADLINE_LENGTH, Rule, Rules, boilerplate

#: A line ending like this is prose, never a headline in a list of links.
_PROSE_END = re.compile(r"[.。．:;；…]['\"”’»)）\]]*$")
#: A meta line's parts: "By Jane Doe | Published 25 November 2026 · 4 min read".
_META_SEPARATOR = re.compile(r"\s+[|·•]\s+")
#: Where a dateline's date ends: before "Updated …" or the next part.
_DATE_END = re.compile(r"\s*(?:[|·•]|\b(?:updated|last updated|last modified)\b).*$",
                       re.IGNORECASE)
_YEAR = re.compile(r"^.*?\b(?:19|20)\d\d\b(?:年\d{1,2}月\d{1,2}日)?")
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"],
                        "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
_KEY_STRIP = re.compile(r"[\W_]+")


@dataclass
class Judgement:
    """Which lines go (their index and rule's name), and what they told."""

    dropped: dict[int, str] = field(default_factory=dict)
    source_author: str | None = None
    source_date: dt.date | None = None
    dateline: str | None = None  # the line the date was read from


def headline_key(text: str) -> str:
    """What two spellings of one headline share: its words, case folded."""
    return _KEY_STRIP.sub(" ", text.casefold()).strip()


def is_headline_like(line: str) -> bool:
    return len(line) <= HEADLINE_LENGTH and not _PROSE_END.search(line)


def read_date(text: str) -> dt.date | None:
    """The day a dateline names, as the source wrote it (its own calendar)."""
    import dateparser  # loads its language data: only when a line may be a date

    text = _DATE_END.sub("", text).strip()
    for candidate in dict.fromkeys([text, *(m[0] for m in [_YEAR.match(text)] if m)]):
        moment = dateparser.parse(candidate, settings=_DATEPARSER_SETTINGS)
        if moment is not None:
            return moment.date()
    return None


def author_of(match: re.Match, rules: Rules) -> str:
    """The name(s) in a byline, without a trailing ", Reuters"."""
    author = " ".join((match["author"] or match["other"]).split())
    head, _, last = author.rpartition(",")
    return head.strip() if head and rules.credits.fullmatch(last.strip()) else author


@dataclass
class _Furniture:
    name: str
    author: str | None = None
    date: dt.date | None = None


def furniture(text: str, rules: Rules) -> _Furniture | None:
    """What a line (or a part of a meta line) is, if page furniture."""
    if (match := rules.byline.match(text)) is not None:
        return _Furniture("byline", author=author_of(match, rules))
    for rule, gives_date in ((rules.dateline, True), (rules.updated, False),
                             (rules.bare_date, True)):
        match = rule.match(text)
        day = read_date(match["date"]) if match is not None else None
        if day is not None:
            author = match.groupdict().get("author")
            return _Furniture("dateline", author=author and " ".join(author.split()),
                              date=day if gives_date else None)
    rule = boilerplate(text, rules.lines)
    return _Furniture(rule.name) if rule else None


def meta_line(line: str, rules: Rules) -> list[_Furniture] | None:
    """The parts of "By Jane Doe | 25 November 2026", if every part is furniture."""
    parts = _META_SEPARATOR.split(line)
    if len(parts) < 2:
        return None
    found = [furniture(part, rules) for part in parts]
    return None if None in found else found


def judge(lines: list[str], rules: Rules, title: str | None = None,
          source: str | None = None) -> Judgement:
    """Walk ``lines`` (blank ones included) and say which are not the article's.

    ``title`` and ``source``, when known, are the headline and the outlet's
    name: a line that repeats either goes, and so does every headline-like
    line above the headline's first appearance (a section name, a kicker).
    """
    judgement = Judgement()
    stripped = [line.strip() for line in lines]
    keys = [headline_key(line) for line in stripped]
    title_key = headline_key(title) if title else None
    source_key = headline_key(source) if source else None
    headline_at = keys.index(title_key) if title_key in keys else 0
    headlines: set[str] = set()
    taking: Rule | str | None = None  # a banner's buttons, or "headlines"

    def drop(index: int, name: str, found: list[_Furniture] = ()) -> None:
        judgement.dropped[index] = name
        for part in found:
            if part.author and judgement.source_author is None:
                judgement.source_author = part.author
            if part.date and judgement.source_date is None:
                judgement.source_date, judgement.dateline = part.date, stripped[index]

    for index, line in enumerate(stripped):
        if not line:
            continue
        if isinstance(taking, Rule):
            if taking.matches(line):
                drop(index, taking.name)
                continue
            taking = None
        if (heading := boilerplate(line, rules.list_headings)) is not None:
            drop(index, heading.name)
            taking = "headlines"
        elif (banner := next((b for b in rules.banners if b.notice.matches(line)), None)):
            drop(index, banner.notice.name)
            taking = banner.buttons
        elif (found := furniture(line, rules)) is not None:
            drop(index, found.name, [found])
        elif (parts := meta_line(line, rules)) is not None:
            drop(index, "byline and dateline", parts)
        elif keys[index] and keys[index] in (title_key, source_key):
            drop(index, "headline" if keys[index] == title_key else "outlet name")
        elif not is_headline_like(line):
            taking = None
        elif taking == "headlines" and not _continues(stripped, index):
            drop(index, "teaser list")
        elif index < headline_at:
            drop(index, "page header")
        elif keys[index] in headlines:
            drop(index, "repeated headline")
        else:
            taking = None
            headlines.add(keys[index])
    return judgement


def _continues(lines: list[str], index: int) -> bool:
    """Does the line go on in lower case on the next line (a wrapped paragraph)?"""
    return index + 1 < len(lines) and lines[index + 1][:1].islower()
