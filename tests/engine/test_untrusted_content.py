"""Untrusted content, end to end (fixture: ``xss``): nothing that could run is published.

``tests/fixtures/content/xss/`` holds one file per payload family (event
handlers, ``javascript:``/``vbscript:``/``data:`` URLs, mutation XSS, embedding
elements, third-party resources, markup in every metadata field, in notes and
in annotations), a page and an edition note.  The site is built once; then
every output file is read back the way its readers read it (HTML with lxml,
feeds as XML with the HTML inside them parsed again, JSON with the HTML in
its ``*_html`` strings) and must hold nothing a browser or feed reader could
run, while every item is still published and shows its metadata exactly as
written.  Raw text is checked too, because lxml's HTML parser is not a
browser's: since every ``<`` in text and attribute values is escaped, a
literal ``<script`` or ``onerror=`` inside a tag can only be real markup.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
from conftest import FIXTURES, ROOT, SITEURL, build_site

from briefing.content import contract

XSS = FIXTURES / "xss"
REJECTED = "source_url_javascript.md"
ITEM_FILES = sorted(p for p in (XSS / "items").glob("*.md") if p.name != REJECTED)

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
#: Attributes whose value a browser or reader may load or navigate to.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "srcset", "ping", "cite", "codebase", "dynsrc", "lowsrc", "longdesc", "manifest",
})
#: Elements content must never bring (the theme uses none of them either).
FORBIDDEN_ELEMENTS = frozenset({
    "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style",
    "base", "form", "input", "button", "textarea", "select", "template", "noscript",
    "portal", "video", "audio", "source", "picture",
})
RAW_FORBIDDEN = re.compile(
    r"<\s*/?\s*(?:script|iframe|frame|object|embed|applet|svg|math|style|base|form|"
    r"template|noscript)\b", re.IGNORECASE)
RAW_TAG = re.compile(r"<[A-Za-z][^<>]*>")
RAW_HANDLER = re.compile(r"[\s/]on[a-z]+\s*=", re.IGNORECASE)
JSON_LD = "application/ld+json"
#: What the theme itself puts on pages, which content cannot bring (the
#: sanitizer keeps no form, input, select, noscript or script, nor any data-*
#: attribute): the header's search box, the search page and the theme's scripts.
#: Its scripts are named relative to the page (../../theme/js/...), or
#: absolutely on the 404 page.
THEME_OWN = ("//*[@data-search-box or @data-search]"
             f" | //script[starts-with(@src, '{SITEURL}/theme/js/')]"
             " | //script[not(contains(@src, ':')) and not(contains(@src, '//'))"
             " and (starts-with(@src, 'theme/js/') or (starts-with(@src, '../')"
             " and contains(@src, '/theme/js/')))]")
XML_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
ATOM = "{http://www.w3.org/2005/Atom}"
RSS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    return build_site(XSS, tmp_path_factory.mktemp("xss") / "output")


def header(path: Path) -> dict[str, str]:
    """The first value of each header field of a fixture file, as written."""
    parsed = contract.split_header(path.read_text("utf-8"), str(path))
    return {name: values[0].value for name, values in parsed.fields.items()}


def text(element) -> str:
    return " ".join(element.text_content().split())


# -- what counts as markup that could run ------------------------------------------------


def dangerous_url(value: str) -> bool:
    """Could ``value`` run? Entities decoded (twice), every space and control dropped.

    Stricter than browsers, which keep inner spaces (``jav ascript:`` is a
    relative path to them): some feed readers squeeze URLs first.
    """
    decoded = html.unescape(html.unescape(value)).lower()
    candidates = [decoded, *(part.split()[0] for part in decoded.split(",") if part.split())]
    return any(re.sub(r"[\x00-\x20\x7f]+", "", candidate).startswith(DANGEROUS_SCHEMES)
               for candidate in candidates)  # the parts: srcset lists


def problems_in_tree(root, where: str, forbidden=FORBIDDEN_ELEMENTS) -> list[str]:
    """Everything in a parsed HTML tree that could run or load what it should not."""
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions are inert
        tag = element.tag.lower().rpartition("}")[2]
        if tag in ("script", "foreignobject") and element.tag.startswith("{"):
            problems.append(f"{where}: <{tag}> in an SVG")
        elif tag == "script":
            problems += json_ld_problems(element, where)
        if tag in forbidden:
            problems.append(f"{where}: <{tag}> element")
        if tag == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh":
            problems.append(f"{where}: <meta http-equiv=refresh>")
        for name, value in element.attrib.items():
            name = name.lower().rpartition("}")[2]  # xlink:href parsed as XML, or as HTML
            if name.startswith("on"):
                problems.append(f"{where}: <{tag} {name}=...> event handler")
            if name == "style":
                problems.append(f"{where}: <{tag} style=...>")
            if (name in URL_ATTRIBUTES or name.endswith("href")) and dangerous_url(value):
                problems.append(f"{where}: <{tag} {name}={value!r}>")
    return problems


def json_ld_problems(script, where: str) -> list[str]:
    """A script is only allowed as JSON-LD whose text is JSON and cannot end early."""
    if (script.get("type") or "").strip().lower() != JSON_LD or script.get("src"):
        return [f"{where}: <script> that is not inline JSON-LD"]
    body = script.text or ""
    if "</script" in body.lower() or "<!--" in body:
        return [f"{where}: JSON-LD holding '</script' or '<!--'"]
    try:
        json.loads(body)
    except ValueError as error:
        return [f"{where}: JSON-LD is not JSON: {error}"]
    return []


def raw_openings(markup: str) -> Counter:
    """Each forbidden tag's openings and closings in raw text, by how they read."""
    return Counter(re.sub(r"\s", "", m.group(0)).lower() for m in RAW_FORBIDDEN.finditer(markup))


