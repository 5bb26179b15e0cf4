"""What a page read while it was rendered: recorded, not described by hand.

A page is rendered with its template context behind recording proxies
(``Traced``). Every read a template makes, and every read a Jinja filter or
global written in Python makes of what it is handed, goes through one and is
noted as a *dependency*: a path from a *root* to a value, e.g.

- ``("c", "<story source path>")`` + ``[["a", "title"]]``: a field of a story
  (content objects are the roots they are reached by, so a story read on 500
  list pages is one root, digested once per build);
- ``("g", "category_sections")`` + ``[["v", "category_sections"], ["n", 3],
  ["n", 0], ["a", "url"]]``: from the context shared by every page (the
  generators' context), one root per name; ``("g",)`` holds the shared names
  read as plain values (the settings, mostly);
- ``("l",)`` + ``[["v", "articles_page"], ["a", "object_list"], ["iter"]]``:
  from what only this page gets (the writer's keyword arguments, its output
  path, its relative ``SITEURL``).

A path ends where the template got a plain value (text, number, date, a
boolean: *leaves*), a content object (by identity), *whole data* (holding no
content object: a photo, a feed link, a plain category or tag; digested as a
whole), or where it consumed a container as a whole (``iter``: the
identities and leaves it holds; ``len``, ``bool``, ``str``, ``in``, ``eq``...).
A method called on a traced object is a step of the path with its arguments
(leaves, content objects, traced values as their paths), so the next build can
take it again.

The page's key is the digest of every dependency's *current* value, taken by
walking the same paths again (``Evaluator``). The next build computes the key
of each page from the paths its last render recorded, before rendering: equal
key, same values read, same bytes (rendering is deterministic: see
docs/incremental.md for the rules a template and a filter must keep).
Anything the recorder cannot write down in a form it can evaluate again (a
call with an argument that is neither a leaf nor a content object, a
comparison of two traced containers) marks the page *untraceable*: it is then
rendered on every build, which is slower and never wrong.
"""

from __future__ import annotations

import functools
import importlib
import io
import itertools
import json
import pickle
import types
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from jinja2.runtime import Context, missing
from markupsafe import Markup
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from lintas.core.digest import PROTOCOL, UndigestableValue, new_hash
from lintas.core.digest import _StablePickler as StablePickler
from lintas.pelican_compat import rebuild_wrapper, wrapper_state

# Values handed to templates as they are: their reads are the dependency.
LEAVES = (str, int, float, bool, type(None), bytes, datetime, date, time, timedelta, Decimal)
# The value of a dependency whose path failed (an attribute a story lacks).
ABSENT = ("\0absent",)
_ARG_LEAVES = (str, int, float, bool, type(None))

Ops = tuple  # a path: a tuple of steps, each a tuple (JSON-able once listed)
# A category, tag, author or region holding only this is a function of its
# class, name and the settings: it is a value (its identity), not traced.
WRAPPER_STATE = frozenset({"settings", "_name", "_slug", "_slug_from_name", "name", "slug"})


def plain_wrapper(value: Any) -> bool:
    return isinstance(value, URLWrapper) and vars(value).keys() <= WRAPPER_STATE


class _NotWhole(Exception):
    pass


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)


def _same(value: Any) -> Any:
    return value


class _WholeCheck(pickle.Pickler):
    """Pickles into nothing, failing at the first content object (or what may
    hold one: a bound method, a taxonomy object carrying a plugin's data)."""

    def reducer_override(self, obj: Any) -> Any:
        if obj is _same:
            return NotImplemented
        if isinstance(obj, Content | types.MethodType):
            raise _NotWhole
        if isinstance(obj, URLWrapper):
            if plain_wrapper(obj):
                return _same, ("",)
            raise _NotWhole
        if callable(obj) and hasattr(obj, "__qualname__"):
            return _same, ("",)  # code: in the code key
        return NotImplemented


_verdicts: dict[int, tuple[Any, bool]] = {}  # id → (the object, kept alive; whole?)


