"""``make test`` sets up the browser tools itself, unless BRIEFING_SKIP_BROWSER=1.

The Makefile runs ``TEST_TOOLS`` (``.ci/install-test-tools``); a stand-in
here records that it ran and exports a path, which the tests then see.
"""

from __future__ import annotations

import os
import subprocess

from conftest import ROOT


def make_test(tmp_path, **env) -> tuple[subprocess.CompletedProcess, os.PathLike]:
    ran = tmp_path / "tools-ran"
    tools = tmp_path / "install-test-tools"
    tools.write_text(f"echo 'install-test-tools: npm install (stand-in)' >&2\ntouch '{ran}'\n"
                     "echo 'export CHROMIUM=/stand-in/chromium'\n", "utf-8")
    probe = tmp_path / "test_probe.py"
    probe.write_text("import os\n\ndef test_tools_env():\n    assert os.environ.get("
                     "'CHROMIUM') == os.environ.get('EXPECTED')\n", "utf-8")
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("BRIEFING_SKIP_BROWSER", "CHROMIUM", "MAKEFLAGS")}
    done = subprocess.run(
        ["make", "--no-print-directory", "test", f"TEST_TOOLS={tools}",
         f"PYTEST_ARGS=-q -p no:cacheprovider {probe}"],
        cwd=ROOT, env={**environment, **env}, capture_output=True, text=True)
    return done, ran


def test_make_test_installs_the_browser_tools_first(tmp_path):
    done, ran = make_test(tmp_path, EXPECTED="/stand-in/chromium")
    assert done.returncode == 0, done.stdout + done.stderr
    assert ran.exists()
    assert "install-test-tools: npm install (stand-in)" in done.stderr
    assert "1 passed" in done.stdout


def test_make_test_with_browser_tests_skipped_installs_nothing(tmp_path):
    done, ran = make_test(tmp_path, BRIEFING_SKIP_BROWSER="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not ran.exists()
    assert "1 passed" in done.stdout  # and no CHROMIUM reached the tests
