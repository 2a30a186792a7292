"""Pickling where some objects travel by reference, not by value.

The caches keep what a build made (an item's metadata, the items
themselves), and each holds objects the next build has its own of: the
settings, the build's context, the one tag of a name.  Pickled by value,
each would be copied into every entry, and come back as a copy that is not
the build's own.  So a caller names them (``by_reference(obj)``: a
picklable name, or None for an object pickled by value) and gives, when
loading, the object each name stands for now (``from_reference(name)``).
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable


class _Pickler(pickle.Pickler):
    def __init__(self, file, by_reference: Callable[[object], object | None]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.persistent_id = by_reference


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, from_reference: Callable[[object], object]):
        super().__init__(file)
        self.persistent_load = from_reference


def dumps(value, by_reference: Callable[[object], object | None]) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, by_reference).dump(value)
    return buffer.getvalue()


def loads(data, from_reference: Callable[[object], object]):
    return _Unpickler(io.BytesIO(data), from_reference).load()
