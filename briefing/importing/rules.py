"""What ``briefing import`` drops from an article taken from a web page.

The rules are data.  Most are a name and a regular expression matched,
ignoring case, against one *whole* line of the text (surrounding spaces,
bullets and arrows aside), and only against short lines, at most
:data:`MAX_LINE_LENGTH` characters.  So "Subscribe to our newsletter" on a
line of its own goes, but an article sentence that merely mentions
subscribing, sharing or cookies always stays.

Some page furniture is only recognisable in context, so two kinds of rule
also take the lines after them (``briefing/importing/cleaning.py`` applies them):

- a *list heading* ("Read more:", "Related topics", "More on this story")
  takes the short headline-like lines that follow it;
- a *banner* (a cookie notice) takes the button words that follow it
  ("OK", "Accept", "Manage settings"), which alone would be article text.

A *byline* ("By Jane Doe") and a *dateline* ("Published: 25 November 2026")
are dropped too, and tell the item its ``Source_Author`` and
``Source_Date``.

A site extends the rules in ``pelicanconf.py``::

    BRIEFING_IMPORT_BOILERPLATE = [r"Listen to this article", r"Updated \\d+ hours? ago"]
    BRIEFING_IMPORT_LIST_HEADINGS = [r"More from the Ledger"]
    BRIEFING_IMPORT_CREDITS = [r"Ledger Pictures"]

The first two are line patterns matched the same way as the built-in ones;
the third names photo agencies and wires whose credit ends a caption
("… / Ledger Pictures").  A pattern that is not a regular expression stops
the import with a message naming the setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The settings in which a site lists patterns of its own.
SETTING = "BRIEFING_IMPORT_BOILERPLATE"
LIST_HEADINGS_SETTING = "BRIEFING_IMPORT_LIST_HEADINGS"
CREDITS_SETTING = "BRIEFING_IMPORT_CREDITS"

#: Lines longer than this are article text, whatever they say.
MAX_LINE_LENGTH = 160

#: A line taken by a list heading is at most this long (a headline).
HEADLINE_LENGTH = 120

_PLATFORMS = (r"(?:facebook|twitter|x|instagram|linkedin|whatsapp|telegram|youtube|tiktok"
              r"|reddit|threads|bluesky|mastodon|vk|rumble|odysee|google news|flipboard"
              r"|pinterest|messenger|e-?mail)")
#: Labels of links to other articles; alone on a line, they head a list.
_LIST_LABELS = (r"(?:read more|read also|also read|read next|see also|related"
                r"|related (?:articles?|stories|story|coverage|content|news|reading|topics?|links?)"
                r"|recommended(?: stories| for you| reading)?"
                r"|more (?:on|about) this(?: story| topic)?"
                r"|more (?:stories|news|from (?:[\w’'-]+ ){0,3}[\w’'-]+)|topics|in this story"
                r"|you (?:may|might) also (?:like|be interested in)|must read"
                r"|don[’']t miss|trending(?: now)?|most (?:read|popular|viewed|shared)"
                r"|top stories|latest (?:news|stories)|editor[’']?s picks?"
                r"|اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|(?:مواضيع|أخبار|مقالات) ذات صلة"
                r"|קראו עוד|קראו גם|עוד בנושא|כתבות נוספות"
                r"|相关阅读|相关新闻|相关文章|延伸阅读|推荐阅读|热门文章|關聯閱讀|相關新聞"
                r"|関連記事|あわせて読みたい|관련 기사)")
_TEASER_LABELS = rf"(?:{_LIST_LABELS}|watch|listen|video|photos|gallery)"

#: Photo agencies and wires whose credit ends a caption ("… / Reuters").
CREDITS: tuple[str, ...] = (
    r"reuters", r"ap(?: photo)?", r"associated press", r"afp", r"agence france-presse",
    r"getty(?: images)?", r"epa(?:-efe)?", r"efe", r"bloomberg", r"shutterstock", r"alamy",
    r"pa(?: images| wire| media)?", r"anadolu(?: agency)?", r"xinhua", r"tass", r"sputnik",
    r"ria novosti", r"dpa", r"anp", r"kyodo", r"yonhap", r"aap", r"nurphoto", r"sopa images",
    r"zuma(?: press| wire)?", r"imago", r"keystone", r"wireimage", r"pool", r"handout",
    r"file photo", r"ansa", r"belga", r"ntb", r"tt", r"ritzau", r"lehtikuva", r"wafa",
    r"wana", r"irna", r"tasnim", r"isna", r"mehr", r"ips", r"cna", r"yna",
)

#: (name, pattern): lines that are page furniture wherever they stand.
RULES: tuple[tuple[str, str], ...] = (
    # "Share", "Share this article", "Share on Facebook"
    ("share", rf"share(?: this(?: article| story| page| post)?)?"
              rf"(?:(?: on| via| to)? {_PLATFORMS})?"),
    # A row of share buttons: "Facebook Twitter Email", "Print | Copy link"
    ("share buttons", rf"(?:(?:{_PLATFORMS}|print|copy link|comments?)[\s,|•·/]*)+"),
    # Share counts: "1.2K shares", "Shares: 345"
    ("share count", r"[\d.,]+\s*[km]?\s*(?:shares?|likes?|views?|reactions?|reposts?|retweets?)"
                    r"|(?:shares?|likes?|views?)\s*[:(]?\s*[\d.,]+\s*[km]?\)?"),
    # "Follow us", "Follow RT on Telegram", "Follow us on X and Facebook"
    ("follow", rf"follow us\b.*|follow (?:@?[\w.’'-]+ ){{1,4}}on {_PLATFORMS}"
               rf"(?:(?:,| and| &| or) {_PLATFORMS})*"),
    # "Subscribe", "Subscribe to our social media platforms to stay tuned"
    ("subscribe", rf"subscribe(?: now| today| here| for free)?|subscribe (?:to|for) (?:our|us)\b.*"
                  rf"|subscribe to (?:[\w’'-]+ ){{1,4}}on {_PLATFORMS}"
                  r"|already (?:a subscriber|have an account)\??.*|(?:log|sign) in"),
    # The outlet's own trailer: "The latest news in your social feeds"
    ("outlet trailer", r"the latest news in your social feeds|stay tuned\b.*"
                       r"|(?:get|for) (?:the|all the) latest (?:news|updates|headlines)\b.*"
                       r"|our standards:.*|all rights reserved\.?"
                       r"|(?:责任编辑|責任編輯|编辑|編輯)\s*[:：].*"
                       r"|(?:additional )?reporting by .*;\s*(?:writing|editing) by .*"),
    # Teasers for other articles: "Read more: …", "READ MORE: …", "Also read", "Related:"
    ("teaser", rf"{_TEASER_LABELS}(?:\s*[:：|»›>→—–-].*)?"),
    # Breadcrumbs: "Home / World / Shipping", "News › Europe"
    ("breadcrumb", r"(?:home|homepage|start|news|startseite|accueil|inicio|首页|主页|ホーム"
                   r"|الرئيسية|ראשי|דף הבית)(?:\s*[/>›»|]\s*[^/>›»|.!?]{1,40}){1,6}"
                   r"|[^/>›»|.!?]{1,30}(?:\s+[/>›»]\s+[^/>›»|.!?]{1,30}){2,6}"),
    # Comment counts and links: "Comments (12)", "12 comments", "View comments"
    ("comments", r"comments?\s*[(:]?\s*\d[\d,.]*\s*\)?|\d[\d,.]*\s*comments?"
                 r"|(?:view|show|read|see|hide|load|jump to|go to|add|post|leave|write)"
                 r" (?:a |the |all |\d+ )?comments?|be the first to comment"
                 r"|join the (?:discussion|conversation)|comments? (?:are )?closed"),
    # "Updated 2 hours ago" (a dateline with a date is read, not matched here)
    ("updated", r"(?:last )?updated:?\s*\d+\s*(?:sec|min|hour|hr|day|week)\w* ago"),
    # "Listen to this article", reading times: "4 min read", "Reading time: 3 minutes"
    ("listen and reading time",
     r"listen(?: to)?(?: this| the)? (?:article|story)(?:\s*[·•|,-]?\s*[\d:]+\s*(?:min\w*)?)?"
     r"|listen\s*[·•|-]?\s*\d+\s*min\w*|(?:play|hear) (?:the )?(?:audio|article|story)"
     r"|audio (?:article|version)|(?:estimated )?reading time:?\s*\d+\s*min\w*"
     r"|\d+[- ]min(?:ute)?s?(?: read| reading time| listen)"),
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
    # Page furniture: adverts, photo credits and captions
    ("page furniture", r"advertisements?|ad|sponsored(?: content)?"
                       r"|(?:story )?continues? (?:below|after)(?: (?:the )?advertisement)?"
                       r"|continue reading(?: below| the main story)?"
                       r"|scroll (?:down )?to continue(?: with content)?"
                       r"|(?:©|\(c\)|copyright)\s.*"),
)

#: Captions and credits: "Photo: …", "Image caption, …", or a line ending in
#: an agency's credit ("… / Reuters", "(Getty Images)").  ``{credits}`` is
#: filled in with :data:`CREDITS` and the site's own.
CAPTION = (r"(?:photo(?:graph)?|image|picture|pic|foto|credit|illustration)s?"
           r"(?: caption| credit| source)?\s*[:,].*"
           r"|.*[.!?]\s+(?:photo(?:graph)?|picture|credit)s?:\s*\S.*"
           r"|.*(?:/|\|)\s*(?:{credits})(?:\s*(?:/|via)\s*(?:{credits}))*"
           r"|.*\((?:[^()]*[\s/:])?(?:{credits})(?:\s*(?:/|via)\s*[^()]*)?\)"
           r"|.*[.)]\s+(?:{credits})\s*/\s*[^/.]{1,40}"
           r"|.*\bvia getty images")

#: Cookie banners: the notice, then the buttons that follow it.
BANNERS: tuple[tuple[str, str, str], ...] = (
    ("cookie banner",
     r"(?:we|this (?:web)?site|our (?:web)?site|we and our partners) (?:use|store)s? cookies\b.*"
     r"|cookies? (?:settings|preferences|policy|consent|notice)"
     r"|(?:your )?privacy choices|we value your privacy",
     r"ok(?:ay)?|accept(?: all| cookies| all cookies)?|reject(?: all)?|decline(?: all)?"
     r"|(?:i )?agree|got it|allow(?: all)?|(?:manage|customi[sz]e) (?:settings|preferences"
     r"|cookies|options|choices)|(?:cookie )?settings|preferences|more (?:info|information"
     r"|options)|learn more|close|continue|dismiss|x|✕|×|save (?:settings|preferences"
     r"|choices)|(?:only )?(?:strictly )?necessary(?: only| cookies only)?|essential only"),
)

#: Who wrote the article: "By Jane Doe", "By Jane Doe and John Roe, Reuters".
#: ``author`` is the name(s); a trailing ", <credit>" or "in <place>" is not.
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w’'.-]*"
_NAME = (rf"(?-i:{_CAPITALISED}(?:\s+(?:{_CAPITALISED}"
         r"|van|von|de|der|da|del|di|la|le|bin|al|el|ibn)){0,4})")
_SCRIPT_NAME = r"[^\W\d_][\w’'.-]*(?:\s+[^\W\d_][\w’'.-]*){0,3}"
BYLINE = (rf"(?:(?-i:by|By|BY|von|Von|par|Par|por|Por|door|Door)\s+(?P<author>{_NAME}"
          rf"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+und\s+|\s+et\s+|\s+y\s+){_NAME}){{0,4}})"
          rf"|(?:بقلم|كتب|كتبت|מאת|记者|記者|文|作者|撰文)\s*[:：/／・]?\s*(?P<other>{_SCRIPT_NAME}))"
          r"(?:\s+in\s+[\w .’'-]+)?(?:\s*(?:,|\||–|—|\bfor\b)\s*(?P<outlet>[^,|·•\d]{1,40}))?")

#: When the source published it: "Published: 25 November 2026, 14:30 GMT".
#: ``date`` is read by :mod:`dateparser`; "Updated …" lines go, unread.
DATELINE = (r"(?:(?:first )?published|posted|publication date|date published|veröffentlicht"
            r"|publié(?: le)?|publicado|pubblicato|نُشر|نشر|تاريخ النشر|פורסם|发布时间|发布于"
            r"|發佈|公開日|公開)(?: on| at| am| el| il| في)?\s*[:：]?\s*(?P<date>.+?)"
            rf"(?:\s+(?-i:by|By)\s+(?P<author>{_NAME}))?")
UPDATED = (r"(?:last )?(?:updated|modified|edited|aktualisiert|mis à jour|actualizado"
           r"|aggiornato|تم التحديث|حُدّث|עודכן|更新(?:时间|日)?)(?: on| at| am)?"
           r"\s*[:：]?\s*(?P<date>.+)")
#: A line that is nothing but a date is a dateline if :mod:`dateparser` reads it.
BARE_DATE = (r"(?P<date>[\w ,./:-]{0,30}\b(?:19|20)\d\d\b[\w ,./:+-]{0,30}"
             r"|\d{4}年\d{1,2}月\d{1,2}日.{0,12})")

#: Decoration around a boilerplate line that does not change what it is.
_LEADING = r"[\s•·|»›>→*-]*"
_TRAILING = r"[\s.!?:;…|»›>→*-]*"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern

    def match(self, line: str) -> re.Match | None:
        return self.pattern.fullmatch(line.strip()) if len(line) <= MAX_LINE_LENGTH else None

    def matches(self, line: str) -> bool:
        return self.match(line) is not None


@dataclass(frozen=True)
class Banner:
    """A notice and the button words that follow it."""

    notice: Rule
    buttons: Rule


@dataclass(frozen=True)
class Rules:
    """Every rule for one site: built-in ones, then the site's own."""

    lines: tuple[Rule, ...]
    list_headings: tuple[Rule, ...]
    banners: tuple[Banner, ...]
    byline: Rule
    dateline: Rule
    updated: Rule
    bare_date: Rule
    credits: re.Pattern  # a whole credit, to cut from a byline's end


