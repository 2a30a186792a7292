"""The Nu HTML Checker (vnu.jar) finds no error on any page.

Every page of the sample site, and of the edge-case fixture site (hostile
markup, right-to-left and CJK items, dangling annotations, drafts).
"""

from __future__ import annotations

import json
import subprocess

import pytest

pytestmark = pytest.mark.browser


def nu_errors(vnu_command: list[str], output) -> list[str]:
    pages = sorted(str(p) for p in output.rglob("*.html"))
    assert len(pages) > 20
    done = subprocess.run([*vnu_command, "--errors-only", "--format", "json",
                           "--exit-zero-always", *pages],
                          capture_output=True, text=True, timeout=300, check=True)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [f"{m.get('url', '').removeprefix('file:' + str(output))}:"
            f"{m.get('lastLine', '?')}: {m['message']} | {m.get('extract', '').strip()}"
            for m in messages if m.get("type") in ("error", "non-document-error")]


def test_nu_html_checker_reports_no_error_on_any_page_of_the_sample_site(
        served_site, vnu_command):
    errors = nu_errors(vnu_command, served_site.output)
    assert errors == [], "\n".join(errors)


def test_nu_html_checker_reports_no_error_on_the_edge_cases(model_site, vnu_command):
    errors = nu_errors(vnu_command, model_site.output)
    assert errors == [], "\n".join(errors)
