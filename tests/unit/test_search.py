"""Search without a build: the index's language, its settings, its bundle's files."""

from __future__ import annotations

import json
import random

import pytest

from briefing.search.bundle import ENTRY, canonicalize, pack, read, remove_unused
from briefing.search.shards import Page, index_language, plan_shards
from briefing.settings import SettingsError, apply_defaults


@pytest.mark.parametrize(("languages", "expected"), [
    (["en", "en"], "en"),
    (["en", "fa", "ko"], "en"),        # written with spaces: the site's own, with stemming
    (["en", "zh", "fa"], "zh"),        # any Chinese item: an index that splits Chinese
    (["en", "ja-JP"], "ja"),
    (["ZH-Hant", "ja"], "zh"),
    ([], "en"),
])
def test_the_index_is_in_the_sites_language_unless_an_item_needs_word_splitting(
        languages, expected):
    assert index_language(languages, "en") == expected


def pages(*days: str) -> list[Page]:
    return [Page(day=day, path=f"{day}/{number}/index.html", language="en")
            for number, day in enumerate(days)]


def test_shards_are_whole_days_up_to_the_limit_oldest_first():
    shards = plan_shards(pages("2026-01-03", "2026-01-01", "2026-01-02", "2026-01-02",
                               "2026-01-04", "2026-01-04", "2026-01-04", "2026-01-04",
                               "2026-01-05"), 3, "en")
    assert [(shard.first_day, len(shard.pages)) for shard in shards] == [
        ("2026-01-01", 3), ("2026-01-03", 1), ("2026-01-04", 4), ("2026-01-05", 1)]
    assert shards[0].pages == ("2026-01-01/1/index.html", "2026-01-02/2/index.html",
                               "2026-01-02/3/index.html")


def test_new_items_change_only_the_newest_shard():
    days = [f"2026-01-{day:02}" for day in range(1, 29) for _ in range(3)]
    before = plan_shards(pages(*days), 10, "en")
    after = plan_shards(pages(*days, "2026-01-29"), 10, "en")
    assert after[:-1] == before[:-1] and after[-1] != before[-1]


def test_every_shard_has_the_language_of_the_whole_index():
    shards = plan_shards([*pages("2026-01-01", "2026-01-02"),
                          Page(day="2026-02-01", path="zh/index.html", language="zh-CN")], 1, "en")
    assert {shard.language for shard in shards} == {"zh"}


def site(**settings) -> dict:
    return {"SITEURL": "https://briefing.example.org", "FEED_MAX_ITEMS": 50, **settings}


def test_search_is_on_by_default_with_its_bundle_and_page():
    settings = site()
    apply_defaults(settings)
    assert settings["BRIEFING_SEARCH"] is True
    assert settings["BRIEFING_SEARCH_BUNDLE"] == "pagefind"
    assert (settings["SEARCH_URL"], settings["SEARCH_SAVE_AS"]) == ("search/", "search/index.html")


@pytest.mark.parametrize(("key", "value"), [
    ("BRIEFING_SEARCH", "yes"), ("BRIEFING_SEARCH", 1),
    ("BRIEFING_SEARCH_BUNDLE", ""), ("BRIEFING_SEARCH_BUNDLE", "/srv/pagefind"),
    ("BRIEFING_SEARCH_BUNDLE", "../pagefind"), ("BRIEFING_SEARCH_BUNDLE", "search/../.."),
    ("BRIEFING_SEARCH_BUNDLE", "."), ("BRIEFING_SEARCH_BUNDLE", "pagefind/"),
    ("BRIEFING_SEARCH_SHARD_ITEMS", 0), ("BRIEFING_SEARCH_SHARD_ITEMS", "500"),
    ("BRIEFING_SEARCH_SHARD_ITEMS", True),
])
def test_an_impossible_search_setting_is_named_in_the_error(key, value):
    with pytest.raises(SettingsError, match=f"^{key}: "):
        apply_defaults(site(**{key: value}))


def test_a_bundle_may_be_a_nested_folder():
    apply_defaults(site(BRIEFING_SEARCH_BUNDLE="assets/search_index"))


# -- the bundle's files ------------------------------------------------------------------

