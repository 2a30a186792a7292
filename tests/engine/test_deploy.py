"""Deploying the published site, for real, to local stand-ins for the servers.

rsync copies into a folder, ``aws s3 sync`` talks to moto's S3 server, and
ghp-import pushes to a bare repository.  The tests check that what arrived
is ``output/`` byte for byte, that the next upload sends only what changed,
that a dry run changes nothing, and that a missing setting or a broken build
stops the upload with a clear line.

The sites built in this process leave search off: whether a rebuild of the
same content is byte for byte the same is asked of our own files here, and
of Pagefind's index where that index is tested.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import boto3
import brotli
import pytest
from conftest import FIXTURES, ROOT, Site, build_site
from moto.server import ThreadedMotoServer

from briefing.cli import main
from briefing.serve.headers import FEED_CACHE, HASHED_CACHE, THEME_CACHE
from briefing.serve.precompression import COMPRESSIBLE, MIN_SIZE

#: The venv running these tests is the Makefile's .venv (make test runs them).
VENV = Path(sys.prefix)
DEPLOY_VARIABLES = ("SSH_HOST", "SSH_PORT", "SSH_USER", "SSH_TARGET_DIR", "RSYNC_TARGET",
                    "S3_BUCKET", "S3_ENDPOINT_URL", "AWS_CLI", "GITHUB_REMOTE",
                    "GITHUB_PAGES_BRANCH", "DRY_RUN", "GIT_DIR")
#: What an outer make (make test STRICT=1 ...) would pass on to ours.
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
SUMMARY = re.compile(r"sen[dt] (\d+) file\(s\)(?:, deleted| and delete) (\d+)")


def make(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a target of the project's Makefile with this venv (``-o``: never reinstall it)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "-o", f"{VENV}/.installed",
         f"VENV={VENV}", *arguments],
        capture_output=True, text=True, timeout=600, env={**clean_environment(), **(env or {})})


def clean_environment() -> dict[str, str]:
    """This process's environment without deploy settings a developer exported, or make's."""
    return {name: value for name, value in os.environ.items()
            if name not in DEPLOY_VARIABLES + MAKE_VARIABLES}


def deploy(*arguments: str) -> tuple[int, str]:
    """``briefing deploy ...`` in this process: its exit status and printed lines."""
    printed = StringIO()
    with redirect_stdout(printed):
        status = main(["deploy", *arguments])
    return status, printed.getvalue()


def counts(printed: str) -> tuple[int, int]:
    """(sent, deleted) from the summary line a deploy prints last."""
    sent, deleted = SUMMARY.search(printed.strip().splitlines()[-1]).groups()
    return int(sent), int(deleted)


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def publish(output: Path, **overrides) -> Site:
    """The edge-case fixture site, built as ``make publish`` builds it (without search)."""
    site = build_site(FIXTURES / "model", output, settings="publishconf.py",
                      BRIEFING_SEARCH=False, **overrides)
    assert site.report.ok, site.report.errors
    return site


def publish_again(previous: Site, output: Path) -> Site:
    """The next ``make publish``: the same cache, and the output it replaces named."""
    return publish(output, BRIEFING_PREVIOUS_OUTPUT=str(previous.output),
                   CACHE_PATH=str(previous.output.parent / "cache"))


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Site:
    return publish(tmp_path_factory.mktemp("published") / "output")


@pytest.fixture
def no_deploy_settings(monkeypatch):
    for name in DEPLOY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


# What a publish leaves for servers and CDNs

def test_text_files_carry_compressed_copies_of_their_own_bytes(published):
    files = tree(published.output)
    copies = [name for name in files if name.endswith((".gz", ".br"))]
    assert {"index.html.gz", "index.html.br", "feeds/all.atom.xml.gz", "feeds/all.json.br"} \
        <= set(copies)
    for name in copies:
        unpack = gzip.decompress if name.endswith(".gz") else brotli.decompress
        assert unpack(files[name]) == files[name[:-3]], name


def test_every_text_file_worth_compressing_has_both_copies(published):
    files = tree(published.output)
    worth = [name for name, data in files.items()
             if name.endswith(COMPRESSIBLE) and len(data) >= MIN_SIZE
             and not name.startswith("pagefind/")]
    assert {"index.html", "feeds/all.atom.xml", "sitemap.xml"} <= set(worth)
    assert any(name.endswith(".css") for name in worth)
    assert [name for name in worth
            if f"{name}.gz" not in files or f"{name}.br" not in files] == []


def test_a_rebuild_writes_the_same_bytes_and_reuses_the_copies(published, tmp_path):
    again = publish_again(published, tmp_path / "output")
    assert tree(again.output) == tree(published.output)
    assert (again.output / "index.html.br").stat().st_ino == \
        (published.output / "index.html.br").stat().st_ino


def test_headers_file_repeats_the_pages_security_policy(published):
    headers = (published.output / "_headers").read_text()
    meta = published.page("/").xpath(
        '//meta[@http-equiv="Content-Security-Policy"]/@content')[0].strip().rstrip(";")
    assert f"  Content-Security-Policy: {meta}; frame-ancestors 'none'\n" in headers
    assert "  Referrer-Policy: same-origin\n" in headers
    assert "/feeds/all.rss.xml\n  Content-Type: application/rss+xml\n" in headers


def test_nginx_snippet_sends_what_the_headers_file_sends(tmp_path):
    """docs/nginx.conf is written by hand: it must say what _headers says."""
    site = build_site(FIXTURES / "model", tmp_path / "output", settings="publishconf.py",
                      SITEURL="https://briefing.example.org")  # with search, as published
    headers = (site.output / "_headers").read_text()
    nginx = (ROOT / "docs" / "nginx.conf").read_text()
    policy = re.search(r"Content-Security-Policy: (.+)", headers).group(1)
    assert f'add_header Content-Security-Policy "{policy}" always;' in nginx
    for lifetime in (FEED_CACHE, THEME_CACHE, HASHED_CACHE):
        assert f'"{lifetime}"' in nginx
    for kind in ("application/atom+xml", "application/rss+xml", "application/feed+json"):
        assert f"default_type {kind};" in nginx
    assert "gzip_static on;" in nginx and "brotli_static on;" in nginx


# rsync

def test_rsync_upload_publishes_then_mirrors_output_and_then_sends_nothing(
        tmp_path, monkeypatch, no_deploy_settings):
    output, target = tmp_path / "output", tmp_path / "www"
    done = make("rsync_upload", f"INPUTDIR={FIXTURES / 'model'}", f"OUTPUTDIR={output}",
                f"RSYNC_TARGET={target}", f"ADDRESS_LEDGER={tmp_path / 'addresses.txt'}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "check passed" in done.stdout
    assert counts(done.stdout) == (len(tree(output)), 0)
    assert tree(target) == tree(output)
    assert (target.stat().st_mode & 0o777) == 0o755  # the build folder itself is private

    monkeypatch.setenv("RSYNC_TARGET", str(target))
    status, printed = deploy("rsync", "-o", str(output))
    assert status == 0 and counts(printed) == (0, 0), printed
    assert tree(target) == tree(output)


def test_a_failed_publish_uploads_nothing(tmp_path):
    target = tmp_path / "www"
    done = make("rsync_upload", f"INPUTDIR={FIXTURES / 'errors'}",
                f"OUTPUTDIR={tmp_path / 'output'}", f"RSYNC_TARGET={target}",
                f"ADDRESS_LEDGER={tmp_path / 'addresses.txt'}")
    assert done.returncode != 0
    assert "publish stopped" in done.stdout
    assert "deploy" not in done.stdout
    assert not target.exists()


def test_rsync_dry_run_lists_the_changes_and_makes_none(published, tmp_path, monkeypatch,
                                                        no_deploy_settings):
    target = tmp_path / "www"
    monkeypatch.setenv("RSYNC_TARGET", str(target))
    assert deploy("rsync", "-o", str(published.output))[0] == 0
    (target / "index.html").write_text("an older home page")
    (target / "retired.html").write_text("gone from the site")
    before = tree(target)
    status, printed = deploy("rsync", "-o", str(published.output), "--dry-run")
    assert status == 0
    assert "would send index.html\n" in printed and "would delete retired.html\n" in printed
    assert counts(printed) == (1, 1)
    assert tree(target) == before


# S3

@pytest.fixture(scope="module")
def aws_cli() -> Path:
    """The AWS CLI in its own venv, made by the Makefile's rule as make s3_upload makes it."""
    done = make("deploy-venv")
    assert done.returncode == 0, done.stdout + done.stderr
    return ROOT / ".venv-deploy" / "bin" / "aws"


