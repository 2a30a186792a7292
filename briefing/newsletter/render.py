"""A :class:`~briefing.newsletter.compose.Newsletter` as HTML, text and a whole message.

- HTML: the theme's ``newsletter/edition.html`` (a site may override it in
  a ``THEME_TEMPLATES_OVERRIDES`` folder, like any template), then
  ``css-inline`` moves every rule of its ``<style>`` into ``style``
  attributes, for the mail clients that drop ``<style>``; only ``@media``
  rules, which no attribute can hold (and rules that matched nothing), stay
  in it.
- Text: the same contents wrapped at 72 columns, never inside a word or a
  URL; each link becomes a number in brackets, and the URLs are listed by
  number at the end of the note or item that holds them.
- Message: ``multipart/alternative`` (text first, as RFC 2046 asks), UTF-8,
  with the headers a list needs (``List-Unsubscribe``, and
  ``List-Unsubscribe-Post`` for one-click unsubscribing where an https URL
  is given).  Its boundary comes from its contents, so the same edition
  makes the same bytes on every run.
"""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
import os
import textwrap
from email.message import EmailMessage
from pathlib import Path

import css_inline
import jinja2
import lxml.html

from briefing.newsletter.compose import Newsletter
from briefing.wording import template_wording

TEMPLATE = "newsletter/edition.html"
WIDTH = 72
RULE = "-" * WIDTH
#: Inlined rules leave the ``<style>``; what stays, in place (after the
#: charset), is the ``@media`` rules and any rule that matched no element.
_INLINER = css_inline.CSSInliner(keep_style_tags=True, remove_inlined_selectors=True,
                                 load_remote_stylesheets=False)


def template_folders(settings: dict) -> list[str]:
    """Where templates are looked up: the overrides first, then the theme's own."""
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", []),
            os.path.join(settings["THEME"], "templates")]


def render_html(newsletter: Newsletter, settings: dict) -> str:
    """The HTML part: the theme's template rendered, then its CSS inlined."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_folders(settings)), autoescape=True,
        trim_blocks=True, lstrip_blocks=True)
    page = environment.get_template(TEMPLATE).render(newsletter=newsletter,
                                                      wording=template_wording(settings))
    return _INLINER.inline(page).rstrip("\n") + "\n"  # a text file: ends with its line end


class _References:
    """The links of one block of text, numbered in order of first use."""

    def __init__(self):
        self.urls: list[str] = []

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1

    def listed(self) -> list[str]:
        """``[1] https://…``, one a line: a URL is never wrapped or cut."""
        return [f"[{number}] {url}" for number, url in enumerate(self.urls, 1)]


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
           "div", "section", "aside", "figure", "figcaption", "table", "tr", "dl", "dt",
           "dd", "details", "summary", "hr"}


def _inline_text(element, references: _References) -> str:
    """An element's text with each link's number after it; line breaks as spaces."""
    return (element.text or "") + "".join(
        _inline_piece(child, references) + (child.tail or "") for child in element)


