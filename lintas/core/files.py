"""Writing files so that a reader (a web server, the next build, an editor's
tool) sees the whole old file or the whole new one, never half of either; and
finding the real paths of many files in few folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:
    """Write a whole file or nothing (a temporary file beside it, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class RealPaths:
    """``Path(path).resolve()`` for many paths, each folder resolved once.

    A path that is not a link is its folder's real path and its name: one
    ``lstat`` where ``realpath`` takes one per component (a build asks for
    every story's folder: ~1 s of each build at 10,000 stories).
    """

    def __init__(self) -> None:
        self._folders: dict[str, Path] = {}

    def folder(self, folder: str | os.PathLike[str]) -> Path:
        key = os.fspath(folder)
        found = self._folders.get(key)
        if found is None:
            found = self._folders[key] = self.of(key)
        return found

    def of(self, path: str | os.PathLike[str]) -> Path:
        path = os.fspath(path)
        parent, name = os.path.split(path)
        if parent and name not in ("", ".", "..") and not os.path.islink(path):
            return self.folder(parent) / name
        return Path(path).resolve()
