"""Settings declared once, by the part of the engine that reads them.

Each plugin declares its settings as a tuple of :class:`Setting` (name,
default, accepted types, what it does). ``lintas.settings`` merges every
declaration under the portal's own ``pelicanconf.py`` and checks the types
once, before Pelican starts, so a plugin reads ``settings["NAME"]`` and finds
a value of the declared type; the default lives in exactly one place.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, the types a value may have, and why."""

    name: str
    default: Any
    types: tuple[type, ...]
    doc: str

    def accepts(self, value: Any) -> bool:
        if value is None and type(None) in self.types:
            return True
        if isinstance(value, bool) and bool not in self.types:
            return False  # True is an int to Python, never to a reader of the settings
        return isinstance(value, self.types)


def setting(name: str, default: Any, *types: type, doc: str) -> Setting:
    """``setting("PHOTOS_AVIF", False, bool, doc="…")``; with no types, the default's."""
    return Setting(name, default, types or (type(default),), doc)


def defaults(declarations: Iterable[Setting]) -> dict[str, Any]:
    """Fresh copies of the defaults: a portal's edit never reaches the declaration."""
    return {s.name: copy.deepcopy(s.default) for s in declarations}


def type_errors(declarations: Iterable[Setting], settings: dict) -> list[str]:
    """One line per declared setting whose value has a type its reader cannot use."""
    errors = []
    for declared in declarations:
        value = settings.get(declared.name, declared.default)
        if not declared.accepts(value):
            wanted = " or ".join(t.__name__ for t in declared.types)
            errors.append(
                f"{declared.name} = {value!r}: expected {wanted} "
                f"(the default is {declared.default!r}) — {declared.doc}"
            )
    return errors
