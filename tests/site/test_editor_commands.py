"""``briefing check`` and ``briefing publish`` on good and bad content."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from briefing.cli import main

ERRORS = FIXTURES / "errors" / "items"


def check(capsys, content: Path, *options: str) -> tuple[int, str]:
    code = main(["check", str(content), "-s", str(ROOT / "pelicanconf.py"), *options])
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def error_report(tmp_path_factory):
    """The check's output over the errors fixture, run once."""
    from briefing.cli.build import build

    output = tmp_path_factory.mktemp("errors")
    return build(str(ROOT / "pelicanconf.py"), output,
                 {"PATH": str(FIXTURES / "errors"), "THEME": str(ROOT / "theme")})


def relative(path: Path) -> str:
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


@pytest.mark.parametrize(("file", "expected"), [
    ("missing_title.md", ": Title: is missing"),
    ("empty_source.md", ":4: Source: is required but empty"),
    ("header_line_without_colon.md",
     ":4: header: line is not 'Key: value' (a blank line must end the header) "
     "(got 'This line has no colon')"),
    ("impossible_date.md", ":2: Date: is not a real date or time (got '2026-02-30 09:00')"),
    ("unknown_date.md", ":2: Date: is not a date"),
    ("relative_source_url.md",
     ":5: Source_URL: must be an absolute http(s) URL (got '/news/relative')"),
    ("no_tags.md", ":3: Tags: needs at least one tag (got ', ,')"),
    ("empty_body.md", ":7: body: has no text"),
    ("not_utf8.md", ":7: file: is not UTF-8 text"),
    ("duplicate_slug_second.md", ": Slug: already used by "),
    ("duplicate_id_second.md", ": Id: already used by "),
])
def test_every_contract_error_names_file_line_and_field(error_report, file, expected):
    matching = [e for e in error_report.errors if e.startswith(relative(ERRORS / file) + ":")]
    assert len(matching) == 1, error_report.errors
    assert expected in matching[0]


def test_no_error_is_a_bare_traceback(error_report):
    for message in error_report.errors + error_report.warnings:
        assert "Traceback" not in message
        assert re.match(r"^\S+\.md(:\d+)?: \S+: ", message), message


def test_items_with_errors_are_not_published(error_report, tmp_path):
    assert error_report.items == 4  # the duplicate slug and Id pairs only


def test_check_exits_1_and_reports_all_errors(capsys):
    code, out = check(capsys, FIXTURES / "errors")
    assert code == 1
    assert "check failed: 11 error(s)" in out
    assert out.index("missing_title.md") < out.index("[warning]")


def test_check_passes_with_warnings_unless_strict(capsys):
    code, out = check(capsys, FIXTURES / "model")
    assert code == 0, out
    assert "[warning]" in out
    code, _ = check(capsys, FIXTURES / "model", "--strict")
    assert code == 1


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def publish(capsys, content: Path, output: Path, *options: str) -> tuple[int, str]:
    code = main(["publish", str(content), "-s", str(ROOT / "publishconf.py"),
                 "-o", str(output), *options])
    return code, capsys.readouterr().out


def test_publish_over_bad_content_leaves_the_previous_site_untouched(capsys, tmp_path,
                                                                     monkeypatch):
    """A failed publish exits 1, says why, and leaves output/ byte-identical."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "model", content)
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "output"
    code, out = publish(capsys, content, output)
    assert code == 0, out
    assert re.search(r"published \d+ items, \d+ editions, \d+ tags, 2 feeds", out)
    before = tree_digest(output)
    shutil.copy(ERRORS / "impossible_date.md", content / "items" / "impossible_date.md")
    code, out = publish(capsys, content, output)
    assert code == 1
    assert "Date: is not a real date" in out and "unchanged" in out
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")] == []


def test_publish_overrides_siteurl_for_staging(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "model", tmp_path / "content")
    code, out = publish(capsys, tmp_path / "content", tmp_path / "output",
                        "--siteurl", "https://staging.example.org/")
    assert code == 0, out
    home = (tmp_path / "output" / "index.html").read_text("utf-8")
    assert 'href="https://staging.example.org/feeds/all.atom.xml"' in home
    assert "127.0.0.1" not in home
