"""A digest of everything one output file is made from.

An incremental build may keep last build's file only if rendering it again
would give the same bytes.  The key of a page is therefore a digest of all
it is rendered from: the code, the settings and the theme's templates (the
*frame*, the same for every page), the template's name, and every value the
template can read: the arguments Pelican passes for this page and the
template context entries the template names (found with ``jinja2.meta``
in the template and every template it extends, includes or imports).

Values are digested by walking them.  Items, editions, tags and the like
are objects that point at each other (an item at its edition, the edition
at its items, each item at its related items), so a walk follows object
references only :data:`DEPTH` steps from the page's own values and stands
for anything further by a *marker* (its type and URL).  Three steps cover
what a template shows: an item page shows its edition's other items and
its related items, and for each of those what their fields hold (title,
date, source, summary, tags).  An item's links to its related items and
edition neighbours count only on its own page (:data:`OWN_PAGE_ONLY`),
where the theme shows them.  A template that reached further would need a
deeper walk; ``tests/site/test_incremental.py`` compares incremental builds
with full builds file by file to catch that.

Each object's digest is remembered for the build (items are listed on many
pages), keyed by ``id``; the objects live as long as the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
import types
import weakref
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import meta
from markupsafe import Markup

from briefing.read_cache import StoredHTML, code_digest, settings_digest

#: How many object references a walk follows from a page's own values.
DEPTH = 3

#: Attributes that hold the build's settings or the whole template context
#: (the frame covers the first, the page's own context the second), and an
#: item's ``metadata``, which Pelican also sets as attributes one by one.
_SKIPPED_ATTRIBUTES = frozenset({"settings", "_context", "_settings", "metadata"})

#: An item's links to other items that only its own page shows (the theme's
#: cards and lists never do).  Without this, renaming one item would change
#: the key of every page listing an item related to it.
OWN_PAGE_ONLY = frozenset({"related", "previous_in_edition", "next_in_edition"})
_SKIPPED_IN_LISTS = _SKIPPED_ATTRIBUTES | OWN_PAGE_ONLY
_PLAIN = (type(None), bool, int, float, dt.date, dt.time, dt.timedelta)
_CODE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type,
         types.ModuleType)


def templates_digest(folders: list[str]) -> str:
    """The theme's templates, every file in order."""
    digest = hashlib.sha256()
    for folder in folders:
        root = Path(folder)
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def frame_digest(settings: dict, template_folders: list[str]) -> str:
    """What every page of a build is made from besides its own values."""
    return hashlib.sha256(":".join((code_digest(), settings_digest(settings),
                                    templates_digest(template_folders))).encode()).hexdigest()


_parsed: dict[str, tuple[frozenset[str], tuple]] = {}


def _names_in_source(environment, source: str) -> tuple[frozenset[str], tuple]:
    """(names read, templates used) of a template's source, parsed once a process.

    Keyed by the source, not the environment: every generator has its own.
    """
    found = _parsed.get(source)
    if found is None:
        tree = environment.parse(source)
        found = _parsed[source] = (frozenset(meta.find_undeclared_variables(tree)),
                                   tuple(meta.find_referenced_templates(tree)))
    return found


def _names_in(environment, name: str) -> frozenset[str]:
    names, used = _names_in_source(environment, environment.loader.get_source(environment, name)[0])
    for referenced in used:
        if referenced is None:  # a template chosen at run time: could read anything
            return frozenset({"*"})
        names |= _names_in(environment, referenced)
    return names


_names_of_template: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def names_read_by(template) -> frozenset[str]:
    """Context names ``template`` (or a template it uses) reads; ``*``: unknown."""
    found = _names_of_template.get(template)
    if found is None:
        found = _names_of_template[template] = _names_in(template.environment, template.name)
    return found