def whole(value: Any) -> bool:
    """True for data that holds no content object: a read of it is taken whole
    (its digest is the dependency) instead of being traced step by step."""
    found = _verdicts.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    if plain_wrapper(value):
        verdict = True
    else:
        checker = _WholeCheck(_Discard(), protocol=5)
        checker.fast = True
        try:
            checker.dump(value)
            verdict = True
        except (_NotWhole, pickle.PicklingError, TypeError, AttributeError, ValueError,
                RecursionError):  # fmt: skip
            verdict = False
    _verdicts[id(value)] = (value, verdict)
    return verdict


class Untraceable(Exception):
    """An operation the recorder cannot replay: the page is always rendered."""


class Recorder:
    """The reads of one render."""

    __slots__ = ("deps", "entities", "inputs", "local", "proxies", "untraceable")

    def __init__(self, entities: Mapping[str, Content], inputs: Mapping[str, Any], local: set):
        self.deps: dict[tuple, dict[Ops, None]] = {}  # root → ordered set of paths
        self.entities = entities  # source path → the content object of this build
        self.proxies: dict[int, Traced] = {}  # one proxy per content object: `is` holds
        self.inputs = inputs  # the dict the template is rendered with
        self.local = local  # the names only this page gets
        self.untraceable: str | None = None

    def dep(self, root: tuple, ops: Ops) -> None:
        paths = self.deps.get(root)
        if paths is None:
            paths = self.deps[root] = {}
        paths[ops] = None

    def entity(self, value: Any) -> Traced | None:
        """The proxy of a content object of this build, or None."""
        if isinstance(value, Content):
            path = value.source_path
            if path and self.entities.get(path) is value:
                proxy = self.proxies.get(id(value))
                if proxy is None:
                    proxy = self.proxies[id(value)] = Traced(value, self, ("c", path), ())
                return proxy
        return None

    def result(self, root: tuple, ops: Ops, value: Any) -> Any:
        """What a read at ``root``/``ops`` hands the template: leaves and content
        objects end the path (a dependency); anything else is traced further."""
        if isinstance(value, LEAVES):
            self.dep(root, ops)
            return value
        proxy = self.entity(value)
        if proxy is not None:
            self.dep(root, ops)
            return proxy
        if type(value) is Traced:
            return value
        if not callable(value) and whole(value):
            self.dep(root, ops)
            return value
        return Traced(value, self, root, ops)

    def top(self, name: str, value: Any) -> Any:
        """A name the template looked up in its context. Shared names read as a
        whole (settings, mostly) are one root; each other shared name is a root
        of its own, so that pages reading the same parts of it share a digest."""
        if value is missing or isinstance(value, LEAVES):
            root = ("l",) if name in self.local else ("g",)
            self.dep(root, (("v", name),))
            return value
        if callable(value) and not isinstance(value, Content) and not hasattr(value, "__len__"):
            return value  # functions and classes are code (in the code key)
        root = ("l",) if name in self.local else ("g", name)
        return self.result(root, (("v", name),), value)

    def fail(self, why: str) -> None:
        if self.untraceable is None:
            self.untraceable = why

    def trace(self) -> list[tuple[str, str]]:
        """The dependencies, as (root, paths) JSON texts, paths sorted."""
        return [
            (_text(root), "[" + ",".join(sorted(_text(ops) for ops in paths)) + "]")
            for root, paths in self.deps.items()
        ]


_texts: dict[tuple, str] = {}  # most paths recur on many pages: written once per process


def _text(value: tuple) -> str:
    found = _texts.get(value)
    if found is None:
        found = _texts[value] = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return found


def _unwrap(value: Any) -> Any:
    if type(value) is Traced:
        return object.__getattribute__(value, "_obj")
    if type(value) in (list, tuple):
        return type(value)(_unwrap(v) for v in value)
    return value


def _encode(value: Any) -> Any:
    """An argument of a call, as a step of a path can hold it: a leaf, a content
    object, or a traced value as the path it was reached by."""
    if type(value) is Traced:
        root = object.__getattribute__(value, "_root")
        ops = object.__getattribute__(value, "_ops")
        if root[0] == "c" and not ops:
            return ("c", root[1])
        return ("p", root, ops)
    if isinstance(value, _ARG_LEAVES):
        return ("v", value)
    if plain_wrapper(value):
        cls = type(value)
        name, slug, from_name = wrapper_state(value)
        return ("t", cls.__module__, cls.__qualname__, name, None if from_name else slug)
    if type(value) in (list, tuple):
        return ("L", tuple(_encode(v) for v in value))
    if type(value) is dict and all(type(k) is str for k in value):
        return ("D", tuple(sorted((k, _encode(v)) for k, v in value.items())))
    raise Untraceable(f"a {type(value).__name__} passed to a method")


