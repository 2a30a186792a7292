"""Python-Markdown extension: article text, editor's notes and annotations.

A briefing item's body is the source's article text, then (from the first
level-2 heading that reads "Editor's notes", see
:func:`briefing.content.contract.is_notes_heading`) the curator's commentary.
Footnotes are the editor's annotations on the passage where their reference
stands.  This extension renders both parts separately and turns footnotes
into annotations, numbered in reading order (notes first, as pages and feeds
show them), placed right after the block that holds their
reference, so a theme can set them beside that passage.

After ``convert()``, ``md.briefing`` is a :class:`BriefingDocument`; the
return value of ``convert()`` stays the whole body (both parts, annotations
in place), so Pelican's ``content`` remains meaningful.

Registrations (priorities relative to Python-Markdown's built-ins):

==================  =============  =========================================
name                kind           why there
==================  =============  =========================================
``footnote`` ...    (footnotes)    added if no other extension loaded it
``briefing_split``  treeprocessor  -10: after ``inline`` (20), footnotes'
                                   ``footnote``/``footnote-duplicate`` (50,
                                   15), ``attr_list`` (8) and ``unescape``
                                   (0), so every reference exists and text
                                   is final
==================  =============  =========================================

The extension copes with text that has no notes heading (Pelican also runs
metadata through the same instance) and clears its state in ``reset()``.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own name)
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER_RE, STX

from briefing.compat import NBSP_PLACEHOLDER, footnotes_of
from briefing.content.contract import is_notes_heading, text_direction
from briefing.content.sanitize import plain_text

_DANGLING_REFERENCE = re.compile(r"[ \t]*\[\^([^\]\n]+)\]")
_LEFTOVER_PLACEHOLDER = re.compile(f"{STX}[^{ETX}]*{ETX}")
_VERBATIM_TAGS = frozenset({"code", "pre"})


@dataclass
class Annotation:
    """One editor's remark on a passage.

    ``passage`` is the plain text of the block the reference stands in
    ("" for a remark nobody references); ``note_html`` is its rendered text.
    """

    number: int
    key: str
    passage: str
    note_html: str
    in_notes: bool

    @property
    def anchor(self) -> str:
        return f"annotation-{self.number}"


@dataclass
class BriefingDocument:
    """What one converted body holds, part by part."""

    article_html: str = ""
    notes_html: str = ""
    has_notes: bool = False
    #: The notes heading as the editor wrote it, plain text ("" without notes).
    notes_heading: str = ""
    annotations: list[Annotation] = field(default_factory=list)
    summary: str = ""
    #: Soft problems for ``make check``: unresolved or unused annotations.
    warnings: list[str] = field(default_factory=list)


class BriefingTreeprocessor(Treeprocessor):
    """Split the tree at the notes heading and turn footnotes into annotations."""

    def __init__(self, md: Markdown, footnotes: FootnoteExtension, editor_lang: str = ""):
        super().__init__(md)
        self.footnotes = footnotes
        self.editor_lang = editor_lang

    def run(self, root: etree.Element) -> None:
        self.document = document = BriefingDocument()
        self.notes = self._take_footnote_definitions(root)
        self.numbers: dict[str, int] = {}
        blocks = list(root)
        split = next((i for i, el in enumerate(blocks)
                      if el.tag == "h2" and is_notes_heading(self._text(el))), None)
        article_blocks = blocks if split is None else blocks[:split]
        notes_blocks = [] if split is None else blocks[split + 1:]

        # Numbered in reading order: pages and feeds put the notes first.
        for part, in_notes in ((notes_blocks, True), (article_blocks, False)):
            for block in list(part):
                keys = self._number_references(block)
                if keys:  # the passage's text is needed only by its annotations
                    self._place(root, block, keys, part, self._summary_text(block), in_notes)
        last_part = notes_blocks if split is not None else article_blocks
        for key in self.notes:
            if key not in self.numbers:  # defined, never referenced: shown at the end
                self.numbers[key] = len(self.numbers) + 1
                document.warnings.append(
                    f"[^{key}] is never referenced; it is shown at the end")
                self._place(root, None, [key], last_part, "", split is not None)
        for annotation in document.annotations:
            annotation.note_html = self._render(self.notes[annotation.key])

        document.has_notes = split is not None
        document.notes_heading = self._text(blocks[split]) if split is not None else ""
        document.article_html = self._render(self._blocks_in(root, article_blocks))
        document.notes_html = self._render(self._blocks_in(root, notes_blocks))
        lead = self._first_paragraph(notes_blocks)
        if lead is None:  # an Element without children is falsy: test for None
            lead = self._first_paragraph(article_blocks)
        document.summary = self._summary_text(lead) if lead is not None else ""
        self.md.briefing = document

    def _place(self, root, block, keys, part, passage: str, in_notes: bool) -> None:
        """Insert the asides for ``keys`` after ``block`` (at the end if None).

        A note may itself reference another note not yet numbered: its aside
        follows, so every reference on the page leads to an annotation.
        """
        pending = list(keys)
        while pending:
            key = pending.pop(0)
            for element in self.notes[key]:
                pending += self._number_references(element)
            aside = self._aside(self.numbers[key], self.notes[key])
            if block is None:
                root.append(aside)
            else:
                self._insert_after(root, block, aside)
            part.append(aside)
            self.document.annotations.append(
                Annotation(self.numbers[key], key, passage, "", in_notes))

    # -- annotations --------------------------------------------------------

    def _take_footnote_definitions(self, root: etree.Element) -> dict[str, list[etree.Element]]:
        """Remove the footnotes list and return each key's note elements."""
        by_id = {self.footnotes.makeFootnoteId(key): key for key in self.footnotes.footnotes}
        notes: dict[str, list[etree.Element]] = {}
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "div" and child.get("class") == "footnote":
                    parent.remove(child)
                    for item in child.iter("li"):
                        key = by_id.get(item.get("id", ""))
                        if key is not None:
                            notes[key] = self._strip_backlinks(list(item))
        return notes

    @staticmethod
    def _strip_backlinks(elements: list[etree.Element]) -> list[etree.Element]:
        for element in elements:
            for parent in list(element.iter()):
                for child in list(parent):
                    if child.tag == "a" and child.get("class") == "footnote-backref":
                        parent.remove(child)
            for node in element.iter():
                for attr in ("text", "tail"):
                    value = getattr(node, attr)
                    if value and NBSP_PLACEHOLDER in value:
                        setattr(node, attr, value.replace(NBSP_PLACEHOLDER, "").rstrip() or None)
        return elements

    def _number_references(self, block: etree.Element) -> list[str]:
        """Rewrite the footnote references in ``block``; return first-seen keys."""
        numbers = self.numbers
        by_href = {"#" + self.footnotes.makeFootnoteId(key): key for key in self.notes}
        first_seen = []
        for sup in [s for s in block.iter("sup") if self._reference_link(s) is not None]:
            link = self._reference_link(sup)
            key = by_href.get(link.get("href", ""))
            if key is None:
                continue
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                first_seen.append(key)
                sup.attrib = {"class": "annotation-ref", "id": f"annotation-ref-{numbers[key]}"}
            else:
                sup.attrib = {"class": "annotation-ref"}
            link.attrib = {"href": f"#annotation-{numbers[key]}"}
            link.text = str(numbers[key])
        self._drop_dangling_references(block, self.document)
        return first_seen

    @staticmethod
    def _reference_link(sup: etree.Element) -> etree.Element | None:
        link = sup.find("a")
        return link if link is not None and link.get("class") == "footnote-ref" else None

    @staticmethod
    def _drop_dangling_references(block: etree.Element, document: BriefingDocument) -> None:
        """A ``[^key]`` with no definition must never reach a reader."""

        def scrub(text: str | None) -> str | None:
            if not text or "[^" not in text:
                return text
            for match in _DANGLING_REFERENCE.finditer(text):
                document.warnings.append(
                    f"[^{match[1]}] has no definition; it was left out")
            return _DANGLING_REFERENCE.sub("", text)

        # A loop, not a recursive closure: a closure that calls itself is a
        # reference cycle, which would keep each document alive until the
        # collector's next full pass, rare in a build.
        pending = [(block, False)]
        while pending:
            element, verbatim = pending.pop()
            verbatim = verbatim or element.tag in _VERBATIM_TAGS
            if not verbatim:
                element.text = scrub(element.text)
                for child in element:
                    child.tail = scrub(child.tail)
            pending.extend((child, verbatim) for child in element)

    def _aside(self, number: int, note: list[etree.Element]) -> etree.Element:
        aside = etree.Element("aside", {"class": "annotation", "id": f"annotation-{number}"})
        if self.editor_lang:  # the editor's voice, even inside a Farsi article text
            aside.set("lang", self.editor_lang)
            aside.set("dir", text_direction(self.editor_lang))
        label = etree.Element("span", {"class": "annotation-number"})
        label.text = str(number)
        body = [copy.deepcopy(el) for el in note] or [etree.Element("p")]
        first = body[0]
        if first.tag == "p":
            label.tail = " " + (first.text or "")
            first.text = None
            first.insert(0, label)
        else:
            aside.append(label)
        aside.extend(body)
        aside.tail = "\n"
        return aside

    @staticmethod
    def _insert_after(root: etree.Element, block: etree.Element, new: etree.Element) -> None:
        position = list(root).index(block) + 1
        while position < len(root) and root[position].get("class") == "annotation":
            position += 1
        root.insert(position, new)

    # -- rendering ----------------------------------------------------------

    @staticmethod
    def _blocks_in(root: etree.Element, part: list[etree.Element]) -> list[etree.Element]:
        """``part``'s blocks, asides included, in the tree's order."""
        members = {id(el) for el in part}
        return [el for el in root if id(el) in members]

    def _render(self, elements: list[etree.Element]) -> str:
        """Serialize elements the way ``Markdown.convert`` serializes the root."""
        if not elements:
            return ""
        wrapper = etree.Element("div")
        wrapper.extend(copy.deepcopy(el) for el in elements)
        output = self.md.serializer(wrapper)
        output = output[len("<div>"):-len("</div>")]
        for processor in self.md.postprocessors:
            output = processor.run(output)
        return output.strip()

    def _text(self, element: etree.Element) -> str:
        """Plain text of an element, raw HTML placeholders resolved."""
        raw = "".join(element.itertext())
        raw = HTML_PLACEHOLDER_RE.sub(
            lambda m: str(self.md.htmlStash.rawHtmlBlocks[int(m[1])]), raw)
        return plain_text(_LEFTOVER_PLACEHOLDER.sub("", raw))

    def _summary_text(self, block: etree.Element) -> str:
        """Plain text of a block without its annotation numbers."""
        clone = copy.deepcopy(block)
        for parent in list(clone.iter()):
            for child in list(parent):
                if child.tag == "sup" and child.get("class") == "annotation-ref":
                    self._remove_keeping_tail(parent, child)
        return self._text(clone)

    @staticmethod
    def _remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
        """Remove ``child`` but keep the text that followed it."""
        index = list(parent).index(child)
        if child.tail:
            if index:
                previous = parent[index - 1]
                previous.tail = (previous.tail or "") + child.tail
            else:
                parent.text = (parent.text or "") + child.tail
        parent.remove(child)

    @staticmethod
    def _first_paragraph(blocks: list[etree.Element]) -> etree.Element | None:
        return next((el for el in blocks if el.tag == "p"), None)


class EditorNotesExtension(Extension):
    """Split article text from editor's notes; footnotes become annotations."""

    def __init__(self, **kwargs):
        self.config = {
            "editor_lang": ["", "Language of the editors' annotations (e.g. 'en'): marks "
                                "each annotation with lang and dir, since it may stand "
                                "inside an article text in another language"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.registerExtension(self)
        self.md = md
        if "footnote" not in md.treeprocessors:
            FootnoteExtension().extendMarkdown(md)
        footnotes = footnotes_of(md)
        splitter = BriefingTreeprocessor(md, footnotes, self.getConfig("editor_lang"))
        md.treeprocessors.register(splitter, "briefing_split", -10)
        self.reset()

    def reset(self) -> None:
        self.md.briefing = BriefingDocument()


def makeExtension(**kwargs) -> EditorNotesExtension:  # noqa: N802 (Markdown's API)
    return EditorNotesExtension(**kwargs)