class PageKeys:
    """Digests of pages' values for one build, remembering each object's."""

    def __init__(self, frame: str):
        self.frame = frame
        self._own: dict[tuple[int, bool], tuple[bytes, list]] = {}
        self._deep: dict[tuple[int, int], bytes] = {}
        self._markers: dict[int, bytes] = {}
        self._walked: list = []  # keeps each walked object, so its id is not reused
        self._context_entries: dict[str, bytes] = {}

    def key(self, template_name: str, arguments: dict, context: dict,
            names: frozenset[str]) -> str:
        """The key of one output file rendered by ``template_name``."""
        digest = hashlib.sha256(self.frame.encode())
        digest.update(template_name.encode() + b"\0")
        for name in sorted(arguments):
            digest.update(name.encode() + b"=")
            self._walk(arguments[name], digest, DEPTH, [])
        wanted = sorted(context) if "*" in names else sorted(names - arguments.keys())
        for name in wanted:
            if name in context:
                digest.update(name.encode() + b"=" + self._context_entry(name, context[name]))
        return digest.hexdigest()

    def digest(self, value, depth: int = DEPTH) -> bytes:
        digest = hashlib.sha256()
        self._walk(value, digest, depth, [])
        return digest.digest()

    def _context_entry(self, name: str, value) -> bytes:
        found = self._context_entries.get(name)
        if found is None:
            found = self._context_entries[name] = self.digest(value)
        return found

    def _walk(self, value, digest, depth: int, references: list) -> None:
        """Feed ``value`` to ``digest``; objects met are digested ``depth`` deep.

        A list (or other collection) costs a step as an object does: a page's
        own item is walked deeper than the items a page lists, whose cards
        show only their own fields.  Where the depth is spent, an object is
        only marked, and collected in ``references`` for deeper digests.
        """
        if isinstance(value, str):  # Markup too
            encoded = str(value).encode("utf-8", "surrogatepass")
            digest.update(b"M" if isinstance(value, Markup) else b"s")
            digest.update(len(encoded).to_bytes(8, "little") + encoded)
        elif isinstance(value, _PLAIN):
            digest.update(repr(value).encode())
        elif isinstance(value, dict):
            digest.update(b"{%d" % len(value))
            for name in sorted(value, key=repr):
                self._walk(name, digest, depth - 1, references)
                self._walk(value[name], digest, depth - 1, references)
        elif isinstance(value, (list, tuple)):
            digest.update(b"[%d" % len(value))
            for element in value:
                self._walk(element, digest, depth - 1, references)
        elif isinstance(value, (set, frozenset)):
            digest.update(b"(%d" % len(value))
            for element in sorted(self.digest(element, depth - 1) for element in value):
                digest.update(element)
        elif isinstance(value, _CODE):
            digest.update(f"{getattr(value, '__module__', '')}.{value.__qualname__}".encode())
        elif depth <= 0:
            digest.update(self._marker(value))
            references.append(value)
        else:
            digest.update(self._object(value, depth))

    def _object(self, value, depth: int) -> bytes:
        """An object's fields, and the objects they hold ``depth - 1`` deep."""
        own, references = self._own_fields(value, shown_alone=depth >= DEPTH)
        if depth == 1 or not references:
            return own
        found = self._deep.get((id(value), depth))
        if found is None:
            digest = hashlib.sha256(own)
            for reference in references:
                digest.update(self._object(reference, depth - 1))
            found = self._deep[(id(value), depth)] = digest.digest()
        return found

    def _own_fields(self, value, shown_alone: bool) -> tuple[bytes, list]:
        """An object's fields with the objects they hold marked; those objects.

        Fields in :data:`OWN_PAGE_ONLY` count only where the object is a
        page's own (``shown_alone``), not where another page lists it.
        Pickled rather than walked: this runs for every item of the site,
        and the pickler walks plain data at C speed, calling back only for
        the objects (:class:`_FieldPickler`).
        """
        found = self._own.get((id(value), shown_alone))
        if found is None:
            fields = _fields(value)
            if fields is None:
                own, references = repr(value).encode(), []
            else:
                skipped = _SKIPPED_ATTRIBUTES if shown_alone else _SKIPPED_IN_LISTS
                pickler = _FieldPickler(self)
                pickler.dump((type(value).__qualname__,
                              {name: field for name, field in fields.items()
                               if name not in skipped}))
                own = hashlib.sha256(pickler.getvalue()).digest()
                references = list({id(obj): obj for obj in pickler.references}.values())
            found = self._own[(id(value), shown_alone)] = (own, references)
            self._walked.append(value)
        return found

    def _marker(self, value) -> bytes:
        """What stands for an object in another's fields: its type and address on the site."""
        found = self._markers.get(id(value))
        if found is None:
            parts = [type(value).__qualname__]
            for name in ("url", "save_as", "slug", "name", "date"):
                field = getattr(value, name, None)
                if field is not None and not callable(field):
                    parts.append(f"{name}={field!r}")
            if len(parts) == 1:
                parts.append(repr(value))
            found = self._markers[id(value)] = "|".join(parts).encode()
            self._walked.append(value)
        return found


#: Values the pickler may write as they are: plain data, the same bytes every build.
_PICKLED_AS_IS = frozenset({str, Markup, bytes, int, float, bool, type(None), list, tuple, dict,
                            dt.date, dt.datetime, dt.time, dt.timedelta, ZoneInfo})


class _FieldPickler(pickle.Pickler):
    """Pickles an object's fields, putting markers where other objects are."""

    def __init__(self, keys: PageKeys):
        self._buffer = io.BytesIO()
        super().__init__(self._buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self._keys = keys
        self.references: list = []

    def persistent_id(self, obj):
        kind = type(obj)
        if kind in _PICKLED_AS_IS:
            return None
        if kind is StoredHTML:  # its text is its read-cache entry's: the entry's key says it
            return repr(obj)
        if kind in (set, frozenset):
            return sorted(self._keys.digest(element, 0) for element in obj)
        if isinstance(obj, _CODE):
            return f"{getattr(obj, '__module__', '')}.{obj.__qualname__}"
        self.references.append(obj)
        return self._keys._marker(obj)

    def getvalue(self) -> bytes:
        return self._buffer.getvalue()


def _fields(value) -> dict | None:
    """An object's attributes (``__dict__`` or slots), or None if it has neither."""
    fields = dict(getattr(value, "__dict__", None) or {})
    for kind in type(value).__mro__:
        slots = kind.__dict__.get("__slots__", ())
        for name in [slots] if isinstance(slots, str) else slots:
            if hasattr(value, name) and not name.startswith("__"):
                fields[name] = getattr(value, name)
    return fields if fields or hasattr(value, "__dict__") else None

