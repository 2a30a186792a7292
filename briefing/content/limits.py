"""Limits on one content file, so that no file can stall or swamp a build.

A pasted article is untrusted text, and Markdown nests lists and quotes by
recursion: a line of 100,000 ``- `` markers, or a list nested 1,000 levels
deep, ran the build out of stack (``RecursionError``) and memory.  An item
with thousands of tags made every tag page list it, and a 20 MB file held
hundreds of megabytes while it was read.  Python-Markdown's time also
grows faster than the text with the number of blocks and of inline
markup (half a megabyte of ``<b>a</b>`` took two minutes), so the body's
lines and markup characters are counted too.  Each limit below is far
above what a real item needs (a 30,000-word report is some 200 KB, 400
paragraphs), and each file past one is an error naming its file and line,
checked before Markdown sees the body (``docs/writing-items.md`` lists
them for editors).  Within them an item renders in a few seconds at most.
"""

from __future__ import annotations

import re

from briefing.content.contract import ParsedFile, Problem, split_list

#: A content file's size in bytes; larger files are not read past it.
MAX_FILE_BYTES = 1024 * 1024
#: Lines of a body that are not blank: paragraphs, list items, table rows.
MAX_LINES = 5000
#: Characters that open or close Markdown or HTML markup in a body.
MAX_MARKUP = 20_000
MARKUP_CHARACTERS = "*_<>[]`|"
#: Lists within lists and quotes within quotes, counted together.
MAX_NESTING = 20
MAX_TAGS = 50
MAX_TAG_LENGTH = 100
MAX_TITLE_LENGTH = 300
MAX_URL_LENGTH = 2000
#: Python-Markdown's indentation of one nesting level.
_INDENT = 4
#: A line's opening list markers and quote signs, after its indentation.
_OPENING = re.compile(r"(?P<indent>[ \t]*)(?P<markers>(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?)+)")
_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+|>")


def size_problem(size: int, path: str) -> Problem | None:
    """An error if a file of ``size`` bytes is over :data:`MAX_FILE_BYTES`."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(path, None, "file",
                   f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it, or keep "
                   "only the article's text")


def nesting_depth(line: str) -> int:
    """How deep a line nests lists and quotes: its indentation levels plus
    the markers that open it (``- - x`` is two lists deep, ``>>`` two quotes)."""
    opening = _OPENING.match(line)
    if opening is None:
        return 0
    indent = len(opening["indent"].expandtabs(_INDENT))
    return indent // _INDENT + len(_MARKER.findall(opening["markers"]))


def body_problem(parsed: ParsedFile) -> Problem | None:
    """An error at the first body line past a limit: nested deeper than
    :data:`MAX_NESTING`, the :data:`MAX_LINES`-th line or the
    :data:`MAX_MARKUP`-th markup character exceeded."""
    lines = markup = 0
    for offset, line in enumerate(parsed.body.split("\n")):
        number = parsed.body_line + offset
        depth = nesting_depth(line)
        if depth > MAX_NESTING:
            return Problem(parsed.path, number, "body",
                           f"nests lists or quotes {depth} levels deep; at most "
                           f"{MAX_NESTING} are allowed")
        lines += bool(line.strip())
        if lines > MAX_LINES:
            return Problem(parsed.path, number, "body",
                           f"has more than {MAX_LINES} lines of text: split it")
        markup += sum(line.count(character) for character in MARKUP_CHARACTERS)
        if markup > MAX_MARKUP:
            return Problem(parsed.path, number, "body",
                           f"has more than {MAX_MARKUP:,} markup characters "
                           f"({' '.join(MARKUP_CHARACTERS)}) by this line: split it")
    return None


def check_header(parsed: ParsedFile) -> None:
    """Add an error for each header value past its limit."""
    tags = split_list(parsed.value("tags", ""))
    if len(tags) > MAX_TAGS:
        parsed.add("tags", f"has {len(tags)} tags; at most {MAX_TAGS} are allowed")
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            parsed.add("tags", f"a tag is longer than {MAX_TAG_LENGTH} characters", value=tag)
            break
    for name, limit in (("title", MAX_TITLE_LENGTH), ("source_url", MAX_URL_LENGTH),
                        ("via", MAX_TITLE_LENGTH), ("source", MAX_TITLE_LENGTH)):
        value = parsed.value(name) or ""
        if len(value) > limit:
            parsed.add(name, f"is {len(value)} characters long; at most {limit} are allowed",
                       value=value)
    problem = body_problem(parsed)
    if problem is not None:
        parsed.problems.append(problem)


def read_capped(path: str) -> bytes:
    """A content file's bytes, but never more than one past :data:`MAX_FILE_BYTES`
    (enough for :func:`size_problem` to see that it is too large)."""
    with open(path, "rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)
