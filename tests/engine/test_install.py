"""The installed package alone builds a site: the wheel, in a fresh venv, publishes one.

Builds the wheel from a copy of the sources (so no build/ folder is left
in the repository), installs it with pip into a new virtual environment,
dependencies from their pins in pyproject.toml, and publishes a fixture
site that names nothing of this repository: the theme is the one the
package ships.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

SOURCES = ("pyproject.toml", "setup.py", "README.md", "briefing", "theme")


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name,
             **({"ignore": shutil.ignore_patterns("__pycache__")} if copy is shutil.copytree
                else {}))
    wheels = tmp_path_factory.mktemp("wheels")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels),
         str(source)])
    return next(wheels.glob("briefing-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", str(folder)])
    run([str(folder / "bin" / "pip"), "install", "--quiet", str(wheel)])
    return folder


def test_the_wheel_ships_the_whole_theme(wheel):
    theme = sorted(str(path.relative_to(ROOT / "theme")) for path in (ROOT / "theme").rglob("*")
                   if path.is_file() and path.name != "README.md")
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(name.removeprefix("briefing/theme/") for name in archive.namelist()
                         if name.startswith("briefing/theme/"))
    assert shipped == theme


def test_the_installed_command_publishes_a_site(venv, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "model", site / "content")
    (site / "pelicanconf.py").write_text(
        "from briefing.settings import *  # noqa: F403\n"
        "SITENAME = 'Installed'\nSITEURL = 'https://example.org'\n"
        "TIMEZONE = 'Europe/Berlin'\nBRIEFING_SITE_ID = 'installed'\n", "utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    where = run([str(venv / "bin" / "python"), "-c", "import briefing; print(briefing.__file__)"],
                cwd=site, env=env).stdout
    assert where.startswith(str(venv))

    run([str(venv / "bin" / "briefing"), "publish", "content", "-s", "pelicanconf.py",
         "-o", "output"], cwd=site, env=env)
    output = site / "output"
    assert "Installed" in (output / "index.html").read_text("utf-8")
    assert (output / "theme" / "css" / "tokens.css").is_file()
    assert (output / "feeds" / "all.atom.xml").is_file()
    assert list((output / "pagefind" / "shard").glob("*/index/*.pf_index"))  # Pagefind ran


def test_a_site_made_by_the_installed_init_publishes_with_make(venv, tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "MAKEFLAGS")}
    run([str(venv / "bin" / "briefing"), "init", "memo", "--name", "Memo", "--url",
         "https://memo.example.org", "--timezone", "UTC", "--language", "en"],
        cwd=tmp_path, env=env)
    run(["make", "publish", "check"], cwd=tmp_path / "memo", env=env)
    assert (tmp_path / "memo" / "output" / "about" / "index.html").is_file()
    assert f"BIN ?= {venv / 'bin'}" in (tmp_path / "memo" / "Makefile").read_text("utf-8")