def problems_in_raw(markup: str, where: str, json_ld_blocks: int = 0,
                    theme: Counter | None = None) -> list[str]:
    """The same, read from the raw text: no parser's leniency can hide anything.

    ``theme``: the openings of the theme's own elements, which are allowed.
    """
    problems = []
    openings = raw_openings(markup) - (theme or Counter())
    scripts = sum(count for opening, count in openings.items() if "script" in opening)
    if scripts > 2 * json_ld_blocks:  # each JSON-LD block: <script and </script
        problems.append(f"{where}: raw <script beyond the JSON-LD blocks")
    problems += [f"{where}: raw {o!r}" for o in openings if "script" not in o]
    for tag in RAW_TAG.findall(markup):
        unquoted = re.sub(r'"[^"]*"', '""', tag)
        if RAW_HANDLER.search(unquoted):
            problems.append(f"{where}: raw event handler in {tag[:80]!r}")
    return problems


def problems_in_fragment(fragment: str, where: str) -> list[str]:
    """An HTML string from a feed or JSON file, parsed as a reader would."""
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return problems_in_tree(root, where) + problems_in_raw(fragment, where)


# -- each kind of output file ---------------------------------------------------------------


def check_html(path: Path, where: str) -> list[str]:
    raw = path.read_text("utf-8")
    root = lxml.html.document_fromstring(raw)
    json_ld = [s for s in root.iter("script") if (s.get("type") or "").strip() == JSON_LD]
    theme = Counter()
    for own in root.xpath(THEME_OWN):
        theme += raw_openings(lxml.html.tostring(own, encoding="unicode", with_tail=False))
        own.drop_tree()
    return problems_in_tree(root, where) + problems_in_raw(raw, where, len(json_ld), theme)


def is_html_text(element) -> bool:
    """Does a feed element carry HTML (escaped once) rather than plain text?"""
    if element.tag in ("description", RSS_CONTENT):
        return True  # RSS: readers render both as HTML
    if element.tag in (f"{ATOM}content", f"{ATOM}summary", f"{ATOM}title",
                       f"{ATOM}subtitle", f"{ATOM}rights"):
        return element.get("type") == "html"
    return False


def check_xml(path: Path, where: str) -> list[str]:
    document = lxml.etree.parse(str(path), XML_PARSER)
    problems = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith("{http://www.w3.org/1999/xhtml}"):
            problems.append(f"{where}: inline XHTML <{element.tag}>")
        for name, value in element.attrib.items():
            if name.rpartition("}")[2] in URL_ATTRIBUTES and dangerous_url(value):
                problems.append(f"{where}: <{element.tag} {name}={value!r}>")
        url_text = element.tag.rpartition("}")[2] in ("id", "link", "guid", "comments", "loc")
        if url_text and element.text and dangerous_url(element.text):  # feeds, sitemaps
            problems.append(f"{where}: <{element.tag}>{element.text}")
        if is_html_text(element):
            problems += problems_in_fragment(element.text or "", f"{where} <{element.tag}>")
    return problems


def walk_json(value, key: str = ""):
    if isinstance(value, dict):
        for name, child in value.items():
            yield from walk_json(child, name)
    elif isinstance(value, list):
        for child in value:
            yield from walk_json(child, key)
    elif isinstance(value, str):
        yield key, value


