"""The one sanitizing policy: clean_html, plain_text, and BodyRenderer's use of them.

Also the JSON-LD rule: Jinja's ``|tojson``, as Pelican's environment is set
up, keeps JSON inside ``<script type="application/ld+json">`` from ending it.
"""

from __future__ import annotations

import json

import jinja2
import lxml.html
import pytest
from conftest import PELICANCONF
from pelican.settings import read_settings

from briefing.content.rendering import BodyRenderer
from briefing.content.sanitize import (
    EXTERNAL_LINK_REL,
    clean_html,
    plain_text,
    stays_on_site,
    with_absolute_links,
)

SITE = "https://briefing.example.org"

MARKDOWN_SETTINGS = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.meta"],
    "extension_configs": {"briefing.content.editor_notes": {}},
    "output_format": "html5",
}


def tree(fragment: str):
    return lxml.html.fragment_fromstring(fragment or "", create_parent="div")


def hrefs(fragment: str) -> list[str | None]:
    return [a.get("href") for a in tree(fragment).iter("a")]


# -- elements ---------------------------------------------------------------------------


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>",
    "<script src='https://evil.example/x.js'></script>",
    "<style>body { display: none }</style>",
    "<iframe src='https://evil.example/'></iframe>",
    "<object data='https://evil.example/x.swf'></object>",
    "<embed src='https://evil.example/x.swf'>",
    "<form action='https://evil.example/'><input name='q'><button>Go</button></form>",
    "<svg onload='alert(1)'><circle r='5'/></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi>x</mi></math>",
    "<link rel='stylesheet' href='https://evil.example/x.css'>",
    "<meta http-equiv='refresh' content='0;url=https://evil.example/'>",
    "<base href='https://evil.example/'>",
])
def test_dangerous_elements_are_removed(markup):
    cleaned = clean_html(f"<p>before</p>{markup}<p>after</p>")
    assert cleaned.startswith("<p>before</p>")
    assert cleaned.endswith("<p>after</p>")
    tag = markup[1:].split()[0].split(">")[0]
    assert f"<{tag}" not in cleaned
    assert "alert" not in cleaned
    assert "evil.example" not in cleaned


@pytest.mark.parametrize(("markup", "text"), [
    ("<script>alert(1)</script>", "alert"),
    ("<style>p { color: red }</style>", "color"),
])
def test_script_and_style_contents_are_removed_with_the_tag(markup, text):
    assert text not in clean_html(f"<p>x</p>{markup}")


def test_structure_and_text_elements_are_kept():
    markup = (
        "<h2>Head</h2><p><a href=\"https://e.com/\">l</a> <em>e</em> <strong>s</strong> "
        "<code>c</code> <sup>1</sup></p><blockquote><p>q</p></blockquote>"
        "<ul><li>i</li></ul><table><tbody><tr><td>t</td></tr></tbody></table>"
        "<img src=\"https://e.com/a.png\" alt=\"a\"><figure><figcaption>f</figcaption></figure>"
    )
    root = tree(clean_html(markup, site_url="https://e.com"))  # e.com's own image
    kept = {el.tag for el in root.iter()} - {"div"}
    assert kept >= {"h2", "p", "a", "em", "strong", "code", "sup", "blockquote", "ul", "li",
                    "table", "tbody", "tr", "td", "img", "figure", "figcaption"}


# -- attributes --------------------------------------------------------------------------


@pytest.mark.parametrize("attribute", [
    'onclick="alert(1)"', 'onmouseover="alert(1)"', 'onerror="alert(1)"', "onload=alert(1)",
    'ONCLICK="alert(1)"', 'onfocus="alert(1)" autofocus',
])
def test_event_handler_attributes_are_removed(attribute):
    cleaned = clean_html(f'<p {attribute}>text</p><img src="https://e.com/a.png" {attribute}>')
    assert "alert" not in cleaned
    for element in tree(cleaned).iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]


def test_image_onerror_is_removed():
    cleaned = clean_html("<img src=x onerror=alert(1)>")
    [img] = tree(cleaned).iter("img")
    assert dict(img.attrib) == {"src": "x", "alt": ""}


def test_style_attribute_is_removed():
    cleaned = clean_html('<p style="position:fixed;top:0">text</p><span style="color:red">s</span>')
    assert "style" not in cleaned
    assert "position" not in cleaned
    assert cleaned == "<p>text</p><span>s</span>"


