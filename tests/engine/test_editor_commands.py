"""``briefing check``, ``publish`` and ``devserver`` on good, bad and odd content,
and the Makefile targets in front of them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import (
    FIXTURES,
    PELICANCONF,
    PUBLISHCONF,
    ROOT,
    build_site,
    running_devserver,
    settings_based_on,
)

from briefing.cli import main
from briefing.pelican import build as build_module
from briefing.pelican import build_state, item_reader
from briefing.pelican import progress as progress_module

ERRORS = FIXTURES / "errors" / "items"
WARNINGS = FIXTURES / "warnings"


def check(capsys, content: Path, *options: str) -> tuple[int, str]:
    code = main(["check", str(content), "-s", PELICANCONF, *options])
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def error_report(tmp_path_factory):
    """The check's output over the errors fixture, run once."""
    from briefing.pelican.build import build

    output = tmp_path_factory.mktemp("errors")
    return build(PELICANCONF, output,
                 {"PATH": str(FIXTURES / "errors"), "THEME": str(ROOT / "theme")})


GOOD_ITEM = FIXTURES / "model" / "items" / "with_notes_and_annotation.md"


def small_site(folder: Path) -> Path:
    """A content folder holding one good item (small sites build fast)."""
    folder.mkdir()
    shutil.copy(GOOD_ITEM, folder / GOOD_ITEM.name)
    return folder


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
    ("correction_without_date.md",
     ":6: Correction: must read 'YYYY-MM-DD: what was corrected' (got 'Fixed the quota figure')"),
    ("correction_impossible_date.md",
     ":6: Correction: is not a real date: write 'YYYY-MM-DD: what was corrected' "
     "(got '2026-11-31: Fixed the quota figure')"),
    ("correction_without_text.md",
     ":7: Correction: says nothing after the date: write 'YYYY-MM-DD: what was corrected' "
     "(got '2026-11-22:')"),
    ("correction_before_date.md",
     ":6: Correction: is dated before the item's Date (2026-11-20) "
     "(got '2026-11-19: Fixed the quota figure')"),
    ("correction_in_the_future.md", ":7: Correction: is dated in the future (today is "),
    # odd inputs
    ("binary_file.md", ":1: file: is not UTF-8 text: save it as UTF-8 (got '89 50 4e 47')"),
    ("empty_file.md", ": file: is empty"),
    ("only_bom.md", ": file: is empty"),
    ("header_very_long_line.md",
     ":6: header: line is not 'Key: value' (a blank line must end the header) "
     "(got 'The central bank said on Tuesday"),
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
    # The duplicate slug and Id pairs, and the item corrected in the future:
    # errors found by comparing items, or with the clock, once they are read.
    assert error_report.items == 5


def test_check_exits_1_and_reports_all_errors(capsys):
    code, out = check(capsys, FIXTURES / "errors")
    assert code == 1
    assert "check failed: 20 error(s)" in out
    assert out.index("missing_title.md") < out.index("[warning]")


def test_a_very_long_header_line_is_shortened_in_its_message(error_report):
    [message] = [e for e in error_report.errors if "header_very_long_line.md" in e]
    assert len(message) < 300
    assert message.endswith("…')")


def odd_item(folder: Path, name: str, title: str, date: str = "2026-11-20 10:00") -> None:
    (folder / name).write_text(
        f"Title: {title}\nDate: {date}\nTags: Odd\nSource: S\n"
        f"Source_URL: https://example.org/{name}\n\nText.\n\n## Editor's notes\n\nNotes.\n")


def test_odd_but_valid_items_pass(capsys, tmp_path):
    """A Date with seconds and a long Title (200 characters) are fine."""
    content = tmp_path / "content"
    content.mkdir()
    odd_item(content, "date_with_seconds.md", "A date with seconds", "2026-11-20 09:00:30")
    odd_item(content, "long_title.md", "A long headline " * 12 + "ends here")
    code, out = check(capsys, content)
    assert code == 0, out
    assert "check passed: 0 error(s), 0 warning(s) in 2 file(s): 2 item(s) published" in out


