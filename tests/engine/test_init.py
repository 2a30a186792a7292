"""``briefing init``: a new site that publishes and checks at once; bad values write nothing."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from conftest import ROOT
from pelican.settings import read_settings

from briefing.cli import init as init_command
from briefing.cli import main

GOOD = ["--name", "The Morning Memo", "--url", "https://memo.example.org/",
        "--timezone", "Europe/Lisbon", "--language", "pt-PT"]


def make(site, *targets: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "MAKEFLAGS"}
    return subprocess.run(["make", "--no-print-directory", *targets], cwd=site, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def new_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("init") / "memo"
    assert main(["init", str(site), *GOOD]) == 0
    return site


def test_init_writes_the_site_folder(new_site):
    assert sorted(path.name for path in new_site.iterdir()) == [
        ".gitignore", "Makefile", "README.md", "content", "pelicanconf.py", "publishconf.py",
        "theme"]
    assert [path.name for path in (new_site / "content" / "items").iterdir()] == ["welcome.md"]
    assert (new_site / "content" / "pages" / "about.md").is_file()
    assert [path.name for path in (new_site / "theme" / "templates").iterdir()] == ["README.md"]


def test_pelicanconf_holds_the_editors_values_each_commented(new_site):
    settings = read_settings(str(new_site / "pelicanconf.py"))
    assert (settings["SITENAME"], settings["SITEURL"], settings["TIMEZONE"],
            settings["DEFAULT_LANG"], settings["AUTHOR"], settings["BRIEFING_SITE_ID"]) == (
        "The Morning Memo", "https://memo.example.org", "Europe/Lisbon", "pt-pt",
        "The Morning Memo", "the-morning-memo")
    assert settings["PLUGINS"] == ["briefing"]
    lines = (new_site / "pelicanconf.py").read_text("utf-8").splitlines()
    for number, line in enumerate(lines):
        if line[:1].isupper() and " = " in line:  # a setting
            assert lines[number - 1].startswith("#"), f"uncommented: {line}"


def test_make_publish_and_make_check_work_at_once(new_site):
    published = make(new_site, "publish")
    assert published.returncode == 0, published.stdout + published.stderr
    home = lxml.html.parse(str(new_site / "output" / "index.html")).getroot()
    assert home.get("lang").lower() == "pt-pt"  # Pelican lowers DEFAULT_LANG
    assert "The Morning Memo starts publishing" in home.text_content()
    assert (new_site / "output" / "about" / "index.html").is_file()
    assert (new_site / "output" / "index.html.gz").is_file()  # publishconf's extras
    checked = make(new_site, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s), 0 warning(s) in 2 file(s): 1 item(s) published" in checked.stdout
    assert make(new_site, "test").returncode == 0


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--timezone", "Europe/Atlantis", "--timezone: not a known time zone"),
    ("--url", "memo.example.org", "--url: must be an absolute address"),
    ("--language", "Portuguese!", "--language: must be a language tag"),
])
def test_a_bad_value_is_named_and_nothing_is_written(tmp_path, capsys, option, value, message):
    arguments = GOOD.copy()
    arguments[arguments.index(option) + 1] = value
    assert main(["init", str(tmp_path / "memo"), *arguments]) == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_files_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "memo").mkdir()
    (tmp_path / "memo" / "notes.txt").write_text("mine", "utf-8")
    assert main(["init", str(tmp_path / "memo"), *GOOD]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
    assert os.listdir(tmp_path / "memo") == ["notes.txt"]


def test_missing_values_are_asked_for_in_a_terminal(tmp_path, monkeypatch):
    answers = iter(["Memo", "https://memo.example.org", "UTC", "en"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: next(answers))
    assert main(["init", str(tmp_path / "memo")]) == 0
    assert read_settings(str(tmp_path / "memo" / "pelicanconf.py"))["TIMEZONE"] == "UTC"


def test_missing_values_without_a_terminal_are_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["init", str(tmp_path / "memo"), "--name", "Memo"]) == 2
    assert "missing --url, --timezone, --language" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_make_init_passes_values_as_data(tmp_path):
    done = make(ROOT, "init", f"DIR={tmp_path / 'memo'}", "NAME=Tom's $(shell touch pwned)",
                "URL=https://memo.example.org", "TIMEZONE=UTC", "LANGUAGE=en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (ROOT / "pwned").exists()
    settings = read_settings(str(tmp_path / "memo" / "pelicanconf.py"))
    assert settings["SITENAME"] == "Tom's $(shell touch pwned)"


def test_site_ids_are_short_names():
    assert init_command.site_id("Die Morgen-Lage: Ausgabe №1") == "die-morgen-lage-ausgabe-1"


def test_the_dev_server_watches_the_sites_own_templates(new_site):
    from briefing.cli.devserver import watched

    assert str(new_site / "theme" / "templates") in watched(str(new_site / "pelicanconf.py"), {})


def test_the_sites_settings_files_pass_the_projects_lint(new_site):
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "ruff"), "check", "--no-cache", "--config",
                           str(ROOT / "pyproject.toml"),
                           "pelicanconf.py", "publishconf.py"], cwd=new_site,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_publishconf_takes_its_own_folders_pelicanconf(new_site, tmp_path):
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'Decoy'\n", "utf-8")
    env = {key: value for key, value in os.environ.items() if key != "MAKEFLAGS"}
    done = subprocess.run(["make", "--no-print-directory", "publish"], cwd=new_site,
                          env={**env, "PYTHONPATH": str(tmp_path)}, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    title = lxml.html.parse(str(new_site / "output" / "index.html")).find(".//title")
    assert title.text == "The Morning Memo"


def make_targets(makefile) -> set[str]:
    """The targets a Makefile defines (rules, not variable assignments)."""
    text = makefile.read_text("utf-8")
    return set(re.findall(r"^([A-Za-z][A-Za-z_-]*):(?!=)", text, re.MULTILINE))


def test_the_sites_makefile_has_the_same_targets_as_ours(new_site):
    # `make init` makes a new site: a site has no use for it; `venv` there
    # installs the released package instead of this checkout, under the same name.
    ours = make_targets(ROOT / "Makefile") - {"init"}
    assert make_targets(new_site / "Makefile") == ours
    assert {"preview", "scheduled", "newsletter", "send-newsletter"} <= ours


@pytest.fixture
def site_with_a_plan(tmp_path):
    """A new site whose name holds shell and make syntax, and an item for 2031."""
    site = tmp_path / "plan"
    assert main(["init", str(site), *GOOD[2:], "--name", "Tom's $(shell touch pwned) Memo"]) == 0
    welcome = (site / "content" / "items" / "welcome.md").read_text("utf-8")
    (site / "content" / "items" / "ahead.md").write_text(re.sub(
        r"(?m)^Date: .*$", "Date: 2031-01-02 08:15", welcome.replace(
            "starts publishing", "looks ahead")), "utf-8")
    return site


def test_make_scheduled_lists_the_future_item_in_a_new_site(site_with_a_plan):
    done = make(site_with_a_plan, "scheduled")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 scheduled item(s)" in done.stdout
    assert "scheduled: 2031-01-02 08:15 WET content/items/ahead.md" in done.stdout
    helped = make(site_with_a_plan, "help")
    assert helped.stdout.startswith("Tom's $(shell touch pwned) Memo: a news briefing")
    assert not (site_with_a_plan / "pwned").exists()


def test_make_newsletter_writes_yesterdays_edition_once_its_settings_are_set(site_with_a_plan):
    site = site_with_a_plan
    refused = make(site, "newsletter")
    assert refused.returncode != 0
    assert "newsletter stopped: BRIEFING_NEWSLETTER_FROM: set the address" in refused.stdout
    settings = site / "pelicanconf.py"
    text = settings.read_text("utf-8")
    assert "# BRIEFING_NEWSLETTER_FROM = " in text and "# BRIEFING_EDITION_CLOSES = " in text
    settings.write_text(text.replace("# BRIEFING_NEWSLETTER_", "BRIEFING_NEWSLETTER_")
                        + 'BRIEFING_WORDING = {"read_on_the_web": "Im Netz lesen"}\n', "utf-8")
    done = make(site, "newsletter", "OUT=$(shell touch pwned)mail")
    assert done.returncode == 0, done.stdout + done.stderr
    yesterday = dt.datetime.now(ZoneInfo("Europe/Lisbon")).date() - dt.timedelta(days=1)
    with open(site / "$(shell touch pwned)mail" / f"{yesterday}.eml", "rb") as file:
        message = email.message_from_binary_file(file, policy=email.policy.default)
    assert message["From"] == "The desk <desk@example.org>"
    assert message["Subject"].startswith("Tom's $(shell touch pwned) Memo")
    assert "looks ahead" not in message.get_body(("plain",)).get_content()
    masthead = lxml.html.fromstring(message.get_body(("html",)).get_content()).find_class(
        "masthead")[0]
    assert masthead.xpath("a/text()")[-1] == "Im Netz lesen"  # the site's wording
    sent = make(site, "send-newsletter", "TO=reader@example.org", "DRY_RUN=1")
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert f"would send {yesterday} to reader@example.org" in sent.stdout
    assert f"ledger: {site / 'newsletter-ledger.tsv'}" in sent.stdout
    assert not (site / "pwned").exists()