class Traced:
    """A value of the template context, recording what is read from it."""

    __slots__ = ("_obj", "_ops", "_rec", "_root")

    def __init__(self, obj: Any, rec: Recorder, root: tuple, ops: Ops):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_rec", rec)
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_ops", ops)

    # isinstance() sees the object's class: filters and globals type-check what they get.
    @property
    def __class__(self):
        return type(object.__getattribute__(self, "_obj"))

    def _step(self, step: tuple, value: Any) -> Any:
        rec = object.__getattribute__(self, "_rec")
        ops = (*object.__getattribute__(self, "_ops"), step)
        return rec.result(object.__getattribute__(self, "_root"), ops, value)

    def _end(self, step: tuple) -> None:
        rec = object.__getattribute__(self, "_rec")
        ops = (*object.__getattribute__(self, "_ops"), step)
        rec.dep(object.__getattribute__(self, "_root"), ops)

    def __getattr__(self, name: str) -> Any:
        obj = object.__getattribute__(self, "_obj")
        if name.startswith("__") or name == "jinja_pass_arg":
            # Protocol probes (markupsafe's __html__, Jinja's pass_context mark)
            # depend on the class, i.e. the code.
            value = getattr(obj, name)
            if name == "jinja_pass_arg" or not callable(value):
                return value
            return Traced(value, object.__getattribute__(self, "_rec"),
                          object.__getattribute__(self, "_root"),
                          (*object.__getattribute__(self, "_ops"), ("a", name)))  # fmt: skip
        try:
            value = getattr(obj, name)
        except AttributeError:
            self._end(("a", name))
            raise
        return self._step(("a", name), value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise Untraceable("a template or filter wrote to a traced object")

    def __getitem__(self, key: Any) -> Any:
        obj = object.__getattribute__(self, "_obj")
        if isinstance(key, slice):
            bounds = (key.start, key.stop, key.step)
            if not all(isinstance(b, int | type(None)) for b in bounds):
                object.__getattribute__(self, "_rec").fail("a slice that is not numbers")
                return obj[key]
            step = ("s", *bounds)
        elif isinstance(key, _ARG_LEAVES):
            step = ("i", key)
        else:
            object.__getattribute__(self, "_rec").fail("an item looked up by a non-leaf key")
            return obj[_unwrap(key)]
        try:
            value = obj[key]
        except (LookupError, TypeError):
            self._end(step)
            raise
        return self._step(step, value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        obj = object.__getattribute__(self, "_obj")
        try:
            step = (
                "()",
                tuple(_encode(a) for a in args),
                tuple(sorted((k, _encode(v)) for k, v in kwargs.items())),
            )
        except Untraceable as why:
            object.__getattribute__(self, "_rec").fail(str(why))
            return obj(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()})
        value = obj(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()})
        return self._step(step, value)

    def _children(self) -> list:
        obj = object.__getattribute__(self, "_obj")
        self._end(("iter",))
        rec = object.__getattribute__(self, "_rec")
        root = object.__getattribute__(self, "_root")
        ops = object.__getattribute__(self, "_ops")
        children = []
        for i, value in enumerate(obj):
            if isinstance(value, LEAVES):
                children.append(value)  # in the ``iter`` value already
                continue
            proxy = rec.entity(value)
            if proxy is None:
                proxy = (
                    value if type(value) is Traced else Traced(value, rec, root, (*ops, ("n", i)))
                )
            children.append(proxy)
        return children

    def __iter__(self) -> Iterator:
        return iter(self._children())

    def __reversed__(self) -> Iterator:
        return reversed(self._children())

    def __len__(self) -> int:
        self._end(("len",))
        return len(object.__getattribute__(self, "_obj"))

    def __bool__(self) -> bool:
        self._end(("bool",))
        return bool(object.__getattribute__(self, "_obj"))

    def __str__(self) -> str:
        self._end(("str",))
        return str(object.__getattribute__(self, "_obj"))

    def __contains__(self, item: Any) -> bool:
        try:
            self._end(("in", _encode(item)))
        except Untraceable as why:
            object.__getattribute__(self, "_rec").fail(str(why))
        return _unwrap(item) in object.__getattribute__(self, "_obj")

    def _compare(self, name: str, other: Any) -> Any:
        obj = object.__getattribute__(self, "_obj")
        root = object.__getattribute__(self, "_root")
        if root[0] == "c" and not object.__getattribute__(self, "_ops") and type(other) is Traced:
            # Two content objects: compared by identity, which is in their paths already.
            return getattr(obj, name)(_unwrap(other))
        try:
            self._end((name, _encode(other)))
        except Untraceable as why:
            object.__getattribute__(self, "_rec").fail(str(why))
        return getattr(obj, name)(_unwrap(other))

    def __eq__(self, other: Any) -> Any:
        return self._compare("__eq__", other)

    def __ne__(self, other: Any) -> Any:
        return self._compare("__ne__", other)

    def __lt__(self, other: Any) -> Any:
        return self._compare("__lt__", other)

    def __gt__(self, other: Any) -> Any:
        return self._compare("__gt__", other)

    def __le__(self, other: Any) -> Any:
        return self._compare("__le__", other)

    def __ge__(self, other: Any) -> Any:
        return self._compare("__ge__", other)

    def __hash__(self) -> int:
        obj = object.__getattribute__(self, "_obj")
        root = object.__getattribute__(self, "_root")
        if not (root[0] == "c" and not object.__getattribute__(self, "_ops")):
            object.__getattribute__(self, "_rec").fail("a traced value used as a key")
        return hash(obj)

    def __add__(self, other: Any) -> Any:
        return self._children() + list(other)

    def __radd__(self, other: Any) -> Any:
        return list(other) + self._children()

    def __repr__(self) -> str:
        return f"Traced({object.__getattribute__(self, '_obj')!r})"


