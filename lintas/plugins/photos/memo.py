"""One in-memory SourceIndex per cache folder and build, shared by the Markdown
extension (read time) and the build glue (``site.py``).

A photo is then probed once per build even though it is checked twice, and the
index is saved once, before ``render_all`` (which loads it from disk).

Also the real path of each story's folder, asked for each photo of it twice
a build (~20,000 ``realpath`` calls at 10,000 stories: 1.2 s of every build).
"""

from __future__ import annotations

import os
from pathlib import Path

from lintas.core.files import RealPaths

from .cache import SourceIndex

_indexes: dict[str, SourceIndex] = {}
_real_paths = RealPaths()


def shared_index(cache_dir: str | os.PathLike[str]) -> SourceIndex:
    key = os.path.abspath(cache_dir)
    if key not in _indexes:
        _indexes[key] = SourceIndex(key)
    return _indexes[key]


def real_folder(folder: str | os.PathLike[str]) -> Path:
    """``Path(folder).resolve()``, once per folder and build."""
    return _real_paths.folder(folder)


def forget() -> None:
    """Start the next build from what is on disk (one process may build twice)."""
    global _real_paths
    _indexes.clear()
    _real_paths = RealPaths()
