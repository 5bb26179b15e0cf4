"""Stable digests of whatever a page shows: content objects, settings, code.

``stable_digest(value)`` hashes a pickle of ``value`` (C speed: a story's card
costs microseconds) written so that the same data gives the same bytes in
every process:

- a Pelican content object met *inside* a value (an article's neighbours, its
  translations) is written as its source path, never followed: digests do not
  recurse through the web of stories pointing at each other, or into the
  shared context every object holds;
- taxonomy objects (category, tag, author, region) as their class, name, slug;
- subclasses of set in sorted order (plain sets bypass the hook: their order
  may differ between processes, which at worst renders a page for nothing);
- functions, classes and memoized functions by their qualified name (settings
  hold Jinja filters; their code is digested separately).

What pickle cannot write raises ``UndigestableValue``: the page then has no
key and is always rendered. A dict built in a different insertion order gives
a different digest: at worst a page is rendered although it did not change.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

DIGEST_SIZE = 16  # bytes of blake2b: collisions are not a concern at any site size
PROTOCOL = 5


class UndigestableValue(TypeError):
    """A value pickle cannot write; the page is rendered on every build."""


def new_hash() -> Any:
    return hashlib.blake2b(digest_size=DIGEST_SIZE)


def _ref(*identity: Any) -> tuple:
    """What an object is written as when only its identity matters."""
    return identity


class _StablePickler(pickle.Pickler):
    # reducer_override, not persistent_id: it is not called for str, dict, list...
    # (4x faster on the string-heavy data of a story).
    def reducer_override(self, obj: Any) -> Any:
        if obj is _ref:
            return NotImplemented  # pickled by name, like any module-level function
        if isinstance(obj, Content):
            return _ref, ("content", obj.source_path or "")
        if isinstance(obj, URLWrapper):
            return _ref, ("taxonomy", type(obj).__name__, obj.name, obj.slug)
        if isinstance(obj, types.MethodType):
            return _ref, ("code", obj.__func__.__module__, obj.__func__.__qualname__)
        if callable(obj) and hasattr(obj, "__qualname__"):  # functions, classes, caches
            return _ref, ("code", getattr(obj, "__module__", ""), obj.__qualname__)
        if type(obj) in (set, frozenset):  # exact sets never get here (pickle's fast path)
            return type(obj), (sorted(obj, key=repr),)
        return NotImplemented


def stable_bytes(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = _StablePickler(buffer, protocol=PROTOCOL)
    # No memo: a value shared by two attributes is written twice, so the bytes
    # do not depend on which objects happen to be shared (a cached read shares
    # differently from a fresh one).
    pickler.fast = True
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as error:
        raise UndigestableValue(str(error)) from error
    return buffer.getvalue()


def stable_digest(*parts: Any) -> str:
    """Digest of ``parts`` (see the module docstring for what is stable)."""
    h = new_hash()
    h.update(stable_bytes(parts))
    return h.hexdigest()


def tree_files(root: str | os.PathLike, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """Files under ``root`` (sorted), optionally only those ending in ``suffixes``."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if not suffixes or name.endswith(suffixes):
                found.append(Path(folder, name))
    return found


def files_digest(paths: Iterable[str | os.PathLike], root: str | os.PathLike = "") -> str:
    """Digest of the names (relative to ``root``) and bytes of ``paths``."""
    h = new_hash()
    for path in paths:
        name = os.path.relpath(path, root) if root else os.fspath(path)
        h.update(name.encode() + b"\0")
        with open(path, "rb") as handle:
            h.update(handle.read())
        h.update(b"\0")
    return h.hexdigest()
