"""Publish-time extras for servers: compressed copies and the _headers rules."""

from __future__ import annotations

import gzip
import logging
import os

import brotli
import pytest

from briefing.serve import headers as headers_module
from briefing.serve import precompression
from briefing.serve.precompression import MIN_SIZE, encoders, previous_output
from briefing.settings import DEFAULTS

PAGE = ("<p>The ministry confirmed the talks.</p>\n" * 60).encode()


def site(folder, files: dict[str, bytes]):
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def test_text_files_get_copies_that_decompress_to_the_same_bytes(tmp_path):
    out = site(tmp_path, {"index.html": PAGE, "feeds/all.atom.xml": PAGE, "photo.jpg": PAGE,
                          "small.css": b"a{}", "pagefind/pagefind.js": PAGE})
    assert precompression.precompress(out, None, encoders(), out / "pagefind") == (2, 0)
    for name in ("index.html", "feeds/all.atom.xml"):
        assert gzip.decompress((out / f"{name}.gz").read_bytes()) == PAGE
        assert brotli.decompress((out / f"{name}.br").read_bytes()) == PAGE
    assert len(PAGE) >= MIN_SIZE > len(b"a{}")
    for skipped in ("photo.jpg", "small.css", "pagefind/pagefind.js"):  # not text, small, indexed
        assert not (out / f"{skipped}.gz").exists()


def test_copies_are_the_same_bytes_in_every_build(tmp_path):
    first = site(tmp_path / "first", {"index.html": PAGE})
    second = site(tmp_path / "second", {"index.html": PAGE})
    os.utime(second / "index.html", (0, 0))  # gzip must not record the time
    precompression.precompress(first, None, encoders())
    precompression.precompress(second, None, encoders())
    for suffix in (".gz", ".br"):
        assert (first / f"index.html{suffix}").read_bytes() == \
            (second / f"index.html{suffix}").read_bytes()


def test_unchanged_files_reuse_the_previous_copies_and_changed_ones_are_compressed(tmp_path):
    previous = site(tmp_path / "previous", {"same.html": PAGE, "edited.html": PAGE})
    precompression.precompress(previous, None, encoders())
    new = site(tmp_path / "new", {"same.html": PAGE, "edited.html": PAGE + b"<p>More</p>"})
    assert precompression.precompress(new, previous, encoders()) == (1, 1)
    assert (new / "same.html.br").stat().st_ino == (previous / "same.html.br").stat().st_ino
    assert (new / "edited.html.gz").stat().st_ino != (previous / "edited.html.gz").stat().st_ino
    assert gzip.decompress((new / "edited.html.gz").read_bytes()).endswith(b"<p>More</p>")


def test_a_previous_file_missing_a_copy_gets_both_compressed_again(tmp_path):
    previous = site(tmp_path / "previous", {"same.html": PAGE})
    precompression.precompress(previous, None, encoders())
    (previous / "same.html.br").unlink()
    new = site(tmp_path / "new", {"same.html": PAGE})

    assert precompression.precompress(new, previous, encoders()) == (1, 0)
    assert (new / "same.html.gz").stat().st_ino != (previous / "same.html.gz").stat().st_ino
    assert gzip.decompress((new / "same.html.gz").read_bytes()) == PAGE
    assert brotli.decompress((new / "same.html.br").read_bytes()) == PAGE


def test_a_kept_file_placed_with_its_copies_is_not_looked_at_again(tmp_path, monkeypatch):
    previous = site(tmp_path / "previous", {"kept.html": PAGE, "edited.html": PAGE})
    precompression.precompress(previous, None, encoders())
    new = site(tmp_path / "new", {"edited.html": PAGE + b"<p>More</p>"})
    os.link(previous / "kept.html", new / "kept.html")  # as the page writer keeps a page

    assert precompression.place_with_copies(previous / "kept.html", new / "kept.html",
                                            precompression.copy_suffixes())
    for suffix in (".gz", ".br"):
        assert (new / f"kept.html{suffix}").samefile(previous / f"kept.html{suffix}")
    looked_at = []
    monkeypatch.setattr(precompression, "reuse", lambda path, *_: looked_at.append(path))
    assert precompression.precompress(new, previous, encoders(),
                                      copied=frozenset({"kept.html"})) == (1, 1)
    assert looked_at == [new / "edited.html"]
    assert gzip.decompress((new / "edited.html.gz").read_bytes()).endswith(b"<p>More</p>")


