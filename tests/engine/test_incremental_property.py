"""Property: an incremental publish equals a clean build, whatever was edited and
whatever the theme reads.

Hypothesis draws a small site and a sequence of edits an editor (or a site's
designer) makes: retitle, retag, re-date, move a file, change a Slug, add,
delete, draft and undraft an item, edit its notes, annotations and
corrections, edit edition notes, change a setting, change a template.  After
every edit the site is published incrementally (from the previous step's
output and cache) and built clean (empty cache, no previous output); the two
must hold the same files, byte for byte.  The same runs against our theme
and against a theme that reads much further than ours, through
``THEME_TEMPLATES_OVERRIDES``: cards that show each item's related item, a
"latest items" block on every page, item pages that list their tags' other
items.  Everything a publish writes is compared: pages, feeds, the sitemap,
``_headers``, the ``.gz``/``.br`` copies and, on our theme's runs, the
search index.

``BRIEFING_HYPOTHESIS_EXAMPLES`` sets how many sites each theme is tried
with (default :data:`DEFAULT_EXAMPLES`, a fixed set: CI runs the same ones);
set, Hypothesis draws that many new ones each run.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, build_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DEFAULT_EXAMPLES = 3
EXAMPLES = int(os.environ.get("BRIEFING_HYPOTHESIS_EXAMPLES", DEFAULT_EXAMPLES))
MAX_EDITS = 4
TAGS = ("Energy", "Grain", "Black Sea", "Ports", "Chips")
CATEGORIES = ("Economy", "Technology")
TITLES = ("Talks resume", "Port reopens", "Quota set", "Chip plant delayed", "Grid strained",
          "Tanker seized", "Prices fall")
DAYS = (20, 21, 22, 23)

# Templates of a theme that reads further than ours, as replacements in our
# own templates (the marker must be in the original file).
DEEP_OVERRIDES = {
    "partials/item_card.html": (
        "  {{ card_meta(article, date_style) }}",
        "{% if article.related %}<p>See also: {{ article.related[0].title }}"
        " ({{ article.related[0].tags|map(attribute='name')|join(', ') }})</p>{% endif %}\n"
        "  {{ card_meta(article, date_style) }}"),
    "base.html": (
        "{% block content %}{% endblock content %}",
        "{% block content %}{% endblock content %}\n<aside><h2>Latest</h2><ul>"
        "{% for latest in articles[:2] %}<li>{{ latest.title }}, {{ latest.edition.date }}"
        "{% if latest.corrections %} (corrected){% endif %}</li>{% endfor %}</ul></aside>"),
    "partials/related_items.html": (
        "{% set related = article.related|default([]) %}",
        "{% for tag, tagged in tags %}{% if tag in article.tags %}<p>More on {{ tag.name }}:"
        "{% for other in tagged if other != article %} {{ other.title }}"
        "{% if other.notes_html %}*{% endif %}{% endfor %}</p>{% endif %}{% endfor %}\n"
        "{% set related = article.related|default([]) %}"),
}


@dataclasses.dataclass(frozen=True)
class Item:
    number: int
    title: str
    day: int
    tags: tuple[str, ...]
    hour: int = 9  # few hours: items of the same minute are frequent
    category: str = CATEGORIES[0]
    notes: str = "the corridor matters"
    annotated: bool = False
    corrected: bool = False
    draft: bool = False
    slug: str | None = None
    folder: str = "items"

    def text(self) -> str:
        header = [f"Title: {self.title}", f"Date: 2026-11-{self.day} {self.hour:02d}:00",
                  f"Tags: {', '.join(self.tags)}", f"Category: {self.category}",
                  "Source: Harbour Gazette",
                  f"Source_URL: https://harbour-gazette.example/story-{self.number}"]
        if self.slug:
            header.append(f"Slug: {self.slug}")
        if self.corrected:
            header.append("Correction: 2026-11-28: The talks resumed on Tuesday.")
        if self.draft:
            header.append("Status: draft")
        marker = "[^a]" if self.annotated else ""
        body = [f"Officials said talks on item {self.number} resumed.{marker}", "",
                "## Editor's notes", "", f"Why it matters: {self.notes}."]
        if self.annotated:
            body += ["", "[^a]: The talks had been suspended since the spring."]
        return "\n".join(header) + "\n\n" + "\n".join(body) + "\n"


@dataclasses.dataclass(frozen=True)
class Site:
    items: tuple[Item, ...]
    edition_notes: tuple[tuple[int, str], ...] = ()
    sitename: str = "The Briefing"
    template_note: str = "Made by the desk."

    def write(self, content: Path) -> None:
        shutil.rmtree(content, ignore_errors=True)
        for item in self.items:
            path = content / item.folder / f"item-{item.number}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(item.text(), "utf-8")
        for day, title in self.edition_notes:
            path = content / "editions" / f"2026-11-{day}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"Title: {title}\n\nThe desk's note for the day.\n", "utf-8")
        (content / "pages").mkdir(parents=True, exist_ok=True)
        (content / "pages" / "about.md").write_text("Title: About\n\nWho we are.\n", "utf-8")


def _replace(site: Site, index: int, **changes) -> Site:
    if not site.items:
        return site
    items = list(site.items)
    index %= len(items)
    items[index] = dataclasses.replace(items[index], **changes)
    return dataclasses.replace(site, items=tuple(items))


def _item_at(site: Site, index: int) -> Item | None:
    return site.items[index % len(site.items)] if site.items else None


def apply(site: Site, edit: tuple[str, int, int]) -> Site:
    """``site`` after one edit: its kind and two numbers choosing what and how."""
    kind, a, b = edit
    item = _item_at(site, a)
    if kind == "retitle":
        return _replace(site, a, title=f"{TITLES[b % len(TITLES)]} ({b})")
    if kind == "retag":
        return _replace(site, a, tags=tuple(TAGS[(b + i) % len(TAGS)]
                                            for i in range(1 + b % 3)))
    if kind == "redate":
        return _replace(site, a, day=DAYS[b % len(DAYS)], hour=9 + b % 2)
    if kind == "move":
        return _replace(site, a, folder=f"moved/{b % 2}" if item and item.folder == "items"
                        else "items")
    if kind == "slug":
        return _replace(site, a, slug=None if b % 3 == 0 else f"chosen-{b % 4}")
    if kind == "add":
        number = max((i.number for i in site.items), default=0) + 1
        new = Item(number, f"{TITLES[b % len(TITLES)]} {number}", DAYS[b % len(DAYS)],
                   (TAGS[b % len(TAGS)],))
        return dataclasses.replace(site, items=(*site.items, new))
    if kind == "delete":
        if len(site.items) <= 1:
            return site
        return dataclasses.replace(site, items=tuple(
            i for n, i in enumerate(site.items) if n != a % len(site.items)))
    if kind == "draft":
        return _replace(site, a, draft=not item.draft) if item else site
    if kind == "notes":
        return _replace(site, a, notes=f"revised note {b}")
    if kind == "annotation":
        return _replace(site, a, annotated=not item.annotated) if item else site
    if kind == "correction":
        return _replace(site, a, corrected=not item.corrected) if item else site
    if kind == "category":
        return _replace(site, a, category=CATEGORIES[b % len(CATEGORIES)])
    if kind == "edition_note":
        day = DAYS[a % len(DAYS)]
        notes = dict(site.edition_notes)
        if day in notes and b % 2:
            del notes[day]
        else:
            notes[day] = f"Edition {b}"
        return dataclasses.replace(site, edition_notes=tuple(sorted(notes.items())))
    if kind == "setting":
        return dataclasses.replace(site, sitename=f"The Briefing {b % 3}")
    if kind == "template":
        return dataclasses.replace(site, template_note=f"Made by desk {b % 3}.")
    raise AssertionError(kind)


EDIT_KINDS = ("retitle", "retag", "redate", "move", "slug", "add", "delete", "draft", "notes",
              "annotation", "correction", "category", "edition_note", "setting", "template")

items_strategy = st.lists(
    st.builds(lambda n, t, d, tags, hour: Item(n, t, d, tags, hour),
              st.just(0), st.sampled_from(TITLES), st.sampled_from(DAYS),
              st.lists(st.sampled_from(TAGS), min_size=1, max_size=3, unique=True).map(tuple),
              st.sampled_from((9, 10))),
    min_size=2, max_size=5,
).map(lambda items: tuple(dataclasses.replace(item, number=n + 1,
                                              title=f"{item.title} {n + 1}")
                          for n, item in enumerate(items)))
sites_strategy = st.builds(Site, items_strategy)
edits_strategy = st.lists(st.tuples(st.sampled_from(EDIT_KINDS), st.integers(0, 11),
                                    st.integers(0, 11)), min_size=1, max_size=MAX_EDITS)


def make_theme(folder: Path, deep: bool, note: str) -> dict:
    """The settings for a copy of our theme (its footer says ``note``), with the
    deep-reading overrides if ``deep``."""
    theme = folder / "theme"
    if not theme.exists():
        shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    original = (ROOT / "theme" / "templates" / "base.html").read_text("utf-8")
    marker = "{% block footer %}"
    assert marker in original
    base.write_text(original.replace(marker, f"{marker}\n<p>{note}</p>"), "utf-8")
    settings = {"THEME": str(theme)}
    if deep:
        overrides = folder / "overrides"
        for name, (old, new) in DEEP_OVERRIDES.items():
            source = (base if name == "base.html" else
                      ROOT / "theme" / "templates" / name).read_text("utf-8")
            assert old in source, name
            (overrides / name).parent.mkdir(parents=True, exist_ok=True)
            (overrides / name).write_text(source.replace(old, new), "utf-8")
        settings["THEME_TEMPLATES_OVERRIDES"] = [str(overrides)]
    return settings


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def publish(site: Site, folder: Path, output: Path, cache: Path, deep: bool,
            previous: Path | None = None) -> Path:
    settings = make_theme(folder, deep, site.template_note)
    # The search index on our theme's runs only: Pagefind costs a second a build.
    # Two items a page: tags and categories get numbered pages (counted from
    # the oldest), which additions, deletions and re-dating shift.
    built = build_site(folder / "content", output, settings="publishconf.py",
                       CACHE_PATH=str(cache), SITENAME=site.sitename, BRIEFING_SEARCH=not deep,
                       DEFAULT_PAGINATION=2,
                       BRIEFING_PREVIOUS_OUTPUT=str(previous) if previous else None, **settings)
    assert built.report.ok, built.report.errors
    return output


@pytest.mark.parametrize("deep", [False, True], ids=["our-theme", "deep-reading-theme"])
def test_incremental_publish_equals_clean_build_after_every_edit(deep):
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              derandomize="BRIEFING_HYPOTHESIS_EXAMPLES" not in os.environ,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(site=sites_strategy, edits=edits_strategy)
    def check(site: Site, edits: list[tuple[str, int, int]]) -> None:
        with tempfile.TemporaryDirectory(prefix="briefing-property-") as temporary:
            folder = Path(temporary)
            published = folder / "output"
            site.write(folder / "content")
            publish(site, folder, published, folder / "cache", deep)
            for step, edit in enumerate(edits, start=1):
                site = apply(site, edit)
                site.write(folder / "content")
                # As `briefing publish` does: build beside the site, then swap.
                staged = publish(site, folder, folder / "staged", folder / "cache", deep,
                                 previous=published)
                shutil.rmtree(published)
                staged.rename(published)
                clean = publish(site, folder, folder / "clean", folder / f"clean-cache-{step}",
                                deep)
                got, expected = tree(published), tree(clean)
                assert sorted(got) == sorted(expected), (edits[:step], "file lists differ")
                assert [name for name in expected if got[name] != expected[name]] == [], \
                    (edits[:step], "files differ")
                shutil.rmtree(clean)

    check()