@pytest.fixture
def s3_bucket(monkeypatch, no_deploy_settings, aws_cli):
    """An empty bucket on moto's S3 server on a free local port; yields a boto3 client."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_DEFAULT_REGION": "us-east-1"}
    for name, value in {**credentials, "S3_BUCKET": "briefing", "S3_ENDPOINT_URL": endpoint,
                        "AWS_CLI": str(aws_cli)}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_bucket(Bucket="briefing")
    yield client
    server.stop()


def bucket(client) -> dict[str, bytes]:
    keys = [item["Key"] for page in client.get_paginator("list_objects_v2").paginate(
        Bucket="briefing") for item in page.get("Contents", [])]
    return {key: client.get_object(Bucket="briefing", Key=key)["Body"].read()
            for key in sorted(keys)}


def test_s3_upload_sends_the_site_with_feed_types_and_then_only_what_changed(
        published, s3_bucket, tmp_path):
    # S3 keeps whole seconds: an object stored in the second its file was
    # written would look older than the file to the next sync.
    newest = max(path.stat().st_mtime for path in published.output.rglob("*"))
    time.sleep(max(0.0, newest + 1.1 - time.time()))
    status, printed = deploy("s3", "-o", str(published.output))
    assert status == 0, printed
    site = {name: data for name, data in tree(published.output).items()
            if not name.endswith((".gz", ".br"))}  # S3 cannot choose an encoding
    assert counts(printed) == (len(site), 0)
    assert bucket(s3_bucket) == site
    for key, kind in (("feeds/all.atom.xml", "application/atom+xml"),
                      ("feeds/tags/grain.rss.xml", "application/rss+xml"),
                      ("feeds/all.json", "application/feed+json"),
                      ("sitemap.xml", "application/xml"),
                      ("index.html", "text/html")):
        assert s3_bucket.head_object(Bucket="briefing", Key=key)["ContentType"] == kind, key

    # The next publish, after one edit: the other pages and the feeds are the
    # previous build's files, times included, so they stay where they are.
    # (Files every build writes afresh, the theme's, the sitemap, go again.)
    again = publish_again(published, tmp_path / "output")
    (again.output / "about-this-briefing" / "index.html").write_text("<p>Edited</p>")
    status, printed = deploy("s3", "-o", str(again.output), "--dry-run")
    assert status == 0, printed
    sent = {line.removeprefix("would send ") for line in printed.splitlines()[:-1]}
    pages_and_feeds = {name for name in site if name.endswith(".html") or "feeds/" in name}
    assert sent & pages_and_feeds == {"about-this-briefing/index.html"}
    assert bucket(s3_bucket) == site


def test_s3_upload_stores_each_moved_address_as_a_website_redirect(s3_bucket, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "model", content)
    item = content / "items" / "explicit_summary.md"
    item.write_text(item.read_text().replace(
        "Tags: GRAIN\n", "Tags: GRAIN\nAliases: /old/summary/, /2019/01/01/summary.html\n"))
    site = build_site(content, tmp_path / "output", settings="publishconf.py",
                      BRIEFING_SEARCH=False)
    assert site.report.ok, site.report.errors
    status, printed = deploy("s3", "-o", str(site.output))
    assert status == 0, printed
    new = "/2026/11/26/item-with-an-explicit-summary/"
    for key in ("old/summary/index.html", "2019/01/01/summary.html"):
        head = s3_bucket.head_object(Bucket="briefing", Key=key)
        assert head["WebsiteRedirectLocation"] == new, key
        assert head["ContentType"] == "text/html"
    page = s3_bucket.head_object(Bucket="briefing", Key=new.strip("/") + "/index.html")
    assert "WebsiteRedirectLocation" not in page
    # The redirects are in the bucket once, with the rest of the site.
    site_files = {name for name in tree(site.output) if not name.endswith((".gz", ".br"))}
    assert set(bucket(s3_bucket)) == site_files


# GitHub Pages

def git(*arguments: str, **options) -> str:
    return subprocess.run(["git", *arguments], capture_output=True, text=True, check=True,
                          **options).stdout


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_github_pushes_output_to_the_pages_branch_and_then_nothing(tmp_path, monkeypatch):
    remote, clone = tmp_path / "remote.git", tmp_path / "clone"
    git("init", "--quiet", "--bare", str(remote))
    git("init", "--quiet", str(clone))
    git("-C", str(clone), "remote", "add", "origin", str(remote))
    identity = {"GIT_COMMITTER_NAME": "Briefing tests", "GIT_COMMITTER_EMAIL": "tests@example.org"}
    output = tmp_path / "output"
    done = make("github", f"INPUTDIR={FIXTURES / 'model'}", f"OUTPUTDIR={output}",
                f"ADDRESS_LEDGER={tmp_path / 'addresses.txt'}",
                env={**identity, "GIT_DIR": str(clone / ".git")})  # the clone, not this project
    assert done.returncode == 0, done.stdout + done.stderr
    files = {**tree(output), ".nojekyll": b""}
    assert counts(done.stdout) == (len(files), 0)
    listing = git("--git-dir", str(remote), "ls-tree", "-r", "gh-pages")
    published_ids = {line.split("\t")[1]: line.split()[2] for line in listing.splitlines()}
    assert published_ids == {name: blob_id(data) for name, data in files.items()}

    for name, value in {**identity, "GIT_DIR": str(clone / ".git")}.items():
        monkeypatch.setenv(name, value)
    head = git("--git-dir", str(remote), "rev-parse", "gh-pages")
    status, printed = deploy("github", "-o", str(output))
    assert status == 0 and counts(printed) == (0, 0), printed
    (output / "about-this-briefing" / "index.html").write_text("<p>Edited</p>")
    status, printed = deploy("github", "-o", str(output), "--dry-run")
    assert "would send about-this-briefing/index.html\n" in printed
    assert counts(printed) == (1, 0)
    assert git("--git-dir", str(remote), "rev-parse", "gh-pages") == head


# Refusals

@pytest.mark.parametrize(("target", "settings", "missing"), [
    ("rsync", {}, "SSH_HOST"),
    ("rsync", {"SSH_HOST": "www.example.org"}, "SSH_TARGET_DIR"),
    ("s3", {}, "S3_BUCKET"),
])
def test_a_missing_setting_is_named_in_one_line(published, monkeypatch, no_deploy_settings,
                                                target, settings, missing):
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    status, printed = deploy(target, "-o", str(published.output))
    assert status == 1
    assert printed.startswith(f"deploy stopped: {missing} is not set: ")
    assert printed.count("\n") == 1


def test_no_published_site_no_upload(tmp_path, monkeypatch, no_deploy_settings):
    monkeypatch.setenv("RSYNC_TARGET", str(tmp_path / "www"))
    (tmp_path / "output").mkdir()
    status, printed = deploy("rsync", "-o", str(tmp_path / "output"))
    assert status == 1
    assert printed == f"deploy stopped: {tmp_path / 'output'}: no published site there " \
                      "(run make publish first)\n"
    assert not (tmp_path / "www").exists()


@pytest.mark.parametrize("target", ["rsync_upload", "s3_upload", "github"])
def test_every_upload_runs_after_a_publish_and_passes_dry_run_on(target):
    commands = make("-n", target, "DRY_RUN=1").stdout
    assert commands.index(" publish ") < commands.index(" deploy ")
    assert commands.rstrip().endswith("--dry-run")
