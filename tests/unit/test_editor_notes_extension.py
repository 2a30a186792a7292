"""The editor's notes Markdown extension: split, annotations, summary, reset."""

from __future__ import annotations

import gc
import weakref

import lxml.html
import markdown
import pytest

from briefing.content.editor_notes import BriefingDocument

EXTENSIONS = ["markdown.extensions.extra", "briefing.content.editor_notes"]

ARTICLE = "The agency launched a new recruitment campaign on Thursday.\n\nIt released two videos.\n"
NOTES = "Why it matters: the first campaign was text only.\n"


def make_md() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, output_format="html5")


def convert(text: str) -> tuple[BriefingDocument, str]:
    md = make_md()
    html = md.convert(text)
    return md.briefing, html


def tree(fragment: str):
    """``fragment`` parsed inside a ``div``; its children are the top-level blocks."""
    return lxml.html.fragment_fromstring(fragment or "", create_parent="div")


def block_tags(fragment: str) -> list[str]:
    return [el.tag for el in tree(fragment)]


def text_of(fragment: str) -> str:
    return " ".join(tree(fragment).text_content().split())


def block_with(fragment_root, text: str):
    """The top-level block of ``fragment_root`` whose text contains ``text``."""
    [block] = [el for el in fragment_root if text in el.text_content()]
    return block


def next_block(element):
    return element.getnext()


def aside_number(element) -> str:
    assert element is not None and element.tag == "aside", element
    assert element.get("class") == "annotation"
    return element.get("id")


# -- split ------------------------------------------------------------------------------

NOTES_HEADINGS = [
    "Editor's notes", "Editor\u2019s notes", "Editors\u2019 notes", "Editors notes",
    "editor's note", "EDITORS NOTES", "Editor's   notes", "Editor's notes ##",
]


@pytest.mark.parametrize("heading", NOTES_HEADINGS)
def test_notes_heading_splits_article_text_from_notes(heading):
    document, _ = convert(f"{ARTICLE}\n## {heading}\n\n{NOTES}")
    assert document.has_notes
    assert "recruitment campaign" in document.article_html
    assert "two videos" in document.article_html
    assert "Why it matters" not in document.article_html
    assert "Why it matters" in document.notes_html
    assert "recruitment campaign" not in document.notes_html
    assert "h2" not in block_tags(document.article_html)


def test_whole_output_still_holds_both_parts():
    _, html = convert(f"{ARTICLE}\n## Editor's notes\n\n{NOTES}")
    assert "recruitment campaign" in html
    assert "Why it matters" in html
    assert html.index("recruitment campaign") < html.index("Why it matters")


def test_notes_heading_may_be_the_first_block():
    document, _ = convert(f"## Editor's notes\n\n{NOTES}")
    assert document.has_notes
    assert document.article_html == ""
    assert "Why it matters" in document.notes_html


def test_only_the_first_notes_heading_counts():
    document, _ = convert(
        f"{ARTICLE}\n## Editor's notes\n\nFirst note.\n\n## Editors notes\n\nSecond note.\n")
    notes = tree(document.notes_html)
    assert [el.tag for el in notes] == ["p", "h2", "p"]
    assert notes[1].text_content() == "Editors notes"
    assert "Second note." in document.notes_html
    assert "First note." not in document.article_html


@pytest.mark.parametrize("heading", [
    "### Editor's notes", "# Editor's notes", "## Editorial notes", "## Notes",
    "## Editor notes", "## Editor's notes:",
])
def test_other_headings_do_not_split(heading):
    document, _ = convert(f"{ARTICLE}\n{heading}\n\n{NOTES}")
    assert not document.has_notes
    assert document.notes_html == ""
    assert "Why it matters" in document.article_html


def test_notes_heading_inside_a_blockquote_does_not_split():
    document, _ = convert(f"{ARTICLE}\n> ## Editor's notes\n>\n> Quoted.\n\n{NOTES}")
    assert not document.has_notes
    assert "Quoted." in document.article_html
    assert "Why it matters" in document.article_html


def test_notes_heading_inside_a_list_does_not_split():
    document, _ = convert(f"{ARTICLE}\n- ## Editor's notes\n\n{NOTES}")
    assert not document.has_notes


