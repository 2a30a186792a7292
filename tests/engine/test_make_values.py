"""Every value given to make is data: it reaches the command intact, never runs.

Each target runs for real (not ``make -n``, which would not show what the
shell does) with a stand-in venv whose ``briefing``, ``pelican``, ``pytest``
and ``ruff`` record their arguments and the deploy variables they were
given.  The values hold make code (``$(shell …)``), shell code (``$(…)``,
backticks, ``;``), quotes and a ``$HOME``: none may run, each must arrive
as given.  A value with a line break is refused with one clear line.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

RECORDER = """#!{python}
import json, os, sys
with open(os.environ["RECORD"], "a") as log:
    log.write(json.dumps({{"argv": [os.path.basename(sys.argv[0]), *sys.argv[1:]],
                          "env": {{k: v for k, v in os.environ.items() if k.startswith(
                              ("SSH_", "RSYNC_", "S3_", "AWS_CLI", "GITHUB_"))}}}}) + "\\n")
if sys.argv[1:2] == ["locked"]:
    command = sys.argv[sys.argv.index("--") + 1:]
    os.execvp(command[0], command)
"""


def payload(marks: Path, balanced: bool = False) -> str:
    """A value that would create files in ``marks`` if any part of it ran."""
    quotes = '"q r"' if balanced else """it's "q" """
    return (f"x $(shell touch {marks}/make) $(touch {marks}/dollar) `touch {marks}/tick` "
            f"{quotes} $HOME ; touch {marks}/semicolon")


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory):
    """A venv and a deploy venv of recorders, newer than the requirements."""
    folder = tmp_path_factory.mktemp("make")
    for venv in ("venv", "deploy-venv"):
        bin_folder = folder / venv / "bin"
        bin_folder.mkdir(parents=True)
        for name in ("briefing", "pelican", "pytest", "ruff", "aws"):
            script = bin_folder / name
            script.write_text(RECORDER.format(python=sys.executable))
            script.chmod(script.stat().st_mode | stat.S_IXUSR)
        (bin_folder / "python").symlink_to(sys.executable)
        (folder / venv / ".installed").touch()
    return folder


def run_make(stand_in: Path, tmp_path: Path, target: str, **values: str):
    record = tmp_path / "record.jsonl"
    record.unlink(missing_ok=True)
    arguments = [f"{name}={value}" for name, value in values.items()]
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), target,
         f"VENV={stand_in / 'venv'}", f"DEPLOY_VENV={stand_in / 'deploy-venv'}", *arguments],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "RECORD": str(record)})
    calls = [json.loads(line) for line in record.read_text().splitlines()] \
        if record.exists() else []
    return done, calls


#: (variable, target, how the value must arrive: an option, an environment variable)
DATA = [
    *[(name, "import", option) for name, option in [
        ("TITLE", "--title"), ("SOURCE", "--source"), ("SOURCE_URL", "--source-url"),
        ("TAGS", "--tags"), ("VIA", "--via"), ("DATE", "--date"), ("CATEGORY", "--category"),
        ("OUTPUT", "--output"), ("FILE", "import")]],
    ("SITEURL", "publish", "--siteurl"),
    ("HOST", "serve", "--host"), ("PORT", "serve", "--port"),
    ("HOST", "devserver", "--host"), ("PORT", "devserver", "--port"),
    ("INPUTDIR", "check", "check"), ("CONFFILE", "check", "-s"),
    ("OUTPUTDIR", "publish", "-o"), ("PUBLISHCONF", "publish", "-s"),
    *[(name, "rsync_upload", "env") for name in
      ("SSH_HOST", "SSH_PORT", "SSH_USER", "SSH_TARGET_DIR", "RSYNC_TARGET")],
    *[(name, "s3_upload", "env") for name in ("S3_BUCKET", "S3_ENDPOINT_URL", "AWS_CLI")],
    *[(name, "github", "env") for name in ("GITHUB_PAGES_BRANCH", "GITHUB_REMOTE")],
    ("URL", "import", "--url"), ("SOURCE_DATE", "import", "--source-date"),
    ("SOURCE_AUTHOR", "import", "--source-author"),
    ("ADDRESS_LEDGER", "check", "--ledger"), ("ADDRESS_LEDGER", "publish", "--ledger"),
    ("OUT", "newsletter", "--out"), ("DATE", "newsletter", "--date"),
    *[(name, "send-newsletter", option) for name, option in [
        ("TO", "--to"), ("LIST", "--list"), ("SMTP_HOST", "--smtp-host"),
        ("SMTP_PORT", "--smtp-port"), ("SMTP_TLS", "--smtp-tls"), ("SMTP_USER", "--smtp-user")]],
]


