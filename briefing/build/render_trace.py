"""What one rendering of a template read, recorded so a later build can check it.

An incremental build may keep last build's page only if rendering it again
would give the same bytes.  Rather than guess what a page depends on, a
page is rendered with its template context's values wrapped in proxies
(:class:`Traced`) that log every operation the template (or a filter it
calls) performs on them: each attribute and item it reads, each iteration
and how far it went, each length, truth test, comparison, conversion to
text and method call.  Each operation becomes a *node* of the page's
:class:`Trace`: the operation, the node it was applied to (or, for a root,
the context name), and a fingerprint of what it gave: the value itself for
plain data (text, numbers, dates; long text by digest), the type for an
object (whose own operations are nodes of their own), or the exception it
raised.

A Jinja template is a deterministic program whose only contact with the
data is through those operations.  So if every recorded operation, applied
to this build's context along the same path, gives the same fingerprint
(:func:`replays`), the template would take the same steps and write the
same bytes, whatever it reads and however deep: no fixed depth, no list of
attributes that count only on some pages.  What replaying cannot vouch for
*taints* the trace, and a tainted page is rendered again on every build:

- a call of a function not known to be pure: a filter, test or global the
  site adds (:func:`instrument`), Jinja's ``random`` and ``lipsum``, a
  method other than the read-only ones listed in :data:`_PURE_METHODS`;
- an argument that cannot be recorded (a macro passed to a method).

What a template reads from its environment's globals (the settings the
theme names, :mod:`briefing.pelican.site_settings`) and the templates
themselves are not traced: the build's *frame* (the code, settings and
template files, :mod:`briefing.build.output_frame`) covers them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import numbers
import operator
import types
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS
from jinja2.runtime import Context
from jinja2.utils import _PassArg
from jinja2.utils import missing as jinja_missing
from markupsafe import Markup

from briefing.build.read_cache import StoredHTML

#: Longer text is fingerprinted by digest rather than kept in the trace.
_KEPT_TEXT = 48
_PLAIN_SCALARS = (type(None), bool, int, float, complex, numbers.Number, bytes, dt.date,
                  dt.time, dt.timedelta, dt.tzinfo)

#: Read-only methods of the builtin containers a template may call.
_PURE_BUILTIN_METHODS = {
    dict: frozenset({"get", "keys", "values", "items", "copy"}),
    list: frozenset({"index", "count", "copy"}),
    tuple: frozenset({"index", "count"}),
}
#: Read-only methods of the objects Pelican (and our list pages,
#: :mod:`briefing.pelican.list_pages`) hand templates, by qualified name.
_PURE_METHODS = frozenset({
    *(f"briefing.pelican.list_pages.ListPage.{name}" for name in (
        "has_next", "has_previous", "has_other_pages", "next_page_number",
        "previous_page_number", "start_index", "end_index")),
    "briefing.pelican.list_pages.ListPaginator.page",
    "pelican.contents.Content.get_relative_source_path",
})
#: Jinja's own filters, tests and globals that give another answer each call.
_IMPURE_BUILTINS = frozenset({"random", "lipsum"})


class _Missing:
    """What a context name absent from a page's context stands for."""


MISSING = _Missing()


#: How to name each kind of *entity* (:func:`register_entity`), by class.
_IDENTITIES: dict[type, Callable[[object], str | None]] = {}
#: Each class seen, and how to name its instances if they are entities (or None).
_IDENTITY_OF_TYPE: dict[type, Callable[[object], str | None] | None] = {}


def register_entity(cls: type, identity: Callable[[object], str | None]) -> None:
    """Make the instances of ``cls`` (and its subclasses) *entities*:
    objects a build makes again from the same content, named by
    ``identity(instance)`` the same in every build (an item by its source
    file, a tag by its name); one it names None is none.

    An entity's fingerprint is its name, so a trace records *which* item a
    page showed, and :mod:`briefing.build.entity_state` can tell which
    entities changed since the last build without replaying every page.
    """
    _IDENTITIES[cls] = identity
    _IDENTITY_OF_TYPE.clear()
    _OBJECT_FINGERPRINTS.clear()