def test_text_attributes_are_kept():
    cleaned = clean_html('<p lang="fa" dir="rtl" title="t">text</p>')
    [p] = tree(cleaned).iter("p")
    assert dict(p.attrib) == {"lang": "fa", "dir": "rtl", "title": "t"}


# -- URLs -----------------------------------------------------------------------------------

DANGEROUS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "  \tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "jav&#x61;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    # Harmless to browsers (a relative path), but not to readers that squeeze URLs.
    "jav    ascript:alert(1)",
    "java script:alert(1)",
    "d a t a:text/html,alert(1)",
]


@pytest.mark.parametrize("url", DANGEROUS_URLS)
def test_dangerous_url_in_href_is_removed(url):
    cleaned = clean_html(f'<a href="{url}">click</a>')
    assert hrefs(cleaned) == [None]
    assert "click" in cleaned


@pytest.mark.parametrize("url", DANGEROUS_URLS)
def test_dangerous_url_in_src_is_removed(url):
    cleaned = clean_html(f'<img src="{url}" alt="pic">')
    [img] = tree(cleaned).iter("img")
    assert img.get("src") is None
    assert img.get("alt") == "pic"


def test_data_url_image_is_removed():
    cleaned = clean_html('<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">')
    assert "data:" not in cleaned


@pytest.mark.parametrize("url", [
    "https://www.rt.com/news/example/",
    "http://example.com/a?b=1&c=2",
    "mailto:desk@example.com",
    "/2026/11/26/cia-videos/",
    "../other/",
    "page.html",
    "#annotation-1",
])
def test_safe_urls_are_kept(url):
    cleaned = clean_html(f'<a href="{url}">link</a>')
    assert hrefs(cleaned) == [url]


def test_external_links_get_rel_noopener_noreferrer_and_relative_ones_do_not():
    cleaned = clean_html('<a href="https://e.com/">a</a><a href="/b">b</a>')
    assert [a.get("rel") for a in tree(cleaned).iter("a")] == ["noopener noreferrer", None]


@pytest.mark.parametrize("url", [
    "#annotation-1",
    "/2026/11/26/cia-videos/",
    "../other/",
    "page.html",
    "?page=2",
    f"{SITE}/archives/",
    f"{SITE}/2026/11/26/cia-videos/#annotation-2",
    "HTTPS://Briefing.Example.ORG/tags/",
    "https://briefing.example.org:443/tags/",
    "//briefing.example.org/tags/",
])
def test_the_sites_own_links_get_no_rel(url):
    [a] = tree(clean_html(f'<a href="{url}">x</a>', site_url=SITE)).iter("a")
    assert (a.get("href"), a.get("rel")) == (url, None)


@pytest.mark.parametrize("url", [
    "https://www.rt.com/news/example/",
    "http://briefing.example.org/tags/",  # another scheme is another origin
    "https://briefing.example.org:8443/tags/",
    "https://briefing.example.org.evil.example/",
    "https://evil.example/?next=https://briefing.example.org/",
    "//evil.example/",
    "/\\evil.example/",
    " //evil.example/",
    "mailto:desk@example.com",
])
def test_links_leaving_the_site_get_rel(url):
    [a] = tree(clean_html(f'<a href="{url}">x</a>', site_url=SITE)).iter("a")
    assert a.get("rel") == EXTERNAL_LINK_REL


def test_without_a_site_url_only_relative_links_are_the_sites():
    cleaned = clean_html(f'<a href="{SITE}/x/">a</a><a href="/x/">b</a><a href="#n">c</a>')
    assert [a.get("rel") for a in tree(cleaned).iter("a")] == [EXTERNAL_LINK_REL, None, None]


@pytest.mark.parametrize(("url", "on_site"), [
    ("/\\evil.example/x.png", False),  # browsers read \ as /: host evil.example
    ("/\t/\tevil.example/x.png", False),  # tabs inside a URL are dropped
    ("\x01//evil.example/", False),
    ("/images/x.png", True),
    ("images/x.png", True),
    ("https://briefing.example.org/x.png", True),
    ("https://briefing.example.org:99999/", False),  # no port at all
])
def test_stays_on_site_reads_urls_like_a_browser(url, on_site):
    assert stays_on_site(url, ("https", "briefing.example.org", 443)) is on_site


def test_author_rel_and_target_are_replaced():
    cleaned = clean_html('<a href="https://e.com/" rel="opener" target="_blank">a</a>')
    [a] = tree(cleaned).iter("a")
    assert a.get("rel") == "noopener noreferrer"
    assert a.get("target") is None


