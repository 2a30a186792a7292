"""One rule for a tag's spelling: ``make import`` writes the spelling the build shows."""

from __future__ import annotations

from conftest import PELICANCONF, build_site

from briefing.cli import main
from briefing.content.tag_spelling import shown_spellings, site_spellings

SETTINGS = PELICANCONF
ITEM = ("Title: {title}\nDate: {date}\nTags: {tags}\nSource: S\n{status}"
        "Source_URL: https://example.org/{title}\n\nText.\n\n## Editor's notes\n\nNotes.\n")


def write(content, name, date, tags, status=""):
    (content / f"{name}.md").write_text(
        ITEM.format(title=name, date=date, tags=tags, status=status), "utf-8")


def test_the_most_used_spelling_wins_and_a_tie_goes_to_the_earliest_item():
    assert shown_spellings([["ai"], ["AI"], ["AI"]]) == {"ai": "AI"}
    assert shown_spellings([["ai"], ["AI"]]) == {"ai": "ai"}


def test_drafts_spell_only_the_tags_no_published_item_carries():
    assert site_spellings([["Ai"]], [["AI"], ["AI"], ["Drones"]]) == {"ai": "Ai",
                                                                      "drones": "Drones"}


def test_import_writes_the_spelling_the_build_shows(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    # a.md comes first by name, b.md by date: a tie goes to b, the earliest item.
    write(content, "a", "2026-11-02 09:00", "AI")
    write(content, "b", "2026-11-01 09:00", "ai")
    # Drafts never decide a published tag's spelling, however many there are.
    for number in range(3):
        write(content, f"draft{number}", "2026-11-03 09:00", "Ai", "Status: draft\n")
    site = build_site(content, tmp_path / "output")
    shown = {tag.text_content() for tag in site.page("/tags/").cssselect("main a")}
    assert "ai" in shown and "AI" not in shown and "Ai" not in shown

    pasted = tmp_path / "pasted.txt"
    pasted.write_text("A pasted article.\n", "utf-8")
    code = main(["import", str(pasted), "-s", SETTINGS, "--content", str(content),
                 "--title", "New", "--source", "S", "--source-url", "https://example.org/new",
                 "--tags", "AI", "--date", "2026-11-04 09:00"])
    assert code == 0, capsys.readouterr()
    new = next(path for path in content.rglob("*.md") if "new" in path.name)
    assert "Tags: ai\n" in new.read_text("utf-8")