def identity_of(value) -> tuple | None:
    """``value``'s name as an entity, ``(class, name)``; None if it is none
    (or one without a name)."""
    kind = type(value)
    try:
        identity = _IDENTITY_OF_TYPE[kind]
    except KeyError:
        identity = _IDENTITY_OF_TYPE[kind] = next(
            (_IDENTITIES[base] for base in kind.__mro__ if base in _IDENTITIES), None)
    name = None if identity is None else identity(value)
    return None if name is None else (kind.__qualname__, name)


#: Types whose fingerprint is their name and ``repr``, known without a
#: walk through :data:`_PLAIN_SCALARS` (whose ``numbers.Number`` is an ABC,
#: slow to test): the commonest a template reads.
_BY_REPR = frozenset({type(None), bool, int, float})
#: The fingerprint of each type of object seen (not plain data): its name.
_OBJECT_FINGERPRINTS: dict[type, tuple] = {}


def fingerprint(value):
    """What an operation gave, comparable across builds: plain data by value
    (long text by digest), an object by its type."""
    kind = type(value)
    if kind is str:
        return value if len(value) <= _KEPT_TEXT else ("s#", _digest(value))
    known = _OBJECT_FINGERPRINTS.get(kind)
    if known is not None:
        return known
    if kind in _BY_REPR:
        return (kind.__qualname__, repr(value))
    if kind is Markup:
        return ("m", str(value)) if len(value) <= _KEPT_TEXT else ("m#", _digest(value))
    if kind is StoredHTML:  # its text is its read-cache entry's, which its key names
        return ("h", value.key, value.part, value.filled)
    if kind is _Raised:
        return ("!", value.name)
    if kind is _Missing:
        return ("miss",)
    if isinstance(value, str):
        return (kind.__qualname__, _digest(value))
    if isinstance(value, dt.datetime):
        return (kind.__qualname__, value.isoformat(), str(value.tzinfo))
    if isinstance(value, _PLAIN_SCALARS):
        return (kind.__qualname__, repr(value))
    entity = identity_of(value)
    if entity is not None:
        return ("e", *entity)
    known = _OBJECT_FINGERPRINTS[kind] = ("o", kind.__module__, kind.__qualname__)
    return known


