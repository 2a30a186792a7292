"""Real feed clients, nobody here wrote them, get the whole item from every feed.

A site is built and served over HTTP on a free local port; each client
subscribes to its Atom and RSS feeds as a subscriber's would and the test
reads what it delivers: rss2email (Debian's, default settings, so plain-text
mail) through a sendmail stand-in that keeps each message, newsboat
(Debian's) through its cache after ``-x reload``, sfeed (Debian's) through
its TSV output, and the Python ``reader`` library through its entries.  In
each, the entry must hold the correction, the editor's notes, the
annotation, the article text and the credit line, not only a summary.
``.ci/install-test-tools`` installs the Debian packages; without them these
tests fail and say which is missing.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.request import urlopen

import pytest
from conftest import StaticServer, build_site
from reader import make_reader

FEEDS = ("feeds/all.atom.xml", "feeds/all.rss.xml")
#: What the subscriber must see of the item, one phrase from each part.
WHOLE_ITEM = {
    "correction": "The quota is 40,000 tonnes",
    "notes": "Why it matters: the corridor carried a third",
    "annotation": "The talks had been suspended since the spring",
    "article text": "Officials confirmed on Wednesday",
    "credit": "Harbour Gazette",
}
TITLE = "Ministry confirms grain corridor talks"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clients")
    content = folder / "content"
    content.mkdir()
    (content / "corridor.md").write_text(
        f"Title: {TITLE}\nDate: 2026-11-26 09:30\nTags: Grain\nSource: Harbour Gazette\n"
        "Source_URL: https://harbour-gazette.example/2026/11/grain-corridor\n"
        "Via: Coastal Wire\n"
        "Correction: 2026-11-27: The quota is 40,000 tonnes, not 4,000.\n\n"
        "Officials confirmed on Wednesday that talks on a grain corridor resumed.[^talks]\n\n"
        "## Editor's notes\n\n"
        "Why it matters: the corridor carried a third of the region's exports.\n\n"
        "A second notes paragraph.\n\n"
        "[^talks]: The talks had been suspended since the spring.\n", encoding="utf-8")
    site = build_site(content, folder / "output")
    assert site.report.ok, site.report.errors
    with StaticServer(site.output) as server:
        yield server


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed: bash .ci/install-test-tools installs it (apt-get)"
    return path


def assert_whole(text: str, client: str) -> None:
    missing = [part for part, phrase in WHOLE_ITEM.items() if phrase not in " ".join(text.split())]
    assert not missing, f"{client} delivered no {', '.join(missing)}:\n{text}"


def rss2email(folder: Path) -> tuple[str, list[str], Path]:
    """Debian's rss2email set up in ``folder``, mailing through a stand-in sendmail
    that keeps each message in a file: (the command, its options, the mailbox)."""
    r2e = tool("r2e")
    mailbox = folder / "sent"
    mailbox.mkdir()
    sendmail = folder / "sendmail"
    sendmail.write_text(f'#!/bin/sh\ncat > "$(mktemp -p {mailbox} message.XXXXXX)"\n')
    sendmail.chmod(0o755)
    config, data = folder / "r2e.cfg", folder / "r2e.json"
    config.write_text("[DEFAULT]\nto = reader@example.org\nfrom = feeds@example.org\n"
                      f"email-protocol = sendmail\nsendmail = {sendmail}\n")
    return r2e, ["-c", str(config), "-d", str(data)], mailbox


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, **options)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.mark.parametrize("feed", FEEDS)
def test_rss2email_mails_the_whole_item_in_its_default_text_mode(served, feed, tmp_path):
    r2e, options, mailbox = rss2email(tmp_path)
    run([r2e, *options, "add", "briefing", served.url(feed)])
    run([r2e, *options, "run"])
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(mailbox.iterdir())]
    mail = next(m for m in messages if TITLE in str(m["Subject"]))
    body = mail.get_body(("plain",))
    assert body is not None, mail  # the default: a text/plain mail
    text = body.get_content()
    assert_whole(text, f"rss2email ({feed})")
    if feed.endswith(".atom.xml"):  # the via link names its source
        assert "Via: Harbour Gazette https://harbour-gazette.example/2026/11/grain-corridor" \
            in text


@pytest.mark.parametrize("feed", FEEDS)
def test_newsboat_keeps_the_whole_item(served, feed, tmp_path):
    newsboat = tool("newsboat")
    urls, cache, config = tmp_path / "urls", tmp_path / "cache.db", tmp_path / "config"
    urls.write_text(served.url(feed) + "\n")
    config.write_text("")
    run([newsboat, "-u", str(urls), "-c", str(cache), "-C", str(config), "-x", "reload"],
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    with sqlite3.connect(cache) as db:
        rows = dict(db.execute("SELECT title, content FROM rss_item"))
    assert_whole(rows[TITLE], f"newsboat ({feed})")


@pytest.mark.parametrize("feed", FEEDS)
def test_sfeed_takes_the_whole_item(served, feed):
    sfeed = tool("sfeed")
    with urlopen(served.url(feed), timeout=10) as response:
        data = response.read()
    lines = run([sfeed], input=data.decode("utf-8")).stdout.splitlines()
    fields = next(line.split("\t") for line in lines if TITLE in line)
    content = fields[3].replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
    assert fields[4] == "html"
    assert_whole(content, f"sfeed ({feed})")


@pytest.mark.parametrize("feed", FEEDS)
def test_the_reader_library_gets_the_whole_item(served, feed, tmp_path):
    library = make_reader(str(tmp_path / "reader.sqlite"))
    try:
        library.add_feed(served.url(feed))
        library.update_feeds()
        entry = next(e for e in library.get_entries() if e.title == TITLE)
        content = entry.get_content()
        assert content is not None and content.is_html
        assert_whole(content.value, f"reader ({feed})")
    finally:
        library.close()
