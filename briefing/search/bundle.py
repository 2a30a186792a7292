"""A Pagefind bundle as the site publishes it: only what the search page loads,
and the same bytes for the same pages.

Pagefind also writes its ready-made search interfaces, which the theme does
not use (``static/js/search.js`` is its own): :func:`remove_unused` deletes
them, some 400 KB that no page would load.

Pagefind 1.5 writes each filter's values, and the list of filters and of
sorts in its metadata file, in the order of a Rust hash map, which is seeded
afresh on every run: two runs over the same pages write different filter
files, under different names, and a different metadata file (upstream:
Pagefind/pagefind#638; its fragments and word indexes are stable).
:func:`canonicalize` rewrites each filter file with its values sorted,
names it by its content as Pagefind does, and rewrites the metadata file,
its lists sorted by name, and ``pagefind-entry.json``, which leads to it.

Pagefind's index files are gzip streams of ``pagefind_dcd`` and one CBOR
value, built of unsigned integers, text and arrays only: this module reads
and writes just those, and anything else (a Pagefind upgrade that changed
the format) is a :class:`ValueError`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path

ENTRY = "pagefind-entry.json"
#: Pagefind's own search interfaces and highlighter, in the bundle's folder.
UNUSED = ("pagefind-*ui.js", "pagefind-*ui.css", "pagefind-highlight.js")
SIGNATURE = b"pagefind_dcd"
_UNSIGNED, _TEXT, _ARRAY = 0, 3, 4
#: The metadata file's fields: version, pages, word indexes, filters, sorts, meta keys.
_META_FIELDS, _META_FILTERS, _META_SORTS = 6, 3, 4


def _decode(data: bytes, at: int) -> tuple[object, int]:
    """The CBOR value at ``data[at:]`` and where it ends."""
    major, size = data[at] >> 5, data[at] & 31
    at += 1
    if size >= 24:
        width = {24: 1, 25: 2, 26: 4, 27: 8}.get(size)
        if width is None:
            raise ValueError(f"CBOR: indefinite or reserved length at byte {at - 1}")
        size, at = int.from_bytes(data[at:at + width], "big"), at + width
    if major == _UNSIGNED:
        return size, at
    if major == _TEXT:
        return data[at:at + size].decode("utf-8"), at + size
    if major == _ARRAY:
        items = []
        for _ in range(size):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR: major type {major} at byte {at - 1}, which Pagefind does not write")


def _head(major: int, size: int) -> bytes:
    if size < 24:
        return bytes([major << 5 | size])
    width = next(width for width in (1, 2, 4, 8) if size < 256 ** width)
    return bytes([major << 5 | {1: 24, 2: 25, 4: 26, 8: 27}[width]]) + size.to_bytes(width, "big")


def _encode(value: object) -> bytes:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return _head(_UNSIGNED, value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _head(_TEXT, len(text)) + text
    if isinstance(value, list):
        return _head(_ARRAY, len(value)) + b"".join(_encode(item) for item in value)
    raise ValueError(f"CBOR: cannot write {value!r}")


def pack(value: object) -> bytes:
    """The bytes of an index file holding ``value``."""
    return gzip.compress(SIGNATURE + _encode(value), mtime=0)


def read(path: Path) -> object:
    """The value an index file holds."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (gzip.BadGzipFile, EOFError):
        raise ValueError(f"{path.name}: not a gzip stream") from None
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind index file")
    try:
        value, end = _decode(data, len(SIGNATURE))
    except IndexError:
        raise ValueError(f"{path.name}: cut short") from None
    if end != len(data):
        raise ValueError(f"{path.name}: {len(data) - end} bytes after its value")
    return value


def _filter_file(bundle: Path, name: str) -> Path:
    return bundle / "filter" / f"{name}.pf_filter"


def _meta_file(bundle: Path, name: str) -> Path:
    return bundle / f"pagefind.{name}.pf_meta"


def _rewrite(old: Path, value: object, language: str, digits: int,
             file_of: Callable[[str], Path]) -> str:
    """Write ``value`` in place of ``old``, named by a hash of its content; return the name."""
    data = pack(value)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    new = file_of(name)
    new.write_bytes(data)
    if new != old:
        old.unlink()
    return name


def canonicalize(bundle: Path) -> None:
    """Rewrite ``bundle``'s filter files, and the files leading to them, in a fixed order."""
    entry = json.loads((bundle / ENTRY).read_text("utf-8"))
    for language, index in entry["languages"].items():
        meta_path = _meta_file(bundle, index["hash"])
        meta = read(meta_path)
        if not (isinstance(meta, list) and len(meta) == _META_FIELDS
                and all(isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                        for field in (_META_FILTERS, _META_SORTS) for pair in meta[field])):
            raise ValueError(f"{meta_path.name}: not the metadata layout of Pagefind 1.5")
        for pair in meta[_META_FILTERS]:
            filter_path = _filter_file(bundle, pair[1])
            name, values = read(filter_path)
            pair[1] = _rewrite(filter_path, [name, sorted(values)], language, 7,
                               partial(_filter_file, bundle))
        for field in (_META_FILTERS, _META_SORTS):
            meta[field].sort(key=lambda pair: pair[0])
        index["hash"] = _rewrite(meta_path, meta, language, 10, partial(_meta_file, bundle))
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                "utf-8")


def indexed_pages(bundle: Path) -> int:
    """How many pages ``bundle`` holds, over all its languages."""
    entry = json.loads((bundle / ENTRY).read_text("utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def remove_unused(bundle: Path) -> None:
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