# --- rendering with a recorder ------------------------------------------------------

_active: Recorder | None = None


class RecordingContext(Context):
    """Jinja's context, handing out traced values while a recorder is active.

    Jinja makes one for the page and one for every template it includes or
    imports ``with context``; all look names up here. Names a template set
    itself (``{% set %}``), and values derived from traced ones, are not inputs.
    """

    def resolve_or_missing(self, key: str) -> Any:
        rec = _active
        if rec is None:
            return super().resolve_or_missing(key)
        if key in self.vars:
            return self.vars[key]
        if key in self.parent:
            value = self.parent[key]
            inputs = rec.inputs
            if key in inputs and inputs[key] is value and type(value) is not Traced:
                return rec.top(key, value)
            return value
        if key not in rec.inputs:
            rec.top(key, missing)
        return missing


def record(
    render: Callable[[], str], entities: Mapping[str, Content], inputs: dict, local: set
) -> tuple[str, Recorder]:
    """Run ``render`` (which renders ``inputs``) with its reads recorded."""
    global _active
    rec = Recorder(entities, inputs, local)
    _active = rec
    try:
        text = render()
    except Untraceable as why:
        rec.fail(str(why))
        _active = None
        text = render()  # the same page, without a recorder: it will have no key
    finally:
        _active = None
    return text, rec


# --- the values of recorded paths, this build -----------------------------------------

_lazy_names: dict[type, frozenset[str]] = {}


def _lazy(cls: type) -> frozenset[str]:
    """The ``functools.cached_property`` names of a class: filled on first use,
    so present or not depending on what ran before (not part of a value)."""
    found = _lazy_names.get(cls)
    if found is None:
        found = _lazy_names[cls] = frozenset(
            name
            for klass in cls.__mro__
            for name, attr in vars(klass).items()
            if isinstance(attr, functools.cached_property)
        )
    return found


def _rebuilt(*state: Any) -> Any:
    return state


