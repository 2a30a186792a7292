"""What Pagefind reads of a page: the digest a search shard is keyed by."""

from __future__ import annotations

import os

from briefing.search.indexed_part import IndexedDigests, indexed_part

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>
<nav><a href="/tags/grain/">Grain</a></nav>
<article data-pagefind-body><h1>{heading}</h1><p>{text}</p></article>
<aside><h2>Related</h2><ul>{related}</ul></aside>
<span data-pagefind-filter="edition">{edition}</span>
</body></html>"""


def page(**changes) -> bytes:
    values = {"lang": "en", "title": "Grain talks", "heading": "Grain talks",
              "text": "Officials met.", "related": "<li>Older item</li>", "edition": "26 Nov",
              **changes}
    return PAGE.format(**values).encode()


def test_what_pagefind_ignores_leaves_the_part_as_it_was():
    assert indexed_part(page(related="<li>A newer item</li><li>Older item</li>")) == \
        indexed_part(page())
    assert indexed_part(page(title="Grain talks | Briefing")) == indexed_part(page())


def test_the_marked_text_its_filters_and_the_language_change_the_part():
    for changed in ({"heading": "Grain talks end"}, {"text": "Officials left."},
                    {"edition": "27 Nov"}, {"lang": "de"}):
        assert indexed_part(page(**changed)) != indexed_part(page()), changed


def test_a_page_without_the_marker_is_its_own_part():
    unmarked = page().replace(b" data-pagefind-body", b"")
    assert indexed_part(unmarked) == unmarked
    quoted = b"<html><body><p>How data-pagefind-body works</p></body></html>"
    assert indexed_part(quoted) == quoted


def test_a_page_file_kept_from_the_last_build_is_not_read_again(tmp_path, monkeypatch):
    (tmp_path / "a.html").write_bytes(page())
    store = tmp_path / "cache" / "pages.json"
    first = IndexedDigests(store)
    digest = first.digest(tmp_path, "a.html")
    first.save()

    import briefing.search.indexed_part as module
    monkeypatch.setattr(module, "indexed_part", lambda _page: b"must not be called")
    assert IndexedDigests(store).digest(tmp_path, "a.html") == digest

    (tmp_path / "a.html").write_bytes(page(text="Officials left."))
    os.utime(tmp_path / "a.html", ns=(1, 1))  # a different file, whatever its time
    assert IndexedDigests(store).digest(tmp_path, "a.html") != digest


def test_a_damaged_store_is_started_afresh(tmp_path):
    (tmp_path / "a.html").write_bytes(page())
    store = tmp_path / "pages.json"
    store.write_text("{not json", "utf-8")
    digests = IndexedDigests(store)
    assert len(digests.digest(tmp_path, "a.html")) == 64
    digests.save()
    assert "a.html" in store.read_text("utf-8")


def test_pages_learnt_on_every_core_have_the_digests_worked_out_one_by_one(tmp_path):
    names = [f"{number}.html" for number in range(300)]
    for number, name in enumerate(names):
        (tmp_path / name).write_bytes(page(text=f"Officials met {number} times."))
    learnt = IndexedDigests(tmp_path / "learnt.json")
    learnt.learn(tmp_path, names)
    one_by_one = IndexedDigests(tmp_path / "one-by-one.json")
    assert [learnt.digest(tmp_path, name) for name in names] == \
        [one_by_one.digest(tmp_path, name) for name in names]
    assert len(set(one_by_one.digest(tmp_path, name) for name in names)) == len(names)
