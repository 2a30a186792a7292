"""Nothing unpublished leaves the machine: every output file of a public build, scanned.

The ``unpublished`` fixture has published items, a draft, a scheduled item
(dated 2099), a scheduled hidden one, a hidden item and a draft page, each
with words of its own in its title, tags, category, text and notes.  The
public build (``publishconf.py``: search index, ``_headers``, ``.gz`` and
``.br`` copies) is read back file by file, compressed files and the search
index's gzip'd files decompressed, and no draft's or scheduled item's word,
slug or source address may appear anywhere; a hidden item's only in its own
page.  The development build of the same content previews drafts in their
own folder, and no deploy target takes it.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import brotli
import pytest
from conftest import FIXTURES, PUBLISHCONF, ROOT, build_site

from briefing.build.local_builds import MARKER
from briefing.cli import main

CONTENT = FIXTURES / "unpublished"

#: What only the unpublished items say: titles' words, slugs, tags,
#: categories, an author, words of their text and notes, source addresses.
NEVER_PUBLIC = {
    "draft": ("marrowglint", "tessellbrook", "example-daily.example/draft.md"),
    "scheduled": ("quorvantide", "plinthmarrow", "example-daily.example/scheduled.md"),
    "scheduled hidden": ("gossamerbeck", "example-daily.example/scheduled_hidden.md"),
    "draft page": ("brindlequay",),
}
HIDDEN_WORDS = ("vellichor", "vellichorian", "hiddenmoss", "example-daily.example/hidden.md")
HIDDEN_PAGE = "2026/11/20/vellichor-hidden-item-for-whoever-has-the-link/index.html"


def readable(path: Path) -> str:
    """A file's text as a reader or a crawler would get it: decompressed, lower case."""
    data = path.read_bytes()
    if path.suffix == ".br":
        data = brotli.decompress(data)
    elif data[:2] == b"\x1f\x8b":  # .gz copies, and the search index's own files
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace").lower()


def own_file(path: Path, output: Path) -> str:
    """The file a compressed copy is a copy of, relative to the output."""
    relative = path.relative_to(output).as_posix()
    return relative.removesuffix(".gz").removesuffix(".br")


@pytest.fixture(scope="module")
def public_site(tmp_path_factory):
    return build_site(CONTENT, tmp_path_factory.mktemp("public") / "output",
                      settings="publishconf.py", BRIEFING_SEARCH=True)


@pytest.fixture(scope="module")
def development_site(tmp_path_factory):
    return build_site(CONTENT, tmp_path_factory.mktemp("development") / "output")


def test_the_public_build_has_every_kind_of_file_scanned(public_site):
    assert public_site.report.ok, public_site.report.errors
    names = [path.name for path in public_site.files()]
    assert any(name.endswith(".gz") for name in names)
    assert any(name.endswith(".br") for name in names)
    assert "_headers" in names and "sitemap.xml" in names and "all.json" in names
    assert any("pf_fragment" in name for name in names)  # the search index
    assert any("published_one" in readable(path) or "grain ships" in readable(path)
               for path in public_site.files() if "pagefind" in path.parts)


@pytest.mark.parametrize("kind", NEVER_PUBLIC)
def test_no_output_file_mentions_an_unpublished_item(public_site, kind):
    found = [(own_file(path, public_site.output), word) for path in public_site.files()
             for word in NEVER_PUBLIC[kind] if word in readable(path)]
    assert found == []


def test_a_hidden_item_is_only_on_its_own_page(public_site):
    found = {own_file(path, public_site.output) for path in public_site.files()
             if any(word in readable(path) for word in HIDDEN_WORDS)}
    assert found == {HIDDEN_PAGE}


def test_the_public_build_has_no_preview_folder_and_no_local_marker(public_site):
    assert not (public_site.output / "drafts").exists()
    assert not (public_site.output / MARKER).exists()


def test_the_published_items_are_there(public_site):
    home = (public_site.output / "index.html").read_text("utf-8")
    assert "Harbour cranes stand still" in home
    assert "Grain ships leave the harbour" in (
        public_site.output / "feeds" / "all.atom.xml").read_text("utf-8")


def test_the_development_build_previews_drafts_in_a_folder_of_their_own(development_site):
    output = development_site.output
    previews = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html")
                      if any(word in p.read_text("utf-8").lower()
                             for words in NEVER_PUBLIC.values() for word in words))
    assert previews and all(path.startswith("drafts/") for path in previews)
    assert len(previews) == 4  # draft, scheduled, scheduled hidden, draft page
    listed = (output / MARKER).read_text("utf-8").splitlines()
    assert sorted(line for line in listed if not line.startswith("#")) == sorted(
        path.removesuffix("index.html") for path in previews)


def deploy(*arguments: str) -> tuple[int, str]:
    printed = StringIO()
    with redirect_stdout(printed):
        status = main(["deploy", *arguments])
    return status, printed.getvalue()


