"""The one sanitizing policy for everything rendered from content.

Article texts come from outside outlets and reach readers' browsers and
subscribers' feed readers; editors' notes, annotations, pages and edition
notes are held to the same rules so that a pasted snippet cannot slip
through a side door.  Every HTML fragment a page, a feed or a JSON file
carries goes through :func:`clean_html`; every plain-text field derived from
HTML through :func:`plain_text`.

The policy is an allowlist for nh3 (the binding of the Rust ammonia
sanitizer): structure and text elements only, no scripting, styling or
embedding, URLs limited to http, https, mailto and relative ones.  The
classes and ids our Markdown extension writes for annotations are the only
ones kept.  Then one pass that needs to know the site's own origin
(``site_url``, normally ``SITEURL``):

- a link that leaves the site gets ``rel="noopener noreferrer"``; links to
  the site itself and in-page ``#annotation-1`` anchors do not, so they keep
  behaving like the site's own navigation;
- an image served by anyone but the site becomes a plain link to it, so
  that no page makes a third-party request (the theme's
  Content-Security-Policy, ``theme/templates/partials/security_meta.html``,
  would block the image anyway; a link at least tells the reader it was
  there).

Without ``site_url`` only relative URLs count as the site's: the strict
reading, for callers that do not know where the HTML will be published.
Feeds, whose readers resolve nothing, take cleaned HTML through
:func:`with_absolute_links` once they know the page's address.

Metadata (titles, sources, tags ...) is text, never HTML, and never goes
through here: templates print it with autoescape, feeds as XML text (RSS
``<description>`` HTML-escaped), JSON files with ``json``.  JSON inside
``<script type="application/ld+json">`` is written with Jinja's ``|tojson``,
which escapes ``<``, ``>``, ``&`` and ``'`` as ``\\u003c`` ..., so a title
reading ``</script>`` cannot end the element (a test holds it to that).
A search index, if one is added, takes :func:`plain_text` and the fields.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

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

#: Elements removed together with everything inside them.  Their contents are
#: code, hidden fallbacks or foreign markup, never article text a reader
#: should see, and the nesting tricks of mutation XSS go through exactly
#: these (``<math><style>``, ``<svg><style>``, ``<noscript><p title=...>``).
CLEAN_CONTENT_TAGS = frozenset({
    "script", "style", "template", "noscript", "noembed", "noframes", "xmp",
    "iframe", "object", "applet", "frameset", "svg", "math", "textarea", "title",
})

#: The ``rel`` of every link that leaves the site: the target gets no handle
#: on our window and does not learn which page sent the reader.
EXTERNAL_LINK_REL = "noopener noreferrer"

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes={name: set(values) for name, values in ALLOWED_ATTRIBUTES.items()},
    allowed_classes={name: set(values) for name, values in ALLOWED_CLASSES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,  # no rel at all from authors; _SitePass adds ours to external links
    strip_comments=True,
)

_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=set(CLEAN_CONTENT_TAGS))

#: What browsers ignore in a URL: C0 controls and spaces at either end,
#: tabs and newlines anywhere (WHATWG URL, "basic URL parser").
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_INSIDE = re.compile(r"[\t\n\r]")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_URL_ATTRIBUTES = ("href", "src", "cite")
_SPACES_AND_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")

Origin = tuple[str, str, int]  # scheme, host, port: what "the same site" means


def origin(url: str) -> Origin | None:
    """Scheme, host and port of an absolute http(s) URL; None for anything else."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            return None
        return scheme, parts.hostname.lower(), parts.port or _DEFAULT_PORTS[scheme]
    except ValueError:  # a port that is no number
        return None


def stays_on_site(url: str, site: Origin | None) -> bool:
    """Does a browser resolve ``url`` (an href or src) to the site itself?

    The URL is read the way browsers read it: ignored characters dropped and
    ``\\`` taken for ``/``, so ``/\\evil.example/x`` is the host evil.example
    and not a path.  Relative paths and fragments stay on the site; anything
    with a scheme or a host counts only if its origin is ``site``.
    """
    url = _URL_INSIDE.sub("", _URL_EDGES.sub("", url)).replace("\\", "/")
    if url.startswith("//"):
        return site is not None and origin(f"{site[0]}:{url}") == site
    try:
        scheme = urlsplit(url).scheme
    except ValueError:  # a host in brackets that is no IPv6 address: not ours
        return False
    return not scheme or (site is not None and origin(url) == site)


def hides_a_scheme(url: str) -> bool:
    """Would ``url`` have a scheme we do not allow once spaces are squeezed out?

    nh3 reads ``jav  ascript:`` as a harmless relative path, and so do
    browsers, but some feed readers squeeze URLs first; no real link looks
    like that, so it goes.
    """
    found = _SCHEME.match(_SPACES_AND_CONTROLS.sub("", url).lower())
    return found is not None and found[1] not in URL_SCHEMES


