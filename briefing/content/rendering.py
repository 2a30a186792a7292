"""Markdown bodies to sanitized HTML, the same way for items, pages and editions.

One :class:`BodyRenderer` per reader keeps one ``Markdown`` instance and
resets it between documents (Pelican makes a new instance per file, which is
slower and gains nothing).  The configured extensions come from Pelican's
``MARKDOWN`` setting, less ``meta``: our reader parses the header itself, and
``meta`` would swallow an article text whose first line looks like
``Update: ...``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown import Markdown
from markupsafe import Markup

from briefing.content.editor_notes import Annotation, BriefingDocument
from briefing.content.sanitize import clean_html

EXTENSION = "briefing.content.editor_notes"
_META_EXTENSIONS = ("meta", "markdown.extensions.meta")


@dataclass
class RenderedBody:
    """A body rendered and sanitized, ready for templates (HTML as ``Markup``)."""

    article_html: Markup
    notes_heading: str
    notes_html: Markup
    has_notes: bool
    summary: str
    annotations: list[Annotation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def content(self) -> Markup:
        """The whole body: both parts under the editor's own heading.

        Built from the parts already sanitized rather than sanitizing the
        whole body a second time (nh3 was a tenth of a large build), and
        only when asked for: items' templates and feeds use the parts.
        """
        if not self.notes_heading:
            return self.article_html
        return self.article_html + Markup("\n<h2>%s</h2>\n") % self.notes_heading \
            + self.notes_html


class BodyRenderer:
    """Render Markdown bodies with the site's extensions plus ours."""

    def __init__(self, markdown_settings: dict, editor_lang: str = "",
                 site_url: str | None = None):
        self._site_url = site_url  # the sanitizer tells the site's links from others
        options = dict(markdown_settings)
        configs = dict(options.pop("extension_configs", {}))
        names = [name for name in options.pop("extensions", [])
                 if isinstance(name, str) and name not in _META_EXTENSIONS]
        names += [name for name in configs if name not in names and name not in _META_EXTENSIONS]
        if EXTENSION not in names:
            names.append(EXTENSION)
        configs = {name: config for name, config in configs.items() if name in names}
        configs[EXTENSION] = {"editor_lang": editor_lang, **configs.get(EXTENSION, {})}
        self._markdown = Markdown(extensions=names, extension_configs=configs, **options)

    def render(self, text: str) -> RenderedBody:
        md = self._markdown
        md.reset()
        md.convert(text)
        document: BriefingDocument = md.briefing
        annotations = [
            Annotation(a.number, a.key, a.passage, self._clean(a.note_html), a.in_notes)
            for a in document.annotations
        ]
        article_html = self._clean(document.article_html)
        notes_html = self._clean(document.notes_html)
        return RenderedBody(
            article_html=article_html,
            notes_heading=document.notes_heading,
            notes_html=notes_html,
            has_notes=document.has_notes,
            summary=document.summary,
            annotations=annotations,
            warnings=list(document.warnings),
        )

    def _clean(self, fragment: str) -> Markup:
        return Markup(clean_html(fragment, self._site_url))