def test_setext_notes_heading_splits():
    document, _ = convert(f"{ARTICLE}\nEditor's notes\n---\n\n{NOTES}")
    assert document.has_notes
    assert "Why it matters" in document.notes_html
    assert "Why it matters" not in document.article_html
    assert "Editor" not in document.article_html


def test_notes_heading_with_an_html_entity_apostrophe_splits():
    document, _ = convert(f"{ARTICLE}\n## Editor&rsquo;s notes\n\n{NOTES}")
    assert document.has_notes


def test_item_without_notes_heading_is_all_article_text():
    document, html = convert(ARTICLE)
    assert not document.has_notes
    assert document.notes_html == ""
    assert document.article_html == html


# -- annotations -----------------------------------------------------------------------


def test_annotations_are_numbered_in_order_of_first_reference():
    document, _ = convert(
        "First claim.[^zeta]\n\nSecond claim.[^alpha]\n\nThird claim.[^mid]\n\n"
        "[^mid]: On the third.\n[^alpha]: On the second.\n[^zeta]: On the first.\n")
    assert [(a.number, a.key) for a in document.annotations] == [
        (1, "zeta"), (2, "alpha"), (3, "mid")]
    assert [a.anchor for a in document.annotations] == [
        "annotation-1", "annotation-2", "annotation-3"]


def test_reference_becomes_a_numbered_link_to_its_aside():
    document, _ = convert("Claim.[^src]\n\n[^src]: The figure is the agency's own.\n")
    root = tree(document.article_html)
    [sup] = root.xpath("//sup")
    assert sup.get("class") == "annotation-ref"
    assert sup.get("id") == "annotation-ref-1"
    [link] = sup.xpath("a")
    assert link.get("href") == "#annotation-1"
    assert link.text == "1"


def test_aside_is_inserted_right_after_the_block_holding_the_reference():
    document, _ = convert(
        "Opening paragraph.\n\nThe agency reached 2.9 million people.[^reach]\n\n"
        "Closing paragraph.\n\n[^reach]: The figure is the agency's own.\n")
    root = tree(document.article_html)
    block = block_with(root, "2.9 million")
    aside = next_block(block)
    assert aside_number(aside) == "annotation-1"
    assert "The figure is the agency's own." in aside.text_content()
    assert "Closing paragraph." in next_block(aside).text_content()


def test_aside_carries_its_number_and_the_note():
    document, _ = convert("Claim.[^a]\n\n[^a]: Note text.\n")
    [aside] = tree(document.article_html).xpath("//aside")
    [number] = aside.xpath(".//span[@class='annotation-number']")
    assert number.text == "1"
    assert " ".join(aside.text_content().split()) == "1 Note text."


def test_several_references_in_one_block_give_asides_in_number_order_after_it():
    document, _ = convert(
        "One[^a] and two[^b].\n\nNext.\n\n[^a]: Note A.\n[^b]: Note B.\n")
    root = tree(document.article_html)
    first = next_block(block_with(root, "One"))
    second = next_block(first)
    assert aside_number(first) == "annotation-1"
    assert aside_number(second) == "annotation-2"
    assert next_block(second).text_content() == "Next."


def test_reference_inside_a_list_puts_the_aside_after_the_list():
    document, _ = convert("- item one\n- item two[^a]\n\nAfter.\n\n[^a]: Note.\n")
    root = tree(document.article_html)
    assert [el.tag for el in root] == ["ul", "aside", "p"]


def test_annotation_passage_is_the_block_text_without_the_number():
    document, _ = convert(
        "The agency *launched*[^a] a campaign, reaching 2.9 million people.\n\n"
        "[^a]: Its second.\n")
    [annotation] = document.annotations
    assert annotation.passage == "The agency launched a campaign, reaching 2.9 million people."
    assert "1" not in annotation.passage


def test_annotation_note_html_is_the_rendered_definition():
    document, _ = convert("Claim.[^a]\n\n[^a]: The figure is *disputed*.\n")
    [annotation] = document.annotations
    assert annotation.note_html == "<p>The figure is <em>disputed</em>.</p>"


