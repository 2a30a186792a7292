"""What the e-mail edition says: one closed edition, ready to render.

The e-mail holds the edition's note, then each item in the editors'
running order: its headline linking to its page, the editor's notes, the
source's credit and a link to the full article text on the site (the
article text itself stays on the site: an e-mail is read in a minute).
Only published items are in an edition, so no draft or scheduled item is
ever in an e-mail.

Every HTML fragment goes through the site's sanitizer again here
(:func:`for_email`): made absolute against its page (a mail client resolves
nothing relative) and with every image turned into a link to it, as the
sanitizer does for any image not served by the page's own site, so the
e-mail loads nothing from anywhere.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefing.content.contract import is_http_url
from briefing.content.sanitize import clean_html, with_absolute_links
from briefing.feeds.entries import MONTHS, edition_title, site_url
from briefing.feeds.entry_html import without_asides

#: Where the full article text starts on an item's page (theme/templates/article.html).
ARTICLE_TEXT_ANCHOR = "#article-text-heading"


class NewsletterError(ValueError):
    """Why no e-mail can be made: a setting, a day without an edition, an open edition."""


@dataclass(frozen=True)
class Story:
    """One item as the e-mail shows it; HTML fields are sanitized, links absolute."""

    title: str
    url: str
    article_url: str
    notes_html: str
    source: str
    source_url: str
    via: str | None
    source_date: dt.date | None
    lead: bool
    lang: str | None


@dataclass(frozen=True)
class Newsletter:
    """One edition as an e-mail, everything the parts and headers need."""

    day: dt.date
    title: str  # the edition's title, else "Edition of 26 November 2026"
    subject: str
    web_url: str
    note_html: str
    stories: tuple[Story, ...]
    site_name: str
    site_url: str
    sender: str
    message_id: str
    sent_at: dt.datetime  # the message's Date: when the edition closed
    unsubscribe: tuple[str, ...]
    list_id: str
    lang: str

    @property
    def long_date(self) -> str:
        """"Thursday 26 November 2026", in English whatever the locale."""
        return f"{self.day:%A} {self.day.day} {MONTHS[self.day.month - 1]} {self.day.year}"


def settings_problem(settings: dict) -> str | None:
    """What keeps this site from sending e-mail, in one line, or None.

    ``BRIEFING_NEWSLETTER_FROM`` is the sender (``Name <address>``);
    ``BRIEFING_NEWSLETTER_UNSUBSCRIBE`` lists where a reader unsubscribes
    (``mailto:`` and/or ``https:`` URLs), which ``List-Unsubscribe`` carries:
    a newsletter without one is refused by the large mail services.
    """
    sender = settings.get("BRIEFING_NEWSLETTER_FROM")
    if not isinstance(sender, str) or "@" not in email.utils.parseaddr(sender)[1]:
        return ("BRIEFING_NEWSLETTER_FROM: set the address the newsletter comes from, "
                f"such as 'The Briefing <desk@example.org>' (got {sender!r})")
    targets = settings.get("BRIEFING_NEWSLETTER_UNSUBSCRIBE")
    if (not isinstance(targets, list | tuple) or not targets
            or not all(isinstance(url, str) and unsubscribes(url) for url in targets)):
        return ("BRIEFING_NEWSLETTER_UNSUBSCRIBE: list where readers unsubscribe, mailto: "
                f"or https: URLs (got {targets!r})")
    return None


def unsubscribes(url: str) -> bool:
    """Can ``List-Unsubscribe`` carry ``url``: a mailto: address or an http(s) URL?"""
    if url.startswith("mailto:"):
        return "@" in url and " " not in url
    return is_http_url(url)


def pick_edition(editions, day: dt.date | None = None):
    """The edition of ``day``, else the latest closed one; never an open one.

    ``editions`` are newest first (the editions plugin's order).
    """
    if day is None:
        latest = next((edition for edition in editions if edition.closed), None)
        if latest is None:
            raise NewsletterError("no closed edition yet: an edition closes as "
                                  "docs/writing-items.md (6.4) says")
        return latest
    edition = next((edition for edition in editions if edition.date == day), None)
    if edition is None:
        raise NewsletterError(f"DATE: no edition on {day.isoformat()} (no published item "
                              "that day)")
    if not edition.closed:
        raise NewsletterError(f"DATE: the edition of {day.isoformat()} is still open "
                              f"({edition.closing.reason}): it can be sent once it is closed")
    return edition


def for_email(fragment: str, page_url: str) -> str:
    """A fragment sanitized, its links absolute against ``page_url``, images as links.

    The first pass is the site's own (links of the site tell themselves from
    others); once every URL is absolute, the second pass, knowing no site,
    treats every image as a third party's and makes it a link.
    """
    cleaned = clean_html(without_asides(fragment, keep_text=True), site_url=page_url)
    return clean_html(with_absolute_links(cleaned, page_url), site_url=None)


def story(item, settings: dict) -> Story:
    url = site_url(settings, item.url)
    return Story(
        title=item.title,
        url=url,
        article_url=url + ARTICLE_TEXT_ANCHOR,
        notes_html=for_email(str(item.notes_html), url),
        source=item.source,
        source_url=item.source_url,
        via=item.via,
        source_date=item.source_date,
        lead=bool(getattr(item, "lead", False)),
        lang=getattr(item, "lang", None),
    )


def sent_at(edition) -> dt.datetime:
    """When the edition closed by the clock, else when its latest item was published.

    The same on every run, so the same edition makes the same message.
    """
    latest = max(item.date for item in edition.articles)
    closes = edition.closing.closes_at
    return max(closes, latest) if closes else latest


def compose(edition, settings: dict) -> Newsletter:
    """``edition`` (closed) as an e-mail, by the site's settings."""
    problem = settings_problem(settings)
    if problem:
        raise NewsletterError(problem)
    web_url = site_url(settings, edition.url)
    host = urlsplit(settings["SITEURL"]).hostname or "localhost"
    site_id = settings["BRIEFING_SITE_ID"]
    day = edition.date
    name = settings["SITENAME"]
    date_words = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return Newsletter(
        day=day,
        title=edition_title(edition),
        subject=f"{name}, {date_words}: {edition.title}" if edition.title
        else f"{name}, {date_words}",
        web_url=web_url,
        note_html=for_email(str(edition.note_html), web_url),
        stories=tuple(story(item, settings) for item in edition.articles),
        site_name=name,
        site_url=site_url(settings),
        sender=settings["BRIEFING_NEWSLETTER_FROM"],
        message_id=f"<edition-{day.isoformat()}.{site_id}@{host}>",
        sent_at=sent_at(edition),
        unsubscribe=tuple(settings["BRIEFING_NEWSLETTER_UNSUBSCRIBE"]),
        list_id=f"{name} <{site_id}.{host}>",
        lang=settings["DEFAULT_LANG"],
    )