def is_plain(value) -> bool:
    """Whether ``value`` is data a template can only print or compare, never
    read further: given to the template as it is."""
    return isinstance(value, (str, StoredHTML, *_PLAIN_SCALARS))


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _Raised:
    """An exception an operation raised, by its type's name."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class UnreplayableError(Exception):
    """A step whose argument a trace could not keep (its trace is tainted)."""


class Recorder:
    """The trace of one rendering in progress: its nodes, and whether it is tainted.

    A node is ``(parent, step, fingerprint)``: ``parent`` is the index of
    the node the step applies to, or -1 for a root (step ``("ctx", name)``).
    The same step on the same node is recorded once: steps are pure.
    """

    def __init__(self, localcontext: dict, frame_values: dict):
        self.localcontext = localcontext
        #: Context entries the frame covers (the settings): read, not recorded.
        self.frame_values = frame_values
        self.nodes: list[tuple[int, tuple, object]] = []
        self.tainted: str | None = None
        self._done: dict[tuple[int, tuple], tuple[int, object]] = {}

    def taint(self, reason: str) -> None:
        if self.tainted is None:
            self.tainted = reason

    def derive(self, parent: int, step: tuple, compute: Callable[[], object],
               wrap: bool = True):
        """The result of ``step`` on node ``parent``, recorded; objects wrapped.

        A step that raised raises again, the same exception, when repeated.
        """
        try:
            step_key = (parent, step)
            done = self._done.get(step_key)
        except TypeError:  # an unhashable argument: recorded each time
            done = step_key = None
        if done is None:
            index = len(self.nodes)
            try:
                value = compute()
            except Exception as error:
                self.nodes.append((parent, step, ("!", type(error).__name__)))
                done = (index, _Raised(type(error).__name__), error)
            else:
                self.nodes.append((parent, step, fingerprint(value)))
                done = (index, value, None)
            if step_key is not None:
                self._done[step_key] = done
        index, value, error = done
        if error is not None:
            raise error
        if not wrap or is_plain(value):
            return value
        return wrapped(value, index, self)

    def listed(self, parent: int, step: tuple, compute: Callable[[], list]) -> tuple[int, list]:
        """A materialized iteration (``list(...)``) as a node: its index and list."""
        listed = self.derive(parent, step, compute, wrap=False)
        return self._done[(parent, step)][0], listed

    def encode(self, value):
        """An argument of a step, as the trace keeps it; taints if it cannot."""
        if isinstance(value, Traced):
            if value._tr_recorder is self:
                return ("p", value._tr_node)
        elif is_plain(value) or isinstance(value, slice):
            return ("v", value)
        elif type(value) in (list, tuple):
            return ("t" if type(value) is tuple else "l", [self.encode(v) for v in value])
        elif type(value) is dict:
            return ("d", [(self.encode(k), self.encode(v)) for k, v in value.items()])
        self.taint(f"an argument of type {type(value).__qualname__}")
        return ("?", id(value))

    def trace(self) -> Trace:
        if self.tainted:
            return Trace(None, self.tainted)
        return Trace.of(self.nodes)


def raw(value):
    """The object behind a proxy; anything else as it is."""
    return value._tr_target if isinstance(value, Traced) else value


class Trace:
    """The record of one rendering: its nodes, or None with the reason it is tainted.

    The nodes are kept column by column, each node's parent, step and
    fingerprint at the same position of three sequences, and equal steps
    and fingerprints as one object: a build loads the trace of every page
    it keeps, and loading three sequences, parents packed as machine
    integers, is several times quicker than loading a tuple per node.
    """

    __slots__ = ("fingerprints", "parents", "steps", "tainted")

    def __init__(self, nodes: tuple | None, tainted: str | None = None):
        columns = tuple(zip(*nodes, strict=True)) if nodes else ((), (), ())
        self.parents = array("i", columns[0]) if nodes is not None else None
        self.steps, self.fingerprints = columns[1:]
        self.tainted = tainted

    @classmethod
    def of(cls, nodes: list[tuple[int, tuple, object]]) -> Trace:
        """The trace of ``nodes``, each distinct step and fingerprint kept once."""
        shared: dict = {}

        def one(value):
            try:
                return shared.setdefault(value, value)
            except TypeError:  # an unhashable argument
                return value
        return cls(tuple((parent, one(step), one(found)) for parent, step, found in nodes))

    @property
    def nodes(self) -> zip | None:
        """Each node as ``(parent, step, fingerprint)``, in the order recorded."""
        if self.parents is None:
            return None
        return zip(self.parents, self.steps, self.fingerprints, strict=True)

    def __reduce__(self):
        return _trace, (self.parents.tobytes() if self.parents is not None else None,
                        self.steps, self.fingerprints, self.tainted)


def _trace(parents: bytes | None, steps: tuple, fingerprints: tuple, tainted) -> Trace:
    trace = Trace.__new__(Trace)
    trace.parents = array("i", parents) if parents is not None else None
    trace.steps, trace.fingerprints, trace.tainted = steps, fingerprints, tainted
    return trace


# -- proxies ----------------------------------------------------------------


class Traced:
    """A context value as a template sees it: every operation on it is recorded."""

    __slots__ = ("_tr_node", "_tr_recorder", "_tr_target")

    def __init__(self, target, node: int, recorder: Recorder):
        object.__setattr__(self, "_tr_target", target)
        object.__setattr__(self, "_tr_node", node)
        object.__setattr__(self, "_tr_recorder", recorder)

    @property
    def __class__(self):  # isinstance(proxy, Mapping) answers as for the value
        return type(self._tr_target)

    def _tr_step(self, step: tuple, compute, wrap: bool = True):
        return self._tr_recorder.derive(self._tr_node, step, compute, wrap)

    def __getattr__(self, name):
        if name.startswith("_tr_"):  # not set up (a copy being made): no value to read
            raise AttributeError(name)
        target = self._tr_target
        return self._tr_step(("a", name), lambda: getattr(target, name))

    def __setattr__(self, name, value):
        self._tr_recorder.taint(f"setting attribute {name}")
        setattr(self._tr_target, name, raw(value))

    def __bool__(self):
        return self._tr_step(("bool",), lambda: bool(self._tr_target))

    def __str__(self):
        return self._tr_step(("str",), lambda: str(self._tr_target))

    def __repr__(self):
        return self._tr_step(("repr",), lambda: repr(self._tr_target))

    def __format__(self, spec):
        return self._tr_step(("fmt", spec), lambda: format(self._tr_target, spec))

    def __hash__(self):
        # Not recorded: a hash only places a value in a set or dict, whose
        # lookups then compare (recorded) and whose order of objects hashed
        # by identity no build can repeat anyway.
        return hash(self._tr_target)

    def _tr_compare(self, name: str, other):
        encoded = self._tr_recorder.encode(other)
        function = _OPERATORS[name]
        return self._tr_step((name, encoded), lambda: function(self._tr_target, raw(other)))

    __eq__ = lambda self, other: self._tr_compare("==", other)  # noqa: E731
    __ne__ = lambda self, other: self._tr_compare("!=", other)  # noqa: E731
    __lt__ = lambda self, other: self._tr_compare("<", other)  # noqa: E731
    __le__ = lambda self, other: self._tr_compare("<=", other)  # noqa: E731
    __gt__ = lambda self, other: self._tr_compare(">", other)  # noqa: E731
    __ge__ = lambda self, other: self._tr_compare(">=", other)  # noqa: E731
    __add__ = lambda self, other: self._tr_compare("+", other)  # noqa: E731
    __radd__ = lambda self, other: self._tr_compare("r+", other)  # noqa: E731


def _len(self):
    return self._tr_step(("len",), lambda: len(self._tr_target))


def _getitem(self, key):
    encoded = self._tr_recorder.encode(key)
    return self._tr_step(("[]", encoded), lambda: self._tr_target[raw(key)])


def _contains(self, value):
    return self._tr_compare("in", value)


def _iterate(recorder: Recorder, listed_node: int, listed: list):
    """Yield a materialized iteration's elements one by one, recording each
    taken, and its end only if the template reached it."""
    for position in range(len(listed)):
        yield recorder.derive(listed_node, ("[]", ("v", position)),
                              lambda p=position: listed[p])
    recorder.derive(listed_node, ("len",), lambda: len(listed))


def _iter(self):
    recorder = self._tr_recorder
    return _iterate(recorder, *recorder.listed(self._tr_node, ("it",),
                                               lambda: list(self._tr_target)))


def _reversed(self):
    recorder = self._tr_recorder
    return _iterate(recorder, *recorder.listed(self._tr_node, ("rev",),
                                               lambda: list(reversed(self._tr_target))))


def _call(self, *args, **kwargs):
    recorder = self._tr_recorder
    target = self._tr_target
    if not known_pure(target):
        recorder.taint(f"a call of {getattr(target, '__qualname__', type(target).__qualname__)}")
    step = ("()", recorder.encode(list(args)), recorder.encode(kwargs))
    return self._tr_step(step, lambda: target(*map(raw, args),
                                              **{k: raw(v) for k, v in kwargs.items()}))


#: Protocol methods a proxy has only where its value's type has them: Python
#: (and Jinja's tests) look for them to decide how to iterate, test or call.
_OPTIONAL = {"__len__": _len, "__getitem__": _getitem, "__contains__": _contains,
             "__iter__": _iter, "__reversed__": _reversed, "__call__": _call}
_OPERATORS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
              ">": operator.gt, ">=": operator.ge, "+": operator.add,
              "r+": lambda value, other: other + value,
              "in": lambda value, other: other in value}
_proxy_classes: dict[type, type] = {}


def wrapped(value, node: int, recorder: Recorder) -> Traced:
    kind = type(value)
    cls = _proxy_classes.get(kind)
    if cls is None:
        methods = {name: method for name, method in _OPTIONAL.items() if hasattr(kind, name)}
        if "__iter__" in methods and "__reversed__" not in methods:
            methods["__reversed__"] = _reversed  # reversed() over a materialized list
        cls = _proxy_classes[kind] = type(f"Traced{kind.__name__}", (Traced,),
                                          {"__slots__": (), **methods})
    return cls(value, node, recorder)


def known_pure(function) -> bool:
    """Whether calling ``function`` only reads: a listed method, or ``__html__``."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if name == "__html__":
        return True
    if isinstance(function, types.BuiltinMethodType):
        return name in _PURE_BUILTIN_METHODS.get(type(owner), ())
    if isinstance(function, types.MethodType):
        inner = function.__func__
        return f"{inner.__module__}.{inner.__qualname__}" in _PURE_METHODS
    return False


