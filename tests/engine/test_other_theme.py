"""A site whose THEME lacks Briefing's templates stops with one error before building."""

from __future__ import annotations

import shutil

from conftest import FIXTURES, ROOT, build_site

from briefing.cli import main


def test_pelicans_simple_theme_is_one_error_naming_the_missing_templates(tmp_path):
    site = build_site(FIXTURES / "model", tmp_path / "output", THEME="simple")
    assert len(site.report.errors) == 1
    error = site.report.errors[0]
    assert "has no 404.html, corrections.html, edition.html, search.html," in error
    assert "THEME_TEMPLATES_OVERRIDES" in error and "Traceback" not in error
    assert not (tmp_path / "output").exists()  # stopped before writing anything


def test_the_check_command_says_it_in_one_line(tmp_path, capsys):
    settings = tmp_path / "pelicanconf.py"
    settings.write_text(f"from briefing.settings import *  # noqa: F403\nSITEURL = "
                        f"'https://example.org'\nTHEME = 'simple'\nCACHE_PATH = "
                        f"{str(tmp_path / 'cache')!r}\n", "utf-8")
    assert main(["check", str(FIXTURES / "model"), "-s", str(settings)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert [line for line in printed if "THEME" in line] == [printed[0]]
    assert printed[0].startswith("build failed: SettingsError: THEME: ")


def test_a_theme_whose_missing_templates_are_supplied_builds(tmp_path):
    overrides = tmp_path / "templates"
    shutil.copytree(ROOT / "theme" / "templates", overrides)  # e.g. Briefing's own
    site = build_site(FIXTURES / "model", tmp_path / "output", THEME="simple",
                      THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert site.report.ok, site.report.errors
    assert site.page("/search/") is not None