@pytest.mark.parametrize(("name", "target", "where"), DATA)
def test_a_value_arrives_intact_and_nothing_in_it_runs(stand_in, tmp_path, name, target, where):
    marks = tmp_path / "marks"
    marks.mkdir()
    value = payload(marks)
    done, calls = run_make(stand_in, tmp_path, target, **{name: value})
    assert list(marks.iterdir()) == [], done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
    if where == "env":
        assert calls[-1]["env"][name] == value
    else:
        argv = next(call["argv"] for call in calls if where in call["argv"])
        assert argv[argv.index(where) + 1] == value


@pytest.mark.parametrize(("name", "target"), [("PYTEST_ARGS", "test"), ("PELICANOPTS", "html")])
def test_options_are_split_into_words_as_given_but_never_run(stand_in, tmp_path, name, target):
    marks = tmp_path / "marks"
    marks.mkdir()
    value = payload(marks, balanced=True)
    done, calls = run_make(stand_in, tmp_path, target, **{name: value})
    assert list(marks.iterdir()) == [], done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
    assert calls[-1]["argv"][-len(shlex.split(value)):] == shlex.split(value)


@pytest.mark.parametrize(("name", "target", "flag"), [
    ("STRICT", "publish", "--strict"), ("STRICT", "check", "--strict"),
    ("DRY_RUN", "github", "--dry-run"), ("DEBUG", "html", "-D")])
def test_a_switch_is_on_only_for_1_and_its_value_never_runs(stand_in, tmp_path, name, target,
                                                           flag):
    marks = tmp_path / "marks"
    marks.mkdir()
    done, calls = run_make(stand_in, tmp_path, target, **{name: payload(marks)})
    assert list(marks.iterdir()) == [] and done.returncode == 0, done.stderr
    assert all(flag not in call["argv"] for call in calls)
    _, calls = run_make(stand_in, tmp_path, target, **{name: "1"})
    assert flag in calls[-1]["argv"]


def test_make_clean_removes_a_folder_whose_name_is_code_and_runs_nothing(stand_in, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    base = tmp_path / "it's $(touch marks/x) `touch marks/y`"
    (base / "cache").mkdir(parents=True)
    (base / "output").mkdir()
    done, _ = run_make(stand_in, tmp_path, "clean", BASEDIR=str(base),
                       OUTPUTDIR=str(base / "output"))
    assert done.returncode == 0, done.stderr
    assert list(marks.iterdir()) == [] and list(base.iterdir()) == []


def test_the_python_make_creates_the_venv_with_is_data_too(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    done = subprocess.run(["make", "-C", str(ROOT), "venv", f"VENV={tmp_path / 'new'}",
                           f"PY={payload(marks)}"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert list(marks.iterdir()) == []
    assert done.returncode != 0  # no such program: the value was run as one name, quoted


ALL = sorted({name for name, _, _ in DATA} | {"PYTEST_ARGS", "PELICANOPTS", "STRICT",
                                                "DRY_RUN", "DEBUG", "PY", "BASEDIR"})


@pytest.mark.parametrize("name", ALL)
def test_a_value_with_a_line_break_is_refused_in_one_line(stand_in, tmp_path, name):
    done, calls = run_make(stand_in, tmp_path, "publish", **{name: "first\nsecond"})
    assert done.returncode != 0 and calls == []
    assert f"*** {name}: a make value must be one line; this one holds a line break." \
        in done.stderr


@pytest.mark.parametrize("name", ["VENV", "DEPLOY_VENV"])
def test_the_venv_folders_are_plain_names(tmp_path, name):
    marks = tmp_path / "marks"
    marks.mkdir()
    done = subprocess.run(["make", "-C", str(ROOT), "-n", "check", f"{name}={payload(marks)}"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert list(marks.iterdir()) == []
    assert done.returncode != 0 and f"*** {name}: must be a plain folder name." in done.stderr
