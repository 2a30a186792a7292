"""axe-core finds no serious or critical violation, and the console stays clean.

Every kind of page, each at a phone's and a desktop's width, in light and
dark colour schemes (colour contrast differs).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "item": "2026/11/27/"
            "cia-turns-to-mandarin-language-videos-in-new-bid-to-recruit-chinese-officials/",
    "rtl item": "2026/11/21/ryl-bh-pyyntryn-sth-trykhy-khwd-dr-brbr-dlr-rsyd/",
    "corrected item": "2026/11/27/"
                      "norway-orders-telecom-operators-to-audit-lawful-intercept-systems-after-state/",
    "edition": "2026/11/27/",
    "tag": "tags/china/",
    "tags index": "tags/",
    "corrections": "corrections/",
    "search": "search/",  # with results: tests/browser/test_search.py
}
BLOCKING = ("serious", "critical")


def describe(violation) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    return f"{violation['impact']}: {violation['id']}: {violation['help']} ({targets})"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_violation_and_the_console_no_error(
        served_site, open_page, axe_js, name, width, scheme):
    page, console_errors = open_page(served_site.url(PAGES[name]), width, scheme,
                                     init_script=axe_js)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    blocking = [describe(v) for v in results["violations"] if v["impact"] in BLOCKING]
    assert blocking == []
    assert console_errors == []