def check_json(path: Path, where: str) -> list[str]:
    problems = []
    for key, value in walk_json(json.loads(path.read_text("utf-8"))):
        if key.endswith("_html"):  # JSON Feed: content_html; any other HTML field alike
            problems += problems_in_fragment(value, f"{where} {key}")
        elif (key.endswith("url") or key in ("icon", "favicon", "image", "avatar")) \
                and dangerous_url(value):
            problems.append(f"{where} {key}: {value!r}")
    return problems


def check_css(path: Path, where: str) -> list[str]:
    css = path.read_text("utf-8")
    return [f"{where}: loads {found!r}" for found in
            re.findall(r"@import[^;]*|url\(\s*['\"]?(?:[a-z]+:|//)[^)]*\)", css, re.I)]


def check_svg(path: Path, where: str) -> list[str]:
    """An SVG opened on its own runs its scripts with the site's origin."""
    root = lxml.etree.parse(str(path), XML_PARSER).getroot()
    return problems_in_tree(root, where, FORBIDDEN_ELEMENTS - {"svg"})


def check_text(path: Path, where: str) -> list[str]:
    return [f"{where}: markup in a text file"] if re.search(
        r"<\s*[a-z!/?]", path.read_text("utf-8"), re.I) else []


def check_script(path: Path, where: str) -> list[str]:
    """Scripts are the theme's own files or Pagefind's, never made from content."""
    theme = ROOT / "theme" / "static" / where.removeprefix("theme/")
    if where.startswith("pagefind/") or (theme.is_file()
                                         and theme.read_bytes() == path.read_bytes()):
        return []
    return [f"{where}: a script neither the theme's nor Pagefind's"]


def check_search_index(path: Path, where: str) -> list[str]:
    """Pagefind's index holds the items' text as data, which static/js/search.js
    only ever shows as text; a result links to a page of the site itself."""
    if path.suffix != ".pf_fragment":
        return []  # words, filters, metadata and Pagefind's WebAssembly: no link
    fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
    url = fragment["url"]
    return [] if url.startswith("/") and not dangerous_url(url) else [f"{where}: url {url!r}"]


#: How each kind of output file is read back; a new kind fails until it has one.
CHECKS = {".html": check_html, ".xml": check_xml, ".json": check_json, ".css": check_css,
          ".svg": check_svg, ".txt": check_text, ".js": check_script,
          **dict.fromkeys((".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta", ".pagefind"),
                          check_search_index)}


# -- the build and every file it writes ----------------------------------------------------


def test_only_the_javascript_source_url_is_reported_and_it_is_not_published(xss_site):
    [error] = xss_site.report.errors
    assert f"items/{REJECTED}:5: Source_URL: must be an absolute http(s) URL" in error
    assert "javascript:alert(1)" in error
    title = header(XSS / "items" / REJECTED)["title"]
    for path in xss_site.files():
        assert title not in path.read_text("utf-8", errors="replace"), path


def test_every_output_file_is_of_a_kind_this_test_reads(xss_site):
    kinds = {path.suffix for path in xss_site.files()}
    assert kinds <= set(CHECKS), f"add a check for {kinds - set(CHECKS)}"
    assert {".html", ".xml"} <= kinds


def test_no_output_file_holds_markup_that_could_run(xss_site):
    problems = []
    for path in xss_site.files():
        where = str(path.relative_to(xss_site.output))
        problems += CHECKS[path.suffix](path, where)
    assert problems == []


# -- every item published, its metadata as written -------------------------------------------


def html_pages(site) -> list[Path]:
    return [p for p in site.files() if p.suffix == ".html"]


def article_pages(site) -> dict[str, object]:
    """Every item page, by the text of its headline."""
    pages = {}
    for path in site.output.rglob("index.html"):
        root = lxml.html.parse(str(path)).getroot()
        headline = root.cssselect("article.item h1")
        if headline:
            pages[headline[0].text_content()] = root
    return pages


@pytest.fixture(scope="module")
def pages(xss_site):
    return article_pages(xss_site)


def test_every_payload_item_is_published(pages):
    titles = {header(path)["title"] for path in ITEM_FILES}
    assert titles <= set(pages), titles - set(pages)


@pytest.mark.parametrize("path", ITEM_FILES, ids=lambda p: p.stem)
def test_item_page_shows_its_title_exactly_as_written_and_stays_readable(pages, path):
    title = header(path)["title"]
    page = pages[title]
    assert page.find(".//title").text_content().startswith(f"{title} – ")
    assert text(page.cssselect(".article-text")[0])  # the article text is still there
    if "## Editor's notes" in path.read_text("utf-8"):
        assert "Why it matters" in text(page.cssselect(".editor-notes")[0])


METADATA_FILES = [p for p in ITEM_FILES if p.name.startswith("metadata_")]