class _ValuePickler(StablePickler):
    """The digest's pickler, without what a cached property has cached."""

    def reducer_override(self, obj: Any) -> Any:
        if obj is _rebuilt:
            return NotImplemented
        cls = type(obj)
        lazy = _lazy(cls) if hasattr(obj, "__dict__") and not isinstance(obj, type) else ()
        if lazy:
            state = {k: v for k, v in vars(obj).items() if k not in lazy}
            return _rebuilt, (cls.__module__, cls.__qualname__, sorted(state.items()))
        return super().reducer_override(obj)


def value_digest(*parts: Any) -> str:
    """``stable_digest`` of ``parts``, without what cached properties hold."""
    h = new_hash()
    h.update(value_bytes(parts))
    return h.hexdigest()


_SIMPLE = frozenset({str, int, float, bool, type(None), bytes, datetime, date, Markup})


def _simple(value: Any) -> bool:
    kind = type(value)
    if kind in _SIMPLE:
        return True
    return (kind is list or kind is tuple) and all(map(_simple, value))


def value_bytes(value: Any) -> bytes:
    """The bytes a value is digested as: plain data by C pickle, anything else
    as ``lintas.core.digest`` writes it, without cached properties."""
    buffer = io.BytesIO()
    if _simple(value):
        plain = pickle.Pickler(buffer, protocol=PROTOCOL)
        # No memo: equal values give equal bytes however they share objects.
        plain.fast = True
        plain.dump(value)
        return buffer.getvalue()
    pickler = _ValuePickler(buffer, protocol=PROTOCOL)
    pickler.fast = True  # see lintas.core.digest.stable_bytes
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as error:
        raise UndigestableValue(str(error)) from error
    return buffer.getvalue()


def _apply(value: Any, step: list, entities: Mapping[str, Content], names: Any) -> Any:
    kind = step[0]
    if kind == "a":
        return getattr(value, step[1])
    if kind in ("i", "v"):
        return value[step[1]]
    if kind == "s":
        return value[slice(step[1], step[2], step[3])]
    if kind == "n":
        if type(value) in (list, tuple):
            return value[step[1]]
        return next(itertools.islice(iter(value), step[1], None))
    if kind == "()":
        args = [_decode(a, entities, names) for a in step[1]]
        kwargs = {k: _decode(v, entities, names) for k, v in step[2]}
        return value(*args, **kwargs)
    if kind == "iter":
        return [v if isinstance(v, LEAVES) else _identity(v, entities) for v in value]
    if kind == "len":
        return len(value)
    if kind == "bool":
        return bool(value)
    if kind == "str":
        return str(value)
    if kind == "in":
        return _decode(step[1], entities, names) in value
    if kind.startswith("__"):
        return getattr(value, kind)(_decode(step[1], entities, names))
    raise ValueError(f"unknown step {step!r}")


def _identity(value: Any, entities: Mapping[str, Content]) -> Any:
    """How an element of a container counts in its ``iter`` value."""
    if isinstance(value, Content) and entities.get(value.source_path) is value:
        return ("c", value.source_path)
    return "\0traced"  # not a leaf: what is read from it is a path of its own


def _decode(arg: list, entities: Mapping[str, Content], names: Any) -> Any:
    kind = arg[0]
    if kind == "v":
        return arg[1]
    if kind == "t":
        _, module, qualname, name, slug = arg
        cls: Any = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        return rebuild_wrapper(cls, names.settings, name, slug, slug is None)
    if kind == "c":
        return entities[arg[1]]
    if kind == "L":
        return [_decode(a, entities, names) for a in arg[1]]
    if kind == "D":
        return {k: _decode(v, entities, names) for k, v in arg[1]}
    if kind == "p":
        root, ops = arg[1], arg[2]
        value = entities[root[1]] if root[0] == "c" else names
        for step in ops:
            value = _apply(value, step, entities, names)
        return value
    raise ValueError(f"unknown argument {arg!r}")


def _references(paths: Any, found: set) -> set:
    """The roots (kinds) and context names of the path arguments in ``paths``."""
    if isinstance(paths, list):
        if len(paths) == 3 and paths[0] == "p" and isinstance(paths[1], list):
            root, ops = paths[1], paths[2]
            found.add(root[0])
            if root[0] != "c" and ops and ops[0][0] == "v":
                found.add(("name", ops[0][1]))
        for item in paths:
            _references(item, found)
    return found