def test_annotation_note_keeps_all_its_paragraphs_without_backlinks():
    document, _ = convert("Claim.[^a]\n\n[^a]: First paragraph.\n\n    Second paragraph.\n")
    [annotation] = document.annotations
    assert block_tags(annotation.note_html) == ["p", "p"]
    assert "footnote-backref" not in annotation.note_html
    assert "\u21a9" not in annotation.note_html
    assert "&#8617;" not in annotation.note_html


def test_annotation_knows_whether_it_is_in_the_notes():
    document, _ = convert(
        "Article claim.[^a]\n\n## Editor's notes\n\nNote claim.[^b]\n\n"
        "[^a]: Remark on the article.\n[^b]: Remark on the notes.\n")
    by_key = {a.key: a for a in document.annotations}
    assert by_key["a"].in_notes is False
    assert by_key["b"].in_notes is True
    article_aside = next_block(block_with(tree(document.article_html), "Article claim"))
    notes_aside = next_block(block_with(tree(document.notes_html), "Note claim"))
    assert aside_number(article_aside) == by_key["a"].anchor
    assert aside_number(notes_aside) == by_key["b"].anchor
    assert "Remark on the article." not in document.notes_html
    assert "Remark on the notes." not in document.article_html


@pytest.mark.parametrize("text", [
    "[^a]: Defined first.\n\nThe claim.[^a]\n\nMore text.\n",
    "The claim.[^a]\n\n[^a]: Defined in between.\n\nMore text.\n",
    "The claim.[^a]\n\nMore text.\n\n## Editor's notes\n\nComment.\n\n[^a]: Defined in notes.\n",
    "The claim.[^a]\n\nMore text.\n\n[^a]: Defined before the notes.\n\n"
    "## Editor's notes\n\nComment.\n",
])
def test_definition_anywhere_in_the_body_works(text):
    document, html = convert(text)
    [annotation] = document.annotations
    assert annotation.passage == "The claim."
    assert "Defined" in annotation.note_html
    aside = next_block(block_with(tree(document.article_html), "The claim."))
    assert aside_number(aside) == "annotation-1"
    assert "Defined" in aside.text_content()
    assert "[^" not in html
    assert document.warnings == []


def test_reference_used_twice_gives_one_aside():
    document, html = convert("First.[^a]\n\nSecond.[^a]\n\n[^a]: Once.\n")
    root = tree(html)
    assert len(root.xpath("//aside")) == 1
    assert len(document.annotations) == 1
    links = root.xpath("//sup[@class='annotation-ref']/a")
    assert [a.get("href") for a in links] == ["#annotation-1", "#annotation-1"]
    assert [s.get("id") for s in root.xpath("//sup")] == ["annotation-ref-1", None]
    assert aside_number(next_block(block_with(root, "First."))) == "annotation-1"


def test_reference_in_article_and_notes_gives_one_aside_after_the_numbered_reference():
    document, html = convert(
        "Article claim.[^a]\n\n## Editor's notes\n\nNote claim.[^a]\n\n[^a]: Shared.\n")
    root = tree(html)
    assert len(root.xpath("//aside")) == 1
    assert len(document.annotations) == 1
    [numbered] = root.xpath("//sup[@id='annotation-ref-1']")
    block = numbered.getparent()
    while block.getparent() is not root:
        block = block.getparent()
    assert aside_number(next_block(block)) == "annotation-1"
    expected = "Note claim." if "Note claim" in block.text_content() else "Article claim."
    assert document.annotations[0].passage == expected


@pytest.mark.parametrize("text", [
    "A claim.[^missing]\n",
    "A claim [^missing] in the middle.\n",
    "*An emphasised claim.[^missing]*\n",
    "- a listed claim[^missing]\n",
    "> a quoted claim[^missing]\n",
    "### A heading[^missing]\n\nText.\n",
    "| a | b |\n|---|---|\n| cell[^missing] | x |\n",
    f"{ARTICLE}\n## Editor's notes\n\nA note.[^missing]\n",
    "Defined.[^a] Not defined.[^missing]\n\n[^a]: Fine.\n",
])
def test_reference_without_definition_leaves_no_raw_reference_text(text):
    document, html = convert(text)
    for output in (html, document.article_html, document.notes_html):
        assert "[^" not in output
        assert "missing" not in output
    assert "[^" not in document.summary
    assert any("missing" in warning for warning in document.warnings)


