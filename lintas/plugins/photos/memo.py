"""One in-memory SourceIndex per cache folder and build, shared by the Markdown
extension (read time) and the build glue (``site.py``).

A photo is then probed once per build even though it is checked twice, and the
index is saved once, before ``render_all`` (which loads it from disk).
"""

from __future__ import annotations

import os

from .cache import SourceIndex

_indexes: dict[str, SourceIndex] = {}


def shared_index(cache_dir: str | os.PathLike[str]) -> SourceIndex:
    key = os.path.abspath(cache_dir)
    if key not in _indexes:
        _indexes[key] = SourceIndex(key)
    return _indexes[key]


def forget() -> None:
    """Start the next build from what is on disk (one process may build twice)."""
    _indexes.clear()