@pytest.mark.parametrize("path", METADATA_FILES, ids=lambda p: p.stem)
def test_metadata_fields_are_shown_as_text_exactly_as_written(pages, path):
    fields = header(path)
    page = pages[fields["title"]]
    item_header = page.cssselect("article.item header")[0]
    description = page.cssselect('meta[name="description"]')[0].get("content")
    assert description == fields["summary"]
    source_line = page.cssselect(".source-line")[0]
    assert source_line.cssselect("a")[0].text_content() == fields["source"]
    assert source_line.cssselect("a")[0].get("href") == fields["source_url"]
    assert f"via {fields['via']}" in source_line.text_content()
    assert f"by {fields['source_author']}" in source_line.text_content()
    tags = [li.text_content() for li in item_header.cssselect(".tag-list li")]
    assert tags == contract.split_list(fields["tags"])
    meta = item_header.cssselect(".meta")[0]
    assert fields["category"] in [a.text_content() for a in meta.cssselect("a")]
    authors = ", ".join(contract.split_list(fields["authors"]))
    assert f"Edited by {authors}" in meta.text_content()


@pytest.mark.parametrize("path", METADATA_FILES, ids=lambda p: p.stem)
def test_json_ld_holds_the_metadata_exactly_as_written(pages, path):
    fields = header(path)
    blocks = [json.loads(s.text) for s in pages[fields["title"]].iter("script")
              if s.get("type") == JSON_LD]
    strings = {value for block in blocks for _, value in walk_json(block)}
    assert not blocks or {fields["title"], fields["summary"]} <= strings


def test_a_correction_is_text_as_written_on_its_item_and_the_corrections_page(pages, xss_site):
    fields = header(XSS / "items" / "metadata_markup.md")
    written = contract.parse_correction(fields["correction"]).text
    shown = [pages[fields["title"]].cssselect("#corrections li")[0],
             xss_site.page("corrections/").cssselect(".correction-list li")[0]]
    for element in shown:
        assert element.text_content().endswith(f": {written}")
        assert not element.cssselect("script")


def test_page_and_edition_titles_and_summary_are_text_as_written(xss_site):
    page_fields = header(XSS / "pages" / "hostile_page.md")
    roots = [lxml.html.parse(str(path)).getroot() for path in html_pages(xss_site)]
    [page] = [root for root in roots if root.cssselect("article.page")]
    assert page.cssselect("main h1")[0].text_content() == page_fields["title"]
    assert page.cssselect('meta[name="description"]')[0].get("content") == (
        page_fields["summary"])
    edition_title = header(XSS / "editions" / "2026-11-20.md")["title"]
    edition = xss_site.page("2026/11/20/")
    assert edition.cssselect("main h1")[0].text_content() == edition_title
    assert "The edition note" in text(edition.cssselect(".edition-note")[0])


def atom_text(element) -> str:
    """An Atom text construct as a reader shows it: ``type="html"`` is escaped text."""
    return html.unescape(element.text) if element.get("type") == "html" else element.text


@pytest.mark.parametrize("path", METADATA_FILES, ids=lambda p: p.stem)
def test_metadata_is_text_in_the_feeds_exactly_as_written(xss_site, path):
    fields = header(path)
    tags, authors = contract.split_list(fields["tags"]), contract.split_list(fields["authors"])
    atom = lxml.etree.parse(str(xss_site.path("feeds/all.atom.xml")), XML_PARSER)
    [entry] = [e for e in atom.iter(f"{ATOM}entry")
               if atom_text(e.find(f"{ATOM}title")) == fields["title"]]
    assert atom_text(entry.find(f"{ATOM}summary")) == fields["summary"]
    assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == tags
    assert [a.findtext(f"{ATOM}name") for a in entry.iter(f"{ATOM}author")] == authors
    rss = lxml.etree.parse(str(xss_site.path("feeds/all.rss.xml")), XML_PARSER)
    [item] = [i for i in rss.iter("item") if i.findtext("title") == fields["title"]]
    assert [c.text for c in item.iter("category")] == tags
    assert [c.text for c in item.iter("{http://purl.org/dc/elements/1.1/}creator")] == authors
    feed = json.loads(xss_site.path("feeds/all.json").read_text("utf-8"))
    [listed] = [i for i in feed["items"] if i["title"] == fields["title"]]
    assert (listed["summary"], listed["tags"]) == (fields["summary"], tags)