FILTERS = {"tag": [["grain", [0, 2]], ["Black Sea", [0]], ["中国", [1]], ["Iran", [3]]],
           "source": [["Harbour Gazette", [0, 2]], ["Example Daily", [1, 3]]]}


def pagefind_bundle(folder, order: random.Random):
    """A bundle as Pagefind 1.5 writes it, its filters and sorts in ``order``'s shuffle."""
    (folder / "filter").mkdir(parents=True)
    pairs = []
    for name, values in FILTERS.items():
        shuffled = [list(value) for value in values]
        order.shuffle(shuffled)
        file_name = f"zh_{order.randrange(16 ** 7):07x}"
        (folder / "filter" / f"{file_name}.pf_filter").write_bytes(pack([name, shuffled]))
        pairs.append([name, file_name])
    order.shuffle(pairs)
    sorts = [["published", [1, 0, 3, 2]], ["length", [0, 1, 2, 3]]]
    order.shuffle(sorts)
    meta = ["1.5.2", [["zh_0a1b2c3", 386]], [["00", "顿", "zh_e321d59"]], pairs, sorts,
            ["date", "source", "title"]]
    (folder / "pagefind.zh_0123456789.pf_meta").write_bytes(pack(meta))
    (folder / "pagefind-ui.js").write_text("// Pagefind's own interface")
    (folder / "pagefind-component-ui.css").write_text("/* its styles */")
    (folder / "pagefind.js").write_text("// what the search page loads")
    entry = {"version": "1.5.2", "include_characters": ["_"],
             "languages": {"zh": {"hash": "zh_0123456789", "wasm": None, "page_count": 4}}}
    (folder / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    return folder


def files(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_filter_files_in_any_order_come_out_the_same_bytes(tmp_path):
    first = pagefind_bundle(tmp_path / "first", random.Random(1))
    second = pagefind_bundle(tmp_path / "second", random.Random(2))
    assert files(first) != files(second)
    for bundle in (first, second):
        canonicalize(bundle)
    assert files(first) == files(second)


def test_canonical_filters_are_sorted_and_every_reference_leads_to_a_file(tmp_path):
    bundle = pagefind_bundle(tmp_path / "bundle", random.Random(3))
    canonicalize(bundle)
    entry = json.loads((bundle / ENTRY).read_text("utf-8"))
    assert list(entry) == ["version", "include_characters", "languages"]  # as Pagefind wrote
    meta = read(bundle / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")
    assert [name for name, _ in meta[3]] == ["source", "tag"]
    for name, file_name in meta[3]:
        written, values = read(bundle / "filter" / f"{file_name}.pf_filter")
        assert written == name and values == sorted(FILTERS[name])
    assert len(list(bundle.glob("*.pf_meta"))) == 1
    assert len(list((bundle / "filter").iterdir())) == 2
    assert meta[4] == [["length", [0, 1, 2, 3]], ["published", [1, 0, 3, 2]]]


def test_a_canonical_bundle_stays_as_it_is(tmp_path):
    bundle = pagefind_bundle(tmp_path / "bundle", random.Random(4))
    canonicalize(bundle)
    before = files(bundle)
    canonicalize(bundle)
    assert files(bundle) == before


def test_an_unknown_layout_is_an_error_not_a_wrong_bundle(tmp_path):
    bundle = pagefind_bundle(tmp_path / "bundle", random.Random(5))
    (bundle / "pagefind.zh_0123456789.pf_meta").write_bytes(pack(["2.0.0", []]))
    with pytest.raises(ValueError, match=r"not the metadata layout of Pagefind 1\.5"):
        canonicalize(bundle)
    (bundle / "pagefind.zh_0123456789.pf_meta").write_bytes(pack(["1.5.2"])[:-4])
    with pytest.raises(ValueError, match="not a gzip stream"):
        canonicalize(bundle)


def test_pagefinds_own_interfaces_are_removed_and_its_search_script_kept(tmp_path):
    bundle = pagefind_bundle(tmp_path / "bundle", random.Random(6))
    remove_unused(bundle)
    assert "pagefind.js" in files(bundle)
    assert not [name for name in files(bundle) if "ui." in name]