# -- the template context -----------------------------------------------------


_current: list[Recorder | None] = [None]


def recording() -> Recorder | None:
    return _current[0]


class TracingContext(Context):
    """Jinja's context, handing the values of a page's context out as proxies.

    A value of the page's context becomes a root node (unless the frame
    covers it: a setting); a name the page's context lacks is recorded as
    missing.  Anything else a template resolves is the frame's (a global:
    the settings the theme uses, Jinja's functions) or made by the template
    from what it read (a ``{% set %}`` an included template sees): given as
    it is.
    """

    def resolve_or_missing(self, key):
        value = super().resolve_or_missing(key)
        recorder = _current[0]
        if recorder is None or isinstance(value, Traced) or key in self.vars:
            return value
        found = recorder.localcontext.get(key, MISSING)
        if found is MISSING:
            if value is jinja_missing:
                recorder.derive(-1, ("ctx", key), lambda: MISSING)
            return value
        if found is not value or recorder.frame_values.get(key, MISSING) is value:
            return value
        return recorder.derive(-1, ("ctx", key), lambda: found)


# -- the environment -----------------------------------------------------------


def pure(function):
    """Declare a filter, test or global of Briefing's own pure: left as it is.

    Only for a function whose result depends on nothing but its arguments
    and what it reads of the template context it is passed: both reach it
    through the recording (proxies, :class:`TracingContext`), so the page's
    trace holds every read it makes.  It must turn what it reads into plain
    values through operations the proxies record (``str(value)``), not
    :func:`raw`.
    """
    function.briefing_pure = True
    return function