def test_rss_description_is_the_summary_escaped_once_as_html(xss_site):
    fields = header(XSS / "items" / "metadata_markup.md")
    document = lxml.etree.parse(str(xss_site.path("feeds/all.rss.xml")), XML_PARSER)
    [item] = [i for i in document.iter("item") if i.findtext("title") == fields["title"]]
    shown = lxml.html.fragment_fromstring(item.findtext("description"), create_parent="div")
    assert shown.text_content() == fields["summary"]


# -- what pages may load ------------------------------------------------------------------


def csp_of(root) -> dict[str, list[str]]:
    [meta] = [m for m in root.iter("meta")
              if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    directives = {}
    for part in meta.get("content").split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_every_page_has_the_security_policy_and_referrer_meta(xss_site):
    site_origin = "{0.scheme}://{0.netloc}".format(urlsplit(SITEURL))
    for path in html_pages(xss_site):
        root = lxml.html.parse(str(path)).getroot()
        head = list(root.find("head"))
        assert head[0].get("charset") == "utf-8", path
        assert (head[1].get("http-equiv") or "").lower() == "content-security-policy", path
        csp = csp_of(root)
        assert csp["default-src"] == ["'none'"]
        # Pagefind's WebAssembly, for the search page (partials/security_meta.html).
        assert csp["script-src"] == ["'self'", site_origin, "'wasm-unsafe-eval'"], path
        assert csp["connect-src"] == ["'self'", site_origin], path
        for directive in ("style-src", "img-src", "font-src"):
            assert csp[directive] == ["'self'", site_origin], (path, directive)
        assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'none'"]
        assert not [s for sources in csp.values() for s in sources
                    if s in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:")]
        referrer = [m.get("content") for m in root.iter("meta") if m.get("name") == "referrer"]
        assert referrer == ["same-origin"], path


def first_party(url: str, page_url: str) -> bool:
    """Does ``url`` on ``page_url`` resolve to the site, read the way a browser reads it?"""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("\x00 \t\n\r\f")).replace("\\", "/")
    resolved = urlsplit(urljoin(page_url, cleaned))
    return (resolved.scheme, resolved.netloc) == tuple(urlsplit(SITEURL)[:2])


def test_no_page_loads_anything_from_a_third_party(xss_site):
    loads = []
    for path in html_pages(xss_site):
        page_url = f"{SITEURL}/{path.relative_to(xss_site.output).as_posix()}"
        root = lxml.html.parse(str(path)).getroot()
        for element in root.iter("link", "script", "img"):
            for name in ("src", "href"):
                url = element.get(name)
                if url and not first_party(url, page_url):
                    loads.append((path.relative_to(xss_site.output).as_posix(),
                                  element.tag, url))
    assert loads == []


def test_a_third_party_image_becomes_a_link_to_it(pages):
    page = pages[header(XSS / "items" / "third_party_requests.md")["title"]]
    links = {a.get("href"): a for a in page.cssselect(".article-text a")}
    pixel = links["https://tracker.example/pixel.gif"]
    assert (text(pixel), pixel.get("rel")) == ("Image: pixel", "noopener noreferrer")
    assert "/\\tracker.example/b.gif" in links  # a browser would load it from tracker.example
    assert [img.get("src") for img in page.cssselect(".article-text img")] == [
        "/images/local.png", "/images/p.png"]


def test_links_leaving_the_site_get_rel_and_the_sites_own_links_do_not(pages):
    page = pages[header(XSS / "items" / "third_party_requests.md")["title"]]
    rel = {a.get("href"): a.get("rel") for a in page.cssselect(".article-text a")}
    assert rel["https://tracker-weekly.example/2026/11/pixels"] == "noopener noreferrer"
    assert rel["/2026/11/20/"] is None
    assert rel[f"{SITEURL}/archives/"] is None
    annotated = pages[header(XSS / "items" / "annotations.md")["title"]]
    refs = annotated.cssselect("sup.annotation-ref a")
    assert refs and {a.get("rel") for a in refs} == {None}


def test_a_link_no_reader_can_resolve_leaves_the_feeds_written_without_it(xss_site):
    """``//[broken`` stays on the page as written (a browser ignores it); a feed
    needs absolute links, cannot make one of it, and drops it."""
    title = header(XSS / "items" / "unresolvable_links.md")["title"]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = lxml.etree.parse(str(xss_site.path("feeds/all.atom.xml")))
    [content] = [entry.find(f"{atom}content") for entry in feed.iter(f"{atom}entry")
                 if entry.findtext(f"{atom}title") == title]
    body = lxml.html.fragment_fromstring(content.text, create_parent="div")
    links = {text(a): a.get("href") for a in body.iter("a")}
    assert links["bracketed host"] is None and links["relative one"] is None
    assert links["a page of ours"] == f"{SITEURL}/2026/11/20/about/"