def compile_rule(name: str, pattern: str) -> Rule:
    return Rule(name, re.compile(f"{_LEADING}(?:{pattern}){_TRAILING}", re.IGNORECASE))


class RulesError(ValueError):
    """A site pattern that is not a regular expression."""


def site_patterns(setting: str, extra) -> list[str]:
    """The patterns a site gives in ``setting``, each checked to compile."""
    if extra is None:
        return []
    if isinstance(extra, str) or not isinstance(extra, Iterable):
        raise RulesError(f"{setting}: must be a list of regular expressions (got {extra!r})")
    patterns = list(extra)
    for pattern in patterns:
        try:
            if not isinstance(pattern, str):
                raise TypeError("not a string")
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise RulesError(f"{setting}: not a regular expression: {error} "
                             f"(got {pattern!r})") from None
    return patterns


def boilerplate_rules(extra: Iterable[str] = (), list_headings: Iterable[str] = (),
                      credits: Iterable[str] = ()) -> Rules:
    """The built-in rules, then the site's own patterns."""
    extra = site_patterns(SETTING, extra)
    headings = site_patterns(LIST_HEADINGS_SETTING, list_headings)
    all_credits = "|".join([*CREDITS, *site_patterns(CREDITS_SETTING, credits)])
    lines = [compile_rule(name, pattern) for name, pattern in RULES]
    lines.append(compile_rule("caption", CAPTION.replace("{credits}", all_credits)))
    lines += [compile_rule(SETTING, pattern) for pattern in extra]
    return Rules(
        lines=tuple(lines),
        list_headings=tuple(compile_rule("teaser list", pattern)
                            for pattern in [_LIST_LABELS, *headings]),
        banners=tuple(Banner(compile_rule(name, notice), compile_rule(name, buttons))
                      for name, notice, buttons in BANNERS),
        byline=compile_rule("byline", BYLINE),
        dateline=compile_rule("dateline", DATELINE),
        updated=compile_rule("dateline", UPDATED),
        bare_date=compile_rule("dateline", BARE_DATE),
        credits=re.compile(f"(?:{all_credits})", re.IGNORECASE),
    )


def site_rules(settings: dict) -> Rules:
    """The rules for a site: built-in, plus its ``BRIEFING_IMPORT_*`` patterns."""
    return boilerplate_rules(settings.get(SETTING) or (),
                             settings.get(LIST_HEADINGS_SETTING) or (),
                             settings.get(CREDITS_SETTING) or ())


def boilerplate(line: str, rules: Iterable[Rule]) -> Rule | None:
    """The first line rule that says ``line`` is page boilerplate, or None."""
    return next((rule for rule in rules if rule.matches(line)), None)