def test_author_rel_on_an_internal_link_is_dropped():
    [a] = tree(clean_html('<a href="/x/" rel="opener nofollow">a</a>')).iter("a")
    assert a.get("rel") is None


# -- images from third parties -----------------------------------------------------------


@pytest.mark.parametrize("src", [
    "https://tracker.example/pixel.gif",
    "//tracker.example/pixel.gif",
    "/\\tracker.example/pixel.gif",
    "http://briefing.example.org/pixel.gif",
])
def test_a_third_party_image_becomes_a_link_to_it(src):
    cleaned = clean_html(f'<p>A <img src="{src}" alt="chart  of\nsales"> here.</p>',
                         site_url=SITE)
    root = tree(cleaned)
    assert list(root.iter("img")) == []
    [a] = root.iter("a")
    assert (a.get("href"), a.get("rel"), a.text) == (src, EXTERNAL_LINK_REL,
                                                     "Image: chart of sales")


def test_a_third_party_image_without_alt_is_a_link_named_image():
    [a] = tree(clean_html('<img src="https://t.example/p.gif">', site_url=SITE)).iter("a")
    assert a.text == "Image"


def test_a_third_party_image_inside_a_link_leaves_its_text_not_a_nested_link():
    cleaned = clean_html('<a href="https://e.com/"><img src="https://t.example/p.png" alt="p">'
                         "</a>", site_url=SITE)
    root = tree(cleaned)
    [a] = root.iter("a")
    assert (a.get("href"), a.text_content(), list(root.iter("img"))) == (
        "https://e.com/", "Image: p", [])


@pytest.mark.parametrize("src", ["/images/a.png", "a.png", f"{SITE}/images/a.png"])
def test_the_sites_own_images_stay_images(src):
    [img] = tree(clean_html(f'<img src="{src}" alt="a">', site_url=SITE)).iter("img")
    assert img.get("src") == src


# -- output that cannot be misread ------------------------------------------------------------


def test_angle_brackets_in_attribute_values_are_escaped():
    cleaned = clean_html('<abbr title="]]></content><script>x</script>">a</abbr>')
    assert "<script" not in cleaned and "]]>" not in cleaned
    [abbr] = tree(cleaned).iter("abbr")
    assert abbr.get("title") == "]]></content><script>x</script>"


def test_text_stays_escaped_and_no_break_spaces_stay_visible():
    cleaned = clean_html("<p>AT&amp;T &lt;b&gt; a&nbsp;b</p><pre>  x &lt; y\n  z</pre>")
    assert cleaned == "<p>AT&amp;T &lt;b&gt; a&nbsp;b</p><pre>  x &lt; y\n  z</pre>"


MUTATION_XSS = [
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>",
    "<math><mi><style><img src=x onerror=alert(1)></style></mi></math>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>"></svg>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<math><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)>',
    '<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<template><img src=x onerror=alert(1)></template>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    "<title><img src=x onerror=alert(1)></title>",
    "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "<style><style/><img src=x onerror=alert(1)></style>",
    '<a href="java&#x09;script:alert(1)">x</a><img src="jav\tascript:alert(1)">',
]


@pytest.mark.parametrize("markup", MUTATION_XSS)
def test_mutation_xss_nesting_leaves_nothing_that_runs(markup):
    cleaned = clean_html(markup, site_url=SITE)
    # Parsed again, as a browser or a feed reader would, and cleaned again.
    for fragment in (cleaned, clean_html(cleaned, site_url=SITE)):
        lowered = fragment.lower()
        for needle in ("<script", "<style", "<svg", "<math", "<iframe", "<noscript",
                       "<template", "onerror", "javascript"):
            assert needle not in lowered
        for element in tree(fragment).iter():
            assert not [name for name in element.attrib if name.lower().startswith("on")]


@pytest.mark.parametrize("markup", [
    '<p>A <a href="https://e.com/">link</a> and <a href="#annotation-1">1</a>.</p>',
    '<img src="https://t.example/p.gif" alt="p"><img src="/local.png" alt="l">',
    '<p title="a &lt;b&gt; &quot;c&quot;">x&nbsp;&amp;</p>',
    *MUTATION_XSS,
])
def test_cleaning_twice_changes_nothing(markup):
    """Feeds clean HTML that pages already cleaned: the policy is a fixed point."""
    once = clean_html(markup, site_url=SITE)
    assert clean_html(once, site_url=SITE) == once


