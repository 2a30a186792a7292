"""No one file can stall or swamp a build: each past a limit is one clear error,
and links or folders the build cannot follow are errors too."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from conftest import PELICANCONF

from briefing.content.limits import nesting_depth

HEADER = ("Title: {title}\nDate: 2026-11-20 10:00\nTags: {tags}\nSource: S\n"
          "Source_URL: https://example.org/{url}\n\n")
NOTES = "\n\n## Editor's notes\n\nNotes.\n"

#: file name -> (its body or header values, the one line the check prints)
ITEMS = {
    "flat_list.md": ({"body": "- x\n" * 100_000},
                     "content/flat_list.md:5007: body: has more than 5000 lines of text: "
                     "split it"),
    "one_line_list.md": ({"body": "- " * 100_000 + "x\n"},
                         "content/one_line_list.md:7: body: nests lists or quotes 100000 "
                         "levels deep; at most 20 are allowed"),
    "nested_list.md": ({"body": "".join("    " * level + "- x\n" for level in range(700))},
                       "content/nested_list.md:27: body: nests lists or quotes 21 levels "
                       "deep; at most 20 are allowed"),
    "quotes.md": ({"body": "> " * 1000 + "x\n"},
                  "content/quotes.md:7: body: nests lists or quotes 1000 levels deep; "
                  "at most 20 are allowed"),
    "tags_1000.md": ({"tags": ", ".join(f"t{n}" for n in range(1000))},
                     "content/tags_1000.md:3: Tags: has 1000 tags; at most 50 are allowed"),
    "tags_10000.md": ({"tags": ", ".join(f"t{n}" for n in range(10_000))},
                      "content/tags_10000.md:3: Tags: has 10000 tags; at most 50 are allowed"),
    "huge.md": ({"body": ("A sentence of the article. " * 40 + "\n\n") * 19_000},
                "content/huge.md: file: is larger than 1 MB: split it, or keep only the "
                "article's text"),
    "markup.md": ({"body": "<b>a</b>" * 20_000},
                  "content/markup.md:7: body: has more than 20,000 markup characters "
                  "(* _ < > [ ] ` |) by this line: split it"),
    "long_title.md": ({"title": "T" * 301},
                      "content/long_title.md:1: Title: is 301 characters long; at most 300 "
                      "are allowed (got 'TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"
                      "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT…')"),
    "long_url.md": ({"url": "u" * 2000},
                    "content/long_url.md:5: Source_URL: is 2020 characters long; at most "
                    "2000 are allowed (got 'https://example.org/uuuuuuuuuuuuuuuuuuuuuuuuuu"
                    "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu…')"),
}

#: The check, then its peak memory in KiB: VmHWM, this program's own (the
#: rusage maximum would count the forked test process it was started from).
MEASURED = """
import sys
from briefing.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    print("peak", next(line for line in status if line.startswith("VmHWM:")).split()[1])
sys.exit(code)
"""


def check(folder) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", MEASURED, "check", "content", "-s",
                           PELICANCONF, "-o", str(folder / "output"),
                           "--wait", "0"],
                          cwd=folder, capture_output=True, text=True, timeout=300, check=False)


def test_each_pathological_item_is_one_quick_clear_error(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for name, (values, _) in ITEMS.items():
        fields = {"title": "An item", "tags": "a", "url": name, "body": "Text.\n", **values}
        (content / name).write_text(HEADER.format(**fields) + fields["body"] + NOTES, "utf-8")
    (content / "good.md").write_text(HEADER.format(title="Good", tags="a", url="good")
                                     + "- a list\n  - nested\n\n> > quoted\n" + NOTES, "utf-8")
    started = time.monotonic()
    done = check(tmp_path)
    seconds = time.monotonic() - started
    lines = done.stdout.splitlines()
    assert sorted(line for line in lines if line.startswith("content/")) == \
        sorted(line for _, line in ITEMS.values())
    assert lines[-2].startswith(f"check failed: {len(ITEMS)} error(s), 0 warning(s) in ")
    assert seconds < 60
    assert int(lines[-1].split()[1]) < 300_000  # KiB


@pytest.mark.parametrize(("line", "depth"), [
    ("plain text", 0), ("- item", 1), ("    - item", 2), ("- - - x", 3), ("1. one", 1),
    ("> quote", 1), (">> two", 2), ("> - quoted item", 2), ("\t\t- tabbed", 3),
    ("-not a list", 0), ("        indented code", 0)])
def test_nesting_depth_counts_indents_and_markers(line, depth):
    assert nesting_depth(line) == depth


def test_links_out_of_content_to_folders_and_in_loops_are_errors(tmp_path):
    content = tmp_path / "content"
    (content / "probe").mkdir(parents=True)
    (content / "probe" / "up").symlink_to("..")
    (content / "out").symlink_to("/etc")
    (content / "loop").symlink_to("loop")
    (content / "nowhere.md").symlink_to("missing.md")
    done = check(tmp_path)
    lines = done.stdout.splitlines()
    assert lines[:4] == [
        "content/loop: link: leads to nothing, or in a loop (to 'loop')",
        "content/nowhere.md: link: leads to nothing, or in a loop (to 'missing.md')",
        "content/out: link: leads out of the content folder (to /etc)",
        "content/probe/up: link: leads to a folder the content folder holds already "
        "(content): the build would read it twice, or forever"]
    assert lines[-2].startswith("check failed: 4 error(s), 0 warning(s) in ")
    assert done.returncode == 1


def test_a_link_to_a_file_inside_content_is_read_as_the_file(tmp_path):
    content = tmp_path / "content"
    (content / "items").mkdir(parents=True)
    (content / "items" / "a.md").write_text(HEADER.format(title="A", tags="a", url="a")
                                            + "Text." + NOTES, "utf-8")
    os.symlink("items/a.md", content / "alias.md")
    done = check(tmp_path)
    assert "link" not in done.stdout  # the contract's duplicate check speaks instead


def test_a_pathological_item_stops_a_publish_and_leaves_the_site(tmp_path):
    from faults import clean_build_digest, leftovers, make_site, publish, tree_digest

    site = make_site(tmp_path / "site", 2)
    assert publish(site, "--wait", "0").returncode == 0
    before = tree_digest(site / "output")
    bad = site / "content" / "bad.md"
    bad.write_text(HEADER.format(title="Bad", tags="a", url="bad") + "- " * 100_000 + "x\n"
                   + NOTES, "utf-8")
    done = publish(site, "--wait", "0")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert [line for line in lines if line.startswith("content/")] == [
        "content/bad.md:7: body: nests lists or quotes 100000 levels deep; at most 20 are "
        "allowed"]
    assert lines[-2].startswith("check failed: 1 error(s), 0 warning(s) in ")
    assert lines[-1] == f"publish stopped: 1 error(s); {site / 'output'} is unchanged"
    assert tree_digest(site / "output") == before
    bad.unlink()
    assert publish(site, "--wait", "0").returncode == 0
    assert leftovers(site) == []
    assert tree_digest(site / "output") == clean_build_digest(site / "content", tmp_path / "c")
