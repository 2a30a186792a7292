"""What ``make check`` and ``make publish`` say about the content: exact counts, every field known.

The ``unpublished`` fixture (2 published items, a hidden one, a draft, 2
scheduled items, 2 pages, an edition note) plus, in a copy, files that
cannot be read as items: the summary's numbers add up to the files in the
folder and name the ones not read.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from zoneinfo import ZoneInfo

from conftest import FIXTURES, PELICANCONF, PUBLISHCONF, ROOT, build_site

from briefing.cli import main

CONTENT = FIXTURES / "unpublished"
SCHEDULED = [
    "scheduled: 2099-01-01 08:00 CET {root}/items/scheduled.md: "
    "Quorvantide scheduled item about shipping",
    "scheduled: 2099-02-01 08:00 CET {root}/items/scheduled_hidden.md: "
    "Gossamerbeck scheduled hidden item",
]


def run(capsys, *arguments) -> tuple[int, list[str]]:
    code = main(list(arguments))
    return code, capsys.readouterr().out.strip().splitlines()


def with_broken_files(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    items = content / "items"
    (items / "misspelt.md").write_text(
        "Title: Misspelt fields\nDate: 2026-11-20 12:00\nTag: Grain\nSource: S\n"
        "Source_URL: https://example.org/m\nStauts: draft\nCatgory: Trade\nVai: Yonhap\n\n"
        "Text.\n\n## Editor's notes\n\nNotes.\n", "utf-8")
    (items / "latin1.md").write_bytes("Title: Caf\xe9\n\nText\n".encode("latin-1"))
    (items / "empty_notes.md").write_text(
        "Title: Notes left empty\nDate: 2026-11-20 13:00\nTags: Grain\nSource: S\n"
        "Source_URL: https://example.org/e\n\nText of the article.\n\n## Editor's notes\n\n",
        "utf-8")
    (content / "editions" / "2026-11-20.md").write_text("Title: A note\nClosd: yes\n\nText\n",
                                                        "utf-8")
    return content


def test_check_counts_every_file_once(capsys, tmp_path):
    code, lines = run(capsys, "check", str(CONTENT), "-s", PELICANCONF)
    assert code == 0, lines
    root = CONTENT.relative_to(ROOT) if CONTENT.is_relative_to(ROOT) else CONTENT
    assert lines[-3:] == [*(line.format(root=root) for line in SCHEDULED),
                          "check passed: 0 error(s), 0 warning(s) in 9 file(s): 2 item(s) "
                          "published, 1 hidden, 1 draft(s), 2 scheduled, 2 page(s), "
                          "1 edition note(s), 0 not read"]


def test_check_names_the_files_it_could_not_read_and_every_misspelt_field(capsys, tmp_path,
                                                                         monkeypatch):
    content = with_broken_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, lines = run(capsys, "check", "content", "-s", PELICANCONF)
    assert code == 1
    assert "content/items/misspelt.md:3: Tag: is not a known header field: did you mean " \
           "'Tags'?" in lines
    assert "content/items/misspelt.md:6: Stauts: is not a known header field: did you mean " \
           "'Status'?" in lines
    assert "content/items/misspelt.md:7: Catgory: is not a known header field: did you mean " \
           "'Category'?" in lines
    assert "content/items/misspelt.md:8: Vai: is not a known header field: did you mean " \
           "'Via'?" in lines
    assert "content/editions/2026-11-20.md:2: Closd: is not a known header field" in lines[0]
    assert ("content/items/empty_notes.md:9: notes: the editor's notes section is empty: write "
            "your notes under it (until then the summary is the article's first paragraph) "
            "[warning]") in lines
    assert lines[-2:] == [
        "not read, see the errors above: content/items/latin1.md, content/items/misspelt.md",
        "check failed: 6 error(s), 1 warning(s) in 13 file(s): 3 item(s) published, 1 hidden, "
        "1 draft(s), 2 scheduled, 2 page(s), 2 edition note(s), 2 not read"]
    assert content.is_dir()


def test_publish_prints_the_same_counts(capsys, tmp_path):
    code, lines = run(capsys, "publish", str(CONTENT), "-s", PUBLISHCONF,
                      "-o", str(tmp_path / "output"))
    assert code == 0, lines
    assert lines[-2] == ("check passed: 0 error(s), 0 warning(s) in 9 file(s): 2 item(s) "
                         "published, 1 hidden, 1 draft(s), 2 scheduled, 2 page(s), "
                         "1 edition note(s), 0 not read")
    assert lines[-1].startswith("published 2 items, 2 editions, 3 tags, ")


def test_a_site_may_declare_fields_of_its_own(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    item = content / "items" / "published_one.md"
    item.write_text(item.read_text("utf-8").replace("Category:", "Desk: Foreign\nCategory:"),
                    "utf-8")
    refused = build_site(content, tmp_path / "refused")
    [error] = refused.report.errors
    assert error.endswith("published_one.md:4: Desk: is not a known header field (a site's "
                          "own fields are listed in BRIEFING_EXTRA_FIELDS)")
    accepted = build_site(content, tmp_path / "accepted", BRIEFING_EXTRA_FIELDS=["Desk"])
    assert accepted.report.ok, accepted.report.errors
    assert accepted.report.items == 2


def test_make_scheduled_lists_them_on_the_sites_clock(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    soon = dt.datetime.now(ZoneInfo("Europe/Berlin")) + dt.timedelta(hours=2)
    (content / "soon.md").write_text(
        f"Title: Out soon\nDate: {soon:%Y-%m-%dT%H:%M}:00+00:00\nTags: T\nSource: S\n"
        "Source_URL: https://example.org/soon\n\nText.\n\n## Editor's notes\n\nN.\n", "utf-8")
    done = subprocess.run(["make", "-s", "--no-print-directory", "-C", str(ROOT), "scheduled",
                           f"INPUTDIR={content}"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    # Written in UTC, listed on the site's clock (Berlin: one hour ahead in winter).
    shown = dt.datetime.combine(soon.date(), soon.time().replace(second=0, microsecond=0),
                                tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert lines[0].startswith("1 scheduled item(s); now is ")
    assert lines[0].endswith("(Europe/Berlin)")
    assert lines[-1].startswith(f"scheduled: {shown:%Y-%m-%d %H:%M %Z} ")
    assert lines[-1].endswith("soon.md: Out soon")
