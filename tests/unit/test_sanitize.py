"""The one sanitizing policy: clean_html, plain_text, and BodyRenderer's use of them."""

from __future__ import annotations

import lxml.html
import pytest

from briefing.rendering import BodyRenderer
from briefing.sanitize import clean_html, plain_text

MARKDOWN_SETTINGS = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.meta"],
    "extension_configs": {"briefing.markdown_extensions.editor_notes": {}},
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
    root = tree(clean_html(markup))
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
    assert dict(img.attrib) == {"src": "x"}


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


def test_links_get_rel_noopener_noreferrer():
    cleaned = clean_html('<a href="https://e.com/">a</a><a href="/b">b</a>')
    assert [a.get("rel") for a in tree(cleaned).iter("a")] == ["noopener noreferrer"] * 2


def test_author_rel_and_target_are_replaced():
    cleaned = clean_html('<a href="https://e.com/" rel="opener" target="_blank">a</a>')
    [a] = tree(cleaned).iter("a")
    assert a.get("rel") == "noopener noreferrer"
    assert a.get("target") is None


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
