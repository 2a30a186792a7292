"""What ``briefing import`` drops from an article pasted from a web page.

The rules are data: each is a name and a regular expression matched,
ignoring case, against one *whole* line of the pasted text (surrounding
spaces, bullets and arrows aside), and only against short lines, at most
:data:`MAX_LINE_LENGTH` characters.  So "Subscribe to our newsletter" on a
line of its own goes, but an article sentence that merely mentions
subscribing, sharing or cookies always stays.

A site adds its own patterns in ``pelicanconf.py``::

    BRIEFING_IMPORT_BOILERPLATE = [r"Listen to this article", r"Updated \\d+ hours? ago"]

They are matched the same way as the built-in rules; a pattern that is not
a regular expression stops the import with a message naming the setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The setting in which a site lists patterns of its own.
SETTING = "BRIEFING_IMPORT_BOILERPLATE"

#: Lines longer than this are article text, whatever they say.
MAX_LINE_LENGTH = 160

_PLATFORMS = (r"(?:facebook|twitter|x|instagram|linkedin|whatsapp|telegram|youtube|tiktok"
              r"|reddit|threads|bluesky|mastodon|vk|rumble|odysee|google news|flipboard"
              r"|pinterest|messenger|e-?mail)")
_TEASER_LABELS = (r"(?:read more|read also|also read|read next|see also|related"
                  r"|related (?:articles?|stories|story|coverage|content|news|reading|topics?)"
                  r"|recommended(?: stories| for you| reading)?|more on this(?: story| topic)?"
                  r"|you (?:may|might) also (?:like|be interested in)|must read"
                  r"|don[’']t miss|trending(?: now)?|most read|top stories"
                  r"|editor[’']?s picks?|watch|listen|video|photos|gallery)")

#: (name, pattern): the built-in rules, by what the line is.
RULES: tuple[tuple[str, str], ...] = (
    # "Share", "Share this article", "Share on Facebook"
    ("share", rf"share(?: this(?: article| story| page| post)?)?"
              rf"(?:(?: on| via| to)? {_PLATFORMS})?"),
    # A row of share buttons: "Facebook Twitter Email", "Print | Copy link"
    ("share buttons", rf"(?:(?:{_PLATFORMS}|print|copy link|comments?)[\s,|•·/]*)+"),
    # "Follow us", "Follow RT on Telegram", "Follow us on X and Facebook"
    ("follow", rf"follow us\b.*|follow (?:@?[\w.’'-]+ ){{1,4}}on {_PLATFORMS}"
               rf"(?:(?:,| and| &| or) {_PLATFORMS})*"),
    # "Subscribe", "Subscribe to our social media platforms to stay tuned"
    ("subscribe", rf"subscribe(?: now| today| here| for free)?|subscribe (?:to|for) (?:our|us)\b.*"
                  rf"|subscribe to (?:[\w’'-]+ ){{1,4}}on {_PLATFORMS}"
                  r"|already (?:a subscriber|have an account)\??.*|(?:log|sign) in"),
    # The outlet's own trailer: "The latest news in your social feeds"
    ("outlet trailer", r"the latest news in your social feeds|stay tuned\b.*"
                       r"|(?:get|for) (?:the|all the) latest (?:news|updates|headlines)\b.*"),
    # Teasers for other articles: "Read more: …", "READ MORE: …", "Also read", "Related:"
    ("teaser", rf"{_TEASER_LABELS}(?:\s*[:：|»›>→—–-].*)?"),
    # Cookie notices: "We use cookies to …", "Accept all cookies", "Cookie policy"
    ("cookies", r"(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b.*"
                r"|(?:accept|reject|allow|manage|customi[sz]e)(?: all)? cookies\b.*"
                r"|cookies? (?:settings|preferences|policy|consent|notice)"
                r"|by (?:continuing to (?:use|browse)|using) (?:this|our) (?:web)?site\b.*"
                r"|accept(?: all)?|reject(?: all)?|got it|i agree|manage preferences"
                r"|privacy policy|terms of (?:use|service)"),
    # Newsletter prompts: "Sign up for our daily newsletter", "Enter your email"
    ("newsletter", r"sign up(?: now| here| today| for free)?"
                   r"|sign up (?:for|to) .*"
                   r"\b(?:newsletters?|briefings?|e-?mails?|alerts|updates)\b.*"
                   r"|(?:get|receive|have) .*\b(?:to|in) your inbox\b.*"
                   r"|enter your e-?mail(?: address)?\b.*"
                   r"|(?:[\w’'-]+ ){0,5}newsletters?"),
    # Page furniture: adverts, reading time, photo credits
    ("page furniture", r"advertisements?|ad|sponsored(?: content)?"
                       r"|(?:story )?continues? (?:below|after)(?: (?:the )?advertisement)?"
                       r"|continue reading(?: below| the main story)?"
                       r"|scroll (?:down )?to continue(?: with content)?"
                       r"|\d+ min(?:ute)?s? read"
                       r"|(?:©|\(c\)|copyright)\s.*|(?:photo|image|picture|credit)s?:.*"),
)

#: Decoration around a boilerplate line that does not change what it is.
_LEADING = r"[\s•·|»›>→*-]*"
_TRAILING = r"[\s.!?:;…|»›>→*-]*"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern

    def matches(self, line: str) -> bool:
        return len(line) <= MAX_LINE_LENGTH and bool(self.pattern.fullmatch(line.strip()))


def compile_rule(name: str, pattern: str) -> Rule:
    return Rule(name, re.compile(f"{_LEADING}(?:{pattern}){_TRAILING}", re.IGNORECASE))


class RulesError(ValueError):
    """A site pattern that is not a regular expression."""


def boilerplate_rules(extra: Iterable[str] = ()) -> list[Rule]:
    """The built-in rules, then the site's own patterns."""
    if isinstance(extra, str) or not isinstance(extra, Iterable):
        raise RulesError(f"{SETTING}: must be a list of regular expressions (got {extra!r})")
    rules = [compile_rule(name, pattern) for name, pattern in RULES]
    for pattern in extra:
        try:
            if not isinstance(pattern, str):
                raise TypeError("not a string")
            rules.append(compile_rule(SETTING, pattern))
        except (re.error, TypeError) as error:
            raise RulesError(f"{SETTING}: not a regular expression: {error} "
                             f"(got {pattern!r})") from None
    return rules


def site_rules(settings: dict) -> list[Rule]:
    """The rules for a site: built-in, plus ``BRIEFING_IMPORT_BOILERPLATE``."""
    return boilerplate_rules(settings.get(SETTING) or ())


def boilerplate(line: str, rules: Iterable[Rule]) -> Rule | None:
    """The first rule that says ``line`` is page boilerplate, or None."""
    return next((rule for rule in rules if rule.matches(line)), None)
