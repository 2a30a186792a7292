"""One media type per format, from briefing/serve/media_types.py, in all four places
that name one: the pages' feed links (and the feeds' self links), ``_headers``,
``docs/nginx.conf`` and the S3 upload's passes."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, ROOT, SITEURL, build_site

from briefing.deploy.s3 import passes
from briefing.serve.media_types import FEED_MEDIA_TYPES, MEDIA_TYPES, media_type

FEEDS = {"atom": "feeds/all.atom.xml", "rss": "feeds/all.rss.xml", "json": "feeds/all.json"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_site(FIXTURES / "model", tmp_path_factory.mktemp("types") / "output",
                      settings="publishconf.py")


def test_the_json_feed_is_feed_json_and_other_json_is_not():
    assert media_type("feeds/all.json") == "application/feed+json"
    assert media_type("pagefind/pagefind-entry.json") == "application/json"
    assert media_type("feeds/tags/grain.atom.xml") == "application/atom+xml"
    assert media_type("sitemap.xml") == "application/xml"


def test_pages_link_each_feed_with_the_tables_type(published):
    head = published.page(f"{SITEURL}/")
    found = {link.get("href"): link.get("type")
             for link in head.xpath('//head/link[@rel="alternate"]')}
    for kind, path in FEEDS.items():
        assert found[f"{SITEURL}/{path}"] == FEED_MEDIA_TYPES[kind]
    for kind in ("atom", "rss"):
        feed = published.path(FEEDS[kind]).read_text()
        assert f'type="{FEED_MEDIA_TYPES[kind]}"' in feed  # the self link


def test_headers_file_sends_the_tables_type_for_each_feed(published):
    headers = (published.output / "_headers").read_text()
    for kind, path in FEEDS.items():
        assert f"/{path}\n  Content-Type: {FEED_MEDIA_TYPES[kind]}\n" in headers


def test_nginx_config_has_the_table_row_for_row_in_order():
    nginx = (ROOT / "docs" / "nginx.conf").read_text()
    rows = re.findall(r"location ~ (\S+)\s+\{ types \{ \} default_type ([^;]+); \}", nginx)
    expected = [("^/" + re.escape(pattern).replace(r"\*", ".*") + "$", kind)
                for pattern, kind in MEDIA_TYPES]
    assert rows == expected


def test_s3_upload_sends_each_pattern_with_the_tables_type():
    sent = {}
    for options in passes()[:-1]:
        kind = options[options.index("--content-type") + 1]
        includes = [options[i + 1] for i, word in enumerate(options) if word == "--include"]
        for pattern in includes:
            sent[pattern] = kind
    assert sent == dict(MEDIA_TYPES)
    json_pass = next(options for options in passes() if "application/json" in options)
    assert "feeds/*.json" in json_pass[json_pass.index("--include") + 2:]  # excluded there
