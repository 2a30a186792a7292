"""The one sanitizing policy for everything rendered from content.

Article texts come from outside outlets and reach readers' browsers and
subscribers' feed readers; editors' notes and pages are held to the same
rules so that a pasted snippet cannot slip through a side door.  The policy is
an allowlist for nh3 (the binding of the Rust ammonia sanitizer): structure
and text elements only, no scripting, styling or embedding, URLs limited to
http, https, mailto and relative ones.  The classes and ids our Markdown
extension writes for annotations are the only ones kept.
"""

from __future__ import annotations

import html

import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "aside",
})

ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "aside": {"id"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "q": {"cite"},
    "sup": {"id"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "time": {"datetime"},
}

#: Classes our own markup carries; any other class is dropped.
ALLOWED_CLASSES = {
    "aside": {"annotation"},
    "sup": {"annotation-ref"},
    "span": {"annotation-number"},
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_html(fragment: str) -> str:
    """Return ``fragment`` with everything outside the allowlist removed."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(fragment: str) -> str:
    """The readable text of an HTML fragment: tags dropped, entities decoded.

    Script and style contents are removed with their tags, not kept as text.
    """
    text = nh3.clean(fragment, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html.unescape(text).split())