def test_reference_without_definition_keeps_the_surrounding_text():
    document, _ = convert("The agency said[^missing] it would continue.\n")
    assert text_of(document.article_html) == "The agency said it would continue."


def test_reference_key_with_spaces_without_definition_leaves_no_raw_text():
    # A key with spaces is a valid footnote key ("[^two words]: ..." defines it).
    document, html = convert("A claim.[^two words]\n")
    assert "[^" not in html
    assert "[^" not in document.article_html


def test_reference_without_definition_inside_a_note_leaves_no_raw_text():
    document, html = convert("A claim.[^a]\n\n[^a]: See also [^missing].\n")
    assert "[^" not in html
    assert all("[^" not in a.note_html for a in document.annotations)


def test_reference_inside_a_note_to_another_note_links_to_an_existing_anchor():
    _, html = convert("One.[^a] Two.[^b]\n\n[^a]: Compare[^b].\n[^b]: B.\n")
    root = tree(html)
    anchors = {el.get("id") for el in root.xpath("//*[@id]")}
    for link in root.xpath("//a[starts-with(@href, '#')]"):
        assert link.get("href")[1:] in anchors, lxml.html.tostring(link)


@pytest.mark.parametrize("text", [
    "Write `[^key]` to annotate.\n",
    "```\nfootnote [^key] syntax\n```\n",
    "    indented [^key] code\n",
])
def test_reference_syntax_inside_code_is_kept(text):
    document, _ = convert(text)
    [code] = tree(document.article_html).xpath("//code")
    assert "[^key]" in code.text_content()


def test_definition_without_reference_becomes_an_annotation_at_the_end_with_a_warning():
    document, html = convert(
        f"{ARTICLE}\n## Editor's notes\n\nComment.\n\n[^orphan]: Nobody points here.\n")
    [annotation] = document.annotations
    assert annotation.passage == ""
    assert annotation.number == 1
    assert "Nobody points here." in annotation.note_html
    last = tree(document.notes_html)[-1]
    assert aside_number(last) == "annotation-1"
    assert "Nobody points here." in last.text_content()
    assert tree(html)[-1].get("id") == "annotation-1"
    assert any("orphan" in warning for warning in document.warnings)


def test_unreferenced_definition_without_notes_goes_at_the_end_of_the_article():
    document, _ = convert("Claim.[^a]\n\nMore.\n\n[^a]: Used.\n[^b]: Unused.\n")
    numbers = {a.key: a.number for a in document.annotations}
    assert numbers == {"a": 1, "b": 2}
    last = tree(document.article_html)[-1]
    assert aside_number(last) == "annotation-2"
    assert "Unused." in last.text_content()
    assert len(document.warnings) == 1
    assert "[^b]" in document.warnings[0]


def test_well_formed_annotations_give_no_warnings():
    document, _ = convert("Claim.[^a]\n\n## Editor's notes\n\nNote.[^b]\n\n[^a]: A.\n[^b]: B.\n")
    assert document.warnings == []


# -- summary -------------------------------------------------------------------------------


def test_summary_is_the_first_paragraph_of_the_notes_whole():
    document, _ = convert(
        f"{ARTICLE}\n## Editor's notes\n\nWhy it matters: the first campaign was text only "
        "and reached 2.9 million\npeople; this one moves to video.[^reach] The agency says "
        "so itself.\n\nA second paragraph.\n\n[^reach]: The figure is the agency's own.\n")
    assert document.summary == (
        "Why it matters: the first campaign was text only and reached 2.9 million people; "
        "this one moves to video. The agency says so itself.")


def test_summary_keeps_a_bold_lead_in_as_plain_text():
    document, _ = convert(f"{ARTICLE}\n## Editor's notes\n\n**Why it matters:** it is new.\n")
    assert document.summary == "Why it matters: it is new."