def _inline_piece(element, references: _References) -> str:
    """One inline element (not its tail) as text: a link as its label and number."""
    if not isinstance(element.tag, str):  # a comment
        return ""
    if element.tag == "br":
        return " "
    if element.tag == "a" and element.get("href"):
        label = " ".join(_inline_text(element, references).split())
        return f"{label} [{references.number(element.get('href'))}]"
    return _inline_text(element, references)


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    """``text`` wrapped at :data:`WIDTH`, never breaking a word or a URL."""
    words = " ".join(text.split())
    if not words:
        return []
    return textwrap.wrap(words, WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def _paragraphs(container, references: _References, prefix: str = "") -> list[list[str]]:
    """The blocks of ``container`` as wrapped paragraphs (lists of lines)."""
    blocks: list[list[str]] = []
    loose = [container.text or ""]

    def flush() -> None:
        text = "".join(loose)
        if text.strip():
            blocks.append(_wrap(text, prefix, prefix))
        loose.clear()

    for child in container:
        if isinstance(child.tag, str) and child.tag in _BLOCKS:
            flush()
            blocks.extend(_block(child, references, prefix))
        else:
            loose.append(_inline_piece(child, references))
        loose.append(child.tail or "")
    flush()
    return blocks


def _block(element, references: _References, prefix: str) -> list[list[str]]:
    tag = element.tag
    if tag in ("ul", "ol"):
        items = []
        for number, item in enumerate(element.findall("li"), 1):
            marker = f"{number}. " if tag == "ol" else "- "
            text = " ".join(" ".join(line.strip() for line in lines)
                            for lines in _paragraphs(item, references))
            items.extend(_wrap(text, prefix + marker, prefix + " " * len(marker)))
        return [items] if items else []
    if tag == "blockquote":
        return _paragraphs(element, references, prefix + "> ")
    if tag == "pre":  # as written: code and verse keep their lines
        return [[prefix + line for line in element.text_content().rstrip().split("\n")]]
    if tag == "hr":
        return [[prefix + "* * *"]]
    if tag in ("div", "section", "aside", "figure", "details", "table", "dl"):
        return _paragraphs(element, references, prefix)
    return [_wrap(_inline_text(element, references), prefix, prefix)] \
        if element.text_content().strip() else []


def fragment_text(fragment: str, references: _References) -> list[str]:
    """An HTML fragment as wrapped paragraphs separated by blank lines."""
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    lines: list[str] = []
    for paragraph in _paragraphs(root, references):
        if paragraph:
            lines.extend([*paragraph, ""])
    return lines


def render_text(newsletter: Newsletter) -> str:
    """The plain-text part (module docstring)."""
    lines = [f"{newsletter.site_name} · {newsletter.long_date}", "",
             *_wrap(newsletter.title), "=" * min(WIDTH, len(newsletter.title)), "",
             "Read this edition on the web:", newsletter.web_url, ""]
    references = _References()
    lines += fragment_text(newsletter.note_html, references)
    lines += _with_references(references)
    for number, story in enumerate(newsletter.stories, 1):
        references = _References()
        lines += [RULE, ""]
        if story.lead:
            lines.append("LEAD STORY")
        lines += _wrap(f"{number}. {story.title} [{references.number(story.url)}]",
                       "", " " * len(f"{number}. "))
        lines.append("")
        lines += fragment_text(story.notes_html, references)
        credit = f"Article text: {story.source} [{references.number(story.source_url)}]"
        if story.via:
            credit += f", via {story.via}"
        if story.source_date:
            credit += f", published {story.source_date.isoformat()}"
        lines += _wrap(credit + ".")
        lines += _wrap(f"Read the full article text on {newsletter.site_name}: "
                       f"[{references.number(story.article_url)}]")
        lines.append("")
        lines += _with_references(references)
    lines += [RULE, ""]
    lines += _wrap(f"You receive {newsletter.site_name} because you subscribed to its daily "
                   "edition. To unsubscribe:")
    lines += [*newsletter.unsubscribe, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _with_references(references: _References) -> list[str]:
    listed = references.listed()
    return [*listed, ""] if listed else []


def message(newsletter: Newsletter, text: str, html: str) -> EmailMessage:
    """The whole e-mail, both parts, every header but ``To`` (the sender adds it)."""
    mail = EmailMessage(policy=email.policy.SMTP)
    mail["From"] = newsletter.sender
    mail["Subject"] = newsletter.subject
    mail["Date"] = email.utils.format_datetime(newsletter.sent_at)
    mail["Message-ID"] = newsletter.message_id
    mail["List-Id"] = newsletter.list_id
    mail["List-Unsubscribe"] = ", ".join(f"<{url}>" for url in newsletter.unsubscribe)
    if any(url.startswith("https:") for url in newsletter.unsubscribe):
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    mail["Archived-At"] = f"<{newsletter.web_url}>"  # RFC 5064: the web edition
    mail["Content-Language"] = newsletter.lang
    mail.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    mail.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    digest = hashlib.sha256((text + html).encode()).hexdigest()[:32]
    mail.set_boundary(f"==briefing-{digest}")
    return mail


def message_from_file(path: Path) -> EmailMessage:
    """A written ``.eml`` read back: what is sent is what was written."""
    return email.message_from_bytes(path.read_bytes(), _class=EmailMessage,
                                    policy=email.policy.SMTP)


def write(newsletter: Newsletter, settings: dict, folder: Path) -> dict[str, Path]:
    """Write ``YYYY-MM-DD.eml`` and its ``.html`` and ``.txt`` parts into ``folder``."""
    html = render_html(newsletter, settings)
    text = render_text(newsletter)
    mail = message(newsletter, text, html)
    folder.mkdir(parents=True, exist_ok=True)
    stem = newsletter.day.isoformat()
    written = {"eml": folder / f"{stem}.eml", "html": folder / f"{stem}.html",
               "text": folder / f"{stem}.txt"}
    written["eml"].write_bytes(mail.as_bytes())
    written["html"].write_text(html, encoding="utf-8")
    written["text"].write_text(text, encoding="utf-8")
    return written