# -- classes --------------------------------------------------------------------------------


def test_our_annotation_classes_are_kept():
    markup = (
        '<p>Claim<sup class="annotation-ref" id="annotation-ref-1">'
        '<a href="#annotation-1">1</a></sup></p>'
        '<aside class="annotation" id="annotation-1"><p>'
        '<span class="annotation-number">1</span> Note.</p></aside>'
    )
    root = tree(clean_html(markup))
    [sup] = root.iter("sup")
    [aside] = root.iter("aside")
    [span] = root.iter("span")
    assert (sup.get("class"), sup.get("id")) == ("annotation-ref", "annotation-ref-1")
    assert (aside.get("class"), aside.get("id")) == ("annotation", "annotation-1")
    assert span.get("class") == "annotation-number"


@pytest.mark.parametrize("markup", [
    '<p class="lead">x</p>',
    '<div class="annotation">x</div>',
    '<span class="annotation">x</span>',
    '<aside class="sidebar">x</aside>',
    '<sup class="footnote-ref">x</sup>',
    '<a class="button" href="/x">x</a>',
])
def test_other_classes_are_dropped(markup):
    cleaned = clean_html(markup)
    assert [el.get("class") for el in tree(cleaned) if el.get("class")] == []
    assert markup.split('"')[1] not in cleaned


def test_only_our_class_survives_a_mixed_class_list():
    [aside] = tree(clean_html('<aside class="annotation evil hidden">x</aside>')).iter("aside")
    assert aside.get("class") == "annotation"


def test_comments_are_removed():
    assert clean_html("<p>a<!-- secret --></p>") == "<p>a</p>"


# -- plain_text -------------------------------------------------------------------------------


def test_plain_text_drops_tags():
    assert plain_text('<p>The <em>agency</em> <a href="/x">said</a>.</p>') == "The agency said."


def test_plain_text_drops_script_and_style_contents():
    assert plain_text(
        "<p>Before <script>alert(1)</script>after<style>p{color:red}</style>.</p>"
    ) == "Before after."


def test_plain_text_decodes_entities():
    assert plain_text("<p>AT&amp;T &lt;b&gt; &#8217;quoted&rsquo; caf&eacute;</p>") == (
        "AT&T <b> \u2019quoted\u2019 caf\u00e9")


@pytest.mark.parametrize("markup", [
    "<template>hidden</template>", "<noscript>hidden</noscript>", "<svg><text>hidden</text></svg>",
    "<textarea>hidden</textarea>", "<math><mi>hidden</mi></math>",
])
def test_plain_text_and_clean_html_drop_hidden_and_foreign_contents(markup):
    assert plain_text(f"<p>shown {markup}</p>") == "shown"
    assert "hidden" not in clean_html(f"<p>shown {markup}</p>")


def test_plain_text_collapses_whitespace():
    assert plain_text("<p>one\n  two</p>\n\n<p>three&nbsp;four</p>") == "one two three four"


# -- through the body renderer ------------------------------------------------------------------

HOSTILE_BODY = """The agency <script>alert('article')</script> said.[^a]

<img src=x onerror=alert(1)>

<script>alert('block')</script>

<div onclick="alert(2)" style="color:red">Raw block.</div>

[click](javascript:alert(3)) and <a href="jav&#x61;script:alert(4)">this</a>.

## Editor's notes

Why it matters <img src=x onerror=alert(5)> now.[^b]

<iframe src="https://evil.example/"></iframe>

[^a]: Note with <script>alert(6)</script> and <img src=x onerror=alert(7)>.
[^b]: Another <a href="javascript:alert(8)">note</a>.
"""


@pytest.fixture(scope="module")
def hostile():
    return BodyRenderer(MARKDOWN_SETTINGS).render(HOSTILE_BODY)


def _every_html(rendered) -> dict[str, str]:
    parts = {
        "content": str(rendered.content),
        "article_html": str(rendered.article_html),
        "notes_html": str(rendered.notes_html),
    }
    parts.update({f"annotation {a.number}": str(a.note_html) for a in rendered.annotations})
    return parts


def test_renderer_output_has_every_part(hostile):
    assert hostile.has_notes
    assert len(hostile.annotations) == 2
    assert "Raw block." in str(hostile.article_html)
    assert "Why it matters" in str(hostile.notes_html)


