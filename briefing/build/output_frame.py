"""What every output file of a build is made from besides its own data: the frame.

A page's trace (:mod:`briefing.build.render_trace`) vouches for what its template
read from the page's context; a feed's key for the data it is written from.
Neither covers the code that turns them into bytes, the settings, or the
templates themselves, so an output is reused only from a build with the
same frame: this package's sources and the libraries' versions, every
setting, every template file (the theme's and those in
``THEME_TEMPLATES_OVERRIDES``), and the plugins and Jinja extensions.

What cannot be covered makes the frame :data:`UNTRACKED` and nothing is
reused: a plugin or Jinja extension of the site's own runs code this build
cannot see into (it may change pages after they are written, or hand
templates values of its own).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import os
from pathlib import Path

from markupsafe import Markup

from briefing.build.read_cache import StoredHTML, code_digest, settings_digest

#: Libraries whose code renders pages and feeds, besides those that read.
_RENDERING_PACKAGES = ("jinja2", "feedgen", "lxml")
#: The plugins and Jinja extensions whose effects the frame and traces cover.
#: Briefing's one plugin (``PLUGINS = ["briefing"]``) and its parts.
_KNOWN_PLUGIN = "briefing"
_KNOWN_PLUGIN_PREFIX = "briefing.pelican."
_KNOWN_EXTENSION_PREFIX = "jinja2.ext."
#: A frame that matches no other: every output is made again.
UNTRACKED = "untracked"


def template_folders(settings: dict) -> list[str]:
    """The folders Pelican loads templates from, in its order."""
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", []),
            os.path.join(settings["THEME"], "templates")]


def templates_digest(folders: list[str]) -> str:
    """The templates, every file in order."""
    digest = hashlib.sha256()
    for folder in folders:
        root = Path(folder)
        digest.update(str(folder).encode() + b"\0")
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def untracked_code(settings: dict) -> list[str]:
    """The site's own plugins and Jinja extensions, whose effects no trace covers."""
    plugins = [str(getattr(plugin, "__name__", plugin)) for plugin in settings.get("PLUGINS") or []]
    extensions = [str(getattr(extension, "__module__", extension)) + (
                  "" if isinstance(extension, str) else f".{extension.__qualname__}")
                  for extension in settings.get("JINJA_ENVIRONMENT", {}).get("extensions", [])]
    return [name for name in plugins
            if name != _KNOWN_PLUGIN and not name.startswith(_KNOWN_PLUGIN_PREFIX)] + \
        [name for name in extensions if not name.startswith(_KNOWN_EXTENSION_PREFIX)]


def frame_digest(settings: dict) -> str:
    """The frame of a build with ``settings``, or :data:`UNTRACKED`."""
    if untracked_code(settings):
        return UNTRACKED
    versions = ":".join(f"{name}=={importlib.metadata.version(name)}"
                        for name in _RENDERING_PACKAGES)
    return hashlib.sha256(":".join((
        code_digest(), versions, settings_digest(settings),
        templates_digest(template_folders(settings)))).encode()).hexdigest()


def data_digest(value, memo: dict | None = None) -> str:
    """A digest of ``value``, which must be plain data: text, numbers, dates,
    stored HTML parts (by the entry that holds them), frozen dataclasses,
    lists, tuples and dicts of those.  Anything else raises ``TypeError``:
    its digest could not vouch for what it holds.

    ``memo`` keeps each frozen dataclass's digest (and the object, so that
    its ``id`` is not reused) for the next call: an item is listed by many
    feeds.
    """
    digest = hashlib.sha256()
    _feed(value, digest, memo)
    return digest.hexdigest()


def _feed(value, digest, memo: dict | None = None) -> None:
    kind = type(value)
    if kind in (str, Markup):
        encoded = value.encode("utf-8", "surrogatepass")
        digest.update(b"s" if kind is str else b"m")
        digest.update(len(encoded).to_bytes(8, "little") + encoded)
    elif kind in (int, float, bool, type(None)):
        digest.update(f"{kind.__name__}:{value!r};".encode())
    elif isinstance(value, (dt.date, dt.time)):
        digest.update(f"{kind.__qualname__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)};"
                      .encode())
    elif kind is StoredHTML:  # its text is its read-cache entry's, which its key names
        digest.update(f"html:{value.key}:{value.part}:{value.filled};".encode())
    elif kind in (list, tuple):
        digest.update(f"{kind.__name__}:{len(value)};".encode())
        for element in value:
            _feed(element, digest, memo)
    elif kind is dict:
        digest.update(f"dict:{len(value)};".encode())
        for key in sorted(value, key=repr):
            _feed(key, digest, memo)
            _feed(value[key], digest, memo)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        frozen = memo is not None and kind.__dataclass_params__.frozen
        found = memo.get(id(value)) if frozen else None
        if found is None:
            own = hashlib.sha256(f"{kind.__module__}.{kind.__qualname__};".encode())
            for field in dataclasses.fields(value):
                _feed(getattr(value, field.name), own, memo)
            found = (value, own.digest())
            if frozen:
                memo[id(value)] = found
        digest.update(found[1])
    else:
        raise TypeError(f"{kind.__qualname__} is not plain data")