def _tainting(name: str, function):
    """``function``, tainting the rendering that calls it.

    It takes the template context, as Jinja's ``pass_context`` functions do,
    so that Jinja never calls it while compiling a template (constant
    folding of ``"name"|filter``), where no rendering would see the call.
    """
    wants = getattr(function, "jinja_pass_arg", None)

    def call(context, *args, **kwargs):
        recorder = _current[0]
        if recorder is not None:
            recorder.taint(name)
        first = {_PassArg.context: (context,), _PassArg.eval_context: (context.eval_ctx,),
                 _PassArg.environment: (context.environment,)}.get(wants, ())
        return function(*first, *map(raw, args), **{k: raw(v) for k, v in kwargs.items()})
    call.jinja_pass_arg = _PassArg.context
    call.briefing_tainting = True
    return call


#: Jinja's own filters, tests and globals, by kind.
_BUILTINS = {"filter": DEFAULT_FILTERS, "test": DEFAULT_TESTS, "global": DEFAULT_NAMESPACE}
#: Pelican's own additions to every template environment: its
#: ``plugin_enabled`` test (a partial) and ``strftime`` filter (an instance).
_PURE_EXTRAS = frozenset({"pelican.plugins._utils.plugin_enabled",
                          "pelican.utils.DateFormatter"})


def _pure_builtin(kind: str, name: str, function) -> bool:
    if name in _IMPURE_BUILTINS:
        return False
    if _BUILTINS[kind].get(name) is function:
        return True
    inner = function.func if isinstance(function, functools.partial) else function
    if not isinstance(inner, (types.FunctionType, types.BuiltinFunctionType)):
        inner = type(inner)
    return f"{inner.__module__}.{inner.__qualname__}" in _PURE_EXTRAS


