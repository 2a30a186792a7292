"""What each entity of a build is, as far as the site's pages read it.

Checking that a kept page still holds by replaying its whole trace
(:func:`briefing.build.render_trace.replays`) costs what the page read,
and every page lists items: an archive of thousands of items is read
again, item by item, on every publish.  Most of it is read off
*entities*, the objects a build makes again from the same content and
names the same way (an item by its source file, a tag by its name;
:func:`briefing.build.render_trace.register_entity`).

So each build also works out each entity's *state*: a digest of what
every step any page applied to an entity of its class gives on it (the
steps the pages' :class:`~briefing.build.render_trace.Skeleton` list),
each value taken whole: plain data by value, a list, tuple, dict or
dataclass by what it holds, another entity by its name.  An entity whose
state is the last build's gives every page the same on every read
through it; a page whose entities all kept their states is checked by
replaying its skeleton alone.  A value that cannot be taken whole (an
object of another kind, a set, whose order no build can repeat) leaves
its entity without a state: its pages are replayed whole, as before.

The entities are found in the build's context, and any met while taking
a state whole; two objects of one name leave that name without a state,
so a state always stands for the one object pages read.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.build.parallel import fork_map
from briefing.build.render_trace import Skeleton, _result, fingerprint, identity_of

#: How far values are followed inside one another (a cycle, or a structure
#: deeper than any page's data, leaves the entity without a state).
_MAX_DEPTH = 32


class _NotWholeError(Exception):
    """A value whose digest could not vouch for everything a page may read of it."""


def found_entities(context: dict) -> dict[tuple, object]:
    """The entities in the build's ``context`` (within lists, tuples and dicts),
    by name; a name two objects share is left out."""
    found: dict[tuple, object] = {}
    shared: set[tuple] = set()

    def visit(value, depth: int) -> None:
        name = identity_of(value)
        if name is not None:
            if found.setdefault(name, value) is not value:
                shared.add(name)
            return
        if depth and type(value) in (list, tuple):
            for item in value:
                visit(item, depth - 1)
        elif depth and type(value) is dict:
            for key, item in value.items():
                visit(key, depth - 1)
                visit(item, depth - 1)

    for value in context.values():
        visit(value, 3)
    for name in shared:
        del found[name]
    return found


def states(entities: dict[tuple, object], steps: dict[str, Iterable[tuple]]
           ) -> dict[tuple, bytes]:
    """The state of each of ``entities`` whose class has ``steps``; an entity
    whose state cannot be taken whole, or that names another entity which
    is not the one of that name in ``entities``, has none.  Worked out on
    every core: an archive's items are read through, each of them."""
    ordered = {kind: sorted(found, key=repr) for kind, found in steps.items()}
    named = [name for name in entities if name[0] in ordered]

    def share_states(names: Iterable[tuple]) -> dict[tuple, bytes]:
        found = {}
        for name in names:
            try:
                found[name] = state(entities[name], ordered[name[0]], entities)
            except _NotWholeError:
                continue
        return found

    return {name: found for share in fork_map(share_states, named)
            for name, found in share.items()}


@dataclass(frozen=True)
class SteadyEntities:
    """The entities whose states are the last build's, and the steps the
    states are made of: what a page's skeleton may be checked against."""

    entities: dict[tuple, object]
    steps: dict[str, frozenset]

    @classmethod
    def between(cls, entities: dict[tuple, object], steps: dict[str, frozenset],
                before: dict[tuple, bytes]) -> tuple[SteadyEntities, dict[tuple, bytes]]:
        """Those of ``entities`` whose states, made of ``steps``, are ``before``'s;
        and every state, to keep for the next build."""
        now = states(entities, steps)
        return cls({name: entities[name] for name, found in now.items()
                    if before.get(name) == found}, steps), now

    def vouch_for(self, outline: Skeleton) -> bool:
        """Whether checking ``outline`` alone checks its page: every entity it
        met is steady, and the states cover every step it applied to one."""
        return outline.entities <= self.entities.keys() and all(
            found <= self.steps.get(kind, frozenset()) for kind, found in outline.steps.items())


def with_steps(steps: dict[str, frozenset], added: Iterable[tuple[str, frozenset]]
               ) -> dict[str, frozenset]:
    """``steps`` with the ``(class, steps)`` pairs of ``added``."""
    grown = dict(steps)
    for kind, found in added:
        grown[kind] = grown.get(kind, frozenset()) | found
    return grown


def state(entity, steps: list[tuple], entities: dict[tuple, object]) -> bytes:
    """The digest of what each of ``steps`` gives on ``entity``."""
    digest = hashlib.blake2b(digest_size=20)
    for step in steps:
        digest.update(repr(step).encode("utf-8", "surrogatepass"))
        _feed(_result(step, entity, []), digest, entities, _MAX_DEPTH)
    return digest.digest()


def _feed(value, digest, entities: dict, depth: int) -> None:
    if depth == 0:
        raise _NotWholeError
    found = fingerprint(value)
    if type(found) is not tuple or found[0] not in ("o", "e"):  # plain data, or an error
        digest.update(b"v" + repr(found).encode("utf-8", "surrogatepass"))
        return
    if found[0] == "e":
        if entities.get(found[1:]) is not value:
            raise _NotWholeError
        digest.update(b"e" + repr(found).encode("utf-8", "surrogatepass"))
        return
    kind = type(value)
    if isinstance(value, (list, tuple)):
        digest.update(f"[{kind.__qualname__}:{len(value)}".encode())
        for item in value:
            _feed(item, digest, entities, depth - 1)
        extra = getattr(value, "__dict__", None)  # a list with attributes of its own
        if extra:
            _feed(dict(sorted(extra.items())), digest, entities, depth - 1)
    elif kind is dict:
        digest.update(f"{{{len(value)}".encode())
        for key, item in value.items():
            _feed(key, digest, entities, depth - 1)
            _feed(item, digest, entities, depth - 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Every attribute it holds, its fields and any set since: what its
        # properties are made from.
        digest.update(f"({kind.__module__}.{kind.__qualname__}".encode())
        held = getattr(value, "__dict__", None)
        if held is None:
            held = {field.name: getattr(value, field.name)
                    for field in dataclasses.fields(value)}
        _feed(dict(sorted(held.items())), digest, entities, depth - 1)
    else:
        raise _NotWholeError