def test_files_placed_with_their_copies_are_left_out_by_folder_and_name(tmp_path):
    output = site(tmp_path / "output", {"index.html": PAGE, "kept/index.html": PAGE,
                                        "edited/index.html": PAGE, "kept/feed.xml": PAGE})
    found = precompression.compressible(output, copied=frozenset({
        "index.html", os.path.join("kept", "index.html")}))
    assert found == [output / "edited" / "index.html", output / "kept" / "feed.xml"]


def test_a_kept_file_whose_copies_are_missing_is_left_to_be_compressed(tmp_path):
    previous = site(tmp_path / "previous", {"kept.html": PAGE})
    precompression.precompress(previous, None, encoders())
    (previous / "kept.html.br").unlink()
    new = site(tmp_path / "new", {"kept.html": PAGE})

    assert not precompression.place_with_copies(previous / "kept.html", new / "kept.html",
                                                (".gz", ".br"))
    assert sorted(path.name for path in new.iterdir()) == ["kept.html"]  # no half set
    assert precompression.precompress(new, previous, encoders()) == (1, 0)


def test_without_brotli_only_gzip_copies_are_written_and_a_warning_says_so(
        tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(precompression, "brotli", None)
    with caplog.at_level(logging.WARNING):
        encode = encoders()
    assert list(encode) == [".gz"]
    assert "brotli package is not installed" in caplog.text
    assert precompression.copy_suffixes() == (".gz",)  # what a kept page brings along


def test_only_another_existing_folder_counts_as_the_previous_output(tmp_path):
    settings = {"OUTPUT_PATH": str(tmp_path / "new")}
    assert previous_output({**settings, "BRIEFING_PREVIOUS_OUTPUT": str(tmp_path)}) == tmp_path
    for previous in (None, str(tmp_path / "missing"), str(tmp_path / "new")):
        (tmp_path / "new").mkdir(exist_ok=True)
        assert previous_output({**settings, "BRIEFING_PREVIOUS_OUTPUT": previous}) is None


@pytest.fixture
def settings():
    return {**DEFAULTS, "THEME_STATIC_DIR": "theme"}


def test_header_rules_follow_the_feed_settings(settings):
    rules = dict(headers_module.header_rules(settings, {}))
    assert rules["/feeds/tags/*.atom.xml"] == [("Content-Type", "application/atom+xml"),
                                               ("Cache-Control", headers_module.FEED_CACHE)]
    assert ("Content-Type", "application/feed+json") in rules["/feeds/all.json"]
    assert rules["/theme/*"] == [("Cache-Control", headers_module.THEME_CACHE)]
    assert rules["/pagefind/shard/*"] == [("Cache-Control", headers_module.HASHED_CACHE)]


def test_a_feed_inside_a_term_pattern_gets_one_rule(settings):
    settings.update(BRIEFING_TAG_FEED_ATOM="feeds/{slug}.atom.xml",
                    BRIEFING_FEED_ATOM="feeds/all.atom.xml")
    patterns = headers_module.feed_patterns(settings)
    assert "feeds/*.atom.xml" in patterns
    assert "feeds/all.atom.xml" not in patterns


def test_every_file_gets_the_pages_policy_and_what_only_a_server_can_add(settings, tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8">'
                    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';">'
                    '<meta name="referrer" content="same-origin"></head><body></body></html>')
    headers = dict(headers_module.header_rules(settings, headers_module.page_policy(page))[0][1])
    assert headers == {"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
                       "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff",
                       "X-Frame-Options": "DENY"}