def _json_default(value):
    """For ``|tojson``: a proxy's whole value, recorded as one read."""
    if not isinstance(value, Traced):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    value._tr_step(("json",), lambda: _json_text(value._tr_target), wrap=False)
    return value._tr_target


def _json_text(value) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _dumps(value, **options):
    return json.dumps(value, default=_json_default, **options)


def instrument(environment) -> None:
    """Make ``environment`` trace its renderings; run before it loads a template.

    Its filters, tests and globals that are functions not known to be pure
    taint the rendering that calls them.
    """
    if getattr(environment, "briefing_traced", False):
        return
    environment.context_class = TracingContext
    for kind, table in (("filter", environment.filters), ("test", environment.tests),
                        ("global", environment.globals)):
        for name, function in list(table.items()):
            if callable(function) and not getattr(function, "briefing_tainting", False) \
                    and not getattr(function, "briefing_pure", False) \
                    and not _pure_builtin(kind, name, function):
                table[name] = _tainting(f"the {kind} {name}", function)
    if environment.policies.get("json.dumps_function") in (None, json.dumps):
        environment.policies["json.dumps_function"] = _dumps
    environment.tests["sameas"] = lambda value, other: raw(value) is raw(other)
    environment.briefing_traced = True


def render(template, localcontext: dict, frame_values: dict) -> tuple[str, Trace]:
    """Render ``template`` with ``localcontext``, recording what it read."""
    if not getattr(template.environment, "briefing_traced", False):
        return template.render(localcontext), Trace(None, "an environment not traced")
    recorder = Recorder(localcontext, frame_values)
    _current[0] = recorder
    try:
        output = template.render(localcontext)
    finally:
        _current[0] = None
    return output, recorder.trace()


# -- skeletons -------------------------------------------------------------------


@dataclass(frozen=True)
class Skeleton:
    """A trace with what it read *off entities* left out.

    ``trace`` keeps the nodes not reached through an entity, the entities'
    own nodes among them (their fingerprints name them); ``entities``
    names every entity the rendering met, at any depth; ``steps`` lists,
    by the entity's class, each step applied to an entity itself.  If
    every entity named is in the state it had when the page was last
    checked, as far as those steps on it show (its *state*,
    :mod:`briefing.build.entity_state`), whatever the page read through
    it reads the same; so replaying the skeleton checks the whole page.
    """

    trace: Trace
    entities: frozenset
    steps: dict


def _referenced(encoded) -> list[int]:
    """The nodes an encoded step argument refers to."""
    kind, data = encoded
    if kind == "p":
        return [data]
    if kind in ("l", "t"):
        return [node for item in data for node in _referenced(item)]
    if kind == "d":
        return [node for pair in data for item in pair for node in _referenced(item)]
    return []


def _renumbered(encoded, numbers: dict[int, int]):
    kind, data = encoded
    if kind == "p":
        return (kind, numbers[data])
    if kind in ("l", "t"):
        return (kind, [_renumbered(item, numbers) for item in data])
    if kind == "d":
        return (kind, [(_renumbered(key, numbers), _renumbered(value, numbers))
                       for key, value in data])
    return encoded


#: Steps whose second part names what they read (an attribute, a format, a
#: context entry): an argument that refers to no node.
_NAMED_STEPS = frozenset({"a", "fmt", "ctx"})