def test_summary_decodes_entities_and_drops_markup():
    document, _ = convert(
        f"{ARTICLE}\n## Editor's notes\n\nAT&amp;T and *R&D* at [the agency](https://e.com).\n")
    assert document.summary == "AT&T and R&D at the agency."


def test_summary_without_notes_is_the_first_paragraph_of_the_article():
    document, _ = convert(
        "# A title in the body\n\nThe agency launched[^a] a campaign.\n\nSecond.\n\n[^a]: x\n")
    assert document.summary == "The agency launched a campaign."


def test_summary_of_notes_starting_with_a_list_is_the_first_paragraph_after_it():
    document, _ = convert(
        f"{ARTICLE}\n## Editor's notes\n\n- first point\n- second point\n\n"
        "Why it matters: it is new.\n\nLater.\n")
    assert document.summary == "Why it matters: it is new."


def test_summary_ignores_the_paragraphs_of_annotation_asides():
    document, _ = convert(
        f"{ARTICLE}\n## Editor's notes\n\n- a point[^a]\n\nThe real lead.\n\n[^a]: Aside.\n")
    assert document.summary == "The real lead."


# -- several documents with one instance -----------------------------------------------------


def test_one_instance_converts_documents_in_a_row_without_leaking_state():
    md = make_md()
    first_html = md.convert(
        f"{ARTICLE}[^a]\n\n## Editor's notes\n\nA note.[^b]\n\n[^a]: A.\n[^b]: B.\n"
        "[^c]: Orphan.\n")
    first = md.briefing
    assert first.has_notes and len(first.annotations) == 3 and first.warnings
    assert "annotation" in first_html

    md.reset()
    second_html = md.convert("Plain article text.\n\nMore of it.\n")
    second = md.briefing
    assert second is not first
    assert second.has_notes is False
    assert second.annotations == []
    assert second.warnings == []
    assert second.notes_html == ""
    assert second.summary == "Plain article text."
    assert "annotation" not in second_html
    assert "Orphan" not in second_html


def test_footnote_definitions_do_not_leak_into_the_next_document():
    md = make_md()
    md.convert("Claim.[^a]\n\n[^a]: From the first document.\n")
    md.reset()
    html = md.convert("Another claim.[^a]\n")
    assert md.briefing.annotations == []
    assert "first document" not in html
    assert "[^" not in html


def test_numbering_restarts_for_each_document():
    md = make_md()
    md.convert("One.[^x]\n\nTwo.[^y]\n\n[^x]: X.\n[^y]: Y.\n")
    md.reset()
    html = md.convert("Only.[^z]\n\n[^z]: Z.\n")
    assert [(a.number, a.key) for a in md.briefing.annotations] == [(1, "z")]
    assert 'id="annotation-1"' in html


def test_reset_alone_clears_the_document():
    md = make_md()
    md.convert(f"{ARTICLE}\n## Editor's notes\n\nNote.[^a]\n\n[^a]: A.\n")
    md.reset()
    assert md.briefing == BriefingDocument()


def test_text_without_notes_heading_converts_like_a_summary():
    md = make_md()
    html = md.convert("The agency's second Mandarin-language push, now on video.")
    assert html == "<p>The agency's second Mandarin-language push, now on video.</p>"
    assert md.briefing.has_notes is False
    assert md.briefing.article_html == html
    assert md.briefing.annotations == []
    assert md.briefing.summary == "The agency's second Mandarin-language push, now on video."


def test_empty_text_converts_to_nothing():
    md = make_md()
    assert md.convert("") == ""
    assert md.briefing.article_html == ""
    assert md.briefing.annotations == []


# -- memory -------------------------------------------------------------------------------


def test_a_document_is_freed_as_soon_as_the_next_one_replaces_it():
    """No reference cycle holds a document: a build runs the cycle collector
    rarely, so a cycle would keep every document read until the build ends."""
    md = make_md()
    gc.disable()
    try:
        md.convert(f"{ARTICLE}\nA dangling [^gone] reference.\n\n## Editor's notes\n\n{NOTES}")
        assert md.briefing.warnings  # the dangling reference was scrubbed
        document = weakref.ref(md.briefing)
        md.reset()
        md.convert(ARTICLE)
        assert document() is None
    finally:
        gc.enable()