@pytest.mark.parametrize("needle", [
    "<script", "onerror", "onclick", "alert", "javascript", "<iframe", "style=", "evil.example",
])
def test_renderer_output_never_holds_hostile_markup(hostile, needle):
    for name, part in _every_html(hostile).items():
        assert needle not in part.lower(), name


def test_renderer_keeps_annotation_markup_after_sanitizing(hostile):
    root = tree(str(hostile.content))
    assert len(root.xpath("//aside[@class='annotation']")) == 2
    assert len(root.xpath("//sup[@class='annotation-ref']")) == 2
    assert len(root.xpath("//span[@class='annotation-number']")) == 2


def test_renderer_summary_and_passages_hold_no_script_text(hostile):
    assert "alert" not in hostile.summary
    for annotation in hostile.annotations:
        assert "alert" not in annotation.passage


def test_renderer_ignores_meta_so_a_colon_line_stays_article_text():
    rendered = BodyRenderer(MARKDOWN_SETTINGS).render("Update: the agency replied.\n\nMore.\n")
    assert "Update: the agency replied." in str(rendered.article_html)


def test_renderer_resets_between_documents():
    renderer = BodyRenderer(MARKDOWN_SETTINGS)
    first = renderer.render("Claim.[^a]\n\n## Editor's notes\n\nNote.\n\n[^a]: A.\n")
    second = renderer.render("Plain text.\n")
    assert first.has_notes and first.annotations
    assert not second.has_notes
    assert second.annotations == []
    assert second.summary == "Plain text."


def test_renderer_tells_the_sites_links_from_others_by_its_site_url():
    renderer = BodyRenderer(MARKDOWN_SETTINGS, site_url=SITE)
    rendered = renderer.render(
        f"[ours]({SITE}/about/), [theirs](https://e.com/) and a claim.[^a]\n\n"
        "![pixel](https://t.example/p.gif)\n\n[^a]: A note.\n")
    root = tree(str(rendered.content))
    rel = {a.get("href"): a.get("rel") for a in root.iter("a")}
    assert rel == {f"{SITE}/about/": None, "https://e.com/": EXTERNAL_LINK_REL,
                   "#annotation-1": None, "https://t.example/p.gif": EXTERNAL_LINK_REL}
    assert list(root.iter("img")) == []


# -- JSON-LD ----------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "</script><script>alert(1)</script>",
    "</SCRIPT ><!--<script>",
    "]]> & 'single' \"double\" \\u003c/script\\u003e",
    "\u2028line\u2029separators",
]


@pytest.fixture(scope="module")
def site_jinja():
    """A Jinja environment configured the way Pelican configures the site's."""
    settings = read_settings(PELICANCONF)
    return jinja2.Environment(**settings["JINJA_ENVIRONMENT"])


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_tojson_keeps_json_ld_inside_its_script_element(site_jinja, value):
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": value,
            "keywords": [value, "plain"], "author": {"name": value}}
    page = site_jinja.from_string(
        '<html><head><script type="application/ld+json">{{ data|tojson }}</script>'
        "</head><body><p>after</p></body></html>").render(data=data)
    root = lxml.html.document_fromstring(page)
    [script] = root.iter("script")
    assert "</script" not in script.text.lower() and "<!--" not in script.text
    assert json.loads(script.text) == data
    assert root.findtext(".//p") == "after"


def test_an_image_without_alt_gets_an_empty_one_so_pages_stay_valid():
    assert clean_html('<p><img src="chart.png"></p>') == '<p><img src="chart.png" alt=""></p>'
    assert 'alt="A chart"' in clean_html('<img src="chart.png" alt="A chart">')


@pytest.mark.parametrize("url", ["mailto:\\\\[", "//[", "/\\[x", "\\\\[", "https://[::1", "//a]b/"])
def test_a_url_urllib_cannot_read_is_taken_for_a_foreign_one_and_never_fails(url):
    """urllib raises on a bracketed host that is no IPv6 address; a pasted
    article must not stop the build with it."""
    cleaned = clean_html(f'<p><a href="{url}">x</a><img src="{url}" alt="i"></p>', SITE)
    resolved = with_absolute_links(cleaned, f"{SITE}/2026/11/26/item/")
    for html in (cleaned, resolved):
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        # Not the site's own image: a link to it, or no source at all.
        assert all(img.get("src") is None for img in root.iter("img"))
        assert {a.get("rel") for a in root.iter("a") if a.get("href")} <= {EXTERNAL_LINK_REL}
