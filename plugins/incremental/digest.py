"""Stable digests of whatever a page shows: content objects, settings, code.

``feed(value)`` turns a value into a canonical byte stream: the same data
gives the same bytes in every process (no ``id()``, no memory addresses, no
set or dict ordering), and different data gives different bytes. Anything
the serializer does not understand is an error, not a guess: a digest that
silently ignored a field would let a changed page go unrendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePath
from typing import Any

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

DIGEST_SIZE = 16  # bytes of blake2b: collisions are not a concern at any site size


class UndigestableValue(TypeError):
    """A value whose identity we cannot state; teach ``Feeder`` about its type."""


def new_hash() -> Any:
    return hashlib.blake2b(digest_size=DIGEST_SIZE)


def hexdigest(*parts: Any) -> str:
    """Digest of ``parts`` (any values ``Feeder`` understands)."""
    feeder = Feeder()
    for part in parts:
        feeder.feed(part)
    return feeder.hexdigest()


class Feeder:
    """Writes a canonical, type-tagged serialization of values into a hash.

    ``content_ref`` decides how a Pelican content object met *inside* another
    value is written (an article's ``related_articles``, its neighbours): by
    default its source path only, so digests never recurse through the web of
    articles pointing at each other.
    """

    def __init__(self, content_ref: Callable[[Content], str] | None = None):
        self._hash = new_hash()
        self._content_ref = content_ref or (lambda c: c.source_path or "")
        self._depth = 0

    def hexdigest(self) -> str:
        return self._hash.hexdigest()

    def _w(self, tag: bytes, text: str | bytes = b"") -> None:
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        self._hash.update(tag + len(data).to_bytes(8, "little") + data)

    def feed(self, value: Any) -> None:  # noqa: C901 - one branch per type, on purpose
        w = self._w
        if value is None or isinstance(value, bool):
            w(b"c", repr(value))
        elif isinstance(value, str):  # str and markupsafe.Markup alike
            w(b"s", value)
        elif isinstance(value, bytes):
            w(b"b", value)
        elif isinstance(value, int | float | complex):
            w(b"n", repr(value))
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            # isoformat keeps the offset; the zone name too, as templates may print it.
            w(b"t", f"{value.isoformat()}|{getattr(value, 'tzinfo', None)}")
        elif isinstance(value, dt.timedelta):
            w(b"d", repr(value.total_seconds()))
        elif isinstance(value, enum.Enum):
            w(b"e", f"{type(value).__qualname__}.{value.name}")
        elif isinstance(value, PurePath):
            w(b"p", str(value))
        elif isinstance(value, Content):
            w(b"C", self._content_ref(value))
        elif isinstance(value, URLWrapper):
            # Name and slug; the URL follows from them and the settings digest.
            w(b"U", f"{type(value).__name__}|{value.name}|{value.slug}")
        elif isinstance(value, Mapping):
            self._nested(b"{", sorted(value.items(), key=lambda kv: repr(kv[0])), pairs=True)
        elif isinstance(value, list | tuple):
            self._nested(b"[", value)
        elif isinstance(value, set | frozenset):
            self._nested(b"<", sorted(value, key=repr))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
            w(b"D", type(value).__qualname__)
            self._nested(b"{", fields, pairs=True)
        elif callable(value) and hasattr(value, "__qualname__"):
            w(b"f", f"{getattr(value, '__module__', '')}.{value.__qualname__}")
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            w(b"O", type(value).__qualname__)
            self._nested(b"{", sorted(vars(value).items()), pairs=True)
        else:
            text = repr(value)
            if " at 0x" in text:
                raise UndigestableValue(
                    f"cannot digest {type(value).__qualname__}: its repr names a memory "
                    "address; add its type to plugins/incremental/digest.py"
                )
            w(b"r", f"{type(value).__qualname__}|{text}")

    def _nested(self, tag: bytes, items: Iterable, pairs: bool = False) -> None:
        self._depth += 1
        if self._depth > 50:
            raise UndigestableValue("value nested more than 50 levels deep (a cycle?)")
        self._w(tag)
        for item in items:
            if pairs:
                key, val = item
                self.feed(key)
                self.feed(val)
            else:
                self.feed(item)
        self._w(b"/")
        self._depth -= 1


def file_digest(path: str | os.PathLike) -> str:
    h = new_hash()
    with open(path, "rb") as handle:
        h.update(handle.read())
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
