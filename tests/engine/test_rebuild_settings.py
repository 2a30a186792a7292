"""A build in the same process (the dev server's rebuild) sees a template's new setting.

Settings reach macro files, imported without context, as template globals
(briefing.pelican.site_settings): only the names the templates use.
"""

from __future__ import annotations

from conftest import FIXTURES, build_site

FOOTER = ('{% extends "!theme/base.html" %}{% import "motto.html" as motto %}'
          '{% block extra_footer %}{{ motto.line() }}{% endblock %}')
MACRO = '{% macro line() %}<p id="hook">{{ X }}</p>{% endmacro %}'


def test_a_setting_a_template_starts_reading_reaches_the_next_build(tmp_path):
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "base.html").write_text(FOOTER, "utf-8")
    (overrides / "motto.html").write_text(MACRO.replace("X", "SITENAME"), "utf-8")
    settings = {"THEME_TEMPLATES_OVERRIDES": [str(overrides)], "BRIEFING_SEARCH": False,
                "FOOTER_MOTTO": "Read slowly"}
    first = build_site(FIXTURES / "model", tmp_path / "output", **settings)
    assert first.report.ok, first.report.errors
    assert first.page("/").get_element_by_id("hook").text == "The Briefing"

    (overrides / "motto.html").write_text(MACRO.replace("X", "FOOTER_MOTTO"), "utf-8")
    second = build_site(FIXTURES / "model", tmp_path / "output", **settings)
    assert second.report.ok, second.report.errors
    assert second.page("/").get_element_by_id("hook").text == "Read slowly"