def test_a_title_too_long_for_a_file_name_still_publishes_under_a_shorter_slug(capsys, tmp_path):
    """Slugs are cut at a word before 80 characters: a folder name never overflows.
    (A title may be 300 characters long: briefing.content.limits.)"""
    content = tmp_path / "content"
    content.mkdir()
    odd_item(content, "huge_title.md", ("A very long headline " * 14).strip())
    code, out = check(capsys, content)
    assert code == 0, out
    assert "check passed: 0 error(s), 0 warning(s) in 1 file(s): 1 item(s) published" in out


@pytest.mark.parametrize("command", ["check", "publish"])
def test_a_content_folder_that_does_not_exist_is_one_clear_line(capsys, tmp_path, command):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site")
    options = ["-o", str(output)] if command == "publish" else []
    code = main([command, str(tmp_path / "no-such-folder"), "-s", PELICANCONF,
                 *options])
    out = capsys.readouterr()
    assert code == 1
    assert "no-such-folder: content folder not found" in out.out
    assert "Traceback" not in out.out + out.err
    assert (output / "index.html").read_text() == "previous site"


@pytest.mark.parametrize("command", ["check", "publish", "devserver"])
def test_a_settings_file_that_does_not_exist_is_one_clear_line(capsys, tmp_path, command):
    code = main([command, str(FIXTURES / "model"), "-s", str(tmp_path / "nope.py"),
                 *(["-o", str(tmp_path / "output")] if command != "check" else [])])
    out = capsys.readouterr()
    assert code == 1
    assert "nope.py: settings file not found" in out.out
    assert "Traceback" not in out.out + out.err
    assert not (tmp_path / "output").exists()


#: Each file of the warnings fixture, and the one warning it must raise.
EXPECTED_WARNINGS = {
    "items/no_editors_notes.md": ":7: body: has no editor's notes",
    "items/tag_spelled_two_ways_second.md": ":3: Tags: 'SHIPPING' is spelled 'Shipping' elsewhere",
    "items/tracking_parameters.md": ":5: Source_URL: carries tracking parameters "
                                    "(utm_source, fbclid): remove them",
    "items/same_source_url_second.md": ":5: Source_URL: the same article as "
                                       "tests/fixtures/content/warnings/items/same_source_url_first",
    "items/import_placeholder_left.md": ":11: notes: the import placeholder is still there: "
                                        "write your editor's notes in its place",
    "items/annotation_marker_without_remark.md": ": annotation: [^missing] has no definition",
    "editions/2026-10-01.md": ": edition note: no published item on 2026-10-01",
}