def _final(value: Any) -> Any:
    """The value a path ended at, as its digest takes it: leaves and whole data
    as they are, a content object as its source path, a plain category, tag,
    author or region as its identity (so that most values are plain data,
    which C pickle writes fast)."""
    if isinstance(value, Content):
        return ("c", value.source_path)
    if type(value) is list and value and isinstance(value[0], URLWrapper):
        return [_final(v) for v in value]
    if isinstance(value, URLWrapper) and plain_wrapper(value):
        return ("t", type(value).__qualname__, value.name, value.slug)
    return value


class Evaluator:
    """The current value of recorded dependencies: per page, one digest of every
    (root, paths) it read. Roots shared by pages (content objects, the shared
    context) are evaluated once per build."""

    def __init__(self, entities: Mapping[str, Content], settings: Mapping[str, Any]):
        self.entities = entities
        self.settings = settings  # for the taxonomy objects a method is called with
        self._paths: dict[str, list] = {}  # JSON text → parsed paths
        self._shared: dict[tuple, bytes] = {}  # (root, paths, context id) → digest
        self._names: dict[tuple, tuple[set, bool]] = {}

    def _parsed(self, paths: str) -> list:
        found = self._paths.get(paths)
        if found is None:
            found = self._paths[paths] = json.loads(paths)
        return found

    def _values(self, start: Any, paths: list, names: Any) -> list:
        """The value at the end of each path. Paths are sorted, so one that
        shares its first steps with the one before starts from where those
        steps led (a method call on the way is made once)."""
        values = []
        entities = self.entities
        previous: list = []
        reached: list = [start]  # reached[i]: the value after the first i steps
        for ops in paths:
            common = 0
            limit = min(len(ops), len(previous), len(reached) - 1) - 1  # the last step anew
            while common < limit and ops[common] == previous[common]:
                common += 1
            del reached[common + 1 :]
            value = reached[common]
            try:
                for step in ops[common:]:
                    value = _apply(value, step, entities, names)
                    reached.append(value)
                values.append(_final(value))
            except Exception as error:  # a read that fails is a value too (as in the render)
                values.append((*ABSENT, type(error).__name__))
            previous = ops
        return values

    def _digest(self, root: str, paths: str, names: _Names) -> bytes:
        start = self.entities.get(json.loads(root)[1], missing) if root[2] == "c" else names
        h = new_hash()
        h.update(root.encode() + b"\0" + paths.encode() + b"\0")
        h.update(value_bytes(self._values(start, self._parsed(paths), names)))
        return h.digest()

    def _context_names(self, root: str, paths: str) -> tuple[set, bool] | None:
        """The context names ``paths`` read, and whether they may be shared by
        pages (no root or argument of this page's own); None: never shared."""
        memo = (root[2], paths)
        found = self._names.get(memo)
        if found is None:
            parsed = self._parsed(paths)
            refs = _references(parsed, set())
            names = {r[1] for r in refs if isinstance(r, tuple)}
            if root[2] == "g":
                names |= {ops[0][1] for ops in parsed}
            found = self._names[memo] = (names, root[2] != "l" and "l" not in refs)
        return found

    def digests(self, trace: list[tuple[str, str]], local: Mapping, shared: Mapping) -> list:
        """One digest per (root, paths) of ``trace``, in its order."""
        out = []
        for root, paths in trace:
            names, shareable = self._context_names(root, paths)
            if shareable and not names & local.keys():
                memo = (root, paths, id(shared))
                found = self._shared.get(memo)
                if found is None:
                    found = self._shared[memo] = self._digest(
                        root, paths, _Names(shared, {}, self.settings)
                    )
            else:
                found = self._digest(root, paths, _Names(shared, local, self.settings))
            out.append(found)
        return out


class _Names:
    """The page's context as the first step of a ``g``/``l`` path reads it."""

    __slots__ = ("local", "settings", "shared")

    def __init__(self, shared: Mapping, local: Mapping, settings: Mapping):
        self.shared = shared
        self.local = local
        self.settings = settings

    def __getitem__(self, name: str) -> Any:
        if name in self.local:
            return self.local[name]
        return self.shared[name]