@pytest.mark.parametrize("target", ["rsync", "s3", "github"])
def test_no_deploy_target_takes_a_development_build(development_site, tmp_path, monkeypatch,
                                                    target):
    monkeypatch.setenv("RSYNC_TARGET", str(tmp_path / "server"))
    monkeypatch.setenv("S3_BUCKET", "bucket")
    code, printed = deploy(target, "-o", str(development_site.output))
    assert code == 1
    lines = printed.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"deploy stopped: {development_site.output} is a development build")
    assert "4 preview(s) of unpublished items" in lines[0] and "make publish" in lines[0]
    assert not (tmp_path / "server").exists()


def test_make_rsync_upload_of_a_development_build_sends_nothing(development_site, tmp_path):
    """``briefing deploy`` as the Makefile runs it, in a process of its own."""
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "briefing"), "deploy", "rsync", "-o",
         str(development_site.output), "--dry-run"],
        capture_output=True, text=True, env={"RSYNC_TARGET": str(tmp_path / "server"),
                                             "PATH": "/usr/bin:/bin"}, check=False)
    assert done.returncode == 1 and done.stdout.count("\n") == 1
    assert "would send" not in done.stdout and "preview(s)" in done.stdout


def test_make_drafts_builds_and_lists_previews_for_the_port_served(tmp_path):
    output = tmp_path / "output"
    done = subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(ROOT), "drafts", f"INPUTDIR={CONTENT}",
         f"OUTPUTDIR={output}", "PORT=8303"],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    listed = [line for line in done.stdout.splitlines() if line.startswith("http")]
    assert "http://127.0.0.1:8303/drafts/marrowglint-embargoed-draft-about-grain/" in listed
    assert len(listed) == 4
    page = (output / "drafts" / "marrowglint-embargoed-draft-about-grain" / "index.html")
    text = page.read_text("utf-8")
    assert 'href="http://127.0.0.1:8303/tags/grain/"' in text  # links: the served address
    assert 'href="../../theme/css/base.css"' in text  # styles: from wherever it is served


def test_make_preview_builds_the_public_site_for_the_port_and_no_deploy_takes_it(tmp_path):
    output = tmp_path / "output"
    done = subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(ROOT), "preview", f"INPUTDIR={CONTENT}",
         f"OUTPUTDIR={output}", "PORT=8304", "HOST=$(shell touch injected)"],
        capture_output=True, text=True, check=False, cwd=tmp_path)
    # A make variable is data: that HOST is part of an (odd) address, never run.
    assert not (tmp_path / "injected").exists() and not (ROOT / "injected").exists()
    assert "http://$(shell touch injected):8304" in (output / "index.html").read_text("utf-8")
    done = subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(ROOT), "preview", f"INPUTDIR={CONTENT}",
         f"OUTPUTDIR={output}", "PORT=8304"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    home = (output / "index.html").read_text("utf-8")
    assert 'href="http://127.0.0.1:8304/archives/"' in home
    assert not (output / "drafts").exists()
    code, printed = deploy("github", "-o", str(output))
    assert code == 1 and "a local preview built for http://127.0.0.1:8304" in printed


def test_tag_counts_count_published_items_only(public_site):
    """Grain, Shipping and Ports are also carried by the draft, the hidden
    item and the scheduled ones."""
    page = public_site.page("tags/")
    counts = {link.text_content(): link.getparent().cssselect(".count")[0].text_content()
              for link in page.cssselect("main li > a")}
    assert counts == {"Grain": "(1 item)", "Ports": "(1 item)", "Shipping": "(2 items)"}


def publish(content: Path, output: Path) -> tuple[int, str]:
    printed = StringIO()
    with redirect_stdout(printed):
        status = main(["publish", str(content), "-s", PUBLISHCONF,
                       "-o", str(output)])
    return status, printed.getvalue()


def test_publishing_over_a_development_build_leaves_no_preview(tmp_path):
    output = tmp_path / "output"
    development = build_site(CONTENT, output)
    assert (output / "drafts").is_dir() and (output / MARKER).is_file()
    assert development.report.ok
    code, printed = publish(CONTENT, output)
    assert code == 0, printed
    assert not (output / "drafts").exists() and not (output / MARKER).exists()
    assert not [path for path in output.rglob("*")
                if path.is_file() and "marrowglint" in readable(path)]


def test_a_scheduled_item_goes_out_with_the_first_publish_after_its_time(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    output = tmp_path / "output"
    code, printed = publish(content, output)
    assert code == 0 and "2 scheduled" in printed
    assert not [path for path in output.rglob("*")
                if path.is_file() and "quorvantide" in readable(path)]
    # Its time has come (the clock is Pelican's own, so the item moves instead).
    item = content / "items" / "scheduled.md"
    item.write_text(item.read_text("utf-8").replace("2099-01-01 08:00", "2026-11-22 08:00"),
                    "utf-8")
    code, printed = publish(content, output)
    assert code == 0 and "1 scheduled" in printed and "3 item(s) published" in printed
    page = output / "2026/11/22/quorvantide-scheduled-item-about-shipping/index.html"
    assert page.is_file()
    assert "quorvantide" in (output / "feeds" / "all.atom.xml").read_text("utf-8").lower()
    assert "quorvantide" in (output / "sitemap.xml").read_text("utf-8").lower()