def test_every_warning_is_reported_once_and_check_still_passes(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out = check(capsys, WARNINGS)
    assert code == 0, out
    warnings = [line for line in out.splitlines() if line.endswith(" [warning]")]
    assert len(warnings) == len(EXPECTED_WARNINGS), out
    for file, expected in EXPECTED_WARNINGS.items():
        path = f"tests/fixtures/content/warnings/{file}"
        [line] = [w for w in warnings if w.startswith(path + ":")]
        assert expected in line
    assert "check passed: 0 error(s), 7 warning(s)" in out


def test_strict_check_fails_on_warnings(capsys):
    code, out = check(capsys, WARNINGS, "--strict")
    assert code == 1
    assert "check failed: 0 error(s), 7 warning(s)" in out


def test_check_renders_nothing_and_shares_the_read_cache(capsys, tmp_path, monkeypatch):
    """A check reads and processes every item and writes no page, feed, index,
    copy or _headers, nor a record of pages for its throw-away folder; the
    build it stands in for then reads every item from the cache it filled."""
    settings = tmp_path / "site.py"
    settings.write_text(
        settings_based_on("publishconf.py") + f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    scratch: list[set[str]] = []

    def build_and_list(settings_file, output, overrides, progress):
        report = build_module.build(settings_file, output, overrides, progress)
        scratch.append({str(path.relative_to(output)) for path in output.rglob("*")
                        if path.is_file()})
        return report

    monkeypatch.setattr("briefing.cli.check.build", build_and_list)
    code = main(["check", str(FIXTURES / "model"), "-s", str(settings)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"check passed: 0 error\(s\), \d+ warning\(s\) in \d+ file\(s\): "
                     r"[1-9]\d* item\(s\) published", out)
    assert "Content-Security-Policy" not in out  # no _headers, so no home page wanted
    [written] = scratch
    assert not [name for name in written
                if name.endswith((".html", ".gz", ".br")) or name == "_headers"
                or name.startswith(("feeds/", "pagefind/"))], sorted(written)
    assert not (tmp_path / "cache" / "pages").exists()

    def read_again(_reader, source_path, _raw):
        raise AssertionError(f"read again: {source_path}")

    monkeypatch.setattr(item_reader.BriefingReader, "read_source", read_again)
    report = build_module.build(str(settings), tmp_path / "output",
                                {"PATH": str(FIXTURES / "model")})
    assert report.ok, report.errors
    assert (tmp_path / "output" / "index.html.gz").is_file()
    assert len(list((tmp_path / "cache" / "items").glob("*.sqlite3"))) == 1


def test_a_small_site_prints_no_progress(capsys, tmp_path):
    code = main(["check", str(small_site(tmp_path / "content")), "-s",
                 PELICANCONF])
    assert code == 0
    assert capsys.readouterr().err == ""


def test_a_long_build_reports_each_phase(tmp_path, monkeypatch):
    """Phase lines once a build has run PROGRESS_AFTER seconds (here: at once)."""
    monkeypatch.setattr(progress_module, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(progress_module, "PROGRESS_EVERY", 60.0)  # the timer's lines aside
    stream = io.StringIO()
    report = build_module.build(PELICANCONF, tmp_path / "output",
                                {"PATH": str(FIXTURES / "model"), "THEME": str(ROOT / "theme")},
                                progress=stream)
    assert report.ok, report.errors
    lines = stream.getvalue().splitlines()
    read = [line for line in lines if re.match(r"^  read [1-9]\d* of \d+ items \(\d+ s\)$", line)]
    assert len(read) == 1, lines
    assert any(line.startswith("  processing ") for line in lines), lines


def test_items_restored_from_the_last_build_count_as_read(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(progress_module, "PROGRESS_EVERY", 60.0)
    processing = []
    for _ in range(2):  # the second build restores the items the first made
        stream = io.StringIO()
        report = build_module.build(PELICANCONF, tmp_path / "output",
                                    {"PATH": str(FIXTURES / "model"),
                                     "THEME": str(ROOT / "theme")}, progress=stream)
        assert report.ok, report.errors
        processing += [line.split(" (")[0] for line in stream.getvalue().splitlines()
                       if line.startswith("  processing ")]
    assert build_state.current().items_restored > 0
    assert len(processing) == 2 and processing[0] == processing[1], processing


def test_progress_prints_on_a_timer_while_a_phase_runs_long(monkeypatch):
    monkeypatch.setattr(progress_module, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(progress_module, "PROGRESS_EVERY", 0.05)
    stream = io.StringIO()
    progress = progress_module.Progress(stream, total=3)
    progress.start()
    try:
        time.sleep(0.3)  # a plugin busy between two signals
    finally:
        progress.stop()
    assert stream.getvalue().count("  read 0 of 3 items") >= 2


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
    code = main(["publish", str(content), "-s", PUBLISHCONF,
                 "-o", str(output), *options])
    return code, capsys.readouterr().out


def test_a_second_publish_with_the_ledger_renders_nothing_again(capsys, tmp_path, monkeypatch):
    """As ``make publish`` runs it, with the address ledger: each publish
    writes the ledger's next version to a fresh temporary file, which must
    not make every page look built in another frame."""
    monkeypatch.chdir(tmp_path)
    content, output = small_site(tmp_path / "content"), tmp_path / "output"
    ledger = str(tmp_path / "published-addresses.txt")
    assert publish(capsys, content, output, "--ledger", ledger)[0] == 0
    code, out = publish(capsys, content, output, "--ledger", ledger)
    assert code == 0, out
    assert re.search(r"\(0 pages and feeds rendered, [1-9]\d* unchanged kept\)$", out.strip()), out


def test_publish_over_bad_content_leaves_the_previous_site_untouched(capsys, tmp_path,
                                                                     monkeypatch):
    """A failed publish exits 1, says why, and leaves output/ byte-identical."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "model", content)
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "output"
    code, out = publish(capsys, content, output)
    assert code == 0, out
    assert re.search(r"published \d+ items, \d+ editions, \d+ tags, \d+ feeds", out)
    before = tree_digest(output)
    shutil.copy(ERRORS / "impossible_date.md", content / "items" / "impossible_date.md")
    code, out = publish(capsys, content, output)
    assert code == 1
    assert "Date: is not a real date" in out and "unchanged" in out
    assert tree_digest(output) == before
    # Only the lock file stays beside output/ (briefing.build.site_lock).
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")] == [".output.lock"]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A small site published once: an ``output/`` to protect from bad publishes."""
    folder = tmp_path_factory.mktemp("published")
    code = main(["publish", str(small_site(folder / "content")), "-s",
                 PUBLISHCONF, "-o", str(folder / "output")])
    assert code == 0
    return folder / "output"


ERROR_FILES = sorted(p.name for p in ERRORS.iterdir() if not p.name.endswith("_first.md"))


@pytest.mark.parametrize("bad", ERROR_FILES)
def test_publish_refuses_every_contract_error_and_leaves_output_alone(capsys, tmp_path,
                                                                      published, bad):
    """make publish checks on the way: any error stops it before the swap."""
    content = small_site(tmp_path / "content")
    for name in {bad, bad.replace("_second", "_first")}:
        shutil.copy(ERRORS / name, content / name)
    output = tmp_path / "output"
    shutil.copytree(published, output)
    before = tree_digest(output)
    code, out = publish(capsys, content, output)
    assert code == 1
    assert re.search(r"^check failed: [1-9]\d* error\(s\)", out, re.M), out
    assert "publish stopped: " in out and "is unchanged" in out
    assert tree_digest(output) == before


def test_publish_says_it_checked_then_what_it_published(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = publish(capsys, small_site(tmp_path / "content"), tmp_path / "output")
    assert code == 0, out
    lines = out.splitlines()
    checked = next(i for i, line in enumerate(lines) if line.startswith("check passed: 0 error(s)"))
    assert re.match(r"^published \d+ items, \d+ editions, \d+ tags, \d+ feeds to .* in "
                    r"\d+\.\d s \(\d+ pages and feeds rendered, \d+ unchanged kept\)$", lines[-1])
    assert checked < len(lines) - 1


def test_strict_publish_refuses_warnings(capsys, tmp_path, published):
    output = tmp_path / "output"
    shutil.copytree(published, output)
    before = tree_digest(output)
    code, out = publish(capsys, WARNINGS, output, "--strict")
    assert code == 1
    assert "publish stopped: 7 warning(s) and --strict" in out
    assert tree_digest(output) == before


def dated_item(folder: Path, moment: dt.datetime) -> None:
    (folder / "scheduled.md").write_text(
        f"Title: A scheduled item\nDate: {moment:%Y-%m-%d %H:%M}\nTags: Scheduling\n"
        "Source: S\nSource_URL: https://example.org/scheduled\n\nText.\n\n"
        "## Editor's notes\n\nNotes.\n", "utf-8")


def test_a_future_item_appears_on_the_first_build_after_its_time(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    now = dt.datetime.now(ZoneInfo("Europe/Berlin"))  # the site's TIMEZONE

    dated_item(content, now + dt.timedelta(minutes=1))
    early = build_site(content, tmp_path / "early")
    assert early.report.ok and early.report.items == 0
    assert not list(early.output.glob("20*/*/*/a-scheduled-item/index.html"))
    assert "a-scheduled-item" not in (early.output / "index.html").read_text("utf-8")
    assert "a-scheduled-item" not in (early.output / "feeds" / "all.atom.xml").read_text("utf-8")

    dated_item(content, now - dt.timedelta(minutes=1))
    later = build_site(content, tmp_path / "later")
    assert later.report.ok and later.report.items == 1
    assert len(list(later.output.glob("20*/*/*/a-scheduled-item/index.html"))) == 1
    assert "a-scheduled-item" in (later.output / "feeds" / "all.atom.xml").read_text("utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float = 30.0):
    """Poll ``condition`` until it returns something true, or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"gave up after {timeout} s")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_devserver_rebuilds_on_save(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "model", content)
    output, port = tmp_path / "output", free_port()
    with running_devserver(content, output, port, tmp_path / "devserver.log"):
        home = f"http://127.0.0.1:{port}/"
        wait_for(lambda: fetch(home))
        assert list(output.glob("drafts/*/index.html"))  # drafts are previewed locally
        item = content / "items" / "with_notes_and_annotation.md"
        marker = "A sentence the editor added while the devserver ran."
        item.write_text(item.read_text("utf-8").replace(
            "## Editor's notes", f"{marker}\n\n## Editor's notes", 1), "utf-8")
        page = wait_for(lambda: next((p for p in output.rglob("index.html")
                                      if marker in p.read_text("utf-8")), None))
        served = fetch(home + page.relative_to(output).parent.as_posix() + "/")
        assert served is not None and marker in served
        # Live reload under the Content-Security-Policy: the page loads the
        # client from the devserver itself and may open its websocket.
        assert f'<script src="{home}livereload.js?port={port}"></script>' in served
        assert f"connect-src 'self' {home.rstrip('/')} ws://127.0.0.1:{port};" in served
        assert fetch(f"{home}livereload.js?port={port}") is not None


def make(*arguments: str) -> str:
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *arguments],
                          capture_output=True, text=True, check=True, timeout=60).stdout


def test_make_help_lists_every_target():
    phony = re.search(r"^\.PHONY:(.*)$", (ROOT / "Makefile").read_text(), re.M)[1].split()
    shown = make("help")
    for target in phony:
        assert re.search(rf"^   make {target}\b", shown, re.M), target


def test_make_passes_strict_through():
    assert "--strict" in make("-n", "check", "STRICT=1")
    assert "--strict" not in make("-n", "check")
    assert "--strict" in make("-n", "publish", "STRICT=1")


def test_make_import_quotes_values_and_reads_stdin_without_file():
    title = """It's a $5bn "deal" (and more)"""
    command = make("-n", "import", f"TITLE={title}", "SOURCE=RT", "TAGS=a, b")
    assert """--title 'It'\\''s a $5bn "deal" (and more)'""" in command
    assert "--tags 'a, b'" in command and "--source 'RT'" in command
    assert "import - " in command and "--via" not in command
    assert "import 'pasted.txt' " in make("-n", "import", "FILE=pasted.txt")


def test_publish_overrides_siteurl_for_staging(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "model", tmp_path / "content")
    code, out = publish(capsys, tmp_path / "content", tmp_path / "output",
                        "--siteurl", "https://staging.example.org/")
    assert code == 0, out
    home = (tmp_path / "output" / "index.html").read_text("utf-8")
    assert 'href="https://staging.example.org/feeds/all.atom.xml"' in home
    assert "127.0.0.1" not in home


def test_the_command_loads_the_devservers_web_server_only_to_serve():
    """livereload brings Tornado and asyncio: memory every publish would carry."""
    code = "import sys, briefing.cli; print(sorted({'livereload', 'tornado'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