#: nh3 writes every attribute as ``name="value"`` with ``"`` escaped in the
#: value, and never a raw ``<`` in text: so these read its output exactly.
#: Only the start tags whose URLs matter, and ``</a>`` to know when a link ends.
_URL_TAG = re.compile(r'<(a|img|blockquote|q)((?:\s[^\s="<>/]+="[^"]*")*)>|</a>')
_ATTRIBUTE = re.compile(r'\s([^\s="<>/]+)="([^"]*)"')


class _SitePass:
    """Settle what depends on where a URL points, in nh3's output.

    Rewrites only the start tags of ``a``, ``img``, ``blockquote`` and ``q``:
    every attribute it writes came through the allowlist, plus the ``rel``
    and the image links it adds itself.  (A regular expression over nh3's
    canonical serialization costs a fifth of re-parsing the fragment.)
    """

    def __init__(self, site: Origin | None):
        self.site = site
        self.open_links = 0

    def run(self, cleaned: str) -> str:
        return _URL_TAG.sub(self._settle, cleaned)

    def _settle(self, match: re.Match) -> str:
        tag = match[1]
        if tag is None:  # </a>
            self.open_links = max(0, self.open_links - 1)
            return match[0]
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match[2])}
        attributes = {name: value for name, value in attributes.items()
                      if not (name in _URL_ATTRIBUTES and hides_a_scheme(value))}
        if tag == "a":
            self.open_links += 1
            if "href" in attributes and not stays_on_site(attributes["href"], self.site):
                attributes["rel"] = EXTERNAL_LINK_REL
        elif tag == "img":
            if attributes.get("src") and not stays_on_site(attributes["src"], self.site):
                return self._image_as_link(attributes)
            # HTML requires alt; a pasted image without one is taken as decorative.
            attributes.setdefault("alt", "")
        return _start_tag(tag, attributes)

    def _image_as_link(self, attributes: dict[str, str]) -> str:
        """A third-party image: a link to it (just its text inside a link)."""
        alt = " ".join(attributes.get("alt", "").split())
        label = html.escape(f"Image: {alt}" if alt else "Image", quote=False)
        if self.open_links:  # links cannot nest
            return label
        link = {"href": attributes["src"], "rel": EXTERNAL_LINK_REL}
        return f"{_start_tag('a', link)}{label}</a>"


def _start_tag(tag: str, attributes: dict[str, str]) -> str:
    return "<" + tag + "".join(
        f' {name}="{html.escape(value, quote=True)}"' for name, value in attributes.items()
    ) + ">"


def clean_html(fragment: str, site_url: str | None = None) -> str:
    """Return ``fragment`` with everything outside the policy removed.

    ``site_url`` (``SITEURL``) tells the site's own links and images from
    everyone else's; see the module docstring.
    """
    site = origin(site_url) if site_url else None
    return _SitePass(site).run(_CLEANER.clean(fragment))


#: An href, src or cite that names no scheme.  Text that merely looks like one
#: costs a needless pass, nothing worse.
_RELATIVE_URL = re.compile(r'\s(?:href|src|cite)="(?![a-zA-Z][a-zA-Z0-9+.-]*:)')


def with_absolute_links(cleaned: str, base_url: str) -> str:
    """``cleaned`` (:func:`clean_html`'s output) with its relative URLs
    resolved against ``base_url``, for readers that resolve nothing (feeds).

    A URL is resolved as lxml's ``make_links_absolute`` does (``urljoin``
    of the stripped value); one urllib cannot read is dropped.  ``rel``
    stays as :func:`clean_html` settled it.  Tags without a relative URL
    are left as they are, and so is HTML without any.
    """
    if not _RELATIVE_URL.search(cleaned):
        return cleaned

    def resolve(match: re.Match) -> str:
        if match[1] is None:  # </a>
            return match[0]
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match[2])}
        relative = [name for name in _URL_ATTRIBUTES if name in attributes
                    and not _SCHEME.match(attributes[name].strip().lower())]
        for name in relative:
            try:
                attributes[name] = urljoin(base_url, attributes[name].strip())
            except ValueError:  # such as "//[": no reader could follow it
                del attributes[name]
        return _start_tag(match[1], attributes) if relative else match[0]

    return _URL_TAG.sub(resolve, cleaned)


def plain_text(fragment: str) -> str:
    """The readable text of an HTML fragment: tags dropped, entities decoded.

    Script, style and the other :data:`CLEAN_CONTENT_TAGS` go with their
    contents, not kept as text.  The result is text: print it escaped.
    """
    return " ".join(html.unescape(_TEXT_CLEANER.clean(fragment)).split())