def skeleton(trace: Trace) -> Skeleton | None:
    """``trace``'s :class:`Skeleton`, or None where one could not vouch for the
    page: a method called on what an entity holds (its result may depend
    on what it is given), or a step that reads both what is and what is
    not reached through an entity."""
    if trace.parents is None:
        return None
    inside: list[bool] = []  # reached through an entity
    is_entity: list[bool] = []
    numbers: dict[int, int] = {}  # a skeleton node's number in the trace -> in the skeleton
    kept, entities, steps = [], set(), {}
    for index, (parent, step, found) in enumerate(trace.nodes):
        entity = type(found) is tuple and found[0] == "e"
        below = parent >= 0 and (inside[parent] or is_entity[parent])
        inside.append(below)
        is_entity.append(entity)
        if entity:
            entities.add(found[1:])
        referenced = () if len(step) == 1 or step[0] in _NAMED_STEPS else [
            node for argument in step[1:] for node in _referenced(argument)]
        if referenced and any(inside[node] != below for node in referenced):
            return None
        if below:
            if step[0] == "()":
                return None
            if is_entity[parent]:
                if referenced:  # what it gives depends on more than the entity
                    return None
                try:
                    steps.setdefault(trace.fingerprints[parent][1], set()).add(step)
                except TypeError:  # an unhashable argument
                    return None
            continue
        if referenced:
            step = (step[0], *(_renumbered(argument, numbers) for argument in step[1:]))
        numbers[index] = len(kept)
        kept.append((numbers[parent] if parent >= 0 else -1, step, found))
    return Skeleton(Trace.of(kept), frozenset(entities),
                    {kind: frozenset(found) for kind, found in steps.items()})


# -- replaying -------------------------------------------------------------------


def _decode(encoded, values: list):
    kind, data = encoded
    if kind == "p":
        return values[data]
    if kind == "v":
        return data
    if kind == "l":
        return [_decode(item, values) for item in data]
    if kind == "t":
        return tuple(_decode(item, values) for item in data)
    if kind == "d":
        return {_decode(k, values): _decode(v, values) for k, v in data}
    raise UnreplayableError(kind)


def _apply(step: tuple, value, values: list):
    name = step[0]
    if name == "a":
        return getattr(value, step[1])
    if name == "[]":
        return value[_decode(step[1], values)]
    if name == "it":
        return list(value)
    if name == "rev":
        return list(reversed(value))
    if name == "len":
        return len(value)
    if name == "bool":
        return bool(value)
    if name == "str":
        return str(value)
    if name == "repr":
        return repr(value)
    if name == "fmt":
        return format(value, step[1])
    if name == "()":
        return value(*_decode(step[1], values), **_decode(step[2], values))
    if name == "json":
        return _json_text(value)
    return _OPERATORS[name](value, _decode(step[1], values))


def replays(trace: Trace | None, localcontext: dict, memo: dict | None = None,
            entities: dict | None = None) -> bool:
    """Whether every operation of ``trace`` gives the same on ``localcontext``.

    ``memo`` keeps, for one build, what reading an attribute of an object
    gave (with the object, so that its ``id`` is not reused): an item's
    fields are read again on every page that lists it.  Keyed by the page's
    own site URL too, which Pelican's contents read to adjust their links.

    With ``entities`` (each entity of the build by its name), an entity
    the trace meets must be the very one of that name: the state its
    skeleton's check relied on (:func:`skeleton`).
    """
    if trace is None or trace.parents is None:
        return False
    site = localcontext.get("localsiteurl")
    values: list = []
    append = values.append
    remembered = {} if memo is None else memo
    for parent, step, expected in zip(trace.parents, trace.steps, trace.fingerprints,
                                      strict=True):
        if parent < 0:
            value = localcontext.get(step[1], MISSING)
            got = fingerprint(value)
        elif step[0] == "a":
            owner = values[parent]
            key = (id(owner), step[1], site)
            found = remembered.get(key)
            if found is None:
                value = _result(step, owner, values)
                found = remembered[key] = (owner, value, fingerprint(value))
            value, got = found[1], found[2]
        else:
            value = _result(step, values[parent], values)
            got = fingerprint(value)
        if got != expected or value is _UNREPLAYABLE:
            return False
        if entities is not None and type(got) is tuple and got[0] == "e" \
                and entities.get(got[1:]) is not value:
            return False
        append(value)
    return True


_UNREPLAYABLE = _Raised("UnreplayableError")


def _result(step: tuple, value, values: list):
    """What ``step`` gives on ``value``: its result, or the exception it raised."""
    try:
        return _apply(step, value, values)
    except UnreplayableError:
        return _UNREPLAYABLE
    except Exception as error:
        return _Raised(type(error).__name__)
